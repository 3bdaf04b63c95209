"""Set a workshop's step timer: minutes from 1 to 60, or off."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reflect.tui.dialogs.base import DIALOG_CSS
from reflect.tui.widgets.workshop_timer import DEFAULT_MINUTES

MIN_MINUTES = 1
MAX_MINUTES = 60


def parse_minutes(text: str) -> int | None:
    """Minutes from 1 to 60, or None when the text is not one of them."""
    text = text.strip()
    if not text.isdigit():
        return None
    minutes = int(text)
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None


class TimerDialog(ModalScreen[int | None]):
    """Set the step timer: minutes from 1 to 60, or off.

    Dismisses with the minutes, 0 for "turn it off", or None when cancelled.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="TimerDialog")
        + """
    TimerDialog > Vertical { width: 60; }
    TimerDialog #minutes { width: 12; padding: 0 1; }
    """
    )

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
            yield Input(str(self.minutes), id="minutes", type="integer", max_length=2, compact=True, restrict=r"[0-9]*")
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
                f"Please give a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}."
            )
            self.query_one("#minutes", Input).focus()
            return
        self.dismiss(minutes)

    @on(Button.Pressed, "#off")
    def _off(self) -> None:
        self.dismiss(0)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
