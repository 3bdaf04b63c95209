"""Names to watch: type real names that must never reach a note; the store keeps only their hashes.

The field is a password field, so a name is never shown on screen (a
projector in a workshop, someone looking over a shoulder). The dialog can
only say how many words are watched: the store holds nothing to show.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reflect.core import watch_store
from reflect.core.errors import ReflectError
from reflect.tui.dialogs.base import DIALOG_CSS
from reflect.tui.typed import reflect_app
from reflect.tui.widgets.findings import use_watch_list


class WatchDialog(ModalScreen[None]):
    """Add names to watch, or stop watching them all."""

    DEFAULT_CSS = DIALOG_CSS.format(name="WatchDialog")

    BINDINGS = [Binding("escape", "close", "Close", tooltip="Close (names added are kept)")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Names to watch", classes="modal-title")
            yield Static(
                "Real first names and surnames that must never reach a note: the child's, a brother's "
                "or sister's, the person you worry about. Any text that uses one is flagged, and the "
                "flag cannot be dismissed. Only a scrambled (hashed) form of each word is stored.",
                classes="modal-help",
            )
            yield Label("Name (not shown as you type):", id="name-label")
            yield Input(id="name", password=True, compact=True, max_length=200)
            yield Static(self._count(), classes="modal-message", id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button("Add", variant="primary", id="add", compact=True)
                yield Button("Stop watching all", id="clear", compact=True)
                yield Button("Close", id="close", compact=True)

    def _count(self) -> str:
        count = len(watch_store.list_watched(reflect_app(self.app).store))
        return f"{count} word(s) watched." if count else "No names are watched yet."

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        field = self.query_one("#name", Input)
        store = reflect_app(self.app).store
        try:
            added = watch_store.add(store, [field.value])
        except ReflectError as exc:
            self.query_one("#message", Static).update(str(exc))
            return
        field.value = ""
        use_watch_list(store)
        self.query_one("#message", Static).update(f"Added {added} word(s). {self._count()}")
        field.focus()

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        store = reflect_app(self.app).store
        removed = watch_store.clear(store)
        use_watch_list(store)
        self.query_one("#message", Static).update(f"Stopped watching {removed} word(s).")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
