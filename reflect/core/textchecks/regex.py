"""Regular expressions from a checks file: refused when slow, compiled when first needed, bounded when not ours.

Every pattern is checked for nested unbounded repetition (``(a+)+``) as soon
as a file is read, because the checks run as the user types and such a
pattern can take exponential time. That check is cheap but cannot see every
slow pattern (``(\\w+\\s?)+$`` passes it), so a *pack's* own patterns, which
nobody here has reviewed, are also run through the ``regex`` package with a
time budget: :meth:`LazyRegex.check` (``reflect check``, and reading a pack)
tries each one on a few long, awkward texts and refuses one that overruns,
and a scan stops a pack pattern that overruns on the text being typed (it
then reports nothing for that pattern, rather than freezing the editor).
The built-in patterns are reviewed here and tested on the corpus, so they
run on the standard library's ``re``, which starts faster.

Compiling is left to first use: the built-in checks hold about a hundred
expressions, compiling them all costs more than the rest of ``reflect note``
together, and a typical text needs only a few.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reflect.core.textchecks.errors import ChecksError

# a quantified group that itself ends in an unbounded quantifier: (a+)+, (\w*)*, (x+){2,}
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*]\)(?:[+*]|\{\d*,\})")

#: seconds one pack pattern may take on one text while the user types
SCAN_BUDGET = 0.05
#: seconds one pack pattern may take on one probe text in ``reflect check``
CHECK_BUDGET = 0.25
#: texts a slow pattern takes too long on (long runs of word characters, spaces, digits, and a mix)
PROBES = (
    "a" * 48 + "!",
    "a " * 40 + "!",
    "a" * 5000 + "!",
    "1" * 5000 + "x",
    "aA1 -'.," * 600,
    ("Ab Cd " * 800) + "\n",
)


def refuse_nested(source: str, path: Path, line: int, what: str) -> str:
    """``source`` as it is, unless it repeats a repetition."""
    if _NESTED.search(source):
        raise ChecksError(
            f"{what}: pattern repeats a repetition, e.g. (a+)+, which can be very slow; rewrite it", path, line
        )
    return source


def compile_at(source: str, flags: int, path: Path, line: int, what: str, guarded: bool = False) -> Any:
    """The compiled pattern, with any failure told as ``path:line: what: bad pattern: ...``."""
    if guarded:
        import regex  # only a pack with its own patterns pays for this import

        try:
            return regex.compile(source, flags | regex.VERSION0)
        except regex.error as exc:
            raise ChecksError(f"{what}: bad pattern: {exc}", path, line) from None
        except (OverflowError, RecursionError, ValueError):  # pragma: no cover
            raise ChecksError(f"{what}: pattern too complex", path, line) from None
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
    alone names the line to fix. ``guarded`` (a pack's own pattern) runs on
    the ``regex`` package with a time budget. Two threads compiling at once
    is harmless: both get the same pattern and one of them is kept.
    """

    __slots__ = ("_source", "flags", "path", "line", "what", "_parts", "guarded", "_compiled", "_checked", "_make")

    def __init__(
        self,
        source: str,
        flags: int,
        path: Path,
        line: int,
        what: str,
        parts: tuple[tuple[str, int], ...] = (),
        guarded: bool = False,
    ) -> None:
        if guarded:  # a pack's own: each phrase, so the error names its line
            for part, part_line in parts:
                refuse_nested(part, path, part_line, what)
        self._source: str | None = refuse_nested(source, path, line, what)
        self.flags = flags
        self.path = path
        self.line = line
        self.what = what
        self._parts = parts
        self.guarded = guarded
        self._compiled: Any = None
        self._checked = False
        self._make: Callable[[], tuple[str, tuple[tuple[str, int], ...]]] | None = None

    @classmethod
    def later(
        cls,
        make: Callable[[], tuple[str, tuple[tuple[str, int], ...]]],
        flags: int,
        path: Path,
        line: int,
        what: str,
    ) -> LazyRegex:
        """A pattern whose very text is worked out on first use: ``make()`` gives (source, parts).

        For the built-in checks, whose phrases are reviewed and tested: most
        rules never meet a text that holds their words, so expanding their
        phrases into a regular expression at start-up is wasted work. The
        source is refused for nested repetition when it is made, as ever.
        """
        regex = cls.__new__(cls)
        regex._source = None
        regex.flags = flags
        regex.path = path
        regex.line = line
        regex.what = what
        regex._parts = ()
        regex.guarded = False
        regex._compiled = None
        regex._checked = False
        regex._make = make
        return regex

    @property
    def source(self) -> str:
        """The regular expression (made now if it was left for later)."""
        source = self._source
        if source is None:
            self._materialise()
            source = self._source
            assert source is not None
        return source

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        """The phrases the pattern was joined from, each with its line."""
        if self._source is None:
            self._materialise()
        return self._parts

    @property
    def made(self) -> bool:
        """Has the pattern's text been worked out yet (always, unless made with :meth:`later`)?"""
        return self._source is not None

    def _materialise(self) -> None:
        make = self._make
        if make is None:  # another thread made it meanwhile (it sets the source before clearing this)
            return
        source, parts = make()
        self._parts = parts
        self._source = refuse_nested(source, self.path, self.line, self.what)
        self._make = None

    @property
    def compiled(self) -> bool:
        """Has the pattern been compiled yet?"""
        return self._compiled is not None

    def get(self) -> Any:
        """The compiled pattern (an ``re.Pattern``, or a ``regex`` pattern when guarded)."""
        compiled = self._compiled
        if compiled is None:
            if self.guarded:
                self._check_parts()
                compiled = compile_at(self.source, self.flags, self.path, self.line, self.what, True)
            else:
                try:
                    compiled = re.compile(self.source, self.flags)
                except (re.error, OverflowError, RecursionError):
                    self._check_parts()
                    compiled = compile_at(self.source, self.flags, self.path, self.line, self.what)
            self._compiled = compiled
        return compiled

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """Every match in ``text[pos:endpos]``; a guarded pattern stops (quietly) when over its budget."""
        compiled = self.get()
        end = len(text) if endpos is None else endpos
        if not self.guarded:
            return compiled.finditer(text, pos, end)  # type: ignore[no-any-return]
        return _bounded(compiled.finditer(text, pos, end, timeout=SCAN_BUDGET))

    def search(self, text: str) -> re.Match[str] | None:
        """The first match, or None (also when a guarded pattern runs over its budget)."""
        return next(iter(self.finditer(text)), None)

    def check(self) -> None:
        """Compile now, each part first, so a bad pattern is reported where it is written;
        a guarded pattern must also keep to its budget on every probe text."""
        if not self._checked:
            self._check_parts()
            compiled = self.get()
            if self.guarded:
                for probe in PROBES:
                    start = time.perf_counter()
                    try:
                        for _match in compiled.finditer(probe, timeout=CHECK_BUDGET):
                            pass
                        # regex checks its timeout only now and then: a slow finish counts as well
                        slow = time.perf_counter() - start > CHECK_BUDGET
                    except TimeoutError:
                        slow = True
                    if slow:
                        raise ChecksError(
                            f"{self.what}: pattern takes too long on a long line of text "
                            f"(over {CHECK_BUDGET:g} s on {len(probe):,} characters); "
                            "avoid a repeated group whose parts can match the same text, e.g. (\\w+\\s?)+",
                            self.path,
                            self.line,
                        ) from None
            self._checked = True

    def _check_parts(self) -> None:
        for part, line in self.parts:
            compile_at(part, self.flags, self.path, line, self.what, self.guarded)


def _bounded(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    try:
        yield from matches
    except TimeoutError:
        return
