"""The small pure parts of the session screen: step states, answers in words, prompt order."""

from __future__ import annotations


from reflect.core.models import SessionInfo, SessionRecord
from reflect.tui.widgets.dialogs import parse_date
from reflect.tui.widgets.sidebar import _short
from reflect.tui.widgets.status import (
    answered,
    format_answer,
    group_heading,
    ordered_prompts,
    status_text,
    step_flags,
    step_state,
)



def record(**kw) -> SessionRecord:
    return SessionRecord(SessionInfo(1, 1, "preparation", "2026-11-20"), **kw)


def test_states_are_told_in_words_and_symbols(pack):
    step = pack.step("voice")
    assert status_text(step_state(record(), step)) == "· not started"
    assert status_text(step_state(record(answers={"voice.describe": "words"}), step)) == "✓ reflected"
    assert step_state(record(answers={"voice.describe": "   "}), step) == ""  # blank text says nothing
    assert step_state(record(answers={"voice.language": []}), step) == ""
    marked = record(answers={"voice.describe": "words"}, status={"voice": "set-aside"})
    assert status_text(step_state(marked, step)) == "– set aside"
    assert status_text(step_state(record(status={"voice": "not-relevant"}), step)) == "○ not relevant"
    assert step_flags(record(flags=["voice.describe", "trauma.describe"]), step) == 1


def test_answers_in_words(pack):
    assert format_answer(pack.prompt("voice.confidence"), 4) == "4 on a scale of 1 to 5 (1 = not at all, 5 = fully)"
    assert format_answer(pack.prompt("voice.language"), ["a", "b"]) == "• a\n• b"
    assert format_answer(pack.prompt("voice.describe"), "") == ""
    assert answered(0) and not answered(None)


def test_track_prompts_are_grouped_by_lens_then_the_move(pack):
    step = pack.step("track-peers")
    order = ordered_prompts(step, step.prompts_for("preparation", moved=True), [lens.id for lens in pack.lenses])
    assert [p.id.split(".")[1] for p in order] == ["consistency", "before-home", "collaboration", "safety",
                                                   "after-placement"]
    titles = {lens.id: lens.title for lens in pack.lenses}
    assert group_heading(pack.prompt("track-peers.after-placement"), titles) == (
        "Creating safety", "Since the young person was moved: after the move, in the placement area")
    principle = pack.step("voice")
    assert ordered_prompts(principle, list(principle.prompts), []) == list(principle.prompts)


def test_dates_are_checked_gently():
    assert parse_date(" 2026-12-01 ") == "2026-12-01"
    assert parse_date("") == ""
    assert parse_date("1/12/2026") is None and parse_date("2026-02-30") is None


def test_sidebar_titles_fit_in_two_lines():
    assert _short("Put children and young people first", 20) == ["Put children and", "young people first"]
    lines = _short("Be curious, evidence-informed and knowledgeable about everything", 16)
    assert len(lines) == 2 and lines[1].endswith("…")
