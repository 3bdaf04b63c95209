"""Only the actions the worker chose to share reach the family note.

An action carries a choice "share with the young person / family", off by
default and off for every action a store held before the choice existed
(schema 5). The family note lists the shared actions, says honestly that
other steps were agreed when some were not shared, and the command line
says on standard error how many were left out and how to share one. The
record note is unchanged.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from reflect.cli import main
from reflect.core import notes
from reflect.core.db_schema import MIGRATIONS, SCHEMA_VERSION
from reflect.core.errors import ReflectError
from reflect.core.family_share import left_out, left_out_message
from reflect.core.models import Action
from reflect.core.notes.context import build_context
from reflect.core.store import Store

NOW = datetime(2026, 11, 9, 16, 30)
SHARED = "Book a family meeting at the youth centre"
INTERNAL = "Strategy meeting with police about the adult"
CCTV = "Ask the school for the CCTV"
SOME_LEFT_OUT = "We also agreed some other steps that are not written here."
ALL_LEFT_OUT = "We agreed some steps at our meeting that are not written here."
NONE_AGREED = "We did not agree on any new steps this time."


def _session(store: Store, *actions: tuple[str, bool], label: str = "YP-F") -> tuple:
    case = store.create_case(label)
    sid = store.create_session(case.id, "supervision", "2026-11-09").id
    for what, shared in actions:
        store.add_action(sid, what, "Social worker", "2026-11-20", shared=shared)
    return case, sid


def _family(store, framework, case) -> str:
    return notes.render_case_note(store, framework, case, audience="family", now=NOW)


# --------------------------------------------------------------------------- the store


def test_an_action_is_not_shared_unless_the_worker_chooses_it(store):
    _, sid = _session(store)
    plain = store.add_action(sid, INTERNAL)
    chosen = store.add_action(sid, SHARED, shared=True)
    assert (plain.shared, chosen.shared) == (False, True)
    assert [a.shared for a in store.actions(sid)] == [False, True]
    store.update_action(plain.id, shared=True)
    store.update_action(chosen.id, shared=False)
    assert [a.shared for a in store.actions(sid)] == [True, False]


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_only_a_yes_or_no_changes_the_choice(store, value):
    _, sid = _session(store, (INTERNAL, False))
    [action] = store.actions(sid)
    with pytest.raises(ReflectError, match="true or false"):
        store.update_action(action.id, shared=value)
    assert store.actions(sid)[0].shared is False


def test_an_action_carried_forward_keeps_the_workers_choice(store):
    case, first = _session(store, (SHARED, True), (INTERNAL, False))
    later = store.create_session(case.id, "supervision", "2026-11-23").id
    for action in store.actions(first):
        store.carry_forward(action.id, later)
    assert [(a.what, a.shared) for a in store.actions(later)] == [(SHARED, True), (INTERNAL, False)]
    assert [a.shared for a in store.open_actions(case.id)] == [True, False]


#: the last schema before the share choice (it came with schema 5)
BEFORE = 4


def _store_before_the_choice(folder, actions: list[str]) -> None:
    """A store as schema 4 left it (no share choice), with these actions in one session."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "reflect.db")
    for version in range(1, BEFORE + 1):
        conn.executescript(MIGRATIONS[version])
    conn.execute("INSERT INTO cases (id, label, created, updated) VALUES (1, 'YP-OLD', 'x', 'x')")
    conn.execute(
        "INSERT INTO sessions (id, case_id, mode, date, created, updated) "
        "VALUES (1, 1, 'supervision', '2026-11-09', 'x', 'x')"
    )
    for i, what in enumerate(actions, start=1):
        conn.execute("INSERT INTO actions (session_id, position, what, done) VALUES (1, ?, ?, ?)", (i, what, i % 2))
    conn.execute(f"PRAGMA user_version = {BEFORE}")
    conn.commit()
    conn.close()


def test_the_migration_leaves_every_existing_action_not_shared_and_keeps_the_rest(tmp_path):
    _store_before_the_choice(tmp_path / "data", [INTERNAL, CCTV])
    with Store.open(tmp_path / "data") as store:
        version = store._read("PRAGMA user_version")[0][0]
        actions = store.actions(1)
        assert version == SCHEMA_VERSION
        assert [(a.what, a.done, a.shared) for a in actions] == [(INTERNAL, True, False), (CCTV, False, False)]
        store.update_action(actions[1].id, shared=True)  # and the new column takes the choice
        assert [a.shared for a in store.actions(1)] == [False, True]
    assert (tmp_path / "data" / f"reflect.db.bak-{BEFORE}").exists()


def test_the_database_itself_holds_only_yes_or_no(store):
    _, sid = _session(store, (SHARED, False))
    with pytest.raises(ReflectError), store._write() as c:
        c.execute("UPDATE actions SET shared = 2")
    assert store.actions(sid)[0].shared is False


# --------------------------------------------------------------------------- the family note


def test_the_family_note_lists_only_shared_actions_and_says_others_were_agreed(store, framework):
    case, _ = _session(store, (SHARED, True), (INTERNAL, False), (CCTV, False))
    family = _family(store, framework, case)
    assert SHARED in family
    assert INTERNAL not in family and "CCTV" not in family
    assert SOME_LEFT_OUT in " ".join(family.split())
    assert NONE_AGREED not in family


def test_a_family_note_with_no_action_shared_does_not_pretend_nothing_was_agreed(store, framework):
    case, _ = _session(store, (INTERNAL, False))
    family = " ".join(_family(store, framework, case).split())
    assert INTERNAL not in family
    assert ALL_LEFT_OUT in family and NONE_AGREED not in family and SOME_LEFT_OUT not in family


@pytest.mark.parametrize("actions", [(), ((SHARED, True),)])
def test_a_family_note_with_nothing_left_out_says_nothing_about_other_steps(store, framework, actions):
    case, _ = _session(store, *actions)
    family = " ".join(_family(store, framework, case).split())
    assert "not written here" not in family
    assert (NONE_AGREED in family) is (not actions)


def test_the_record_note_is_unchanged_by_the_choice(store, framework):
    case, sid = _session(store, (SHARED, True), (INTERNAL, False))
    before = notes.render_case_note(store, framework, case, now=NOW)
    for action in store.actions(sid):
        store.update_action(action.id, shared=not action.shared)
    after = notes.render_case_note(store, framework, case, now=NOW)
    assert before == after and SHARED in after and INTERNAL in after


def test_any_family_template_sees_only_the_shared_actions_of_this_and_earlier_sessions(store, framework):
    case, first = _session(store, (SHARED, True), (INTERNAL, False))
    later = store.create_session(case.id, "supervision", "2026-11-23").id
    store.add_action(later, CCTV)
    record, previous = store.get_session(later), store.get_session(first)
    ctx = build_context(framework, case, record, previous=previous, last_same_mode=previous, audience="family")
    assert ctx["actions"] == [] and ctx["family"]["left_out"] == 1
    assert ctx["previous"] is not None and [a["what"] for a in ctx["previous"]["actions"]] == [SHARED]
    assert ctx["since_last"] is not None and [a["what"] for a in ctx["since_last"]["actions"]] == [SHARED]
    record_ctx = build_context(framework, case, record, previous=previous, audience="record")
    assert [a["what"] for a in record_ctx["actions"]] == [CCTV] and record_ctx["family"]["left_out"] == 0
    assert [a["shared"] for a in record_ctx["previous"]["actions"]] == [True, False]  # type: ignore[index]


# --------------------------------------------------------------------------- the practitioner is told


def test_the_left_out_line_counts_and_says_how_to_share_one():
    assert left_out([Action(1, 1, "a"), Action(2, 1, "b", shared=True), Action(3, 1, "c")]) == 2
    assert left_out_message(0) == ""
    one, two = left_out_message(1), left_out_message(2)
    assert one.startswith("1 action was left out of the family note") and "\n" not in one
    assert two.startswith("2 actions were left out of the family note")
    assert "press f" in two and "Share with the young person / family" in two


def _run(capsys, data_dir, *argv):
    code = main(["--data-dir", str(data_dir), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_line_says_on_stderr_how_many_actions_the_family_note_left_out(store, data_dir, capsys):
    _session(store, (SHARED, True), (INTERNAL, False), (CCTV, False))
    code, out, err = _run(capsys, data_dir, "note", "YP-F", "--for", "family")
    assert code == 0 and SHARED in out and INTERNAL not in out
    assert err.strip() == left_out_message(2)
    code, out, err = _run(capsys, data_dir, "note", "YP-F")  # the record note: every action, no such line
    assert code == 0 and INTERNAL in out and "left out of the family note" not in err


def test_the_command_line_is_quiet_when_every_action_is_shared(store, data_dir, capsys):
    _session(store, (SHARED, True))
    code, out, err = _run(capsys, data_dir, "note", "YP-F", "--for", "family")
    assert code == 0 and SHARED in out and "left out" not in err


def test_import_of_a_bad_share_value_is_one_line_and_exit_2(tmp_path, data_dir, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "reflect_bundle: 1\ncase: {label: YP-B}\nsessions:\n  - mode: supervision\n    date: 2026-11-09\n"
        "    actions:\n      - {what: Book a meeting, share_with_family: perhaps}\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, data_dir, "import", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'share_with_family' must be true or false" in err and "Traceback" not in err
    assert not (data_dir / "reflect.db").exists() or Store.open(data_dir).list_cases() == []


def test_the_summary_overview_marks_shared_actions_in_words(store, framework):
    from reflect.core.session.overview import session_overview
    from reflect.core.words import SHARED_MARK

    _, sid = _session(store, (SHARED, True), (INTERNAL, False))
    lines = session_overview(framework, store.get_session(sid)).splitlines()
    assert [line for line in lines if SHARED_MARK in line] == [next(line for line in lines if SHARED in line)]
    assert f"({SHARED_MARK})" in next(line for line in lines if SHARED in line)


def test_only_the_practitioners_note_says_which_actions_were_shared(store, framework):
    case, _ = _session(store, (SHARED, True), (INTERNAL, False))
    personal = notes.render_case_note(store, framework, case, audience="practitioner", now=NOW)
    record = notes.render_case_note(store, framework, case, now=NOW)
    mark = "(shared with the family)"
    assert [line for line in personal.splitlines() if mark in line] == [
        next(line for line in personal.splitlines() if SHARED in line)
    ]
    assert mark not in record
