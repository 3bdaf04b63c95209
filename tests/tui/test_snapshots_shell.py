"""Snapshots of the app's shell: home, case, help and the case form, at 100x30 and 80x24.

The store is fixed and fictional (``snapshot_store``), with fixed dates, and
cursors do not blink, so the pictures only change when the screens do.
Regenerate with ``pytest tests/tui/test_snapshots_shell.py --snapshot-update``
and look at the pictures before committing them.
"""

from __future__ import annotations

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
