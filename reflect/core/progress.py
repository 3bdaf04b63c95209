"""Where a session stands on each step: the one rule the app and the notes share.

A step the user marked keeps that mark (reflected, set aside, not relevant).
An unmarked step with at least one answer counts as reflected; when every
one of its answers is private it is *reflected privately*: the app shows it
as reflected, the record note says it was reflected on with the notes kept
private (never "not discussed"), and the practitioner's note shows it as
reflected. Otherwise the step is not started. These are places the
practitioner has been, never a score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.core.markdown_safe import strip_controls

if TYPE_CHECKING:  # the rule needs only a step's prompts; no import of the framework loader
    from reflect.core.framework import Step
    from reflect.core.models import SessionRecord

REFLECTED = "reflected"
REFLECTED_PRIVATELY = "reflected-privately"
SET_ASIDE = "set-aside"
NOT_RELEVANT = "not-relevant"
NOT_STARTED = ""

#: states in which the practitioner has reflected on the step (with or without private notes only)
REFLECTED_STATES = (REFLECTED, REFLECTED_PRIVATELY)
MARKS = (REFLECTED, SET_ASIDE, NOT_RELEVANT)


def answered(value: Any) -> bool:
    """Whether a stored answer says anything (blank text and empty lists do not).

    Text counts only for what a note would print of it: an answer of nothing but
    control characters or escape sequences is blank here as it is on the page,
    so the app, the note's outline and the note's text can never disagree.
    """
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return _visible(value)
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, str) and _visible(v) for v in value)
    return True


def _visible(text: str) -> bool:
    start = text.lstrip()
    if not start:
        return False
    if start[0].isprintable():  # a visible first character: nothing before it can hide it (the usual case)
        return True
    return bool(strip_controls(text).strip())  # it opens with a control: only the cleaned text can say


def step_state(record: SessionRecord, step: Step) -> str:
    """reflected / reflected-privately / set-aside / not-relevant, or "" for not started."""
    marked = record.status.get(step.id)
    if marked in MARKS:
        return marked
    answered_prompts = [p for p in step.prompts if answered(p.answer_in(record.answers))]
    if not answered_prompts:
        return NOT_STARTED
    if all(p.private for p in answered_prompts):
        return REFLECTED_PRIVATELY
    return REFLECTED


def is_reflected(state: str) -> bool:
    """Whether a state counts as reflected (the app shows both kinds with the same tick)."""
    return state in REFLECTED_STATES
