"""What an intent changed, so the screen redraws that and nothing else.

Every intent of :class:`~reflect.core.session.model.SessionModel` returns one
``Change``. The screen reads it in one place (its ``_apply``): the steps whose
state or flags to redraw in the list of steps and the head, whether the
actions or the summary's line changed, which prompt cards show another flag,
and whether another copy of reflect had saved the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reflect.core.session.steps import ACTIONS_STEP, SUMMARY_STEP


@dataclass(frozen=True)
class Conflict:
    """Another copy of reflect saved this answer since this copy read it.

    This copy's answer was kept (the later save wins); ``other`` is what the
    other copy had saved, so the user can see it and add it to theirs.
    """

    prompt_id: str
    other: Any


@dataclass(frozen=True)
class Change:
    #: principles and tracks whose state or flag count may have changed
    steps: tuple[str, ...] = ()
    #: prompts whose "bring to supervision" flag changed
    flags: tuple[str, ...] = ()
    #: this session's actions (the list, its line in the steps, the review count)
    actions: bool = False
    #: the summary fields' line in the steps ("2 of 3 written")
    summary: bool = False
    conflict: Conflict | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines of the list of steps to redraw: principles and tracks, then "actions", "summary"."""
        return (*self.steps, *((ACTIONS_STEP,) if self.actions else ()), *((SUMMARY_STEP,) if self.summary else ()))


#: nothing to redraw
NOTHING = Change()
