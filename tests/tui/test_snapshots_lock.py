"""Snapshots of the lock screen (issue 18): before an encrypted store opens, and after idle time.

Neither needs SQLCipher to be drawn: the screen holds nothing of the store.
Regenerate with ``pytest tests/tui/test_snapshots_lock.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.tui.app import DEFAULT_THEME, HIGH_CONTRAST_THEME, REFLECT_LIGHT_THEME, REFLECT_THEME
from reflect.tui.unlock import UnlockApp

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
THEMES = (REFLECT_THEME, REFLECT_LIGHT_THEME, HIGH_CONTRAST_THEME)


@pytest.mark.parametrize("size", SIZES)
def test_lock_screen_at_start(snap_compare, tmp_path, size):
    assert snap_compare(UnlockApp(Path(tmp_path) / "reflect.db", THEMES, DEFAULT_THEME), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_lock_screen_after_idle_time(snap_compare, tmp_path, size):
    assert snap_compare(UnlockApp(Path(tmp_path) / "reflect.db", THEMES, DEFAULT_THEME, idle=True), terminal_size=size)
