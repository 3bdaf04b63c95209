"""A workshop's step timer: a calm countdown the facilitator sets, and its dialog.

The timer only ever informs. At zero it says that time is up and leaves the
group where it is: it never moves to another step, never sounds, never
takes the keyboard. The session stops it when the facilitator moves on.
"""

from __future__ import annotations

import time
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Static

from reflect.tui.widgets.dialogs import DIALOG_CSS

MIN_MINUTES = 1
MAX_MINUTES = 60
DEFAULT_MINUTES = 5
TIME_UP = "Time is up — carry on when ready."
TIME_UP_SHORT = "Time is up."  # when the line is too narrow for the whole sentence
IDLE = "Workshop session"


def left_text(seconds: float) -> str:
    """``"4:32 left on this step"``; whole seconds, rounded up so 0:00 only shows at the end."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d} left on this step"


def parse_minutes(text: str) -> int | None:
    """Minutes from 1 to 60, or None when the text is not one of them."""
    text = text.strip()
    if not text.isdigit():
        return None
    minutes = int(text)
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None


class StepTimer(Static):
    """"4:32 left on this step", in the workshop bar above the step.

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

    def __init__(self, clock: Callable[[], float] = time.monotonic, **kwargs) -> None:
        super().__init__(IDLE, markup=False, **kwargs)
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


class TimerDialog(ModalScreen[int | None]):
    """Set the step timer: minutes from 1 to 60, or off.

    Dismisses with the minutes, 0 for "turn it off", or None when cancelled.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="TimerDialog") + """
    TimerDialog > Vertical { width: 60; }
    TimerDialog #minutes { width: 12; padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without changing the timer")]

    def __init__(self, minutes: int = DEFAULT_MINUTES, running: bool = False) -> None:
        super().__init__()
        self.minutes = minutes
        self.running = running

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Step timer", classes="modal-title")
            yield Static(
                "A quiet countdown for this step, shown at the top of the screen. When it ends it "
                "only says so: the group carries on until you move on. Moving to another step stops it.",
                classes="modal-help",
            )
            yield Label("Minutes (1 to 60):", id="minutes-label")
            yield Input(str(self.minutes), id="minutes", type="integer", max_length=2, compact=True,
                        restrict=r"[0-9]*")
            yield Static("", classes="modal-message", id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button("Start", variant="primary", id="start", compact=True)
                if self.running:
                    yield Button("Turn off", id="off", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#minutes", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#minutes")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        minutes = parse_minutes(self.query_one("#minutes", Input).value)
        if minutes is None:
            self.query_one("#message", Static).update(
                f"Please give a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}.")
            self.query_one("#minutes", Input).focus()
            return
        self.dismiss(minutes)

    @on(Button.Pressed, "#off")
    def _off(self) -> None:
        self.dismiss(0)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
