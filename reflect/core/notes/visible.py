"""The records as a note will print them: every user string with its control characters gone.

A note first decides what to show (is there an answer, is this field blank,
does this action name someone) and then prints the text through the filters
of :mod:`reflect.core.markdown_safe`, which drop control characters and
terminal escape sequences. Deciding on the raw text and printing the cleaned
text disagree for an answer that is nothing but such characters: it was judged
present and printed as nothing, so the note grew an empty item, or lost a
list, where the outline expects otherwise. Cleaning every user string once,
before the note looks at it, makes the deciding and the printing see the same
words. The store still keeps what the user typed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reflect.core import markdown_safe as md
from reflect.core.models import Case, SessionRecord


def visible_text(text: str) -> str:
    """The text a note prints: controls and escape sequences removed; "" when nothing visible is left."""
    cleaned = md.clean(text)
    return cleaned if cleaned.strip() else ""


def visible_value(value: Any) -> Any:
    """An answer or a context value with its text cleaned (numbers and flags as they are)."""
    if isinstance(value, str):
        return visible_text(value)
    if isinstance(value, list):
        return [visible_text(v) if isinstance(v, str) else v for v in value]
    return value


def visible_record(record: SessionRecord) -> SessionRecord:
    """A session's answers, reasons, summary fields and actions as a note prints them."""
    return replace(
        record,
        answers={key: visible_value(value) for key, value in record.answers.items()},
        set_aside_reasons={key: visible_text(str(text)) for key, text in record.set_aside_reasons.items()},
        summary={key: visible_text(str(text)) for key, text in record.summary.items()},
        actions=[replace(a, what=visible_text(a.what), who=visible_text(a.who)) for a in record.actions],
    )


def visible_case(case: Case) -> Case:
    """A case's context (age band, harms, areas) as a note prints it; the label is checked when it is made."""
    context = case.context if isinstance(case.context, dict) else {}
    return replace(case, context={key: visible_value(value) for key, value in context.items()})
