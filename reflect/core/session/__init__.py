"""A session as the app works on it: the model a session screen observes.

``SessionModel.open(store, framework, session_id)`` holds the session, its
case, the preparation a supervision shows and the earlier actions it
reviews; its intents write through the store in one transaction each and
return a ``Change``. The rules live here or below (``progress``, the store),
never in a screen, so the app, the summary and the notes cannot drift apart.

The package's modules, one job each: ``model`` (the model and its intents),
``changes`` (what an intent changed), ``steps`` (the list of steps),
``prompts`` (which prompts a step shows, in what order, under which
headings), ``preparation`` (the preparation beside a supervision),
``review`` (which earlier actions a session reviews) and ``overview`` (what
a session covered, and the texts it holds).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.core.session.changes import NOTHING, Change, Conflict
    from reflect.core.session.model import SessionModel
    from reflect.core.session.overview import WrittenText, state_text
    from reflect.core.session.prompts import PromptItem, format_answer, group_heading, ordered_prompts, step_flags
    from reflect.core.session.review import Review
    from reflect.core.session.steps import ACTIONS_STEP, SUMMARY_STEP, StepLine

# Each name is imported from its module when first asked for, not when the package is: a note
# needs only ``focus`` and ``since_last``, and must not pay for the model and its intents.
_HOME = {
    "NOTHING": "changes",
    "Change": "changes",
    "Conflict": "changes",
    "SessionModel": "model",
    "WrittenText": "overview",
    "state_text": "overview",
    "PromptItem": "prompts",
    "format_answer": "prompts",
    "group_heading": "prompts",
    "ordered_prompts": "prompts",
    "step_flags": "prompts",
    "Review": "review",
    "ACTIONS_STEP": "steps",
    "SUMMARY_STEP": "steps",
    "StepLine": "steps",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ACTIONS_STEP",
    "NOTHING",
    "SUMMARY_STEP",
    "Change",
    "Conflict",
    "PromptItem",
    "Review",
    "SessionModel",
    "StepLine",
    "WrittenText",
    "format_answer",
    "group_heading",
    "ordered_prompts",
    "state_text",
    "step_flags",
]
