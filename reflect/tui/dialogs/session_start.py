"""Starting a session: the full walk, or today's focus (up to three steps the app suggests).

A case gets perhaps twenty minutes of a supervision hour. The dialog lists
every principle and track with why the app would take it today (flagged or
set aside last time, an action due, a move being considered, not discussed
for longest); the first three are ticked. Enter starts today's focus with
the ticked steps, f the full walk, Escape neither. The suggestions are the
core's (``reflect.core.session.focus``); this only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static

from reflect.core.framework import Framework
from reflect.core.session.focus import FOCUS_MAX, Suggestion, default_choice
from reflect.tui.dialogs.base import DIALOG_CSS
from reflect.tui.widgets.ticks import TickList


@dataclass(frozen=True)
class SessionStart:
    """What the user chose: ``steps`` None for the full walk, else today's focus."""

    steps: tuple[str, ...] | None = None


class SessionStartDialog(ModalScreen[SessionStart | None]):
    """The full walk or today's focus, for a new session on a case."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="SessionStartDialog")
        + """
    SessionStartDialog > Vertical { width: 96; }
    SessionStartDialog TickList { height: auto; max-height: 14; margin-top: 1; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Start nothing"),
        Binding("f", "full_walk", "Full walk", tooltip="Walk every principle and track"),
        Binding("enter", "enter", "Start focus", priority=True, tooltip="Start today's focus with the ticked steps"),
    ]

    def __init__(self, title: str, framework: Framework, suggestions: list[Suggestion]) -> None:
        super().__init__()
        self.session_title = title
        self.framework = framework
        self.suggestions = suggestions

    def compose(self) -> ComposeResult:
        ticked = set(default_choice(self.suggestions))
        options = []
        for suggestion in self.suggestions:
            step = self.framework.step(suggestion.step_id)
            name = step.short_title if step else suggestion.step_id
            options.append((f"{name} — {suggestion.why}", suggestion.step_id, suggestion.step_id in ticked))
        with Vertical():
            yield Static(self.session_title, classes="modal-title", markup=False)
            yield Static(
                f"Today's focus: tick up to {FOCUS_MAX} steps (space ticks), then Enter. Each step asks its core "
                "questions first; the deeper ones are one key away. Or press f for the full walk.",
                classes="modal-help",
            )
            yield TickList(*options, id="focus-steps")
            yield Static("", classes="modal-message", id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button("Start today's focus (enter)", variant="primary", id="start-focus", compact=True)
                yield Button("Full walk (f)", id="full-walk", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    @property
    def chosen(self) -> list[str]:
        return list(self.query_one(TickList).selected)

    @on(SelectionList.SelectionToggled, "#focus-steps")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        ticks = self.query_one(TickList)
        message = self.query_one("#message", Static)
        if len(ticks.selected) > FOCUS_MAX:
            ticks.deselect(event.selection.value)
            message.update(f"Up to {FOCUS_MAX} steps: untick one first.")
        else:
            message.update("")

    def action_enter(self) -> None:
        """Enter presses the focused button; anywhere else (the list) it starts today's focus."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
        else:
            self.action_start_focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start-focus":
            self.action_start_focus()
        elif event.button.id == "full-walk":
            self.action_full_walk()
        else:
            self.action_cancel()

    def action_start_focus(self) -> None:
        chosen = self.chosen
        if not chosen:
            self.query_one("#message", Static).update("Tick at least one step, or press f for the full walk.")
            return
        order = [s.step_id for s in self.suggestions]
        self.dismiss(SessionStart(tuple(sorted(chosen, key=order.index))))

    def action_full_walk(self) -> None:
        self.dismiss(SessionStart(None))

    def action_cancel(self) -> None:
        self.dismiss(None)
