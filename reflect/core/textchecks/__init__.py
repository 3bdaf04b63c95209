"""Text checks ("safeguards") for what a practitioner writes: one facade over small detectors.

Two kinds of finding:

* **identifying** details that could identify a child or family: phone
  numbers, email addresses, postcodes, NHS and National Insurance numbers,
  dates of birth, street addresses (:mod:`.identifying`) and likely personal
  names (:mod:`.names`);
* **language** that puts the responsibility for harm on the child or makes
  the harm sound smaller ("putting herself at risk", "lifestyle choice"),
  each with a suggested alternative and a one-line reason (:mod:`.language`).

The word lists and patterns are data, in the built-in ``checks.yaml``; a
framework pack may add its own ``checks.yaml`` (:mod:`.config` reads them,
:mod:`.phrases` is the phrase language they are written in). Every caller
goes through this module:

* :func:`rules_for` gives the rules for a framework (the built-in list plus
  the pack's own), kept and shared, compiled as they are first needed;
* :func:`scan` gives every finding in a text, remembered per text on the
  rules, so the notes, the cards and the summary never scan a text twice;
* :func:`label_findings` checks a case label;
* :func:`check_rules` compiles everything now, for ``reflect check``.

``scan`` runs as the user types, so every pattern is linear-time on
ordinary text: no nested unbounded repetition (a pack's own patterns are
checked for it), alternations of literal words, and context windows of
bounded size. Standard library and PyYAML only; never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from reflect.core.errors import ReflectError
from reflect.core.textchecks import loading
from reflect.core.textchecks.errors import ChecksError
from reflect.core.textchecks.finding import IDENTIFYING_KINDS, Finding, summarise
from reflect.core.textchecks.label import LABEL_KINDS, LabelDetector
from reflect.core.textchecks.rules import Rules
from reflect.core.textchecks.spans import IDENTIFYING, Hit, Positions, Spans
from reflect.core.textchecks.watch import WatchList

__all__ = [
    "ChecksError",
    "Finding",
    "IDENTIFYING_KINDS",
    "LABEL_KINDS",
    "Pack",
    "Rules",
    "check_rules",
    "clear_caches",
    "label_findings",
    "load_rules",
    "rules_for",
    "scan",
    "summarise",
    "watch_everywhere",
    "watching",
    "WatchList",
]


class Pack(Protocol):
    """What the checks need of a framework: where its files are, and its own words."""

    @property
    def root(self) -> Path: ...

    def vocabulary(self) -> list[str]: ...


def rules_for(framework: Pack | None) -> Rules:
    """The checks a framework's texts are held to: the built-in list, plus the pack's own ``checks.yaml``.

    The framework's vocabulary (principle and track titles, key terms) is
    never taken for a person's name. ``None`` gives the built-in checks
    alone. A bad pack list raises :class:`ChecksError` (one line,
    ``path:line: message``).
    """
    if framework is None:
        return loading.load(None, ())
    return loading.load(framework.root, framework.vocabulary())


def load_rules(pack_dir: Path | str | None = None, vocabulary: Iterable[str] = ()) -> Rules:
    """The rules for a folder that may hold a ``checks.yaml``, every pattern compiled now.

    For callers without a framework (tests, a docs example) and for callers
    that must see every problem at once; with a framework, use :func:`rules_for`.
    """
    return loading.load(pack_dir, vocabulary).check()


def check_rules(framework: Pack) -> list[str]:
    """Every problem with the checks a framework uses, as ``file:line: message`` (``reflect check``)."""
    try:
        rules_for(framework).check()
    except ReflectError as exc:
        return [str(exc)]
    return []


def scan(text: str, rules: Rules, age_band: str | None = None, watch: WatchList | None = None) -> list[Finding]:
    """Every finding in ``text``, sorted by line and column (safe to call from a thread).

    ``age_band`` is the case's ("14-15"): when it says the child is under 16,
    rules that are worded for that (talk of consent) say why it cannot apply.
    ``watch`` is the practitioner's names to watch (default: those set with
    :func:`watching`); a watched name is reported as such, marked
    ``watched``, first on its line; other findings on the same words stay.
    """
    if not text:
        return []
    under_16 = under_sixteen(age_band)
    key = f"\x00u16\x00{text}" if under_16 else text
    found = list(rules.results.get(key, lambda: _findings(text, _hits(text, rules, under_16))))
    if watch is None:
        watch = _watching.get() or _default_watch[0]
    if not watch:
        return found
    hits = list(watch.find(text))
    if not hits:
        return found
    watched = [replace(f, watched=True) for f in _findings(text, hits)]
    same = {(f.line, f.column, f.text) for f in watched}  # a watched name is told once, as watched
    found = [f for f in found if f.category != IDENTIFYING or (f.line, f.column, f.text) not in same]
    return sorted(watched + found, key=lambda f: (f.line, f.column, not f.watched, f.category != IDENTIFYING, f.kind))


@contextmanager
def watching(watch: WatchList | None) -> Iterator[None]:
    """Scans in this block (in this thread) look for these names to watch unless given others."""
    token = _watching.set(watch)
    try:
        yield
    finally:
        _watching.reset(token)


def watch_everywhere(watch: WatchList | None) -> None:
    """Every scan in this process looks for these names unless told otherwise (the app, once its store is open)."""
    _default_watch[0] = watch


_watching: ContextVar[WatchList | None] = ContextVar("reflect_watching", default=None)
_default_watch: list[WatchList | None] = [None]


def label_findings(label: str, rules: Rules) -> list[Finding]:
    """What in a case label might identify a child; empty for a pseudonym such as "YP-A".

    The identifying checks, then the label's own (:mod:`.label`: any date,
    any long number) where they found nothing: a finding of kind in
    :data:`LABEL_KINDS` carries the sentence to show as its reason. Language
    is not a label's concern.
    """
    label = label.strip()
    if not label:
        return []
    hits = [hit for hit in _hits(label, rules) if hit.category == IDENTIFYING]
    taken = Spans((hit.start, hit.end) for hit in hits)
    extra = [hit for hit in LabelDetector().find(label) if not taken.overlaps(hit.start, hit.end)]
    return list(_findings(label, hits)) + list(_findings(label, extra, ordered=False))


def clear_caches() -> None:
    """Forget every remembered scan result (for benchmarks and tests)."""
    for rules in loading.loaded():
        rules.results.clear()


def under_sixteen(age_band: str | None) -> bool:
    """Does a case's age band ("14-15", "under 13", "16+") say the child is under 16?"""
    if not age_band:
        return False
    numbers = [int(n) for n in re.findall(r"\d+", age_band)]
    if not numbers or "+" in age_band or "over" in age_band.lower():
        return False
    return max(numbers) < 16 or (max(numbers) == 16 and "under" in age_band.lower())


def _hits(text: str, rules: Rules, under_16: bool = False) -> list[Hit]:
    """Every detector's hits, in order; an identifying detail is reported once, by the first to find it."""
    taken = Spans()
    kept: list[Hit] = []
    for detector in rules.detectors(under_16):
        for hit in detector.find(text):
            if hit.category == IDENTIFYING:
                if taken.overlaps(hit.start, hit.end):
                    continue
                taken.add(hit.start, hit.end)
            kept.append(hit)
    return kept


def _findings(text: str, hits: Iterable[Hit], ordered: bool = True) -> tuple[Finding, ...]:
    positions = Positions(text)
    findings = []
    for hit in hits:
        line, column = positions.of(hit.start)
        folded = " ".join(text[hit.start : hit.end].split())
        findings.append(Finding(line, column, hit.kind, hit.category, folded, hit.suggestion, hit.reason, hit.family))
    if ordered:
        findings.sort(key=lambda f: (f.line, f.column, f.category != IDENTIFYING, f.kind, f.text))
    return tuple(findings)
