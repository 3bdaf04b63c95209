"""Likely personal names: capitalised pairs ("Kyle Brannigan"), or a title and a name ("Mrs Dubois").

A heuristic, not a list of names: every run of capitalised words is a
candidate, and word lists from ``checks.yaml`` (``names:``) decide which
words are ordinary (sentence openers, roles, services), which make a phrase
a place ("North Park", "Riverside Academy") and which are first names. A
word the same text also uses in lower case is ordinary too ("Sable Lantern
... the lantern"), and so is every word of the framework's own vocabulary,
so "Creating Safety" is never taken for a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from reflect.core.textchecks.spans import IDENTIFYING, Hit

NAME_LISTS = ("titles", "first_names", "not_names", "places", "place_openers", "place_like", "word_endings")
NAME_TEXTS = ("suggestion", "reason")

_TOKEN = r"(?:Mc|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
_VOCABULARY_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


@dataclass(frozen=True)
class NameDetector:
    """The name heuristic with its word lists; the two patterns compile on first use."""

    title_alternation: str  # the titles as one regular-expression alternation
    titles: frozenset[str]
    first_names: frozenset[str]
    stop: frozenset[str]
    places: frozenset[str]
    place_openers: frozenset[str]
    place_like: frozenset[str]
    endings: tuple[str, ...]
    suggestion: str
    reason: str

    @cached_property
    def run(self) -> re.Pattern[str]:
        """A run of capitalised words, or a title and at least one such word."""
        titled = rf"(?:{self.title_alternation})\.?[ ](?:{_TOKEN})(?:[ ](?:{_TOKEN}))*"
        plain = rf"(?:{_TOKEN})(?:[ ](?:{_TOKEN}))+"
        return re.compile(rf"(?<![\w'’.-])(?:{titled}|{plain})(?!\w)")

    @cached_property
    def token(self) -> re.Pattern[str]:
        """One word of a run."""
        return re.compile(rf"(?:{self.title_alternation})\.?(?=[ ])|{_TOKEN}")

    def compile(self) -> None:
        """Compile both patterns now rather than on the first scan."""
        _ = self.run, self.token

    def find(self, text: str) -> Iterator[Hit]:
        for start, end in self.spans(text):
            yield Hit(start, end, "name", IDENTIFYING, self.suggestion, self.reason)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of likely personal names."""
        lower_words: set[str] | None = None
        found: list[tuple[int, int]] = []
        for run in self.run.finditer(text):
            at = run.start()
            tokens = [(m.group(), at + m.start(), at + m.end()) for m in self.token.finditer(run.group())]
            if len(tokens) < 2:
                continue
            if lower_words is None:
                lower_words = {w.replace("\u2019", "'") for w in _LOWER_WORD.findall(text)}
            kinds = [self._kind(word, lower_words) for word, _start, _end in tokens]
            _surnames_after_titles(kinds)
            for first, last in _segments(kinds, _place_words(kinds)):
                found.append((tokens[first][1], tokens[last][2]))
        return found

    def _kind(self, word: str, lower_words: set[str]) -> str:
        lw = word.lower().rstrip(".").replace("\u2019", "'")
        if lw in self.titles:
            return "title"
        if lw in self.place_openers:
            return "opener"
        if lw in self.places:
            return "place"
        if lw in self.stop:
            return "stop"
        if lw in self.first_names:
            return "first"
        if lw in self.place_like:
            return "place-like"
        if lw in lower_words or any(lw.endswith(e) and len(lw) >= len(e) + 4 for e in self.endings):
            return "soft"
        return "other"


def _surnames_after_titles(kinds: list[str]) -> None:
    """The word right after a title is a surname whatever else it might be ("Mr Hall")."""
    for i in range(len(kinds) - 1):
        if kinds[i] == "title" and kinds[i + 1] not in ("title", "stop"):
            kinds[i + 1] = "surname"


def _place_words(kinds: list[str]) -> list[bool]:
    """Which words of a run belong to a place: "North Park", "Riverside Academy"."""
    count = len(kinds)
    place = [False] * count
    for i, kind in enumerate(kinds):
        if kind == "opener":
            place[i] = True
            if i + 1 < count and kinds[i + 1] not in ("stop", "title", "surname"):
                place[i + 1] = True
        elif kind == "place":
            place[i] = True
            j = i - 1
            while j >= 0 and kinds[j] not in ("stop", "title", "surname") and not place[j]:
                place[j] = True
                j -= 1
    return place


def _segments(kinds: list[str], place: list[bool]) -> Iterator[tuple[int, int]]:
    """First and last word of each run of words that reads as a name (two to three words, four with a title)."""
    count = len(kinds)
    segment: list[int] = []

    def flush() -> Iterator[tuple[int, int]]:
        size = len(segment)
        if 2 <= size <= 3 or (size == 4 and kinds[segment[0]] == "title"):
            yield segment[0], segment[-1]
        segment.clear()

    for i, kind in enumerate(kinds):
        if kind == "title":
            yield from flush()
            if i + 1 < count and kinds[i + 1] == "surname":
                segment.append(i)
            continue
        if kind == "surname":
            segment.append(i)
            continue
        if place[i] or kind == "stop":
            yield from flush()
            continue
        if kind in ("soft", "place-like"):
            # an ordinary-looking word is a surname only straight after a first name
            if segment and kinds[segment[-1]] in ("first", "surname"):
                segment.append(i)
            else:
                yield from flush()
            continue
        segment.append(i)  # first or other
    yield from flush()


def name_detector(lists: dict[str, list[str]], texts: dict[str, str], vocabulary: Iterable[str]) -> NameDetector | None:
    """The detector for the merged ``names:`` lists, or None when no file has any."""
    if not any(lists.values()) and not texts:
        return None

    def lower(key: str) -> frozenset[str]:
        return frozenset(w.lower().rstrip(".") for w in lists[key])

    vocabulary_words: set[str] = set()
    for phrase in vocabulary:
        vocabulary_words.update(w.lower() for w in _VOCABULARY_WORD.findall(phrase))
    titles = sorted(
        {t.rstrip(".") for t in lists["titles"]} | {t.rstrip(".").upper() for t in lists["titles"]},
        key=len,
        reverse=True,
    )
    return NameDetector(
        title_alternation="|".join(re.escape(t) for t in titles) or r"(?!x)x",
        titles=lower("titles"),
        first_names=lower("first_names"),
        stop=frozenset(lower("not_names") | vocabulary_words),
        places=lower("places"),
        place_openers=lower("place_openers"),
        place_like=lower("place_like"),
        endings=tuple(sorted({e.lower() for e in lists["word_endings"]}, key=len, reverse=True)),
        suggestion=texts.get("suggestion", "use an initial, a role or the case label"),
        reason=texts.get("reason", "This looks like a person's full name."),
    )
