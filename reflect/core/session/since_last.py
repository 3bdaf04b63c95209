"""What changed since last time: a step-by-step look at two sessions on a case.

The case screen shows, for each step, what was said in the last session
beside the one before it, and the actions agreed then with how they went;
a supervision note opens with the same look back at the last supervision.
Pure code on two records; private answers are left out unless asked for
(the case screen and the record note never show them).
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.core.framework import Framework, Step
from reflect.core.models import Action, SessionRecord
from reflect.core.progress import answered, step_state
from reflect.core.session.prompts import format_answer
from reflect.core.words import NOTE_STATE_LABELS, REVIEW_LABELS


@dataclass(frozen=True)
class StepThenNow:
    """One step: where it stood and what was said then, and now."""

    step_id: str
    title: str
    state_then: str
    state_now: str
    then: tuple[str, ...]
    now: tuple[str, ...]


@dataclass(frozen=True)
class ActionOutcome:
    """An action agreed last time and how it went (its review, or "not yet reviewed")."""

    what: str
    who: str
    by: str
    outcome: str
    outcome_label: str


@dataclass(frozen=True)
class SinceLast:
    date: str
    mode: str
    steps: tuple[StepThenNow, ...]
    actions: tuple[ActionOutcome, ...]


def _said(step: Step, record: SessionRecord | None, private: bool) -> tuple[str, ...]:
    if record is None:
        return ()
    texts = []
    for prompt in step.prompts:
        value = prompt.answer_in(record.answers)
        if answered(value) and (private or not prompt.private):
            texts.append(" ".join(format_answer(prompt, value).split()))
    return tuple(texts)


def outcome_of(action: Action) -> ActionOutcome:
    review = action.review if action.review in REVIEW_LABELS else ""
    if not review and action.done:
        review = "done"
    return ActionOutcome(action.what, action.who, action.by, review, REVIEW_LABELS[review])


def since_last(
    framework: Framework, last: SessionRecord, current: SessionRecord | None = None, *, private: bool = False
) -> SinceLast:
    """The steps either session said something on (in the framework's order), and last time's actions.

    ``current`` None: only what was said last time. A step neither session
    said anything on (or only privately, when ``private`` is false) is left
    out, so the look back stays short.
    """
    rows = []
    for step in framework.steps:
        then, now = _said(step, last, private), _said(step, current, private)
        if not (then or now):
            continue
        rows.append(
            StepThenNow(
                step.id,
                step.short_title,
                NOTE_STATE_LABELS.get(step_state(last, step), ""),
                NOTE_STATE_LABELS.get(step_state(current, step), "") if current is not None else "",
                then,
                now,
            )
        )
    return SinceLast(last.date, last.mode, tuple(rows), tuple(outcome_of(a) for a in last.actions))
