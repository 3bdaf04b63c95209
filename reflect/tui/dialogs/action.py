"""Add or edit an action: what will be done, who will do it, by when, and whether the family sees it.

A date is day/month/year (or ISO year-month-day, or blank); a wrong one gets one calm line
and nothing is saved. The box "Share with the young person / family" is off
until the worker ticks it: the family note lists only the actions ticked.
Editing offers "done" and, after a second press, removing the action.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from reflect.core.errors import ReflectError
from reflect.core.models import Action
from reflect.core.validate import check_date
from reflect.core.words import SHARE_LABEL
from reflect.tui.dialogs.base import DIALOG_CSS
from reflect.tui.widgets.marked_toggle import MarkedCheckbox

#: what the box means, under it: off, the family note leaves the action out
SHARE_HINT = "Ticked: the family note lists it. Not ticked: the family note leaves it out (the record keeps it)."


def parse_date(text: str) -> str | None:
    """``DD/MM/YYYY`` or ``YYYY-MM-DD`` (or blank) as ISO text; None when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    try:
        return check_date(text)
    except ReflectError:
        return None


@dataclass
class ActionFields:
    what: str
    who: str
    by: str
    done: bool = False
    remove: bool = False
    #: shared with the young person / family (their note lists it)
    shared: bool = False


class ActionDialog(ModalScreen[ActionFields | None]):
    """What will be done, who will do it, by when (DD/MM/YYYY or YYYY-MM-DD, optional)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ActionDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str = "New action",
        what: str = "",
        who: str = "",
        by: str = "",
        done: bool | None = None,
        shared: bool = False,
    ) -> None:
        super().__init__()
        self.dialog_title = title
        self.fields = ActionFields(what, who, by, bool(done), shared=shared)
        self.show_done = done is not None

    @classmethod
    def for_action(cls, action: Action | None) -> ActionDialog:
        """A new action (None), or an earlier one to edit, mark done or remove."""
        if action is None:
            return cls("New action")
        return cls("Edit action", action.what, action.who, action.by, action.done, action.shared)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.dialog_title, classes="modal-title", markup=False)
            yield Label("What will be done")
            yield Input(self.fields.what, placeholder="e.g. ask school about a named contact", id="what", compact=True)
            yield Label("Who will do it")
            yield Input(self.fields.who, placeholder="a role, e.g. social worker", id="who", compact=True)
            yield Label("By when (DD/MM/YYYY, optional)")
            yield Input(self.fields.by, placeholder="e.g. 01/12/2026", id="by", compact=True)
            yield MarkedCheckbox(SHARE_LABEL, self.fields.shared, id="shared")
            yield Static(SHARE_HINT, classes="modal-help", markup=False)
            if self.show_done:
                yield MarkedCheckbox("Done", self.fields.done, id="done")
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
            message.update("That is not a date yet: use day/month/year, e.g. 01/12/2026.")
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
            message.update("The date needs to be day/month/year, e.g. 01/12/2026 (or leave it blank).")
            self.query_one("#by", Input).focus()
            return
        who = " ".join(self.query_one("#who", Input).value.split())
        done = self.query_one("#done", Checkbox).value if self.show_done else False
        self.dismiss(ActionFields(what, who, by, done, shared=self.query_one("#shared", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
