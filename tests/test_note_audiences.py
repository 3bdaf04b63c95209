"""Three audiences for one session: the case record, the practitioner alone, the family.

A case is answered on every prompt and every summary field, each answer
carrying its own marker, so the tests can say exactly which answers reach
which note, and which reach a bundle.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core import notes
from reflect.core.bundle import PRIVATE_INCLUDED, PRIVATE_LEFT_OUT, case_to_bundle, export_case, import_bundle
from reflect.core.store import Store

SUP_DATE = "2026-11-09"
NOW = datetime(2026, 11, 9, 16, 30)


def marker(answer_id: str) -> str:
    return f"MARK-{answer_id}-END"


def _answer_everything(store: Store, framework, mode: str = "supervision"):
    """A moved case with one session answering every prompt and every summary field (text: a marker)."""
    case = store.create_case("YP-ALL", {"moved": True, "home_area": "Northtown", "placement_area": "Seaside"})
    sid = store.create_session(case.id, mode, SUP_DATE).id
    for step in framework.steps:
        for prompt in step.prompts:
            if prompt.kind == "scale" and prompt.scale:
                value = prompt.scale[0]
            elif prompt.kind == "checklist":
                value = list(prompt.options[:1])
            elif prompt.kind == "choice":
                value = prompt.options[0]
            else:
                value = marker(prompt.id)
            store.save_answer(sid, prompt.id, value)
    for field in framework.summary_fields:
        store.save_summary(sid, field.id, "2027-01-15" if field.kind == "date" else marker(field.id))
    store.add_action(sid, "Phone the school about a place", "Social worker", "2026-11-20", shared=True)
    return case, sid


def _text_ids(framework, *, private: bool) -> list[str]:
    ids = [p.id for s in framework.steps for p in s.prompts if p.private == private and p.kind == "text"]
    return ids + [f.id for f in framework.summary_fields if f.private == private and f.kind == "text"]


def test_the_record_note_holds_no_private_answer_and_the_practitioner_note_holds_them_all(store, framework):
    case, _ = _answer_everything(store, framework)
    private_ids = _text_ids(framework, private=True)
    assert private_ids, "the framework has private prompts"
    record = notes.render_case_note(store, framework, case, audience="record", now=NOW)
    practitioner = notes.render_case_note(store, framework, case, audience="practitioner", now=NOW)
    for pid in private_ids:
        assert marker(pid) not in record, pid
        assert marker(pid) in practitioner, pid
    for pid in _text_ids(framework, private=False):
        if pid != "questions-for-supervision":  # a preparation's field: a supervision shows it under what was brought
            assert marker(pid) in record, pid
    private_prompts = [p for s in framework.steps for p in s.prompts if p.private]
    for prompt in private_prompts:
        assert prompt.text not in record
    assert record.split("\n")[0].startswith("# Supervision note")
    first = practitioner.split("\n")[0]
    assert "Personal note" in first and "not for the child's case record" in first


def test_private_is_a_synonym_of_the_practitioner_note(store, framework):
    case, _ = _answer_everything(store, framework)
    by_flag = notes.render_case_note(store, framework, case, private=True, now=NOW)
    by_audience = notes.render_case_note(store, framework, case, audience="practitioner", now=NOW)
    assert by_flag == by_audience


def test_the_family_note_holds_only_what_was_marked_to_share_and_the_shared_actions(store, framework):
    case, _ = _answer_everything(store, framework)
    family = notes.render_case_note(store, framework, case, audience="family", now=NOW)
    found = set(re.findall(r"MARK-([a-z0-9.\-]+)-END", family))
    assert found == {"share-with-family", "family-contact"}
    assert "Phone the school about a place" in family and "20 November 2026" in family
    for word in ("principle", "Principle", "risk", "safeguard", "exploitation", "Text checks", "YP-ALL"):
        assert word not in family, word


def test_an_unknown_audience_is_refused(store, framework):
    case, _ = _answer_everything(store, framework)
    from reflect.core.errors import ReflectError

    with pytest.raises(ReflectError, match="not an audience"):
        notes.render_case_note(store, framework, case, audience="manager")


# --------------------------------------------------------------------------- the honest header


def test_a_name_and_a_phone_number_are_counted_in_the_header_which_never_says_no_names(store, framework):
    case = store.create_case("YP-N", {})
    sid = store.create_session(case.id, "supervision", SUP_DATE).id
    voice = next(p for p in framework.step("voice").prompts if p.kind == "text" and not p.private)
    store.save_answer(sid, voice.id, "Spoke to John Smith on 07700 900123 about the weekend.")
    text = notes.render_case_note(store, framework, case, now=NOW)
    head = text.split("\n## ")[0]
    assert "run 9 November 2026 at 16:30" in head
    assert "2 possible identifying details, 0 phrases to review, listed at the end" in head
    assert "cannot catch everything" in head
    for claim in ("no names", "no real names", "no identifying", "no wording", "no blaming"):
        assert claim not in text.lower()


def test_checks_turned_off_are_said_to_be_off(store, framework):
    case = store.create_case("YP-O", {})
    sid = store.create_session(case.id, "supervision", SUP_DATE).id
    store.save_summary(sid, "decisions", "Stay for four weeks.")
    text = notes.render_case_note(store, framework, case, checks=False)
    assert "**Text checks: turned off.**" in text
    assert "possible identifying" not in text


def test_no_template_or_example_claims_a_note_is_free_of_names_or_blame():
    repo = Path(__file__).resolve().parents[1]
    files = sorted((repo / "templates").glob("*.j2")) + sorted((repo / "docs" / "examples").glob("*.md"))
    assert len(files) >= 8
    for path in files:
        low = path.read_text(encoding="utf-8").lower()
        for claim in ("found no real names", "no real names", "holds no names", "no wording that places"):
            assert claim not in low, (path.name, claim)


# --------------------------------------------------------------------------- less noise


def test_steps_not_discussed_go_on_one_line_at_the_end(store, framework):
    case = store.create_case("YP-Q", {})
    sid = store.create_session(case.id, "supervision", SUP_DATE).id
    voice = next(p for p in framework.step("voice").prompts if p.kind == "text" and not p.private)
    store.save_answer(sid, voice.id, "She wants to stay at her school.")
    text = notes.render_case_note(store, framework, case, now=NOW)
    lines = [line for line in text.split("\n") if line.startswith("Not discussed this time: ")]
    assert len(lines) == 1
    assert text.rstrip("\n").split("\n")[-1] == lines[0]
    assert "not discussed" not in text.replace(lines[0], "").lower()
    assert "Principle 3" not in lines[0] and "Principle 1 (" in lines[0] and "Track 3 (" in lines[0]
    # no section is there only to say it is empty
    for empty in ("The relational tracks", "Set aside, and why", "Other notes", "Actions from the last session"):
        assert f"## {empty}\n" not in text


def test_no_text_is_cut_mid_word_in_any_note(store, framework):
    case, sid = _answer_everything(store, framework)
    long = " ".join(["protective"] * 120)
    flagged = next(p for p in framework.step("voice").prompts if p.kind == "text" and not p.private)
    store.save_answer(sid, flagged.id, long)
    store.set_flag(sid, flagged.id, True)
    store.add_action(sid, long, long, "2026-12-01")
    for audience in notes.AUDIENCES:
        text = notes.render_case_note(store, framework, case, audience=audience, now=NOW)
        for match in re.finditer(r"(\w+)\u2026", text):
            assert match.group(1) == "protective", (audience, match.group(0))


def test_shorten_breaks_at_a_space():
    from reflect.core.markdown_safe import shorten

    assert shorten("and the youth worker knows him", 20) == "and the youth\u2026"
    assert shorten("Nothing planned yet for a move", 26) == "Nothing planned yet for a\u2026"
    assert shorten("short", 20) == "short"


# --------------------------------------------------------------------------- bundles


def test_export_leaves_private_answers_out_unless_asked_and_both_import(store, framework, tmp_path):
    case, _ = _answer_everything(store, framework)
    private_ids = _text_ids(framework, private=True)
    without = export_case(store, case, tmp_path / "without.yaml", framework)
    with_all = export_case(store, case, tmp_path / "with.yaml", framework, include_private=True)
    text_without, text_with = without.read_text(), with_all.read_text()
    assert f"private_answers: {PRIVATE_LEFT_OUT}" in text_without
    assert f"private_answers: {PRIVATE_INCLUDED}" in text_with
    for pid in private_ids:
        assert marker(pid) not in text_without, pid
        assert marker(pid) in text_with, pid
    for pid in _text_ids(framework, private=False):
        assert marker(pid) in text_without, pid

    other = Store.open(tmp_path / "other")
    try:
        a = import_bundle(other, without, framework, label="YP-WITHOUT")
        b = import_bundle(other, with_all, framework, label="YP-WITH")
        got_a = case_to_bundle(other, a, framework, include_private=True)
        got_b = case_to_bundle(other, b, framework, include_private=True)
        assert not any(marker(p) in str(got_a) for p in private_ids)
        assert all(marker(p) in str(got_b) for p in private_ids)
        assert got_a["sessions"][0]["summary"]["review-date"] == "2027-01-15"
    finally:
        other.close()


def test_export_on_the_command_line_says_which_it_wrote(store, framework, tmp_path, capsys):
    case, _ = _answer_everything(store, framework)
    store.close()
    data = str(tmp_path / "store")
    out = tmp_path / "b.yaml"
    assert main(["export", case.label, "-o", str(out), "--data-dir", data]) == 0
    assert "private answers: left out" in capsys.readouterr().err
    out2 = tmp_path / "c.yaml"
    assert main(["export", case.label, "-o", str(out2), "--include-private", "--data-dir", data]) == 0
    assert "private answers: included" in capsys.readouterr().err
    other = str(tmp_path / "other")
    assert main(["import", str(out), "--data-dir", other]) == 0
    assert "(private answers left out)" in capsys.readouterr().err
    assert main(["import", str(out2), "--as-new", "--data-dir", other]) == 0
    assert "(private answers included)" in capsys.readouterr().err


def test_an_old_bundle_without_the_key_still_imports(store, framework, tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text(
        "reflect_bundle: 1\ncase: {label: YP-OLD}\nsessions:\n"
        "  - {mode: supervision, date: 2026-11-09, summary: {review-date: 'in four weeks, with the manager'}}\n",
        encoding="utf-8",
    )
    case = import_bundle(store, path, framework)
    assert store.get_session(store.latest_session(case.id).id).summary["review-date"].startswith("in four weeks")


# ------------------------------------------------------------- bad input: one line, exit 2, nothing changed


def test_a_review_date_of_31_february_is_refused_on_import(store, framework, tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "reflect_bundle: 1\ncase: {label: YP-BAD}\nsessions:\n"
        "  - {mode: supervision, date: 2026-11-09, summary: {review-date: 31/02/2027}}\n",
        encoding="utf-8",
    )
    store.close()
    data = str(tmp_path / "store")
    code = main(["import", str(path), "--data-dir", data])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "'31/02/2027' is not a real date: February 2027 has 28 days" in err
    after = Store.open(tmp_path / "store")
    try:
        assert [c.label for c in after.list_cases()] == []
    finally:
        after.close()


def test_a_review_date_of_31_february_is_refused_by_the_session_model(store, framework):
    from reflect.core.errors import ReflectError
    from reflect.core.session import SessionModel

    case = store.create_case("YP-D", {})
    sid = store.create_session(case.id, "supervision", SUP_DATE).id
    model = SessionModel.open(store, framework, sid)
    model.save_summary("review-date", "07/12/2026")
    assert store.get_session(sid).summary["review-date"] == "2026-12-07"
    with pytest.raises(ReflectError, match="February 2027 has 28 days"):
        model.save_summary("review-date", "31/02/2027")
    assert store.get_session(sid).summary["review-date"] == "2026-12-07"


def test_an_unknown_audience_on_the_command_line_is_one_line_exit_2(store, framework, tmp_path, capsys):
    case, _ = _answer_everything(store, framework)
    store.close()
    out = tmp_path / "note.md"
    with pytest.raises(SystemExit) as exit_:
        main(["note", case.label, "--for", "manager", "-o", str(out), "--data-dir", str(tmp_path / "store")])
    code = exit_.value.code
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "'manager' is not an audience (use record, practitioner, family)" in err
    assert not out.exists()


def test_the_command_line_writes_each_audience(store, framework, tmp_path, capsys):
    case, _ = _answer_everything(store, framework)
    store.close()
    data = str(tmp_path / "store")
    for args, first in (
        ([], "# Supervision note"),
        (["--for", "record"], "# Supervision note"),
        (["--for", "practitioner"], "**Personal note"),
        (["--private"], "**Personal note"),
        (["--for", "family"], "# A note about our meeting"),
    ):
        assert main(["note", case.label, *args, "--data-dir", data]) == 0
        assert capsys.readouterr().out.startswith(first), args
    assert main(["note", case.label, "--for", "record", "--private", "--data-dir", data]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_an_answer_kept_under_a_private_prompts_former_id_stays_private(store, framework, tmp_path):
    merged = [(p, old) for s in framework.steps for p in s.prompts if p.private for old in p.replaces]
    if not merged:
        pytest.skip("no private prompt replaces another in this pack")
    case = store.create_case("YP-OLD-ID", {})
    sid = store.create_session(case.id, "supervision", SUP_DATE).id
    for _, old in merged:
        store.save_answer(sid, old, marker(old))
    record = notes.render_case_note(store, framework, case, now=NOW)
    practitioner = notes.render_case_note(store, framework, case, audience="practitioner", now=NOW)
    without = export_case(store, case, tmp_path / "b.yaml", framework).read_text()
    with_all = export_case(store, case, tmp_path / "c.yaml", framework, include_private=True).read_text()
    for _, old in merged:
        assert marker(old) not in record and marker(old) not in without, old
        assert marker(old) in practitioner and marker(old) in with_all, old


def test_a_pack_without_the_oversight_fields_gets_no_not_recorded_lines_for_them(store, tmp_path):
    from session_pack import test_framework

    pack = test_framework(tmp_path)
    assert pack.summary_field("attendees") is None
    case = store.create_case("YP-PACK", {})
    store.create_session(case.id, "supervision", SUP_DATE)
    text = notes.render_case_note(store, pack, case, now=NOW)
    for missing in ("Who attended", "current situation", "today's decisions", "Contingency", "Closure"):
        assert missing not in text, missing
    assert "**Decided:** not recorded." in text  # the pack has a decisions field: its gap is shown
    assert "**Next review:** not yet set." in text
    assert "## Oversight record" in text and "No actions were agreed in this session." in text
