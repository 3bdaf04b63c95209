"""Standard streams in UTF-8, whatever the console's code page or the locale says.

Windows gives a redirected or piped standard output the ANSI code page
(cp1252 in the UK), and a C or POSIX locale elsewhere can mean ASCII: either
way Welsh letters (ŵ, ŷ), Polish names and emoji would turn into ``?`` or
stop a note half-written. A note piped to a file or a clipboard tool must
hold the user's words exactly, so every command writes UTF-8; files reflect
writes itself are UTF-8 already (``paths.write_private_text``).

Standard input is read as UTF-8 too (``reflect scan -``), strictly, so a
file in another encoding gets a clear error rather than silently wrong text.
"""

from __future__ import annotations

import io
import sys


def use_utf8_streams() -> None:
    """Switch stdout and stderr (and stdin, for reading) to UTF-8.

    Only real text streams are changed: a test or a tool that has put its own
    object in their place keeps it. Output keeps ``errors="replace"`` so a
    stray undecodable file name (a lone surrogate) never stops a command.
    """
    for stream in (sys.stdout, sys.stderr):
        _reconfigure(stream, errors="replace")
    _reconfigure(sys.stdin, errors="strict")


def _reconfigure(stream: object, *, errors: str) -> None:
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        stream.reconfigure(encoding="utf-8", errors=errors)
    except (ValueError, OSError, io.UnsupportedOperation):
        pass  # a stream already read from, or closed: leave it as it is
