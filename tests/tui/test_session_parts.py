"""The small parts of the session screen: a step's state in words, dates in the action dialog, titles.

The rules behind them (where a step stands, prompt order, answers in words)
are the core's, tested in ``tests/core/test_session_model.py``.
"""

from __future__ import annotations

from reflect.core.models import SessionInfo, SessionRecord
from reflect.core.progress import step_state
from reflect.tui.dialogs.action import parse_date
from reflect.tui.widgets.sidebar import _short
from reflect.tui.widgets.status import status_text


def record(**kw) -> SessionRecord:
    return SessionRecord(SessionInfo(1, 1, "preparation", "2026-11-20"), **kw)


def test_states_are_told_in_words_and_symbols(pack):
    step = pack.step("voice")
    assert status_text(step_state(record(), step)) == "· not started"
    assert status_text(step_state(record(answers={"voice.describe": "words"}), step)) == "✓ reflected"
    assert status_text(step_state(record(answers={"voice.feel": "mine"}), step)) == "✓ reflected (private)"
    assert step_state(record(answers={"voice.describe": "   "}), step) == ""  # blank text says nothing
    assert step_state(record(answers={"voice.language": []}), step) == ""
    marked = record(answers={"voice.describe": "words"}, status={"voice": "set-aside"})
    assert status_text(step_state(marked, step)) == "– set aside"
    assert status_text(step_state(record(status={"voice": "not-relevant"}), step)) == "○ not relevant"


def test_dates_are_checked_gently():
    assert parse_date(" 2026-12-01 ") == "2026-12-01"
    assert parse_date("") == ""
    assert parse_date("1/12/2026") is None and parse_date("2026-02-30") is None


def test_sidebar_titles_fit_in_their_lines():
    assert _short("Put children and young people first", 20) == ["Put children and", "young people first"]
    lines = _short("Be curious, evidence-informed and knowledgeable about everything", 16)
    assert len(lines) == 3 and lines[2].endswith("…")
    lines = _short("Be curious, evidence-informed and knowledgeable about everything", 16, lines=2)
    assert len(lines) == 2 and lines[1].endswith("…")
