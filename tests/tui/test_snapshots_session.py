"""Snapshots of a session (a principle step, a track step for a moved case) and its summary.

The real app (``app_factory``) runs on the fixed fictional pack of
``session_harness.py`` and a fixed store (fixed dates, no "today"), with
steady cursors, at 100x30 and 80x24. Regenerate with
``pytest tests/tui/test_snapshots_session.py --snapshot-update`` and look at
the pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from session_harness import make_case

from reflect.core.store import Store

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


def fixed_store(data_dir, *, moved: bool) -> tuple[int, int]:
    case_id, session_id = make_case(data_dir, moved=moved)
    with Store.open(data_dir) as store:
        store.save_answer(
            session_id,
            "children-first.describe",
            "He talks about football and his gran. He says he is putting himself at risk.",
        )
        store.save_answer(session_id, "children-first.language", ["'not engaging'"])
        store.set_flag(session_id, "children-first.describe", True)
        store.set_status(session_id, "inequalities", "set-aside", "not enough known yet")
        store.set_status(session_id, "trauma", "not-relevant")
        store.save_answer(session_id, "track-family.consistency", "Gran visits every Sunday.")
        store.save_answer(session_id, "track-family.before-home", "His older cousin and the youth worker.")
        store.add_action(session_id, "Ask school about a named contact", "Social worker", "2026-12-01")
        store.save_summary(session_id, "questions-for-supervision", "Is the plan too much about places?")
    return case_id, session_id


def opener(app, case_id, session_id, step: str | None = None, finish: bool = False, keys: tuple[str, ...] = ()):
    async def run_before(pilot):
        await pilot.pause()
        app.open_session(case_id, session_id)
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if step:
            app.screen.jump_to_step(step)
            await pilot.pause()
            await app.workers.wait_for_complete()
        if finish:
            await pilot.press("f9")
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_session_principle_step(snap_compare, app_factory, pack, tmp_path, size):
    data = tmp_path / "store"
    case_id, session_id = fixed_store(data, moved=False)
    app = app_factory(data, pack)
    assert snap_compare(app, terminal_size=size, run_before=opener(app, case_id, session_id))


def test_session_steps_shown_at_80x24(snap_compare, app_factory, pack, tmp_path):
    """Under 90 columns the steps start folded away; F4 shows them, one line a step, all in view."""
    data = tmp_path / "store"
    case_id, session_id = fixed_store(data, moved=False)
    app = app_factory(data, pack)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opener(app, case_id, session_id, keys=("f4",)))


@pytest.mark.parametrize("size", SIZES)
def test_session_track_step_moved_case(snap_compare, app_factory, pack, tmp_path, size):
    data = tmp_path / "store"
    case_id, session_id = fixed_store(data, moved=True)
    app = app_factory(data, pack)
    assert snap_compare(app, terminal_size=size, run_before=opener(app, case_id, session_id, step="track-family"))


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, app_factory, pack, tmp_path, size, monkeypatch):
    monkeypatch.setattr("reflect.core.paths.default_export_dir", lambda: Path("/home/me/Documents"))
    data = tmp_path / "store"
    case_id, session_id = fixed_store(data, moved=False)
    app = app_factory(data, pack)
    assert snap_compare(app, terminal_size=size, run_before=opener(app, case_id, session_id, finish=True))
