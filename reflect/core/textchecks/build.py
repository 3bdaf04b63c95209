"""From read files to runnable detectors: phrases expanded, patterns checked, regexes left to compile on use.

Everything that can be wrong with a file and is cheap to find (an unknown
group, a phrase that cannot be read, a pattern that repeats a repetition) is
found here. Compiling is left to first use, except for a pack's own entries,
which are compiled now so a bad one is reported when the pack is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reflect.core.textchecks.config import Config, IdentifyingEntry, LanguageEntry, Phrases
from reflect.core.textchecks.identifying import IdentifyingPattern
from reflect.core.textchecks.language import LanguageRule
from reflect.core.textchecks.names import name_detector
from reflect.core.textchecks.phrases import PhraseBook
from reflect.core.textchecks.regex import LazyRegex
from reflect.core.textchecks.rules import Rules


def build_rules(config: Config, vocabulary: Iterable[str]) -> Rules:
    book = PhraseBook(config.groups, config.fragments)
    return Rules(
        identifying=tuple(_identifying(book, entry) for entry in config.identifying),
        language=tuple(_language(book, entry) for entry in config.language),
        names=name_detector(config.name_lists, config.name_texts, vocabulary),
        sources=tuple(config.sources),
    )


def _identifying(book: PhraseBook, entry: IdentifyingEntry) -> IdentifyingPattern:
    flags = re.IGNORECASE if entry.ignore_case else 0
    if entry.from_pack:
        source = book.expand(entry.pattern, entry.path, entry.line)
        regex = LazyRegex(source, flags, entry.path, entry.line, entry.kind, guarded=True)
        regex.check()
    else:
        regex = LazyRegex.later(
            lambda: (book.expand(entry.pattern, entry.path, entry.line), ()), flags, entry.path, entry.line, entry.kind
        )
    return IdentifyingPattern(
        entry.kind, regex, entry.validate, entry.suggestion, entry.reason, entry.needs, entry.ignore_case
    )


def _language(book: PhraseBook, entry: LanguageEntry) -> LanguageRule:
    rule = LanguageRule(
        entry.id,
        _phrases(book, entry.match, entry),
        _phrases(book, entry.followed_by, entry) if entry.followed_by else None,
        entry.within,
        _phrases(book, entry.unless, entry) if entry.unless else None,
        entry.suggestion,
        entry.reason,
        *book.anchors(entry.match),
        family=entry.family,
        in_text=_phrases(book, entry.in_text, entry) if entry.in_text else None,
        under_16=entry.under_16,
        requirements=book.requirements(entry.match),
    )
    if entry.from_pack:
        for regex in (rule.regex, rule.followed_by, rule.unless, rule.in_text):
            if regex is not None:
                regex.check()
    return rule


def _phrases(book: PhraseBook, phrases: Phrases, entry: LanguageEntry) -> LazyRegex:
    """One pattern for a (non-empty) list of phrases, matching whole words only.

    A pack's own is written out (and checked by the caller) now; a built-in
    one only when a text first needs it.
    """

    def make() -> tuple[str, tuple[tuple[str, int], ...]]:
        parts = tuple((book.phrase(text, entry.path, line), line) for text, line in phrases)
        body = "|".join(f"(?:{part})" for part, _line in parts)
        return rf"(?<!\w)(?:{body})(?!\w)", parts

    if entry.from_pack:
        source, parts = make()
        return LazyRegex(source, re.IGNORECASE, entry.path, phrases[0][1], entry.id, parts, True)
    return LazyRegex.later(make, re.IGNORECASE, entry.path, phrases[0][1], entry.id)
