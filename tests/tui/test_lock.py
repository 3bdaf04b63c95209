"""The lock screen and the idle lock of an encrypted store (issue 18), driven without waiting.

The idle timer is driven by calling ``check_idle_lock`` with a moment in the
future, so no test sleeps; the lock screen is asserted to hide the case, to
refuse a wrong passphrase, and to return to the same screen with the typed
text both still there and already saved.
"""

from __future__ import annotations

import html
import re

import pytest
from session_harness import SessionHarness, make_case, settle

from reflect.core import crypto_convert, crypto_store
from reflect.core.store import Store
from reflect.tui.screens.lock import WRONG, LockScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.unlock import UnlockApp
from reflect.tui.widgets.editors import TextAnswer

pytest.importorskip("sqlcipher3")

PASS = "a calm long passphrase"
SIZE = (100, 30)
TYPED = "ORCHARD she felt safe at the youth club"


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.setattr(crypto_store, "_known", {})
    monkeypatch.setattr(crypto_store, "keyring_get", lambda path: None)


def screen_text(app) -> str:
    """Everything the terminal shows now: the screenshot's text, without its markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def test_idle_lock_hides_everything_and_unlocks_to_where_it_was(data, pack):
    case_id, session_id = make_case(data, label="YP-LOCKED")
    crypto_convert.encrypt(data, PASS)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_screen = app.screen
        assert isinstance(session_screen, SessionScreen)
        assert isinstance(app.focused, TextAnswer)
        assert app.idle_timer is not None
        await pilot.press(*TYPED)
        app.check_idle_lock(now=app.last_input + 9 * 60)  # not yet ten minutes
        await settle(pilot)
        assert app.screen is session_screen
        assert "YP-LOCKED" in screen_text(app) and TYPED in screen_text(app)  # what the lock must hide
        app.check_idle_lock(now=app.last_input + 10 * 60)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        shown = screen_text(app)
        assert "YP-LOCKED" not in shown and "ORCHARD" not in shown
        # what was typed is saved already (the session saves as it is covered)
        with Store.open(data) as other:
            assert TYPED in other.get_session(session_id).answers.values()
        # help and the command palette do not open over the lock
        await pilot.press("ctrl+p")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        # a wrong passphrase: one line, still locked
        await pilot.press(*"not it at all", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert WRONG in screen_text(app)
        await pilot.press(*PASS, "enter")
        await settle(pilot)
        assert app.screen is session_screen
        assert not app.locked
        assert TYPED in screen_text(app)


async def test_a_plain_store_never_locks(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.idle_timer is None  # nothing to unlock with: no idle lock


async def test_the_idle_minutes_come_from_the_environment(monkeypatch):
    from reflect.tui.options import AppOptions

    monkeypatch.setenv("REFLECT_LOCK_MINUTES", "2.5")
    assert AppOptions.from_environment().lock_minutes == 2.5
    for bad in ("soon", "-1", "nan", "inf"):
        monkeypatch.setenv("REFLECT_LOCK_MINUTES", bad)
        assert AppOptions.from_environment().lock_minutes == 10
    monkeypatch.delenv("REFLECT_LOCK_MINUTES")
    assert AppOptions.from_environment().lock_minutes == 10


async def test_the_lock_screen_at_start_asks_before_anything_shows(data):
    make_case(data, label="YP-START")
    crypto_convert.encrypt(data, PASS)
    crypto_store.forget(data / "reflect.db")
    app = UnlockApp(data / "reflect.db")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "encrypted" in screen_text(app) and "YP-START" not in screen_text(app)
        await pilot.press(*"wrong guess", "enter")
        await pilot.pause()
        assert WRONG in screen_text(app)
        await pilot.press(*PASS, "enter")
        await pilot.pause()
    assert app.return_value is True
    with Store.open(data) as store:  # the passphrase is held for the app that follows
        assert [c.label for c in store.list_cases()] == ["YP-START"]


@pytest.mark.parametrize("encrypted", [True, False])
async def test_the_export_dialog_says_an_export_is_not_encrypted(app_factory, populated_store, encrypted):
    from reflect.tui.dialogs.export_note import ExportNoteDialog

    if encrypted:
        crypto_convert.encrypt(populated_store.data_dir, PASS)
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportNoteDialog)
        label = str(app.screen.query_one("#export-where").render())
        assert ("not encrypted" in label) is encrypted
