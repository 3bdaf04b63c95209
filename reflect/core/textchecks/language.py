"""Language that blames the child or makes the harm sound smaller, with what to write instead.

Each rule (``language:`` in ``checks.yaml``) matches phrases, and may need
words after the match in the same sentence (``followed_by``, within a few
words: "consented" is only flagged when no service follows it) or stand
aside inside a longer phrase (``unless``). Text in quotation marks is
someone's own words and is never flagged, so quotes are found first; a
straight single quote is told apart from an apostrophe.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from reflect.core.textchecks.phrases import Requirements
from reflect.core.textchecks.regex import LazyRegex
from reflect.core.textchecks.spans import LANGUAGE, Hit, Spans

_QUOTE_TOKEN = re.compile("[\"\u201c\u201d\u2018\u2019']|\\n[^\\S\\n]*\\n")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[^\S\n]*\n")
_WORD = re.compile(r"[^\W_]+")
_NON_SPACE = re.compile(r"\S+")
_OPENING = '([{\u2014\u2013-/"\u201c'
# a child's age under 16 written in the text: "she is 14", "aged 13", "a 15-year-old"
_UNDER_16_SOURCE = (
    r"(?i)(?<!\w)(?:(?:she|he|they|who)\s+(?:is|was|'s|are|were|turned|had\s+just\s+turned)\s+(?:only\s+|just\s+)?"
    r"|aged\s+)(?:1[0-5]|[4-9])(?![\w:%]|[.]\d|\s*(?:years?\s+ago|minutes|hours|days|weeks|months|o'clock|[ap]m))"
    r"|(?<![\w-])(?:1[0-5]|[4-9])[- ]?years?[- ]?old(?!\w)"
)


@cache
def _under_16() -> re.Pattern[str]:
    return re.compile(_UNDER_16_SOURCE)


class LanguageRule(NamedTuple):
    """One ``language:`` entry, ready to run (a named tuple: immutable, and cheap to define at start-up)."""

    id: str
    regex: LazyRegex
    followed_by: LazyRegex | None
    within: int
    unless: LazyRegex | None
    suggestion: str
    reason: str
    # words one of which must be in a text for the rule to match at all (None: unknown);
    # lets a scan skip most rules on most texts, without compiling them
    exact: frozenset[str] | None = None
    prefixes: tuple[str, ...] = ()
    family: str = "language"
    in_text: LazyRegex | None = None  # the text must say one of these somewhere (an adult's age)
    under_16: tuple[str, str] | None = None  # (suggestion, reason) when the child is under 16
    # per phrase, the words each required place may be: every place must be in a text (None: unknown)
    requirements: Requirements | None = None

    def may_match(self, words: set[str], ordered: list[str], seen: dict[int, bool] | None = None) -> bool:
        """Could the rule match a text with these (lower-case) words?

        ``seen`` remembers, for one text, which required places it holds: many
        rules share a place (a group's words), and this runs on every rule at
        every scan, as the user types. Plain loops, for the same reason.
        """
        if self.requirements is not None:
            for places in self.requirements:
                for place in places:
                    key = id(place)
                    held = seen.get(key) if seen is not None else None
                    if held is None:
                        held = _has(words, ordered, place[0], place[1])
                        if seen is not None:
                            seen[key] = held
                    if not held:
                        break
                else:
                    return True
            return False
        if self.exact is None:
            return True
        return _has(words, ordered, self.exact, self.prefixes)

    def find(self, text: str, quotes: Spans, under_16: bool = False) -> Iterator[Hit]:
        suggestion, reason = self.under_16 if under_16 and self.under_16 else (self.suggestion, self.reason)
        needs_checked = self.in_text is None
        for match in self.regex.finditer(text):
            if not needs_checked:  # only now, so the rule's other words decide whether it is compiled
                if self.in_text is not None and self.in_text.search(text) is None:
                    return
                needs_checked = True
            start, end = match.span()
            if start == end or quotes.overlaps(start, end):
                continue
            if self.followed_by is not None and not self._followed_by(text, end, self.followed_by):
                continue
            if self.unless is not None and _excused(text, start, self.unless):
                continue
            yield Hit(start, end, LANGUAGE, LANGUAGE, suggestion, reason, self.family)

    def _followed_by(self, text: str, end: int, needed: LazyRegex) -> bool:
        """Does the context after a match (same sentence, ``within`` words) say what the rule needs?"""
        window = text[end : end + 240]
        stop = _SENTENCE_END.search(window)
        if stop:
            window = window[: stop.start()]
        words = list(_NON_SPACE.finditer(window))
        if not words:
            return False
        window = window[: words[min(self.within, len(words)) - 1].end()]
        return needed.search(window) is not None


def _has(words: set[str], ordered: list[str], exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """Does a text with these words hold one of ``exact``, or a word starting with one of ``prefixes``?"""
    if not words.isdisjoint(exact):
        return True
    for prefix in prefixes:
        i = bisect_left(ordered, prefix)
        if i < len(ordered) and ordered[i].startswith(prefix):
            return True
    return False


def _excused(text: str, start: int, unless: LazyRegex) -> bool:
    """Is the match part of a longer phrase the rule leaves alone?"""
    left = max(0, start - 80)
    for match in unless.finditer(text, left, min(len(text), start + 160)):
        if match.start() <= start < match.end():
            return True
        if match.start() > start:
            break
    return False


class LanguageDetector:
    """Every language rule; a text's quotes and words are worked out once for all of them."""

    __slots__ = ("rules", "under_16")

    def __init__(self, rules: tuple[LanguageRule, ...], under_16: bool = False) -> None:
        self.rules = rules
        self.under_16 = under_16  # the case's age band says so; the text may say so too

    def find(self, text: str) -> Iterator[Hit]:
        """Each rule's hits; where two rules match the same words, the longer match speaks for them."""
        if not self.rules:
            return
        quotes = Spans(quote_spans(text))
        words = set(_WORD.findall(text.lower()))
        ordered = sorted(words)
        under_16: bool | None = True if self.under_16 else None
        hits: list[tuple[int, int, Hit]] = []
        seen: dict[int, bool] = {}  # per required place: does this text hold it (places are shared)
        for order, rule in enumerate(self.rules):
            if rule.may_match(words, ordered, seen):
                if under_16 is None and rule.under_16 is not None:
                    under_16 = _under_16().search(text) is not None
                hits.extend((-(hit.end - hit.start), order, hit) for hit in rule.find(text, quotes, bool(under_16)))
        taken = Spans()
        for _length, _order, hit in sorted(hits, key=lambda h: (h[0], h[1])):
            if not taken.overlaps(hit.start, hit.end):
                taken.add(hit.start, hit.end)
                yield hit


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text: "...", “...”, ‘...’ and '...' when clearly a quote.

    A straight single quote between two letters is an apostrophe (don't,
    Jamie's); it opens a quote only after a space or an opening bracket and
    before a letter, and closes one only after a non-space.  Quotes do not
    run over a blank line; an unclosed quote quotes nothing.
    """
    spans: list[tuple[int, int]] = []
    open_kind: str | None = None
    open_pos = 0
    size = len(text)
    for match in _QUOTE_TOKEN.finditer(text):
        ch = match.group()
        i = match.start()
        if ch[0] == "\n":
            open_kind = None
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < size else " "
        if ch == "\u201c":
            if open_kind is None:
                open_kind, open_pos = "double", i
        elif ch == "\u201d":
            if open_kind == "double":
                spans.append((open_pos, i + 1))
                open_kind = None
        elif ch == '"':
            if open_kind == "double":
                spans.append((open_pos, i + 1))
                open_kind = None
            elif open_kind is None:
                open_kind, open_pos = "double", i
        elif ch == "\u2018":
            if open_kind is None:
                open_kind, open_pos = "single", i
        else:  # ' or ’
            if prev.isalnum() and nxt.isalnum():
                continue  # an apostrophe inside a word
            if open_kind == "single":
                if not prev.isspace():
                    spans.append((open_pos, i + 1))
                    open_kind = None
            elif open_kind is None and (prev.isspace() or prev in _OPENING) and nxt.isalnum():
                open_kind, open_pos = "single", i
    return spans
