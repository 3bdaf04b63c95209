"""The lock screen (issue 18): the passphrase, asked calmly, with nothing of the store behind it.

It is shown before anything else when the store is encrypted, and again
after the idle time (``AppOptions.lock_minutes``). It is a whole screen, not
a dialog over one, so no case label, answer or note shows through; the app
refuses its other keys (help, the command palette) while it is up. Whatever
was typed before the lock was saved as the session screen was left (it saves
when another screen covers it). A wrong passphrase says so in one line and
nothing else: not what the store holds, not how close the guess was.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from reflect.core import crypto_store
from reflect.core.errors import ReflectError

WRONG = "That passphrase does not open this store. Try again."
FIRST = "This store is encrypted. Type its passphrase to open it."
IDLE = "reflect locked itself after a quiet spell. Everything you typed is saved. Type the passphrase to go on."


class LockScreen(Screen[bool]):
    """Asks for the passphrase; dismisses with True once it opens the store."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]
    DEFAULT_CSS = """
    LockScreen { align: center middle; }
    LockScreen #lock-box { width: 64; height: auto; padding: 1 2; border: round $primary; background: $surface; }
    LockScreen #lock-title { text-style: bold; margin: 0 0 1 0; }
    LockScreen .lock-text { color: $text-muted; }
    LockScreen #lock-why { margin: 0 0 1 0; }
    LockScreen #lock-message { height: auto; margin: 1 0 0 0; }
    """

    def __init__(self, db_path: Path, *, idle: bool = False) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.idle = idle

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="lock-box"):
            yield Static("reflect is locked", id="lock-title")
            yield Static(IDLE if self.idle else FIRST, id="lock-why", classes="lock-text")
            yield Input(password=True, placeholder="passphrase", id="lock-passphrase")
            yield Static("Ctrl+Q leaves reflect.", id="lock-message", classes="lock-text")

    def on_mount(self) -> None:
        self.title = "reflect"
        self.sub_title = "locked"
        self.query_one("#lock-passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value
        event.input.value = ""  # never left on the screen, whatever happens next
        if typed and self._opens(typed):
            self.dismiss(True)
            return
        self.query_one("#lock-message", Static).update(WRONG)

    def _opens(self, typed: str) -> bool:
        """At start the passphrase is held for the app (one key derivation); the idle lock only checks it."""
        if self.idle:
            return crypto_store.check(self.db_path, typed)
        try:
            crypto_store.unlock(self.db_path, typed)
        except ReflectError:
            return False
        return True
