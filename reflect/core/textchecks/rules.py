"""The compiled checks for one framework, and the findings they have already given.

A :class:`Rules` is made once per set of files (and vocabulary) and shared:
the notes, the cards under each answer and the summary all scan the same
answers again and again, so the result for each text is remembered here,
beside the rules that produced it, and forgotten with them. The app scans
from a worker thread, so the memory is locked; it is bounded, because a long
session types many texts that are never asked for again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from reflect.core.textchecks.finding import Finding
from reflect.core.textchecks.identifying import IdentifyingDetector, IdentifyingPattern
from reflect.core.textchecks.language import LanguageDetector, LanguageRule
from reflect.core.textchecks.names import NameDetector
from reflect.core.textchecks.regex import LazyRegex
from reflect.core.textchecks.spans import Hit

RESULTS_KEPT = 2048


class Detector(Protocol):
    """One kind of finding: every hit in a text, overlapping or not (``scan`` decides)."""

    def find(self, text: str) -> Iterable[Hit]: ...


class ResultCache:
    """Findings per text, most recently used kept, safe to share between threads."""

    def __init__(self, size: int = RESULTS_KEPT) -> None:
        self._size = size
        self._found: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str, compute: Callable[[], tuple[Finding, ...]]) -> tuple[Finding, ...]:
        with self._lock:
            found = self._found.get(text)
            if found is not None:
                self._found.move_to_end(text)
                return found
        found = compute()  # outside the lock: another thread may scan another text meanwhile
        with self._lock:
            self._found[text] = found
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._found.clear()


@dataclass(frozen=True, eq=False)
class Rules:
    """Everything :func:`~reflect.core.textchecks.scan` needs: the detectors, and what they found before."""

    identifying: tuple[IdentifyingPattern, ...]
    language: tuple[LanguageRule, ...]
    names: NameDetector | None
    sources: tuple[str, ...]  # the checks.yaml files these came from
    results: ResultCache = field(default_factory=ResultCache, repr=False)

    @property
    def language_ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.language)

    def detectors(self, under_16: bool = False) -> Iterator[Detector]:
        """In the order that settles overlaps: patterns first, then names, then language.

        ``under_16``: the case says the child is under 16 (the text may say so too).
        """
        yield IdentifyingDetector(self.identifying)
        if self.names is not None:
            yield self.names
        if self.language:
            yield LanguageDetector(self.language, under_16)

    def check(self) -> Rules:
        """Compile every pattern now, each phrase on its own first, so a bad one is reported
        at its own line (``reflect check``); returns itself."""
        for regex in self._regexes():
            regex.check()
        return self

    def compile_all(self) -> None:
        """Compile every pattern now, ahead of the scans (the app does this in a thread as a session opens)."""
        for regex in self._regexes():
            regex.get()
        if self.names is not None:
            self.names.compile()

    def _regexes(self) -> Iterator[LazyRegex]:
        for pattern in self.identifying:
            yield pattern.regex
        for rule in self.language:
            yield from (
                regex for regex in (rule.regex, rule.followed_by, rule.unless, rule.in_text) if regex is not None
            )
