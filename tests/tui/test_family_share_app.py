"""Pilot tests: the action editor's box "Share with the young person / family", and f in the action list.

Nothing is shared until the worker chooses it; the choice is made from the
keyboard (Tab to the box, Space) or with one key on the list, and a shared
action says so in words on its line.
"""

from __future__ import annotations

from session_harness import running_session, settle
from textual.widgets import Checkbox

from reflect.core.store import Store
from reflect.core.words import SHARE_LABEL, SHARED_MARK
from reflect.tui.dialogs.action import ActionDialog
from reflect.tui.screens.session import ACTIONS_STEP, SessionScreen

SIZE = (100, 34)


def _stored(data, session_id):
    with Store.open(data) as store:
        return [(a.what, a.shared) for a in store.actions(session_id)]


async def test_the_editor_shares_an_action_only_when_its_box_is_ticked(data, pack):
    async with running_session(data, pack, size=SIZE) as (pilot, screen):
        app = pilot.app
        screen.jump_to_step(ACTIONS_STEP)
        await settle(pilot)
        # a new action: the box is there, clearly labelled, and off
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        box = dialog.query_one("#shared", Checkbox)
        assert str(box.label) == SHARE_LABEL and box.value is False
        assert "X" not in box._button.plain  # its state shows in its shape, not colour alone
        await pilot.press(*"Strategy meeting about the adult", "enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        # a second, shared from the keyboard alone: what, Enter, Enter (who), Tab to the box, Space, Tab, Enter
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await pilot.press(*"Book a family meeting", "enter", "enter", "tab")
        assert dialog.focused is dialog.query_one("#shared", Checkbox)
        await pilot.press("space", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert _stored(data, app.session_id) == [
            ("Strategy meeting about the adult", False),
            ("Book a family meeting", True),
        ]
        listing = screen.query_one("#action-list")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(2)]
        assert SHARED_MARK not in lines[0] and f"({SHARED_MARK})" in lines[1]  # in words, not colour alone

        # editing a shared action shows its box ticked, and saving keeps it
        listing.focus()
        listing.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, ActionDialog) and edit.query_one("#shared", Checkbox).value is True
        assert "X" in edit.query_one("#shared", Checkbox)._button.plain
        await pilot.click("#save")
        await settle(pilot)
        assert _stored(data, app.session_id)[1] == ("Book a family meeting", True)

        # f on the list: share the first, stop sharing the second
        listing.highlighted = 0
        await pilot.press("f")
        await settle(pilot)
        listing.highlighted = 1
        await pilot.press("f")
        await settle(pilot)
        assert _stored(data, app.session_id) == [
            ("Strategy meeting about the adult", True),
            ("Book a family meeting", False),
        ]
        assert f"({SHARED_MARK})" in str(listing.get_option_at_index(0).prompt)
        assert SHARED_MARK not in str(listing.get_option_at_index(1).prompt)


async def test_the_case_screen_marks_shared_actions_and_its_note_dialog_counts_the_rest(app_factory, tmp_path):
    from textual.widgets import RadioButton, Static

    from reflect.tui.dialogs.export_note import ExportNoteDialog
    from reflect.tui.screens.case import CaseScreen

    data = tmp_path / "store"
    with Store.open(data) as store:
        case = store.create_case("YP-F")
        sid = store.create_session(case.id, "supervision", "2026-11-09").id
        store.add_action(sid, "Book a family meeting", "Social worker", shared=True)
        store.add_action(sid, "Ask the school for the CCTV", "Team manager")
        store.add_action(sid, "Strategy meeting about the adult", "Team manager")
    app = app_factory(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(case.id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        lines = str(screen.query_one("#open-actions", Static).render()).splitlines()
        marked = [line for line in lines if SHARED_MARK in line]
        assert len(lines) == 3 and len(marked) == 1 and "Book a family meeting" in marked[0]
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog)
        left = dialog.query_one("#family-left-out", Static)
        assert not left.display  # the record note leaves no action out
        radios = {r.name: r for r in dialog.query("#note-kind RadioButton").results(RadioButton)}
        radios["family"].value = True
        await pilot.pause()
        assert left.display and "2 actions were left out of the family note" in str(left.render())
