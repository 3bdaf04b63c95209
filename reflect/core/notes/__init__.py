"""Notes: a session written out as Markdown through a Jinja2 template.

The package is split by job, so each can be read (and changed) alone:

``contract``    what a template sees, as types: the promise to template authors
``audience``    who a note is for: record, practitioner or family
``context``     the view model: a session's records turned into that contract
``safeguards``  every piece of user text the note shows, scanned for
                identifying details and blaming language
``render``      the Jinja2 sandbox, finding a template by name or path, and
                every template error as one ``file:line: message``
``case_note``   a note from the store (:func:`render_case_note`) or from
                records alone (:func:`render_note`)
``samples``     ``reflect check``'s template self-check, on made-up sessions

The core never imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.core.notes.audience import AUDIENCES, FAMILY, PRACTITIONER, RECORD, audience_of
from reflect.core.notes.case_note import render_case_note, render_note
from reflect.core.notes.context import build_context
from reflect.core.notes.render import BUILTIN_TEMPLATES, template_for
from reflect.core.notes.safeguards import clear_caches
from reflect.core.notes.samples import check_templates

if TYPE_CHECKING:
    from reflect.core.notes.contract import CELL_LIMIT, NoteContext


def __getattr__(name: str) -> Any:
    """The contract's names, imported when asked for: defining its types is work a note does not need."""
    if name in ("CELL_LIMIT", "NoteContext"):
        from reflect.core.notes import contract

        return getattr(contract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AUDIENCES",
    "RECORD",
    "PRACTITIONER",
    "FAMILY",
    "audience_of",
    "render_case_note",
    "render_note",
    "template_for",
    "check_templates",
    "build_context",
    "BUILTIN_TEMPLATES",
    "CELL_LIMIT",
    "NoteContext",
    "clear_caches",
]
