"""The real app, opened straight on one session, for the session and summary Pilot tests.

``SessionHarness`` is ``ReflectApp`` with its store opened on ``data_dir``
and steady cursors; once mounted it opens the session the way the case
screen does (``open_session``), so the tests go through the app's own
contract. The fixed fictional pack and ``make_case`` live in
``tests/session_pack.py``, shared with the model's unit tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from session_pack import make_case, test_framework, write_pack  # noqa: F401  (re-exported for the tests)

import reflect.tui.app
from reflect.core.framework import Framework
from reflect.core.store import Store
from reflect.tui.app import ReflectApp
from reflect.tui.options import AppOptions
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.session import SessionScreen


class SessionHarness(ReflectApp):
    """The app, opened on one session."""

    CSS_PATH = Path(reflect.tui.app.__file__).with_name("reflect.tcss")  # Textual reads it beside the class

    def __init__(
        self, data_dir: Path, framework: Framework, case_id: int, session_id: int, *, checks_enabled: bool = True
    ) -> None:
        super().__init__(Store.open(data_dir), framework, AppOptions(cursor_blink=False, checks_enabled=checks_enabled))
        self.case_id = case_id
        self.session_id = session_id

    def on_mount(self) -> None:  # ReflectApp.on_mount runs too: it opens nothing without open_case
        self.open_session(self.case_id, self.session_id)

    def on_unmount(self) -> None:
        self.store.close()


async def settle(pilot, delay: float = 0.0) -> None:
    """Let timers, workers (autosave, text checks) and the next frame finish."""
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def running_session(
    data_dir: Path, framework: Framework, *, size: tuple[int, int] = (100, 30), mode: str = "preparation"
) -> AsyncIterator[tuple[Any, SessionScreen]]:
    """A new case's session open in the app, settled: the pilot and the session screen."""
    case_id, session_id = make_case(data_dir, mode=mode)
    app = SessionHarness(data_dir, framework, case_id, session_id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        yield pilot, app.screen


async def open_case_screen(app: ReflectApp, pilot: Any, case_id: int) -> CaseScreen:
    """The app's case screen for ``case_id``, opened the way the home screen does it."""
    await pilot.pause()
    app.open_case_screen(case_id)
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)
    return app.screen
