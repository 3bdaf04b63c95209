"""The case form's move: no, being considered, or moved, chosen from the keyboard.

A move being considered shows the areas and, in a session, only the
before-the-move and decision questions (the rule is the core's: see
tests/core/test_moves_and_depth.py); here: the form stores the choice in
words and the case screen says it.
"""

from __future__ import annotations

from textual.widgets import Static

from reflect.core.store import Store
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.case_form import CaseFormScreen


async def test_a_move_being_considered_is_chosen_saved_and_shown(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        assert not form.query_one("#areas").display  # no move: no areas
        form.query_one("#moved").focus()
        await pilot.pause()
        await pilot.press("down", "enter")  # no -> being considered
        await pilot.pause()
        assert form.query_one("#areas").display
        form.query_one("#home-area").focus()
        await pilot.press(*"Larkhollow", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        context = str(app.screen.query_one("#case-context", Static).render())
        assert "Moved: not yet — a move is being considered from Larkhollow" in context
    with Store.open(populated_store.data_dir) as store:
        saved = store.get_case(populated_store.case_id)
        assert saved.context["moved"] == "considering" and saved.move == "considering"
        assert saved.context["home_area"] == "Larkhollow"
