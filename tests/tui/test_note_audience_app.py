"""Pilot tests: the summary offers three notes (record, personal, family); a review date must be a real date."""

from __future__ import annotations

from pathlib import Path

from session_harness import SessionHarness, make_case, running_session, settle
from session_pack import fill_session
from textual.widgets import Input, RadioButton

from reflect.core.loader import load_framework
from reflect.core.store import Store
from reflect.tui.dialogs.export_note import ExportNoteDialog
from reflect.tui.screens.session import SUMMARY_STEP
from reflect.tui.screens.summary import SummaryScreen

SIZE = (100, 30)


async def test_the_summary_offers_a_family_note_and_exports_it_under_its_own_name(data, pack):
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        fill_session(store, session_id)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        radios = {r.name: r for r in screen.query("#note-kind RadioButton").results(RadioButton)}
        assert list(radios) == ["record", "practitioner", "family"]
        radios["family"].value = True
        await settle(pilot)
        assert screen.audience == "family" and not screen.personal
        assert screen.note_text.startswith("# A note about our meeting on 20 November 2026")
        assert "worried and a bit helpless" not in screen.note_text  # the private answer
        # the action was not chosen to share: the note leaves it out, says other steps were agreed, and the
        # summary and the export dialog tell the practitioner so, with how to share it
        assert "Ask school about a named contact" not in screen.note_text
        assert "not written here" in screen.note_text
        kind = str(screen.query_one("#preview-kind").render())
        assert "Family note" in kind and "1 action was left out of the family note" in kind
        await pilot.press("f9")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog) and dialog.audience == "family"
        assert dialog.query_one("#export-path", Input).value.endswith("YP-A-2026-11-20-preparation-family.md")
        left = dialog.query_one("#family-left-out")
        assert left.display and "1 action was left out" in str(left.render()) and "press f" in str(left.render())
        dialog.query_one("#note-kind RadioButton", RadioButton).value = True  # the record note leaves nothing out
        await settle(pilot)
        assert dialog.audience == "record" and not left.display


def _stored_summary(data: Path, session_id: int) -> dict[str, str]:
    with Store.open(data) as store:
        return dict(store.get_session(session_id).summary)


async def test_a_review_date_is_saved_only_when_it_is_a_real_date(data):
    framework = load_framework()
    async with running_session(data, framework, size=SIZE, mode="supervision") as (pilot, screen):
        screen.jump_to_step(SUMMARY_STEP)
        await settle(pilot)
        ids = [c.field.id for c in screen.cards.values()]
        for field in ("attendees", "current-situation", "child-view", "contingency", "review-date", "step-down"):
            assert field in ids, field
        card = screen.cards["review-date"]
        card.focus_editor()
        await pilot.press(*"31/02/2027")
        await settle(pilot, 0.8)
        hint = str(card.query_one(".prompt-hint").render())
        assert "February 2027 has 28 days" in hint
        assert "review-date" not in _stored_summary(data, pilot.app.session_id)
        await pilot.press(*["backspace"] * 10, *"07/12/2026")
        await settle(pilot, 0.8)
        assert "DD/MM/YYYY" in str(card.query_one(".prompt-hint").render())
    assert _stored_summary(data, pilot.app.session_id)["review-date"] == "2026-12-07"


async def test_with_the_text_checks_off_the_note_says_so(data, pack):
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        fill_session(store, session_id)
    app = SessionHarness(data, pack, case_id, session_id, checks_enabled=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert "**Text checks: turned off.**" in screen.note_text
        assert "possible identifying detail" not in screen.note_text
