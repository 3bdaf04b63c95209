"""Snapshot of the case screen of a case with more sessions than one page: the newest, and how to see more."""

from __future__ import annotations

from reflect.core.store import Store
from reflect.tui.screens.case import PAGE


def test_case_with_more_sessions_than_a_page(snap_compare, app_factory, store_dir):
    rows = [
        {
            "mode": ("preparation", "supervision")[n % 2],
            "date": f"{2024 + n // 28 // 12}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}",
        }
        for n in range(PAGE + 12)
    ]
    with Store.open(store_dir) as store:
        case_id = store.import_case("YP-A", {"age_band": "14-15"}, rows).id
    app = app_factory(store_dir)

    async def open_case(pilot):
        await pilot.pause()
        app.open_case_screen(case_id)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_case)
