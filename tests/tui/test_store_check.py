"""The app checks the whole store file after its first screen is up, not before (issue 21)."""

from __future__ import annotations

from reflect.core import db_health
from reflect.core.store import Store


def _filled(path):
    with Store.open(path) as store:
        case = store.create_case("YP-A")
        sid = store.create_session(case.id, "preparation", "2026-11-20").id
        for i in range(200):
            store.save_answer(sid, f"p.{i}", "words " * 40)


def _smash_page(db, page: int) -> None:
    raw = bytearray(db.read_bytes())
    start = (page - 1) * 4096
    raw[start + 8 : start + 4096] = bytes((i * 37 + 11) % 251 for i in range(4096 - 8))
    db.write_bytes(bytes(raw))


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


async def test_a_damaged_store_is_reported_once_the_screen_is_up(tmp_path, framework):
    _filled(tmp_path)
    _smash_page(tmp_path / "reflect.db", 3)
    assert db_health.DAMAGED in await _messages(tmp_path, framework)


async def test_a_sound_store_says_nothing(tmp_path, framework):
    _filled(tmp_path)
    assert db_health.DAMAGED not in await _messages(tmp_path, framework)
