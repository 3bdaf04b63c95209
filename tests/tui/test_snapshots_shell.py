"""Snapshots of the app's shell: home, case, help, the case form and the export dialog, at 100x30 and 80x24.

The store is fixed and fictional (``snapshot_store``), with fixed dates, and
cursors do not blink, so the pictures only change when the screens do.
Regenerate with ``pytest tests/tui/test_snapshots_shell.py --snapshot-update``
and look at the pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, app_factory, snapshot_store, size):
    assert snap_compare(app_factory(snapshot_store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(snap_compare, app_factory, store_dir, size):
    assert snap_compare(app_factory(store_dir), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_case(snap_compare, app_factory, snapshot_store, size):
    app = app_factory(snapshot_store)

    async def open_case(pilot):
        await pilot.pause()
        app.open_case_screen(app.store.get_case("YP-A").id)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_case)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app_factory, snapshot_store, size):
    assert snap_compare(app_factory(snapshot_store), terminal_size=size, press=["f1"])


@pytest.mark.parametrize("size", SIZES)
def test_new_case_form_with_warning(snap_compare, app_factory, store_dir, size):
    assert snap_compare(app_factory(store_dir), terminal_size=size, press=["n", *"Sam Jones"])


DOCUMENTS = "/home/you/Documents"


@pytest.mark.parametrize("size", SIZES)
def test_export_note_dialog(snap_compare, app_factory, snapshot_store, size, monkeypatch):
    """The one export dialog (x on the case screen, F9 on the summary), over the case screen."""
    monkeypatch.setattr("reflect.core.note_export.default_export_dir", lambda: Path(DOCUMENTS))
    app = app_factory(snapshot_store)

    async def open_dialog(pilot):
        await pilot.pause()
        app.open_case_screen(app.store.get_case("YP-A").id)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_dialog)


def test_export_note_dialog_with_a_message_at_80x24(snap_compare, app_factory, snapshot_store, monkeypatch):
    """Its longest state: a personal note, a long path and a message, all in view at 80x24."""
    monkeypatch.setattr("reflect.core.note_export.default_export_dir", lambda: Path(DOCUMENTS))
    app = app_factory(snapshot_store)

    async def refuse_a_place(pilot):
        await pilot.pause()
        app.open_case_screen(app.store.get_case("YP-A").id)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+r")
        app.screen.query_one("#export-path").value = "/nowhere/at/all/YP-A-2026-01-19-supervision-personal.md"
        await pilot.press("f9")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=refuse_a_place)


@pytest.mark.parametrize("size", SIZES)
def test_new_session_choice(snap_compare, app_factory, pack, tmp_path, size):
    """Starting a supervision: the full walk or today's focus, with three suggested steps ticked and why."""
    from session_pack import make_case

    from reflect.core.store import Store

    data = tmp_path / "store"
    case_id, session_id = make_case(data, day="2026-01-12")
    with Store.open(data) as store:
        store.save_answer(session_id, "voice.describe", "She says nobody asks her.")
        store.set_flag(session_id, "voice.describe", True)
        store.set_status(session_id, "trauma", "set-aside", "ran out of time")
    app = app_factory(data, pack)

    async def open_choice(pilot):
        await pilot.pause()
        app.open_case_screen(case_id)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_choice)
