"""Property-based tests (hypothesis).

* A case exported to a bundle and imported again gives back every field,
  whatever Unicode the practitioner typed.
* A note renders from any answers: it never raises, carries no terminal
  control characters, and has exactly one top-level heading.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reliability_support import MINI_PROMPT_IDS, write_mini_pack

from reflect.core.bundle import bundle_from_text, case_to_bundle, dump_bundle, import_data
from reflect.core.framework import MOVE_STATES
from reflect.core.loader import load_framework
from reflect.core.models import Action, Case, SessionInfo, SessionRecord
from reflect.core.store import Store

# 60 examples keep the suite fast; set REFLECT_HYPOTHESIS_EXAMPLES=2000 for a deeper search.
SETTINGS = settings(
    max_examples=int(os.environ.get("REFLECT_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any text a person (or a paste from a web page) could produce: every plane, controls, odd spaces.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
some_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
tricky_text = st.one_of(
    any_text,
    st.sampled_from(
        [
            "\u2028",
            "\u2029",
            "\x85",
            "\ufeff",
            "\r\n",
            "\r",
            "\t",
            "\x1b[31m",
            "\x9b2J",
            "'",
            '"',
            "- item",
            "# heading",
            "key: value",
            "!!python/object",
            "&anchor",
            "*alias",
            "~",
            "null",
            "yes",
            "no",
            "2026-01-01",
            "0x1F",
            "1e3",
            "  lead",
            "trail  ",
            "|",
            ">",
            "%YAML",
            "---",
            "...",
        ]
    ),
    st.lists(
        st.sampled_from(["\u2028", "\x85", "\r", "a", " ", "\n", "é", "\x00", ":", "#", "\ufeff", "\t"]),
        min_size=1,
        max_size=12,
    ).map("".join),
)
label_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")), min_size=1, max_size=40
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
answer_value = st.one_of(
    tricky_text.filter(lambda s: s.replace("\x00", "") != ""),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.lists(tricky_text, min_size=1, max_size=4),
)
STEPS = ["p-one", "p-two", "t-one"]
FIELDS = ["questions", "change-first", "decisions", "review-date"]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return load_framework(write_mini_pack(tmp_path_factory.mktemp("mini") / "pack"))


session_data = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["preparation", "supervision", "workshop"]),
        "date": dates,
        "answers": st.dictionaries(st.sampled_from(MINI_PROMPT_IDS), answer_value, max_size=6),
        "status": st.dictionaries(st.sampled_from(STEPS), st.sampled_from(["reflected", "set-aside", "not-relevant"])),
        "reasons": st.dictionaries(st.sampled_from(STEPS), tricky_text),
        "flags": st.lists(st.sampled_from(MINI_PROMPT_IDS), unique=True, max_size=4),
        "actions": st.lists(st.tuples(some_text, any_text, st.one_of(st.none(), dates), st.booleans()), max_size=3),
        "summary": st.dictionaries(st.sampled_from(FIELDS), tricky_text, max_size=3),
        "dismissed": st.dictionaries(
            st.sampled_from(MINI_PROMPT_IDS), st.lists(some_text, unique=True, min_size=1, max_size=2), max_size=2
        ),
    }
)

case_data = st.fixed_dictionaries(
    {
        "label": label_text,
        "context": st.fixed_dictionaries(
            {
                "age_band": any_text,
                "harms": st.lists(tricky_text, max_size=3),
                "moved": st.sampled_from(MOVE_STATES),  # the store holds the move in words (schema 2)
            },
            optional={"home_area": tricky_text, "notes": tricky_text},
        ),
        "sessions": st.lists(session_data, min_size=1, max_size=3),
    }
)


def _fill(store: Store, data: dict) -> Case:
    case = store.create_case(data["label"], data["context"])
    for s in data["sessions"]:
        sid = store.create_session(case.id, s["mode"], s["date"]).id
        for pid, value in s["answers"].items():
            store.save_answer(sid, pid, value)
        for step, status in s["status"].items():
            store.set_status(sid, step, status, s["reasons"].get(step, ""))
        for pid in s["flags"]:
            store.set_flag(sid, pid, True)
        for what, who, by, done in s["actions"]:
            assume(what.replace("\x00", "").split())  # an action must say something (NUL is dropped on saving)
            store.add_action(sid, what, who, by or "", done)
        for field, value in s["summary"].items():
            store.save_summary(sid, field, value)
        for pid, keys in s["dismissed"].items():
            for key in keys:
                store.dismiss_finding(sid, pid, key)
    return case


def _snapshot(store: Store, case: Case) -> dict:
    """Everything a case holds, without ids and timestamps."""
    case = store.get_case(case.id)
    sessions = []
    for info in store.list_sessions(case.id):
        rec = store.get_session(info.id)
        sessions.append(
            {
                "mode": info.mode,
                "date": info.date,
                "answers": rec.answers,
                "status": rec.status,
                "reasons": rec.set_aside_reasons,
                "flags": rec.flags,
                "actions": [(a.what, a.who, a.by, a.done, a.review) for a in rec.actions],
                "summary": rec.summary,
                "dismissed": {k: sorted(v) for k, v in rec.dismissed.items()},
            }
        )
    return {"label": case.label, "context": case.context, "sessions": sessions}


def _without_nul(value):
    if isinstance(value, list):
        return [v.replace("\x00", "") for v in value]
    return value.replace("\x00", "") if isinstance(value, str) else value


def _quick(store: Store) -> Store:
    store._conn.execute("PRAGMA synchronous = OFF")  # speed only: durability is tested elsewhere
    return store


@SETTINGS
@given(data=case_data)
def test_bundle_round_trip_gives_back_every_field(mini, data):
    with tempfile.TemporaryDirectory() as tmp:
        first = _quick(Store.open(Path(tmp) / "a"))
        second = _quick(Store.open(Path(tmp) / "b"))
        try:
            case = _fill(first, data)
            original = _snapshot(first, case)
            text = dump_bundle(case_to_bundle(first, case))
            assert text.startswith("reflect_bundle: 1\n")
            # libyaml's emitter and PyYAML's own write the very same bytes
            assert dump_bundle(case_to_bundle(first, case), pure=True) == text
            imported = import_data(second, bundle_from_text(text, mini))
            again = _snapshot(second, imported)
            assert again == original
            # and what went in is what came out (nothing normalised away but NUL)
            assert original["label"] == " ".join(data["label"].split())
            for given_s, got in zip(
                sorted(data["sessions"], key=lambda s: s["date"]), original["sessions"], strict=True
            ):
                assert got["date"] == given_s["date"].isoformat()
                assert got["answers"] == {k: _without_nul(v) for k, v in given_s["answers"].items()}
                assert got["flags"] == given_s["flags"]
                assert got["status"] == given_s["status"]
            # a second export of the imported case is the same text, but for nothing
            assert dump_bundle(case_to_bundle(second, imported)) == text
        finally:
            first.close()
            second.close()


@SETTINGS
@given(value=answer_value, pid=st.sampled_from(MINI_PROMPT_IDS))
def test_any_single_answer_survives_the_round_trip_exactly(mini, value, pid):
    with tempfile.TemporaryDirectory() as tmp:
        first = _quick(Store.open(Path(tmp) / "a"))
        second = _quick(Store.open(Path(tmp) / "b"))
        try:
            case = first.create_case("YP-A")
            sid = first.create_session(case.id, "preparation", "2026-11-20").id
            first.save_answer(sid, pid, value)
            expected = _without_nul(value)
            assert first.answer(sid, pid)[0] == expected
            text = dump_bundle(case_to_bundle(first, case))
            assert dump_bundle(case_to_bundle(first, case), pure=True) == text
            imported = import_data(second, bundle_from_text(text, mini))
            rec = second.get_session(second.latest_session(imported.id).id)
            assert rec.answers == {pid: expected}
        finally:
            first.close()
            second.close()


# --------------------------------------------------------------------------- notes

C0_OR_C1 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def notes_module():
    from reflect.core import notes

    return notes


@pytest.fixture(scope="module")
def builtin():
    return load_framework()


def _record(framework, draw_answers, mode, day, extra):
    info = SessionInfo(1, 1, mode, day.isoformat(), "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")
    rec = SessionRecord(info)
    prompts = [p for s in framework.steps for p in s.prompts]
    for index, value in draw_answers:
        rec.answers[prompts[index % len(prompts)].id] = value
    steps = [s.id for s in framework.steps]
    for index, status, reason in extra["status"]:
        step = steps[index % len(steps)]
        rec.status[step] = status
        if reason:
            rec.set_aside_reasons[step] = reason
    rec.flags = [prompts[i % len(prompts)].id for i in extra["flags"]]
    fields = [f.id for f in framework.summary_fields]
    for index, text in extra["summary"]:
        if fields:
            rec.summary[fields[index % len(fields)]] = text
    rec.actions = [
        Action(i + 1, 1, what, who, by.isoformat() if by else "", done, review)
        for i, (what, who, by, done, review) in enumerate(extra["actions"])
    ]
    return rec


note_inputs = st.fixed_dictionaries(
    {
        "answers": st.lists(st.tuples(st.integers(0, 10_000), answer_value), max_size=12),
        "status": st.lists(
            st.tuples(st.integers(0, 100), st.sampled_from(["reflected", "set-aside", "not-relevant"]), tricky_text),
            max_size=4,
        ),
        "flags": st.lists(st.integers(0, 10_000), max_size=4),
        "summary": st.lists(st.tuples(st.integers(0, 100), tricky_text), max_size=4),
        "actions": st.lists(
            st.tuples(
                some_text,
                any_text,
                st.one_of(st.none(), dates),
                st.booleans(),
                st.sampled_from(["", "done", "not-done", "carried-forward"]),
            ),
            max_size=3,
        ),
        "label": label_text,
        "harms": st.lists(tricky_text, max_size=3),
        "age_band": any_text,
        "moved": st.booleans(),
        "mode": st.sampled_from(["preparation", "supervision", "workshop"]),
        "private": st.booleans(),
        "date": dates,
        "with_previous": st.booleans(),
    }
)


@SETTINGS
@given(data=note_inputs)
def test_any_answers_render_a_clean_note(notes_module, builtin, data):
    rec = _record(builtin, data["answers"], data["mode"], data["date"], data)
    case = Case(1, data["label"], {"age_band": data["age_band"], "harms": data["harms"], "moved": data["moved"]})
    previous = None
    if data["with_previous"]:
        previous = _record(builtin, data["answers"][::-1], "preparation", date(2025, 1, 1), data)
    text = notes_module.render_note(
        builtin,
        case,
        rec,
        previous=previous,
        preparation=previous if data["mode"] == "supervision" else None,
        private=data["private"],
    )
    bad = C0_OR_C1.findall(text)
    assert not bad, f"control characters in the note: {sorted(set(map(repr, bad)))}"
    headings = [line for line in text.split("\n") if line.startswith("# ")]
    assert len(headings) == 1, headings
    assert text.endswith("\n")


@SETTINGS
@given(label=label_text, answer=tricky_text)
def test_a_note_never_lets_text_start_a_heading(notes_module, builtin, label, answer):
    rec = _record(
        builtin,
        [(0, "# " + answer), (1, "\n# " + answer + "\n# more")],
        "preparation",
        date(2026, 1, 1),
        {"status": [], "flags": [], "summary": [(0, "\n# " + answer)], "actions": []},
    )
    case = Case(1, "# " + label, {})
    text = notes_module.render_note(builtin, case, rec)
    headings = [line for line in text.split("\n") if line.startswith("# ")]
    assert len(headings) == 1, headings
