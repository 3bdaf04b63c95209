"""Span bookkeeping shared by the detectors and :func:`~reflect.core.textchecks.scan`.

A detector reports a :class:`Hit` (character offsets and what to say about
them); ``scan`` decides which hits stand, with :class:`Spans`, and turns
offsets into the line and column a person reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

IDENTIFYING = "identifying"
LANGUAGE = "language"

_NEWLINE = re.compile(r"\n")


class Hit(NamedTuple):
    """One match of one detector, before overlaps are resolved."""

    start: int
    end: int
    kind: str
    category: str  # IDENTIFYING or LANGUAGE
    suggestion: str
    reason: str
    family: str = ""  # a language hit's family ("child-blame", ...); "" for identifying details


class Spans:
    """Non-overlapping spans, with a fast overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.starts.append(start)
            self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class Positions:
    """Line and column (both 1-based) of character offsets in one text."""

    def __init__(self, text: str) -> None:
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def of(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1
