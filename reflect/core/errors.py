"""One kind of error for everything a user can get wrong.

Every bad input (a malformed file, an unknown case, a corrupt database) is
raised as a :class:`ReflectError`; the command line prints its one-line
message and exits 2, so no traceback ever reaches a user.
"""

from __future__ import annotations

from pathlib import Path


class ReflectError(Exception):
    """A problem the user can act on, told in one line.

    ``path`` and ``line`` place the problem in a file, formatted the way
    compilers do (``file:line: message``) so editors can jump to it.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = one_line(message)
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class StoreError(ReflectError):
    """The database cannot be opened, read or written."""


class ConflictError(ReflectError):
    """An import or creation would overwrite something that already exists."""


#: the longest message told; longer ones echo some huge input (F17 of the hostile review)
MAX_MESSAGE = 400


def one_line(text: str) -> str:
    """Fold a message to a single printable line (no control characters), at most :data:`MAX_MESSAGE` long.

    A longer message is cut in its middle, where an echoed input sits, so its
    start and its advice at the end (``(see 'reflect cases')``) are both kept.
    """
    cleaned = "".join(ch if ch.isprintable() else " " for ch in str(text))
    line = " ".join(cleaned.split())
    if len(line) > MAX_MESSAGE:
        line = line[: MAX_MESSAGE - 81] + "…" + line[-80:]
    return line
