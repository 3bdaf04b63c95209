"""Asking for an encrypted store's passphrase before the app opens (issue 18).

The app is built around an open store, so the store must be open before it
starts; for an encrypted store that needs the passphrase first. This small app
shows only the lock screen, in the app's own theme and stylesheet, and ends
once the passphrase opens the store (``crypto_store`` then holds it for the
app that follows) or the user leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.theme import Theme

from reflect.tui.screens.lock import LockScreen


class UnlockApp(App[bool]):
    CSS_PATH = Path(__file__).with_name("reflect.tcss")  # absolute: subclasses live elsewhere (tests)
    TITLE = "reflect"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self, db_path: Path, themes: Sequence[Theme] = (), theme: str | None = None, *, idle: bool = False
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.idle = idle  # the idle wording (the app's own idle lock uses the same screen; snapshots show both)
        for each in themes:
            self.register_theme(each)
        if theme in self.available_themes:
            self.theme = theme

    def on_mount(self) -> None:
        self.push_screen(LockScreen(self.db_path, idle=self.idle), self.exit)


def unlock_at_start(db_path: Path, themes: Sequence[Theme] = (), theme: str | None = None) -> bool:
    """True once the passphrase has opened the store; False when the user left instead."""
    return bool(UnlockApp(db_path, themes, theme).run())
