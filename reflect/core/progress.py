"""Where a session stands on each step: the one rule the app and the notes share.

A step the user marked keeps that mark (reflected, set aside, not relevant);
an unmarked step with at least one answer counts as reflected; otherwise it
is not started. These are places the practitioner has been, never a score.
"""

from __future__ import annotations

from typing import Any

from reflect.core.framework import Step
from reflect.core.models import SessionRecord

REFLECTED, SET_ASIDE, NOT_RELEVANT, NOT_STARTED = "reflected", "set-aside", "not-relevant", ""


def answered(value: Any) -> bool:
    """Whether a stored answer says anything (blank text and empty lists do not)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, str) and v.strip() for v in value)
    return True


def step_state(record: SessionRecord, step: Step) -> str:
    """reflected / set-aside / not-relevant, or "" for not started."""
    marked = record.status.get(step.id)
    if marked:
        return marked
    if any(answered(record.answers.get(p.id)) for p in step.prompts):
        return REFLECTED
    return NOT_STARTED
