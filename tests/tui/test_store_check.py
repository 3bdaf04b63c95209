"""The app checks the whole store file after its first screen is up, not before (issue 21)."""

from __future__ import annotations

import asyncio

from reliability_support import fill_with_answers, smash_page

from reflect.core import db_health
from reflect.core.store import Store


async def _messages(tmp_path, framework):
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    store = Store.open(tmp_path, verify=None)  # as ``reflect`` opens it
    try:
        app = ReflectApp(store, framework, AppOptions(cursor_blink=False))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return [n.message for n in app._notifications]
    finally:
        store.close()


def _last_answers_page(db) -> int:
    """A page of answer text: the home screen never reads it, the whole-file check does."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT max(pageno) FROM dbstat WHERE name = 'answers'").fetchone()[0]


async def test_a_damaged_store_is_reported_once_the_screen_is_up(tmp_path, framework):
    fill_with_answers(tmp_path)
    db = tmp_path / "reflect.db"
    smash_page(db, _last_answers_page(db))
    assert db_health.DAMAGED in await _messages(tmp_path, framework)


async def test_a_sound_store_says_nothing(tmp_path, framework):
    fill_with_answers(tmp_path)
    assert db_health.DAMAGED not in await _messages(tmp_path, framework)


async def test_damage_met_on_a_screen_ends_the_app_in_one_line_not_a_traceback(tmp_path, framework, monkeypatch):
    from reflect.core.errors import StoreError
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    fill_with_answers(tmp_path)
    store = Store.open(tmp_path)

    works = store.list_cases
    damaged = []

    def broken(*args, **kwargs):  # sound while the app opens, damaged when the list is read again
        if damaged:
            raise StoreError("the database file is damaged; it was left as it is", store.path)
        return works(*args, **kwargs)

    monkeypatch.setattr(store, "list_cases", broken)
    try:
        app = ReflectApp(store, framework, AppOptions(cursor_blink=False))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            damaged.append(True)
            app.call_later(app.screen.reload)  # as coming back from a case does
            for _ in range(50):
                if app.return_code is not None:
                    break
                await asyncio.sleep(0.05)
        assert app.return_code == 2
        assert isinstance(app.failure, StoreError)
    finally:
        store.close()
