"""What the app is opened with: one frozen record instead of attributes read by name.

Screens never ask the app for a setting by string; they receive what they
use, or read ``app.options`` through the typed accessor in ``reflect.tui.typed``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class AppOptions:
    #: the built-in fictional case in a temporary store (``reflect demo``)
    demo: bool = False
    #: open this case on start
    open_case: int | None = None
    #: "workshop": open ``open_case`` straight into a new session in this mode (``reflect demo --workshop``)
    start_mode: str | None = None
    #: steady cursors (snapshots, and users who ask for it)
    cursor_blink: bool = True
    #: the text checks under answers (REFLECT_CHECKS=0 turns them off, as the typing benchmark does)
    checks_enabled: bool = True
    #: an encrypted store locks after this many minutes without a key (REFLECT_LOCK_MINUTES; 0 never)
    lock_minutes: float = 10.0

    @classmethod
    def from_environment(
        cls, *, demo: bool = False, open_case: int | None = None, start_mode: str | None = None
    ) -> AppOptions:
        """Options for a run: what was asked for, and what the environment says.

        REFLECT_CURSOR_BLINK=0 gives steady cursors; REFLECT_CHECKS=0 turns the
        text checks off (as the typing benchmark does); REFLECT_LOCK_MINUTES sets
        the idle lock of an encrypted store (0 turns it off).
        """
        return cls(
            demo=demo,
            open_case=open_case,
            start_mode=start_mode,
            cursor_blink=os.environ.get("REFLECT_CURSOR_BLINK", "1") != "0",
            checks_enabled=os.environ.get("REFLECT_CHECKS", "1") != "0",
            lock_minutes=_minutes(os.environ.get("REFLECT_LOCK_MINUTES", "")),
        )


def _minutes(text: str, default: float = 10.0) -> float:
    """A number of minutes from the environment; anything else (or a negative) means the default."""
    try:
        value = float(text)
    except ValueError:
        return default
    return value if value >= 0 and value == value and value != float("inf") else default
