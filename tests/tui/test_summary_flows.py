"""Pilot tests of the end of a session: the overview, text checks and exporting the note."""

from __future__ import annotations

import os
from pathlib import Path

from portable import assert_mode
from session_harness import SessionHarness, make_case, settle
from session_pack import fill_session
from textual.widgets import Input, Markdown

from reflect.core.store import Store
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.summary import SummaryScreen

SIZE = (100, 30)


def filled_session(data: Path) -> tuple[int, int]:
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        fill_session(store, session_id)
    return case_id, session_id


def overview(app) -> str:
    return str(app.screen.query_one("#overview").render())


async def open_summary(app, pilot) -> SummaryScreen:
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


async def test_summary_tells_what_was_covered_set_aside_and_flagged(data, pack):
    # the overview's wording is the model's (tests/core/test_session_model.py); here: the screen shows it
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(app, pilot)
        text = overview(app)
        assert "✓ reflected (2): P1 Put children and young people first; P3 Value young people's voices" in text
        assert "– set aside (1): P2 Recognise and challenge inequalities (why: not enough known yet)" in text
        assert "⚑ flagged for supervision (1):" in text
        assert "☐ to do  Ask school about a named contact — Social worker, by 2026-12-01" in text
        # Escape goes back to the session, where nothing was lost
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_note_preview_and_export_record_and_personal(data, pack, tmp_path, note_clock):
    """The preview is the note that F9 exports (through the one export dialog), record or personal."""
    from reflect.tui.dialogs.export_note import ExportNoteDialog

    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot)
        assert "football and his gran" in screen.note_text
        assert "worried and a bit helpless" not in screen.note_text  # private: not in the record note
        assert "Record note" in str(screen.query_one("#preview-kind").render())
        assert screen.query_one("#preview", Markdown).source == screen.note_text

        target = tmp_path / "out" / "note.md"
        target.parent.mkdir()
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ExportNoteDialog)
        path = app.screen.query_one("#export-path", Input)
        assert path.value.endswith("YP-A-2026-11-20-preparation.md")
        path.value = str(target)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is screen
        assert target.read_text(encoding="utf-8") == screen.note_text
        if os.name == "posix":
            assert_mode(target, 0o600)
        assert "saved to" in str(screen.query_one("#export-message").render())

        # a personal note adds the private answers, in the preview and in the dialog's suggested name
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.personal
        assert "worried and a bit helpless" in screen.note_text
        assert "Personal note" in str(screen.query_one("#preview-kind").render())
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.query_one("#export-path", Input).value.endswith("YP-A-2026-11-20-preparation-personal.md")


async def test_palette_export_opens_the_summary_ready_to_export(data, pack):
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.action_export_note()
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.focused is app.screen.query_one("#export")


async def test_text_checks_are_listed_before_export_and_can_be_dismissed(data, pack):
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot)
        checks = screen.query_one("#checks")
        assert checks.has_class("-shown")
        items = list(screen.query("FindingItem"))
        assert [(i.prompt_id, i.finding.key) for i in items] == [("voice.describe", "language:putting herself at risk")]
        assert "found 1 thing to look at" in str(screen.query_one("#checks-title").render())
        await pilot.click(items[0].query_one(".dismiss"))
        await settle(pilot)
        assert not checks.has_class("-shown")
    with Store.open(data) as store:
        assert store.get_session(session_id).dismissed == {"voice.describe": ["language:putting herself at risk"]}


async def test_go_to_a_finding_opens_its_step(data, pack):
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot)
        await pilot.click(screen.query_one("FindingItem").query_one(".goto"))
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.current_step_id == "voice"
