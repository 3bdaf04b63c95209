"""A workshop's step timer: a calm countdown the facilitator sets (its dialog is ``dialogs/timer.py``).

The timer only ever informs. At zero it says that time is up and leaves the
group where it is: it never moves to another step, never sounds, never
takes the keyboard. The session stops it when the facilitator moves on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

DEFAULT_MINUTES = 5
TIME_UP = "Time is up — carry on when ready."
TIME_UP_SHORT = "Time is up."  # when the line is too narrow for the whole sentence
IDLE = "Workshop session"


def left_text(seconds: float) -> str:
    """``"4:32 left on this step"``; whole seconds, rounded up so 0:00 only shows at the end."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d} left on this step"


class StepTimer(Static):
    """ "4:32 left on this step", in the workshop bar above the step.

    "Workshop session" while no timer is set. ``tick()`` redraws it from the clock (once
    a second while it runs); tests may call it with their own ``now``.
    """

    DEFAULT_CSS = """
    StepTimer { height: 1; width: 1fr; color: $text; }
    StepTimer.-idle { color: $text-muted; }
    StepTimer.-up { color: $text-accent; text-style: bold; }
    """

    class TimeUp(Message):
        """The countdown reached zero (sent once per timer)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, *, id: str | None = None) -> None:
        super().__init__(IDLE, markup=False, id=id)
        self.add_class("-idle")
        self.clock = clock
        self.deadline: float | None = None
        self.minutes = 0
        self.step_id = ""
        self.is_up = False
        self._interval: Timer | None = None

    @property
    def running(self) -> bool:
        return self.deadline is not None

    def remaining(self, now: float | None = None) -> float:
        if self.deadline is None:
            return 0.0
        return max(0.0, self.deadline - (self.clock() if now is None else now))

    def start(self, minutes: int, step_id: str = "", *, seconds: float | None = None) -> None:
        """Count down ``minutes`` (or, for tests, ``seconds``) for ``step_id``."""
        self.stop()
        self.minutes = minutes
        self.step_id = step_id
        self.deadline = self.clock() + (seconds if seconds is not None else minutes * 60)
        self.is_up = False
        self.remove_class("-up", "-idle")
        self._interval = self.set_interval(1.0, self.tick, name="step-timer")
        self.tick()

    def stop(self) -> None:
        if self._interval is not None:
            self._interval.stop()
            self._interval = None
        self.deadline = None
        self.step_id = ""
        self.is_up = False
        self.remove_class("-up")
        self.add_class("-idle")
        self.update(IDLE, layout=False)

    def tick(self, now: float | None = None) -> None:
        """Redraw from the clock; at zero say so, once, and stop counting."""
        if self.deadline is None:
            return
        left = self.remaining(now)
        if left <= 0:
            if not self.is_up:
                self.is_up = True
                self.add_class("-up")
                if self._interval is not None:
                    self._interval.stop()
                    self._interval = None
                self.post_message(self.TimeUp())
            narrow = 0 < self.content_region.width < len(TIME_UP)
            self.update(TIME_UP_SHORT if narrow else TIME_UP, layout=False)
            return
        self.update(left_text(left), layout=False)

    @property
    def text(self) -> str:
        """What the line says now, as plain text (for tests and screen readers)."""
        return str(self.render()).strip()
