"""What changed since last time: step by step, then and now, and last time's actions with outcomes.

Unit tests on records, then the supervision note that opens its reflections
with "Since the last supervision on DATE" and names today's focus.
"""

from __future__ import annotations

from reflect.core.models import Action, SessionInfo, SessionRecord
from reflect.core.notes import render_case_note
from reflect.core.session.since_last import since_last
from reflect.core.session.start import start_session
from reflect.core.store import Store


def record(session_id: int, day: str, **kw) -> SessionRecord:
    return SessionRecord(SessionInfo(session_id, 1, "supervision", day), **kw)


def test_steps_said_then_beside_now_and_private_answers_left_out(pack):
    last = record(
        1,
        "2026-11-01",
        answers={
            "voice.describe": "He says  nobody\nlistens.",
            "voice.feel": "I feel stuck",
            "trauma.next": "talk with the team",
        },
        actions=[
            Action(1, 1, "Call school", "SW", "2026-11-10", review="done"),
            Action(2, 1, "Map the park", done=True),
            Action(3, 1, "Ask the youth team", review="carried-forward"),
            Action(4, 1, "Visit gran"),
        ],
    )
    now = record(2, "2026-12-01", answers={"voice.describe": "He chose the meeting place.", "curious.describe": "x"})
    found = since_last(pack, last, now)
    assert found.date == "2026-11-01" and found.mode == "supervision"
    rows = {s.step_id: s for s in found.steps}
    assert list(rows) == ["voice", "trauma", "curious"]  # the framework's order; untouched steps left out
    assert rows["voice"].then == ("He says nobody listens.",)  # no private answer, one line
    assert rows["voice"].now == ("He chose the meeting place.",)
    assert rows["voice"].state_then == rows["voice"].state_now == "reflected on"
    assert rows["curious"].then == () and rows["curious"].state_then == "not discussed"
    assert [a.outcome_label for a in found.actions] == ["done", "done", "carried forward", "not yet reviewed"]
    personal = {s.step_id: s for s in since_last(pack, last, now, private=True).steps}
    assert personal["voice"].then == ("He says nobody listens.", "I feel stuck")


def test_only_last_time_when_there_is_no_session_now(pack):
    last = record(1, "2026-11-01", answers={"voice.describe": "x"})
    found = since_last(pack, last)
    assert [(s.step_id, s.then, s.now, s.state_now) for s in found.steps] == [("voice", ("x",), (), "")]


def test_the_supervision_note_opens_with_since_last_time_and_names_todays_focus(data_dir, pack):
    with Store.open(data_dir) as store:
        case = store.create_case("YP-N", {"moved": "no"})
        first = store.create_session(case.id, "supervision", "2026-11-03")
        store.save_answer(first.id, "curious.describe", "Who else knows him?")
        store.set_flag(first.id, "curious.describe", True)
        agreed = store.add_action(first.id, "Call school", "SW", "2026-11-10")
        info = start_session(store, pack, case.id, "supervision", ["curious", "voice"])
        store.review_action(agreed.id, info.id, "done")
        store.save_answer(info.id, "curious.describe", "His coach knows him well.")
        note = render_case_note(store, pack, store.get_case(case.id), session_id=info.id)
        first_note = render_case_note(store, pack, store.get_case(case.id), session_id=first.id)
    assert (
        "Since the last supervision on 3 November 2026: 1 action was agreed "
        "(1 done, 0 carried forward, 0 not yet reviewed); it reflected on Stay curious." in note
    )
    assert note.index("## Since last time") < note.index("## Reflection by principle")  # it opens the reflections
    assert "## Today's focus" in note
    assert "- **Value young people's voices**: not discussed yet" in note
    assert "- **Stay curious**: flagged last time; action overdue since 10 Nov 2026: Call school" in note
    assert "Left for another day:" in note and "nothing in the case pointed to them today" in note
    assert "Since the last" not in first_note and "Today's focus" not in first_note
    # the steps left for another day are said once, in the focus section, not again on the "not discussed" line
    not_discussed = " ".join(line for line in note.splitlines() if line.startswith("Not discussed this time:"))
    left_for_later = [step.short_title for step in pack.steps if step.id not in ("curious", "voice")]
    assert left_for_later and not [title for title in left_for_later if title in not_discussed]
