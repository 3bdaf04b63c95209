"""A big store's home screen holds one page of cases at a time; search still reaches them all (issue 21)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from reflect.core.store import Store
from reflect.tui.screens.home import PAGE


def _store(path, cases: int) -> None:
    with Store.open(path) as store:
        for i in range(cases):
            store.create_case(f"YP-{i:04d}")


async def test_a_page_at_a_time_and_m_shows_more(app_factory, store_dir):
    total = PAGE * 2 + 50
    _store(store_dir, total)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#cases", DataTable)
        status = app.screen.query_one("#home-status", Static)
        assert table.row_count == PAGE
        assert "m shows more" in str(status.render())
        await pilot.press("m")
        await pilot.pause()
        assert table.row_count == PAGE * 2
        await pilot.press("m")
        await pilot.pause()
        assert table.row_count == total
        assert "m shows more" not in str(status.render())
        assert app.screen.check_action("more", ()) is False


async def test_search_finds_a_case_beyond_the_first_page(app_factory, store_dir):
    _store(store_dir, PAGE + 20)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#cases", DataTable)
        shown = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        hidden = sorted({f"YP-{i:04d}" for i in range(PAGE + 20)} - shown)
        assert hidden, "some cases start off the first page"
        await pilot.press("slash", *hidden[0])
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [hidden[0]]


async def test_after_the_first_case_enter_on_the_home_screen_opens_it(app_factory, store_dir):
    """The empty screen focuses "New case"; once a case exists, Enter must open it, not start another."""
    from reflect.tui.screens.case import CaseScreen

    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"YP-K")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#cases", DataTable)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.label == "YP-K"


async def test_the_palette_offers_more_cases_while_some_are_hidden(app_factory, store_dir):
    from reflect.tui.commands import palette_commands

    _store(store_dir, PAGE + 3)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        offered = [c for c in palette_commands(app, app.screen) if c[0] == "Show 3 more cases"]
        assert len(offered) == 1
        offered[0][2]()  # what choosing it in the palette does
        await pilot.pause()
        assert app.screen.query_one("#cases", DataTable).row_count == PAGE + 3
        assert not [c for c in palette_commands(app, app.screen) if c[0].startswith("Show ")]
