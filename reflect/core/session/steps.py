"""The steps of a session: the principles, the tracks, then the actions and the summary.

The last two are not in the framework: every session ends with what will be
done and its closing questions. ``StepLine`` is one line of the list of
steps as the app shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.core.framework import Framework

ACTIONS_STEP = "actions"
SUMMARY_STEP = "summary"


@dataclass(frozen=True)
class StepLine:
    """A step in the list: where it stands (principles and tracks) or a short note (actions, summary)."""

    id: str
    kind: str  # principle | track | actions | summary
    number: int
    title: str
    state: str = ""
    flags: int = 0
    note: str = ""


def step_ids(framework: Framework) -> list[str]:
    return [s.id for s in framework.steps] + [ACTIONS_STEP, SUMMARY_STEP]
