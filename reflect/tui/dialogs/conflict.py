"""The text another copy of reflect saved for the same answer: read-only, copyable, never lost."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from reflect.tui.dialogs.base import DIALOG_CSS


def conflict_notice(other_text: str) -> str:
    """The one line that tells the user another copy changed an answer, with the start of its text."""
    snippet = " ".join((other_text or "(empty)").split())
    if len(snippet) > 80:
        snippet = snippet[:79] + "…"
    return (
        f"Another copy of reflect changed this answer; yours was kept — the other text is “{snippet}”. "
        "Press ctrl+o to see it in full."
    )


class ConflictDialog(ModalScreen[str | None]):
    """The text another copy of reflect saved for this answer (read-only, copyable)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ConflictDialog")
        + """
    ConflictDialog TextArea { height: auto; min-height: 4; max-height: 14; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, other: Any) -> None:
        super().__init__()
        if isinstance(other, list):
            self.other = "\n".join(str(v) for v in other)
        else:
            self.other = "" if other is None else str(other)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("The other copy's text", classes="modal-title")
            yield Static(
                "Another copy of reflect saved this for the same answer. Your text was kept. "
                "You can copy from here, or add it below yours.",
                classes="modal-help",
            )
            yield TextArea(self.other or "(it had cleared the answer)", read_only=True, soft_wrap=True, id="other")
            with Horizontal(classes="modal-buttons"):
                yield Button("Add it below mine", id="append", disabled=not self.other, compact=True)
                yield Button("Close", variant="primary", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#append")
    def _append(self) -> None:
        self.dismiss("append")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
