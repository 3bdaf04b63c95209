"""Mark a step: reflected on, set aside (with a reason), not relevant, or no mark.

Choosing a mark is enough; "set aside" first asks why (the reason goes into
the note). Escape leaves the step as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from reflect.core.framework import Step
from reflect.core.models import SessionRecord
from reflect.core.progress import NOT_RELEVANT, NOT_STARTED, REFLECTED, SET_ASIDE
from reflect.tui.dialogs.base import DIALOG_CSS
from reflect.tui.widgets.editors import MarkedRadioSet
from reflect.tui.widgets.marked_toggle import MarkedRadio


@dataclass
class StepMark:
    status: str  # reflected | set-aside | not-relevant | "" (no mark)
    reason: str = ""


class StepStatusDialog(ModalScreen[StepMark | None]):
    """Reflected / set aside (with a reason) / not relevant / no mark."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="StepStatusDialog")
        + """
    StepStatusDialog RadioSet { width: 1fr; }
    StepStatusDialog #reason { margin-top: 0; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    HELP = "Choose with the arrow keys and Enter (or a click). Escape leaves it as it was."

    CHOICES = (
        (REFLECTED, "Reflected on"),
        (SET_ASIDE, "Set aside for now (say why)"),
        (NOT_RELEVANT, "Not relevant to this case"),
        (NOT_STARTED, "No mark (counts as reflected once answered)"),
    )

    def __init__(self, title: str, status: str, reason: str = "", *, set_aside: bool = False) -> None:
        super().__init__()
        self.step_title = title
        self.status = SET_ASIDE if set_aside else status
        self.reason = reason

    @classmethod
    def for_step(cls, step: Step, record: SessionRecord) -> StepStatusDialog:
        """The dialog for a step, with its mark (and the reason it was set aside) as the session holds them."""
        return cls(step.short_title, record.status.get(step.id, ""), record.set_aside_reasons.get(step.id, ""))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Mark this step: {self.step_title}", classes="modal-title", markup=False)
            yield Static(self.HELP, classes="modal-help")
            with MarkedRadioSet(id="status"):
                for value, label in self.CHOICES:
                    yield MarkedRadio(label, value=(value == self.status), name=value)
            yield Label("Why is it set aside? (goes into the note)", id="reason-label")
            yield Input(
                self.reason,
                placeholder="e.g. not enough known yet; to discuss with the team",
                id="reason",
                compact=True,
            )
            yield Static("", classes="modal-message", id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._sync_reason()
        if self.status == SET_ASIDE:
            self.query_one("#reason", Input).focus()
        else:
            self.query_one(RadioSet).focus()

    def _chosen(self) -> str | None:
        button = self.query_one(RadioSet).pressed_button
        return button.name if button is not None else None

    def _sync_reason(self) -> None:
        shown = self._chosen() == SET_ASIDE
        self.query_one("#reason").display = shown
        self.query_one("#reason-label").display = shown

    @on(RadioSet.Changed)
    def _changed(self) -> None:
        """Choosing a mark is enough; "set aside" first asks why."""
        self._sync_reason()
        self.query_one("#message", Static).update("")
        if self._chosen() == SET_ASIDE:
            self.query_one("#reason", Input).focus()
        else:
            self._save()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            self.query_one("#message", Static).update("Choose one of the marks above.")
            return
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if chosen == SET_ASIDE and not reason:
            self.query_one("#message", Static).update("Say briefly why it is set aside: it helps the next session.")
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(StepMark(chosen, reason if chosen == SET_ASIDE else ""))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
