"""A case with hundreds of sessions: the case screen shows the newest page, m shows more (issue 21)."""

from __future__ import annotations

from session_harness import open_case_screen
from textual.widgets import Collapsible, DataTable, Static

from reflect.core.store import Store
from reflect.core.words import short_date
from reflect.tui.commands import palette_commands
from reflect.tui.screens.case import PAGE


def _day(n: int) -> str:
    return f"{2000 + n // 300}-{1 + n // 28 % 10:02d}-{1 + n % 28:02d}"  # rising with n


def _store(path, sessions: int, *, action_in_first: bool = False) -> int:
    """One case, YP-A, with ``sessions`` sessions on rising dates (the last one newest)."""
    rows = [{"mode": ("preparation", "supervision")[n % 2], "date": _day(n)} for n in range(sessions)]
    if action_in_first:  # agreed in the oldest session: far off the first page
        rows[0]["actions"] = [{"what": "Ask the school about a return date", "who": "SW", "by": "", "done": False}]
    with Store.open(path) as store:
        return store.import_case("YP-A", {"age_band": "14-15"}, rows).id


def _dates(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_the_newest_page_first_and_m_shows_the_older_ones(app_factory, store_dir):
    total = PAGE * 2 + 7
    case_id = _store(store_dir, total)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        table = screen.query_one("#sessions", DataTable)
        more = screen.query_one("#more-sessions", Static)
        assert table.row_count == PAGE
        assert _dates(table) == [_day(n) for n in reversed(range(total - PAGE, total))]
        assert f"Sessions ({total}, newest first)" in str(screen.query_one("#sessions-title", Static).render())
        assert more.display and f"Press m to show {PAGE} more" in str(more.render())
        assert screen.check_action("more", ()) is True
        await pilot.press("m")
        await pilot.pause()
        assert table.row_count == PAGE * 2
        assert "Press m to show 7 more" in str(more.render())
        await pilot.press("m")
        await pilot.pause()
        assert _dates(table) == [_day(n) for n in reversed(range(total))]
        assert not more.display
        assert screen.check_action("more", ()) is False


async def test_a_small_case_shows_every_session_and_no_more_message(app_factory, store_dir):
    case_id = _store(store_dir, 3)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        assert screen.query_one("#sessions", DataTable).row_count == 3
        assert not screen.query_one("#more-sessions", Static).display
        assert screen.check_action("more", ()) is False
        assert not [c for c in palette_commands(app, screen) if c[0].startswith("Show ")]


async def test_the_palette_offers_more_sessions_while_some_are_hidden(app_factory, store_dir):
    case_id = _store(store_dir, PAGE + 4)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        offered = [c for c in palette_commands(app, screen) if c[0] == "Show 4 more sessions"]
        assert len(offered) == 1
        offered[0][2]()  # what choosing it in the palette does
        await pilot.pause()
        assert screen.query_one("#sessions", DataTable).row_count == PAGE + 4
        assert not [c for c in palette_commands(app, screen) if c[0].startswith("Show ")]


async def test_coming_back_from_a_session_keeps_the_pages_shown(app_factory, store_dir):
    case_id = _store(store_dir, PAGE * 3)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        await pilot.press("m")
        await pilot.pause()
        table = screen.query_one("#sessions", DataTable)
        table.move_cursor(row=PAGE + 3, animate=False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert table.row_count == PAGE * 2 and table.cursor_row == PAGE + 3


async def test_an_action_agreed_beyond_the_first_page_still_shows_with_its_date(app_factory, store_dir):
    case_id = _store(store_dir, PAGE + 10, action_in_first=True)
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        actions = str(screen.query_one("#open-actions", Static).render())
        assert "Ask the school about a return date" in actions
        assert f"agreed {_day(0)}, preparation" in actions


async def test_since_last_time_skips_a_newer_workshop(app_factory, store_dir):
    case_id = _store(store_dir, PAGE + 2)
    with Store.open(store_dir) as store:
        store.create_session(case_id, "workshop", on="2030-01-01")  # newest, and fictional
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, case_id)
        box = screen.query_one("#since-last", Collapsible)
        assert box.display
        # the two newest sessions that are not the workshop: a preparation, then a supervision
        then, now = short_date(_day(PAGE)), short_date(_day(PAGE + 1))
        assert box.title == f"What changed since last time: preparation {then} beside supervision {now}"
