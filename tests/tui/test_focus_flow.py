"""Today's focus in the app: choose three suggested steps, walk their core questions, export the note.

The case screen's p (or s) asks first: the full walk, or today's focus with
the three steps the app suggests ticked. A focus session lists only those
steps; each asks its core questions, ctrl+r shows the deeper ones. The pack is
the fixed fictional one (two core questions a principle, two core lenses a
track), so the walk is the same whatever the built-in content says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from session_harness import make_case, settle
from textual.widgets import Input

from reflect.core.session_extra import read_extra
from reflect.core.store import Store
from reflect.tui.dialogs.export_note import ExportNoteDialog
from reflect.tui.dialogs.session_start import SessionStartDialog
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.widgets.ticks import TickList

SIZE = (100, 30)


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "store"


def case_with_history(data: Path) -> int:
    """A case whose last preparation flagged a question on voice and set trauma aside."""
    case_id, session_id = make_case(data, mode="preparation", day="2026-11-20")
    with Store.open(data) as store:
        store.save_answer(session_id, "voice.describe", "She says nobody asks her.")
        store.set_flag(session_id, "voice.describe", True)
        store.set_status(session_id, "trauma", "set-aside", "ran out of time")
    return case_id


async def open_case(app, pilot, case_id: int) -> CaseScreen:
    await pilot.pause()
    app.open_case_screen(case_id)
    await settle(pilot)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def test_a_focus_session_of_three_suggested_steps_ends_in_a_note_naming_them(app_factory, pack, data, tmp_path):
    case_id = case_with_history(data)
    app = app_factory(data, pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SessionStartDialog)
        ticks = dialog.query_one(TickList)
        # the suggestions say why: flagged and set aside last time come first, then the longest untouched
        assert set(ticks.selected) == {"voice", "trauma", "children-first"}
        labels = [str(ticks.get_option_at_index(i).prompt) for i in range(3)]
        assert labels == [
            "Be trauma-informed — set aside last time (ran out of time)",  # never discussed: before voice
            "Value young people's voices — flagged last time",
            "Put children and young people first — not discussed yet",
        ]
        # a fourth tick is refused, with one calm line
        await pilot.press("down", "down", "down", "space")
        await pilot.pause()
        assert len(ticks.selected) == 3 and "Up to 3 steps" in str(dialog.query_one("#message").render())
        await pilot.press("enter")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, SessionScreen)
        model = screen.model
        assert model.step_ids == ["children-first", "voice", "trauma", "actions", "summary"]
        assert read_extra(app.store, model.session_id)["focus"]["steps"] == ["trauma", "voice", "children-first"]

        # walk the three steps: each asks its core questions only (answered with the keyboard)
        asked = []
        for step_id in ["children-first", "voice", "trauma"]:
            assert screen.current_step_id == step_id
            asked += list(screen.cards)
            await pilot.press(*"Noted.")
            await settle(pilot, 0.6)
            await pilot.press("ctrl+n")
            await settle(pilot)
        assert len(asked) <= 12
        assert asked == [f"{s}.{p}" for s in ("children-first", "voice", "trauma") for p in ("describe", "feel")]
        assert screen.current_step_id == "actions"

        # a step left for another day is not walked to
        screen.jump_to_step("curious")
        await settle(pilot)
        assert screen.current_step_id == "actions"

        # ctrl+r shows a step's deeper questions, and hides them again
        screen.jump_to_step("voice")
        await settle(pilot)
        assert "4 deeper questions" in str(screen.query_one("#deeper-toggle").render())
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert list(screen.cards)[2:] == ["voice.language", "voice.confidence", "voice.next", "voice.supervisor"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert list(screen.cards) == ["voice.describe", "voice.feel"]

        # the note names the chosen steps, says why, and why the others wait
        await pilot.press("f9")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        target = tmp_path / "note.md"
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ExportNoteDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("f9")
        await settle(pilot)
    note = target.read_text(encoding="utf-8")
    assert "## Today's focus" in note
    assert "- **Value young people's voices**: flagged last time" in note
    assert "- **Be trauma-informed**: set aside last time (ran out of time)" in note
    assert "- **Put children and young people first**: not discussed yet" in note
    assert "Left for another day:" in note and "Stay curious" in note


async def test_the_full_walk_is_one_key_away_and_escape_starts_nothing(app_factory, pack, data):
    case_id = case_with_history(data)
    app = app_factory(data, pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, SessionStartDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert len(app.store.list_sessions(case_id)) == 1
        await pilot.press("p", "f")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.model.focus is None and len(app.screen.model.step_ids) == len(pack.steps) + 2
        assert not app.screen.query("#deeper-toggle")


async def test_the_case_screen_shows_what_changed_since_last_time(app_factory, pack, data):
    case_id = case_with_history(data)
    with Store.open(data) as store:
        first = store.list_sessions(case_id)[0]
        store.add_action(first.id, "Ask her where she feels heard", "Key worker")
        later = store.create_session(case_id, "supervision", "2026-11-27")
        store.save_answer(later.id, "voice.describe", "She chose where we meet.")
    app = app_factory(data, pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(app, pilot, case_id)
        text = str(screen.query_one("#since-last-text").render())
        assert "Value young people's voices: reflected on → reflected on" in text
        assert "then: She says nobody asks her." in text and "now:  She chose where we meet." in text
        assert "Be trauma-informed: " not in text  # set aside, but nothing written either time
        assert "• Ask her where she feels heard — not yet reviewed" in text
        assert "preparation 20 Nov 2026 beside supervision 27 Nov 2026" in str(screen.query_one("#since-last").title)
