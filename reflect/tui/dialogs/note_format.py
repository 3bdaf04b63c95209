"""The export dialog's format choice: one compact line, "Format [Markdown ▾]".

Its own widget so the dialog gains it without its other choices (which note,
for whom) changing. The options come from :mod:`reflect.core.note_formats`;
Word is offered only where python-docx is installed, and otherwise says
which extra adds it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Select

from reflect.core.note_formats import FORMATS, docx_available

LABELS = {
    "markdown": "Markdown (.md)",
    "text": "Plain text, for a case system's text box (.txt)",
    "html": "Web page, prints on A4 (.html)",
    "docx": "Word document (.docx)",
}


class NoteFormatChoice(Horizontal):
    """A label and a compact drop-down of the note formats; its value is the format's name."""

    DEFAULT_CSS = """
    NoteFormatChoice { height: auto; margin-top: 1; }
    NoteFormatChoice > Label { width: auto; padding: 0 1 0 0; }
    NoteFormatChoice > Select { width: 1fr; }
    """

    def __init__(self, value: str = "markdown", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = value

    def compose(self) -> ComposeResult:
        has_docx = docx_available()
        options = [
            (LABELS[fmt] if fmt != "docx" or has_docx else "Word (.docx): needs pip install 'reflect[docx]'", fmt)
            for fmt in FORMATS
        ]
        yield Label("Format")
        yield Select(options, value=self._initial, allow_blank=False, compact=True, id="note-format-select")

    @property
    def value(self) -> str:
        return str(self.query_one(Select).value)

    @value.setter
    def value(self, fmt: str) -> None:
        self.query_one(Select).value = fmt
