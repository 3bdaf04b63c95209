"""Actions: what will be done, who will do it, by when.

``ActionList`` holds this session's actions (Enter edits, Space marks done, f shares
it with the young person / family or stops sharing it: said in words on its line);
``ReviewList`` holds the actions of earlier sessions that this session reviews:
done, not done, or carried forward into this session.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from reflect.core.models import Action
from reflect.core.words import SHARED_MARK
from reflect.tui.widgets.editors import MarkedRadioSet
from reflect.tui.widgets.marked_toggle import MarkedRadio

REVIEW_CHOICES = (("done", "done"), ("not-done", "not done"), ("carried-forward", "carry forward"))


def action_line(action: Action) -> str:
    """'what — who, by 2026-12-01 (shared with family)' in plain words."""
    details = []
    if action.who:
        details.append(action.who)
    if action.by:
        details.append(f"by {action.by}")
    tail = f" — {', '.join(details)}" if details else ""
    marks = [m for m, on in (("carried forward", action.carried_from), (SHARED_MARK, action.shared)) if on]
    return f"{action.what}{tail}" + (f" ({'; '.join(marks)})" if marks else "")


class ActionList(OptionList):
    """This session's actions. Enter: edit; Space: done / not done; f: shared with the family or not; a: add."""

    DEFAULT_CSS = """
    ActionList { height: auto; max-height: 16; }
    """

    BINDINGS = [
        Binding("enter", "edit", "Edit action", show=False),
        Binding("space,x", "toggle_done", "Done / not done", show=False),
        Binding("f", "toggle_shared", "Share with family / not", show=False),
        Binding("a,plus", "add", "Add action", show=False),
    ]

    class EditRequested(Message):
        def __init__(self, action: Action | None) -> None:
            super().__init__()
            self.action = action

    class DoneToggled(Message):
        def __init__(self, action: Action) -> None:
            super().__init__()
            self.action = action

    class ShareToggled(Message):
        """Share the action with the young person / family, or stop sharing it."""

        def __init__(self, action: Action) -> None:
            super().__init__()
            self.action = action

    def __init__(self, actions: list[Action], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.actions: list[Action] = []
        self.show_actions(actions)

    def show_actions(self, actions: list[Action]) -> None:
        keep = self.highlighted
        self.actions = list(actions)
        if not actions:
            self.set_options([Option("No actions yet. Press a (or F8) to add one.", id="none", disabled=True)])
            return
        self.set_options([Option(self._prompt(a), id=f"action-{a.id}") for a in actions])
        if keep is not None:
            self.highlighted = min(keep, len(actions) - 1)

    @staticmethod
    def _prompt(action: Action) -> Content:
        box = ("☑ done   ", "bold") if action.done else ("☐ to do  ", "")
        return Content.assemble(box, action_line(action))

    def _current(self) -> Action | None:
        if self.highlighted is None or not self.actions:
            return None
        return self.actions[self.highlighted] if self.highlighted < len(self.actions) else None

    def action_edit(self) -> None:
        action = self._current()
        if action is not None:
            self.post_message(self.EditRequested(action))

    def action_add(self) -> None:
        self.post_message(self.EditRequested(None))

    def action_toggle_done(self) -> None:
        action = self._current()
        if action is not None:
            self.post_message(self.DoneToggled(action))

    def action_toggle_shared(self) -> None:
        action = self._current()
        if action is not None:
            self.post_message(self.ShareToggled(action))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()


class ReviewItem(Vertical):
    """One earlier action and how this session found it."""

    DEFAULT_CSS = """
    ReviewItem { height: auto; margin-bottom: 1; }
    ReviewItem > Static { height: auto; }
    ReviewItem > RadioSet { layout: horizontal; width: auto; border: none; padding: 0; }
    ReviewItem > RadioSet:focus { border: none; }
    ReviewItem > RadioSet > RadioButton { width: auto; margin-right: 2; }
    """

    class Reviewed(Message):
        def __init__(self, action: Action, review: str) -> None:
            super().__init__()
            self.action = action
            self.review = review

    def __init__(self, action: Action, session_date: str = "") -> None:
        super().__init__()
        self.action = action
        self.session_date = session_date

    def compose(self) -> ComposeResult:
        when = f" (from {self.session_date})" if self.session_date else ""
        yield Static(f"• {action_line(self.action)}{when}", markup=False)
        with MarkedRadioSet():
            for value, label in REVIEW_CHOICES:
                yield MarkedRadio(label, value=(self.action.review == value), name=value)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        name = event.pressed.name or ""
        if name and name != self.action.review:
            self.post_message(self.Reviewed(self.action, name))
