"""The real app, opened straight on one session, for the session and summary Pilot tests.

``SessionHarness`` is ``ReflectApp`` with its store opened on ``data_dir``
and steady cursors; once mounted it opens the session the way the case
screen does (``open_session``), so the tests go through the app's own
contract. The fixed fictional pack and ``make_case`` live in
``tests/session_pack.py``, shared with the model's unit tests.
"""

from __future__ import annotations

from pathlib import Path

from session_pack import make_case, test_framework, write_pack  # noqa: F401  (re-exported for the tests)

import reflect.tui.app
from reflect.core.framework import Framework
from reflect.core.store import Store
from reflect.tui.app import ReflectApp
from reflect.tui.options import AppOptions


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
