"""Small dialogs: mark a step, add or edit an action, see another copy's text.

Each is a modal screen: Escape cancels, Enter (or the first button) saves,
and nothing changes until the user says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static, TextArea

from reflect.tui.widgets.editors import MarkedRadio, MarkedRadioSet
from reflect.tui.widgets.status import NOT_RELEVANT, NOT_STARTED, REFLECTED, SET_ASIDE

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .modal-title {{ text-style: bold; margin-bottom: 1; }}
{name} .modal-help {{ color: $text-muted; }}
{name} .modal-message {{ color: $warning; height: auto; min-height: 1; }}
{name} .modal-buttons {{ height: auto; margin-top: 1; align-horizontal: right; }}
{name} .modal-buttons Button {{ margin-left: 1; }}
{name} Label {{ margin-top: 1; }}
{name} Input {{ border: none; background: $boost; padding: 0 1; }}
{name} Input:focus {{ background: $boost; text-style: none; outline-left: thick $primary; }}
"""


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` (or blank) as ISO text; None when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- marking a step


@dataclass
class StepMark:
    status: str  # reflected | set-aside | not-relevant | "" (no mark)
    reason: str = ""


class StepStatusDialog(ModalScreen[StepMark | None]):
    """Reflected / set aside (with a reason) / not relevant / no mark."""

    DEFAULT_CSS = DIALOG_CSS.format(name="StepStatusDialog") + """
    StepStatusDialog RadioSet { width: 1fr; }
    StepStatusDialog #reason { margin-top: 0; }
    """
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

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Mark this step: {self.step_title}", classes="modal-title", markup=False)
            yield Static(self.HELP, classes="modal-help")
            with MarkedRadioSet(id="status"):
                for value, label in self.CHOICES:
                    yield MarkedRadio(label, value=(value == self.status), name=value)
            yield Label("Why is it set aside? (goes into the note)", id="reason-label")
            yield Input(self.reason, placeholder="e.g. not enough known yet; to discuss with the team", id="reason", compact=True)
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


# --------------------------------------------------------------------------- actions


@dataclass
class ActionFields:
    what: str
    who: str
    by: str
    done: bool = False
    remove: bool = False


class ActionDialog(ModalScreen[ActionFields | None]):
    """What will be done, who will do it, by when (YYYY-MM-DD, optional)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ActionDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str = "New action", what: str = "", who: str = "", by: str = "",
                 done: bool | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.fields = ActionFields(what, who, by, bool(done))
        self.show_done = done is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.dialog_title, classes="modal-title", markup=False)
            yield Label("What will be done")
            yield Input(self.fields.what, placeholder="e.g. ask school about a named contact", id="what", compact=True)
            yield Label("Who will do it")
            yield Input(self.fields.who, placeholder="a role, e.g. social worker", id="who", compact=True)
            yield Label("By when (YYYY-MM-DD, optional)")
            yield Input(self.fields.by, placeholder="e.g. 2026-12-01", id="by", compact=True)
            if self.show_done:
                yield Checkbox("Done", self.fields.done, id="done")
            yield Static("", classes="modal-message", id="message")
            with Horizontal(classes="modal-buttons"):
                if self.show_done:
                    yield Button("Remove action", variant="error", id="remove", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        button = self.query_one("#remove", Button)
        if str(button.label) != "Yes, remove it":
            button.label = "Yes, remove it"
            self.query_one("#message", Static).update("Press again to remove this action for good.")
            return
        self.dismiss(ActionFields(self.fields.what, self.fields.who, self.fields.by, remove=True))

    @on(Input.Changed, "#by")
    def _check_date(self, event: Input.Changed) -> None:
        message = self.query_one("#message", Static)
        value = event.value.strip()
        if value and parse_date(value) is None and len(value) >= 10:
            message.update("That is not a date yet: use year-month-day, e.g. 2026-12-01.")
        else:
            message.update("")

    @on(Input.Submitted, "#what")
    def _next_who(self) -> None:
        self.query_one("#who", Input).focus()

    @on(Input.Submitted, "#who")
    def _next_by(self) -> None:
        self.query_one("#by", Input).focus()

    @on(Input.Submitted, "#by")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        message = self.query_one("#message", Static)
        what = " ".join(self.query_one("#what", Input).value.split())
        if not what:
            message.update("Say what will be done.")
            self.query_one("#what", Input).focus()
            return
        by = parse_date(self.query_one("#by", Input).value)
        if by is None:
            message.update("The date needs to be year-month-day, e.g. 2026-12-01 (or leave it blank).")
            self.query_one("#by", Input).focus()
            return
        who = " ".join(self.query_one("#who", Input).value.split())
        done = self.query_one("#done", Checkbox).value if self.show_done else False
        self.dismiss(ActionFields(what, who, by, done))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- another copy's text


class ConflictDialog(ModalScreen[str | None]):
    """The text another copy of reflect saved for this answer (read-only, copyable)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConflictDialog") + """
    ConflictDialog TextArea { height: auto; min-height: 4; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, other: Any) -> None:
        super().__init__()
        if isinstance(other, list):
            self.other = "\n".join(str(v) for v in other)
        else:
            self.other = "" if other is None else str(other)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("The other copy's text", classes="modal-title")
            yield Static(
                "Another copy of reflect saved this for the same answer. Your text was kept. "
                "You can copy from here, or add it below yours.",
                classes="modal-help",
            )
            yield TextArea(self.other or "(it had cleared the answer)", read_only=True, soft_wrap=True, id="other")
            with Horizontal(classes="modal-buttons"):
                yield Button("Add it below mine", id="append", disabled=not self.other, compact=True)
                yield Button("Close", variant="primary", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#append")
    def _append(self) -> None:
        self.dismiss("append")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
