"""Which format ``reflect note`` writes, decided before the note is rendered.

``--format`` wins; without it the ``-o`` file's extension decides (``.txt``,
``.html``/``.htm``, ``.docx``, anything else Markdown). A Word note is bytes:
it may go to a file or down a pipe or redirection (``> note.docx``), but it
is refused on a terminal, where it would print as noise and could leave the
terminal in a strange state. Both refusals come before any work is done.
"""

from __future__ import annotations

from reflect.core.errors import ReflectError
from reflect.core.note_formats import DOCX_MISSING, docx_available, format_for_path

TO_TERMINAL = "a Word note is a file, not text for the screen: add -o FILE.docx, or redirect the output to a file"


def choose_format(requested: str | None, output: str | None, stdout_is_terminal: bool) -> str:
    """The format to write; raises :class:`ReflectError` (one line) when it cannot be written there."""
    fmt = requested or format_for_path(output)
    if fmt == "docx":
        if not docx_available():
            raise ReflectError(DOCX_MISSING)
        if (output is None or output == "-") and stdout_is_terminal:
            raise ReflectError(TO_TERMINAL)
    return fmt
