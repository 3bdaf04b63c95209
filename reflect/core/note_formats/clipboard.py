"""Whether a copy from the app can reach the clipboard here, decided from the environment.

The app copies the way Textual does: an OSC 52 escape sequence that asks the
terminal to put the text on the system clipboard. The terminal never says
whether it did, so the app cannot check; it can only know the places that
certainly ignore the request, say so, and offer the file instead:

* a browser tab (``reflect serve``): the page's terminal hands the request to
  the browser, which allows it only on a secure page and only sometimes;
  the download is the dependable route;
* macOS Terminal, which does not implement OSC 52;
* terminals built on VTE (GNOME Terminal, Tilix, and others), which do not either;
* the Linux text console, and the old Windows console (outside Windows Terminal).

Inside tmux or screen the copy is tried, with a word that it may be held
back (tmux passes it on only with ``set-clipboard on``). On Windows it is
tried with a word for information governance: Windows may keep what is
copied in its clipboard history, and sync it to the user's other devices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ClipboardReach:
    """``can_copy`` false: do not try (``why`` says so); true: try, and ``why`` may hold a caveat."""

    can_copy: bool
    why: str = ""


def clipboard_reach(environ: Mapping[str, str], *, web: bool, platform: str) -> ClipboardReach:
    """What a copy from the app would do in the terminal ``environ`` describes (``platform`` is ``sys.platform``)."""
    if web:
        return ClipboardReach(False, "In a browser the app cannot rely on reaching your clipboard")
    program = environ.get("TERM_PROGRAM", "")
    if program == "Apple_Terminal":
        return ClipboardReach(False, "macOS Terminal does not let an app use the clipboard")
    if environ.get("VTE_VERSION") and not program:
        return ClipboardReach(
            False, "This terminal (GNOME Terminal or another VTE one) does not let an app use the clipboard"
        )
    if environ.get("TERM") == "linux":
        return ClipboardReach(False, "The text console has no clipboard")
    if platform == "win32" and not environ.get("WT_SESSION") and not program:
        return ClipboardReach(
            False, "This Windows console does not let an app use the clipboard (Windows Terminal does)"
        )
    if platform == "win32":  # Windows Terminal: it arrives, and Windows may keep it
        return ClipboardReach(True, "Windows may keep copied text in its clipboard history (Win+V) and sync it")
    if environ.get("TMUX") or environ.get("STY"):
        return ClipboardReach(
            True, "inside tmux it reaches the clipboard only with set-clipboard on, and screen may hold it back"
        )
    return ClipboardReach(True)
