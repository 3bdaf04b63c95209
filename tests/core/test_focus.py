"""Today's focus: which steps the app suggests, why, and what a focus session shows.

Suggestions are pure (records in, suggestions out), so most tests build
records by hand; the last ones go through the store and the session model
with the fixed pack of ``tests/session_pack.py`` (two core prompts a principle).
"""

from __future__ import annotations

from datetime import date

import pytest

from reflect.core.errors import ReflectError
from reflect.core.models import Action, SessionInfo, SessionRecord
from reflect.core.session import SessionModel
from reflect.core.session.focus import FOCUS_MAX, Focus, choose, default_choice, suggest
from reflect.core.session.start import start_session, suggestions_for
from reflect.core.session_extra import read_extra
from reflect.core.store import Store

TODAY = date(2026, 12, 2)


def record(session_id: int, day: str, **kw) -> SessionRecord:
    return SessionRecord(SessionInfo(session_id, 1, "preparation", day), **kw)


def by_id(suggestions):
    return {s.step_id: s for s in suggestions}


def test_with_no_history_the_first_steps_are_suggested_as_not_discussed_yet(pack):
    found = suggest(pack, [], [], today=TODAY)
    assert [s.step_id for s in found] == [s.id for s in pack.steps]
    assert default_choice(found) == [s.id for s in pack.steps[:FOCUS_MAX]]
    assert all(s.reasons == ("not discussed yet",) for s in found)


def test_flagged_and_set_aside_last_time_come_first_and_say_so(pack):
    earlier = record(1, "2026-10-01", answers={"voice.describe": "x"}, flags=["relationships.describe"])
    last = record(
        2,
        "2026-11-01",
        answers={"children-first.describe": "x"},
        flags=["curious.language"],
        status={"trauma": "set-aside"},
        set_aside_reasons={"trauma": "no time"},
    )
    found = suggest(pack, [earlier, last], [], today=TODAY)
    top = [s.step_id for s in found[:2]]
    assert set(top) == {"curious", "trauma"}
    info = by_id(found)
    assert info["curious"].reasons == ("flagged last time",)
    assert info["trauma"].reasons == ("set aside last time (no time)",)
    # a flag from before last time is history: it does not count
    assert info["relationships"].reasons == ("not discussed yet",)
    # discussed steps say when; never-discussed ones come before them
    assert info["children-first"].reasons == ("not discussed since 1 Nov 2026",)
    order = [s.step_id for s in found]
    assert order.index("relationships") < order.index("voice") < order.index("children-first")


def test_an_action_due_or_overdue_points_to_the_steps_of_the_session_that_agreed_it(pack):
    last = record(2, "2026-11-01", answers={"safer-spaces.describe": "the park"})
    overdue = Action(10, 2, "Map the park with the youth team", by="2026-11-20")
    later = Action(11, 2, "Something for next year", by="2027-06-01")
    found = by_id(suggest(pack, [last], [overdue, later], today=TODAY))
    assert found["safer-spaces"].reasons == ("action overdue since 20 Nov 2026: Map the park with the youth team",)
    assert found["safer-spaces"].weight > 0
    due_soon = Action(12, 2, "Call school", by="2026-12-05")
    found = by_id(suggest(pack, [last], [due_soon], today=TODAY))
    assert found["safer-spaces"].reasons == ("action due 5 Dec 2026: Call school",)
    not_yet = by_id(suggest(pack, [last], [later], today=TODAY))
    assert not_yet["safer-spaces"].weight == 0


def test_a_move_being_considered_suggests_the_tracks_with_before_the_move_questions(pack):
    found = suggest(pack, [], [], move="considering", today=TODAY)
    assert [s.step_id for s in found[:3]] == [t.id for t in pack.tracks]
    assert all("a move is being considered" in s.reasons for s in found[:3])
    assert not any("move" in s.why for s in suggest(pack, [], [], move="moved", today=TODAY))


def test_choose_keeps_why_each_step_was_chosen_and_why_the_others_wait(pack):
    last = record(2, "2026-11-01", flags=["curious.language"])
    found = suggest(pack, [last], [], today=TODAY)
    focus = choose(found, ["voice", "trauma", "voice"])
    assert focus.steps == ("voice", "trauma")
    assert focus.reasons == {"voice": "not discussed yet", "trauma": "not discussed yet"}
    assert focus.left["curious"] == "suggested: flagged last time; not chosen today"
    assert focus.left["relationships"] == "nothing in the case pointed to it today"
    assert set(focus.left) == {s.id for s in pack.steps} - {"voice", "trauma"}
    assert Focus.from_json(focus.to_json(), pack) == focus
    assert len(choose(found, [s.id for s in pack.steps]).steps) == FOCUS_MAX


def test_a_stored_focus_naming_unknown_steps_keeps_the_known_ones(pack):
    assert Focus.from_json({"steps": ["gone", "voice"]}, pack) == Focus(("voice",))
    assert Focus.from_json({"steps": ["gone"]}, pack) is None
    assert Focus.from_json("nonsense", pack) is None


@pytest.fixture
def store(data_dir):
    with Store.open(data_dir) as s:
        yield s


def test_a_focus_session_walks_its_steps_with_core_prompts_and_deeper_ones_one_key_away(store, pack):
    case = store.create_case("YP-F", {"moved": "no"})
    info = start_session(store, pack, case.id, "supervision", ["voice", "track-family", "curious"])
    assert read_extra(store, info.id)["focus"]["steps"] == ["voice", "track-family", "curious"]
    model = SessionModel.open(store, pack, info.id)
    assert model.step_ids == ["voice", "curious", "track-family", "actions", "summary"]
    assert [line.id for line in model.step_entries()][:3] == ["voice", "curious", "track-family"]
    core = {s.id: [i.prompt.id for i in model.prompts(s)] for s in model.steps}
    assert core["voice"] == ["voice.describe", "voice.feel"]
    assert core["track-family"] == ["track-family.consistency", "track-family.safety"]
    assert sum(len(ids) for ids in core.values()) <= 12
    assert model.overview().startswith(
        "Today's focus: P3 Value young people's voices; P6 Stay curious; T2 Parents, carers and family\n"
    )
    voice = pack.step("voice")
    assert model.has_deeper(voice) and model.deeper_hidden(voice) == 4
    change = model.toggle_deeper("voice")
    assert change.steps == ("voice",)
    assert [i.prompt.id for i in model.prompts(voice)][2:] == [
        "voice.language",
        "voice.confidence",
        "voice.next",
        "voice.supervisor",
    ]
    model.save_answer("voice.next", "talk with the family")
    model.toggle_deeper("voice")
    # hidden again, but an answered deeper question stays in view
    assert [i.prompt.id for i in model.prompts(voice)] == ["voice.describe", "voice.feel", "voice.next"]
    assert model.deeper_hidden(voice) == 3


def test_the_summary_says_steps_outside_todays_focus_were_left_not_unstarted(store, pack):
    case = store.create_case("YP-L", {})
    info = start_session(store, pack, case.id, "supervision", ["voice", "curious"])
    model = SessionModel.open(store, pack, info.id)
    model.save_answer("voice.describe", "a fictional answer")
    lines = model.overview().splitlines()
    not_started = next(line for line in lines if "not started" in line)
    left = next(line for line in lines if "left for another day (" in line)
    assert not_started.endswith("not started (1): P6")  # chosen for today, not begun yet
    assert "P3" not in left and "P6" not in left and "P1" in left and "T2" in left
    full = SessionModel.open(store, pack, start_session(store, pack, case.id, "preparation").id)
    assert not any("left for another day (" in line for line in full.overview().splitlines())


def test_the_full_walk_is_unchanged(store, pack):
    case = store.create_case("YP-W", {})
    info = start_session(store, pack, case.id, "preparation")
    model = SessionModel.open(store, pack, info.id)
    assert model.focus is None
    assert len(model.steps) == len(pack.steps)
    assert not model.has_deeper(pack.step("voice"))
    assert len(model.prompts(pack.step("voice"))) == len(pack.step("voice").prompts_for("preparation"))
    assert read_extra(store, info.id) == {}


def test_suggestions_from_the_store_and_a_bad_choice_starts_nothing(store, pack):
    case = store.create_case("YP-S", {"moved": "no"})
    first = store.create_session(case.id, "preparation", "2026-11-01")
    store.set_flag(first.id, "safer-spaces.describe", True)
    assert suggestions_for(store, pack, case.id, today=TODAY)[0].step_id == "safer-spaces"
    for bad in ([], ["voice", "trauma", "curious", "relationships"], ["no-such-step"]):
        with pytest.raises(ReflectError):
            start_session(store, pack, case.id, "preparation", bad)
    assert len(store.list_sessions(case.id)) == 1


def test_a_bundle_keeps_todays_focus(store, pack, tmp_path):
    from reflect.core.bundle import case_to_bundle, export_case, import_bundle

    case = store.create_case("YP-B", {"moved": "no"})
    info = start_session(store, pack, case.id, "preparation", ["voice"])
    out = tmp_path / "b.yaml"
    export_case(store, case, out)
    with Store.open(tmp_path / "other") as other:
        imported = import_bundle(other, out)
        session = other.list_sessions(imported.id)[0]
        assert read_extra(other, session.id) == read_extra(store, info.id)
        assert case_to_bundle(other, imported) == case_to_bundle(store, case)
