"""Regular expressions from a checks file: refused when slow, compiled when first needed.

Every pattern is checked for nested unbounded repetition (``(a+)+``) as soon
as a file is read, because the checks run as the user types and such a
pattern can take exponential time. Compiling is another matter: the built-in
checks hold about a hundred expressions and compiling them all costs more
than the rest of ``reflect note`` together, while a typical text needs only
a few. So a :class:`LazyRegex` compiles on first use; :meth:`LazyRegex.check`
compiles now, for a pack's own entries and for ``reflect check``, so a bad
pattern is still reported at its own line when the file is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflect.core.textchecks.errors import ChecksError

# a quantified group that itself ends in an unbounded quantifier: (a+)+, (\w*)*, (x+){2,}
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*]\)(?:[+*]|\{\d*,\})")


def refuse_nested(source: str, path: Path, line: int, what: str) -> str:
    """``source`` as it is, unless it repeats a repetition."""
    if _NESTED.search(source):
        raise ChecksError(
            f"{what}: pattern repeats a repetition, e.g. (a+)+, which can be very slow; rewrite it", path, line
        )
    return source


def compile_at(source: str, flags: int, path: Path, line: int, what: str) -> re.Pattern[str]:
    """``re.compile``, with any failure told as ``path:line: what: bad pattern: ...``."""
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise ChecksError(f"{what}: bad pattern: {exc.msg}", path, line) from None
    except (OverflowError, RecursionError):  # pragma: no cover
        raise ChecksError(f"{what}: pattern too complex", path, line) from None


class LazyRegex:
    """One pattern, compiled the first time it is needed.

    ``parts`` are the phrases a combined pattern was joined from, each with
    its own line: when the whole fails to compile, the first part that fails
    alone names the line to fix. Two threads compiling at once is harmless:
    both get the same pattern and one of them is kept.
    """

    __slots__ = ("source", "flags", "path", "line", "what", "parts", "_compiled", "_checked")

    def __init__(
        self,
        source: str,
        flags: int,
        path: Path,
        line: int,
        what: str,
        parts: tuple[tuple[str, int], ...] = (),
    ) -> None:
        for part, part_line in parts:
            refuse_nested(part, path, part_line, what)
        self.source = refuse_nested(source, path, line, what)
        self.flags = flags
        self.path = path
        self.line = line
        self.what = what
        self.parts = parts
        self._compiled: re.Pattern[str] | None = None
        self._checked = False

    @property
    def compiled(self) -> bool:
        """Has the pattern been compiled yet?"""
        return self._compiled is not None

    def get(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            try:
                compiled = re.compile(self.source, self.flags)
            except (re.error, OverflowError, RecursionError):
                self._check_parts()
                compiled = compile_at(self.source, self.flags, self.path, self.line, self.what)
            self._compiled = compiled
        return compiled

    def check(self) -> None:
        """Compile now, each part first, so a bad pattern is reported where it is written."""
        if not self._checked:
            self._check_parts()
            self.get()
            self._checked = True

    def _check_parts(self) -> None:
        for part, line in self.parts:
            compile_at(part, self.flags, self.path, line, self.what)
