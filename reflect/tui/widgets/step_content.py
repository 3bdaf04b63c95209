"""What each step of a session shows, built from the session model.

A principle or track: the preparation a supervision shows (what the
practitioner wants to bring, and their answers to questions it does not
ask), then its prompts under their group headings. The actions: the earlier
actions this session reviews, then its own. The summary: the closing
questions. Every step ends with where to go next. The screen decides how a
card is made (a workshop labels its answers the group's), so it passes
``card_for``.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Static

from reflect.core.framework import Prompt, Step, SummaryField
from reflect.core.session import SessionModel
from reflect.core.words import short_date
from reflect.tui.widgets.actions import ActionList, ReviewItem, action_line
from reflect.tui.widgets.prompt_card import PromptCard, SummaryCard
from reflect.tui.widgets.step_head import GroupHeading


def prompt_step(model: SessionModel, step: Step, card_for: Callable[[Prompt, int, int], PromptCard]) -> list[Widget]:
    items = model.prompts(step)
    first = step is model.steps[0]
    prep = [model.prep_overview() if first else "", model.prep_not_asked(step)]
    widgets: list[Widget] = [Static(text, classes="prep-block", markup=False) for text in prep if text]
    if model.focus is not None and model.focus.reasons.get(step.id):
        widgets.append(Static(f"Chosen for today: {model.focus.reasons[step.id]}", classes="step-note", markup=False))
    if not items:
        widgets.append(
            Static(
                f"There are no questions for this step in a {model.mode} session. You can still mark it (F5).",
                classes="step-note",
                markup=False,
            )
        )
    for index, item in enumerate(items, start=1):
        if item.heading:
            widgets.append(GroupHeading(item.heading, markup=False))
        if item.move_heading:
            widgets.append(GroupHeading(item.move_heading, classes="-move", markup=False))
        widgets.append(card_for(item.prompt, index, len(items)))
    if model.has_deeper(step):
        widgets.append(deeper_toggle(model, step))
    return widgets


def deeper_toggle(model: SessionModel, step: Step) -> Widget:
    """Today's focus asks the core questions; the deeper ones are one key (ctrl+r) away, answered ones stay."""
    hidden = model.deeper_hidden(step)
    if step.id in model.deeper_shown:
        text = "Deeper questions shown. ctrl+r (or [@click=screen.toggle_deeper]hide them[/]) keeps to the core ones."
    elif hidden:
        plural = "s" if hidden != 1 else ""
        text = f"{hidden} deeper question{plural} for this step: ctrl+r (or [@click=screen.toggle_deeper]show them[/])"
    else:
        text = "Every deeper question here is answered, so all are shown."
    return Static(text, classes="step-note deeper-toggle", id="deeper-toggle")


def summary_step(model: SessionModel, card_for: Callable[[SummaryField, int, int], SummaryCard]) -> list[Widget]:
    fields = model.summary_fields()
    prep = model.prep_summary()
    widgets: list[Widget] = [Static(prep, classes="prep-block", markup=False)] if prep else []
    if not fields:
        widgets.append(Static("There are no summary fields in this mode.", classes="step-note"))
    widgets += [card_for(field, index, len(fields)) for index, field in enumerate(fields, start=1)]
    return widgets


def actions_step(model: SessionModel) -> list[Widget]:
    widgets: list[Widget] = []
    if model.review and model.mode == "supervision":
        widgets.append(Static("Actions from earlier sessions: how did they go?", classes="part-title"))
        items = [ReviewItem(r.action, short_date(r.session_date)) for r in model.review]
        widgets.append(Vertical(*items, classes="actions-box"))
    elif model.review:
        widgets.append(Static("Actions still open from earlier sessions", classes="part-title"))
        lines = [f"• {action_line(r.action)} (from {short_date(r.session_date)})" for r in model.review]
        widgets.append(Static("\n".join(lines), classes="actions-box", markup=False))
    widgets.append(Static("Actions agreed in this session: what, who, by when", classes="part-title"))
    widgets.append(
        Static(
            "Enter edits the highlighted action, Space marks it done, f shares it with the family "
            "(or stops sharing it), a (or F8) adds one.",
            classes="step-note",
            markup=False,
        )
    )
    widgets.append(ActionList(model.record.actions, id="action-list", classes="actions-box"))
    widgets.append(
        Horizontal(
            Button("Add action (F8)", id="add-action", variant="primary", compact=True),
            classes="actions-buttons actions-box",
        )
    )
    return widgets


def step_end(model: SessionModel, step_id: str) -> Widget:
    """Where to go next, with a link; or, on the last step, to finish."""
    ids = model.step_ids
    index = ids.index(step_id)
    if index + 1 < len(ids):
        step = model.step(ids[index + 1])
        name = step.short_title if step else ids[index + 1].capitalize()
        text = f"Next: {name} — ctrl+n (or [@click=screen.next_step]go on[/])"
    else:
        text = "This is the last step. [@click=screen.finish]Finish and see the note[/] (F9)"
    return Static(text, classes="step-end")
