"""Likely personal names: capitalised pairs ("Kyle Brannigan"), a title and a name ("Mrs Dubois"),
and a first name alone where its place says it is a person's ("Sam said", "with Sam", "Kai loves ...").

A heuristic, not a list of names: every run of capitalised words is a
candidate, and word lists from ``checks.yaml`` (``names:``) decide which
words are ordinary (sentence openers, roles, services), which make a phrase
a place ("North Park", "Riverside Academy") and which are first names. A
word the same text also uses in lower case is ordinary too ("Sable Lantern
... the lantern"), and so is every word of the framework's own vocabulary,
so "Creating Safety" is never taken for a person.

A known first name alone at the start of a sentence is a name too ("Kai
loves football."), unless it is also an everyday word: "Will", "May",
"Grace" and "Mark" open sentences as words. Which names are also words is
not written by hand: ``data/word_names.txt`` holds the first names that
SCOWL's common English word list (Kevin Atkinson's spell-checker lists)
writes in lower case, made by ``scripts/vendor_word_names.py``. Words SCOWL
capitalises ("June", "German") are the checks files' ``not_names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from reflect.core.textchecks.spans import IDENTIFYING, Hit, Spans

NAME_LISTS = (
    "titles",
    "first_names",
    "not_names",
    "places",
    "place_openers",
    "place_like",
    "word_endings",
    "known_places",
    "common_word_names",
    "name_said",
    "name_relations",
    "name_before",
    "name_said_surely",
    "name_before_surely",
)
#: lists whose items may be several words ("Hackney Wick")
MULTI_WORD_LISTS = ("known_places",)
NAME_TEXTS = ("suggestion", "reason")

FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"
WORD_NAMES_FILE = Path(__file__).resolve().parent / "data" / "word_names.txt"


# Capitalised words in Latin, Greek and Cyrillic letters: Siân, Łukasz, Öztürk, Zoë, O'Neill, Nguyễn.
# Written as ranges, because a class listing every letter costs tens of milliseconds to compile in
# every process; the Latin Extended blocks, where capitals and small letters alternate, are taken whole
# (a word that starts with a small "ł" is taken as capitalised: rare in an English note, and harmless).
_EXTENDED = "\u0100-\u024f\u1e00-\u1eff"
_UPPER = f"[A-Z\u00c0-\u00d6\u00d8-\u00de{_EXTENDED}\u0391-\u03a9\u0400-\u042f]"
_LOWER = f"[a-z\u00df-\u00f6\u00f8-\u00ff{_EXTENDED}\u03ac-\u03ce\u0430-\u045f\u0300-\u036f]"
#: (capital, small letter) classes: for a text in plain ASCII, whose patterns compile faster, and for any
_CLASSES = {True: ("[A-Z]", "[a-z]"), False: (_UPPER, _LOWER)}


def _token(ascii_only: bool) -> str:
    upper, lower = _CLASSES[ascii_only]
    return rf"(?:Mc|Mac|O['’]|D['’])?{upper}{lower}+(?:['’]{upper}{lower}+)?(?:-{upper}{lower}+)*"


_VOCABULARY_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
#: the word after a lone name: its "'s" (group 1), or the next word (group 2)
_NEXT_WORD = re.compile(r"(['’]s\b)|\s+(\w+)")
#: the last word before a lone name (searched up to the name's start)
_LAST_WORD = re.compile(r"(\w+)[ ]$")


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
    known_places: frozenset[str] = frozenset()  # "hackney wick": a place, not a person
    common_words: frozenset[str] = frozenset()  # first names that are also words ("Hope"): never alone
    said: str = ""  # alternation: words after a lone first name that make it a person ("Sam said")
    relations: str = ""  # alternation: words after a first name's "'s" ("Jo's mum")
    before: str = ""  # alternation: words before a lone first name ("with Sam")
    #: words next to a name that is also an everyday word that make it a person's all the same:
    #: "Grace said", "told Max" (but not "May was", "by May")
    said_surely: frozenset[str] = frozenset()
    before_surely: frozenset[str] = frozenset()

    @cached_property
    def every_first_name(self) -> frozenset[str]:
        """The vendored list (read on first use) and the checks files' own, lower case."""
        return _vendored_first_names() | self.first_names

    @cached_property
    def word_names(self) -> frozenset[str]:
        """First names that are also everyday words: never a name alone at a sentence's start."""
        return _vendored_word_names() | self.common_words

    @cached_property
    def _compiled(self) -> dict[tuple[str, bool], re.Pattern[str]]:
        return {}

    def _pattern(self, which: str, ascii_only: bool) -> re.Pattern[str]:
        """One of the three patterns, for plain-ASCII text or for any, compiled on first use."""
        key = (which, ascii_only)
        known = self._compiled.get(key)
        if known is None:
            known = self._compiled[key] = re.compile(self._source(which, ascii_only))
        return known

    def _source(self, which: str, ascii_only: bool) -> str:
        token = _token(ascii_only)
        upper = _CLASSES[ascii_only][0]
        if which == "run":  # a run of capitalised words, or a title and at least one such word
            titled = rf"(?:{self.title_alternation})\.?[ ](?:{token})(?:[ ](?:{token}))*"
            plain = rf"(?:{token})(?:[ ](?:{token}))+"
            return rf"(?<![\w'’.-])(?:{titled}|{plain})(?!\w)"
        if which == "token":  # one word of a run
            return rf"(?:{self.title_alternation})\.?(?=[ ])|{token}"
        # one capitalised word that context makes a person: "Sam said", "Jo's mum", "with Sam",
        # or that opens a sentence (or a line, or a list item) on its own: "Kai loves football."
        after = rf"(?=\s+(?:{self.said})\b|['’]s\s+(?:{self.relations})\b)" if self.said else r"(?!)"
        before = rf"(?<!\w)(?:{self.before})[ ]" if self.before else r"(?!)"
        # not a person where a citation follows: "Davis (2022)", "Davis and Marsh (2022)", "Hallett et al."
        alone = rf"(?![\w'’-]|[ ]{upper}|,?[ ]\(?\d{{4}}|[ ](?:and|&)[ ]{upper}\w+,?[ ]\(?\d{{4}}|[ ]et[ ]al\b)"
        # where a sentence starts: the text's or a line's start, a list item's, or after . ! ? (and a
        # closing quote or bracket); lookbehinds only, so a name that context also makes a person's
        # ("Sam said") is matched at the same place by the branch before, whatever its word list says
        opens = (
            r"(?:^|(?<=^- )|(?<=^\* )|(?<=^• )|(?<=[.!?] )|(?<=[.!?]  )|(?<=[.!?]\t)"
            r"|(?<=[.!?][\"'”’)] )|(?<=[.!?][\"'”’)]  ))"
        )
        in_context = rf"(?<![\w'’.-])(?:(?P<a>{token}){after}|{before}(?P<b>{token}){alone})"
        # (a capital first: most places in a text are not one, and fail here before any lookbehind)
        return rf"(?m){in_context}|(?={upper}){opens}(?P<c>{token})(?:(?=['’]s\b)|{alone})"

    def compile(self) -> None:
        """Compile the patterns and read the first names now rather than on the first scan."""
        for which in ("run", "token", "single"):
            for ascii_only in (True, False):
                self._pattern(which, ascii_only)
        _ = self.every_first_name, self.word_names

    def find(self, text: str) -> Iterator[Hit]:
        for start, end in self.spans(text):
            yield Hit(start, end, "name", IDENTIFYING, self.suggestion, self.reason)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of likely personal names."""
        lower_words: set[str] | None = None
        found: list[tuple[int, int]] = []
        ascii_only = text.isascii()
        token: re.Pattern[str] | None = None  # needed only once a run is found
        for run in self._pattern("run", ascii_only).finditer(text):
            if token is None:
                token = self._pattern("token", ascii_only)
            at = run.start()
            tokens = [(m.group(), at + m.start(), at + m.end()) for m in token.finditer(run.group())]
            if len(tokens) < 2:
                continue
            if lower_words is None:
                lower_words = {w.replace("\u2019", "'") for w in _LOWER_WORD.findall(text)}
            kinds = [self._kind(word, lower_words) for word, _start, _end in tokens]
            _surnames_after_titles(kinds)
            for first, last in _segments(kinds, _place_words(kinds)):
                words = " ".join(w for w, _s, _e in tokens[first : last + 1]).lower().replace("\u2019", "'")
                if words not in self.known_places:
                    found.append((tokens[first][1], tokens[last][2]))
        return found + self._singles(text, Spans(found), lower_words, ascii_only)

    def _singles(
        self, text: str, taken: Spans, lower_words: set[str] | None, ascii_only: bool
    ) -> list[tuple[int, int]]:
        """Lone first names that the words around them make a person's, or that open a sentence."""
        out = []
        for match in self._pattern("single", ascii_only).finditer(text):
            group = match.lastgroup or "a"  # the pattern's only capturing groups are a, b and c
            start, end = match.span(group)
            if taken.overlaps(start, end):
                continue
            word = match.group(group).lower().replace("\u2019", "'")
            if word in self.stop or word in self.titles:
                continue
            if word in self.common_words and not self._surely_a_person(text, group, start, end):
                continue
            if word not in self.every_first_name:
                continue  # most words that open a sentence ("Today", "School") are no one's name
            if group == "c" and word in self.word_names:
                continue  # "Will you ...", "Grace period": a word that opens a sentence as itself
            if "'" in word or word in text:  # else the text never writes it in lower case
                if lower_words is None:
                    lower_words = {w.replace("\u2019", "'") for w in _LOWER_WORD.findall(text)}
                if word in lower_words:
                    continue
            out.append((start, end))
        return out

    def _surely_a_person(self, text: str, group: str, start: int, end: int) -> bool:
        """Whether the words beside a name that is also a word ("Grace", "Max") make it a person's.

        Only a capitalised word reaches here, so a speech verb after it ("Grace said"), a
        relation after its 's ("Max's mum") or a word such as "told" before it ("told Max")
        leaves little doubt; "May was", "by May" and "Hope is" stay words.
        """
        if group == "a":
            after = _NEXT_WORD.match(text, end)
            if after is None:
                return False
            if after.group(1):  # "'s" and a relation: the pattern only matched when it is one
                return True
            return after.group(2).lower() in self.said_surely
        if group == "b":
            before = _LAST_WORD.search(text, 0, start)
            return before is not None and before.group(1).lower() in self.before_surely
        return False

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
        if lw in self.every_first_name:
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
        return frozenset(w.lower().rstrip(".") for w in lists.get(key, ()))

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
        known_places=frozenset(
            " ".join(p.lower().replace("\u2019", "'").split()) for p in lists.get("known_places", ())
        ),
        common_words=lower("common_word_names"),
        said="|".join(re.escape(w) for w in sorted(set(lists.get("name_said", ())))),
        relations="|".join(re.escape(w) for w in sorted(set(lists.get("name_relations", ())))),
        before="|".join(re.escape(w) for w in sorted(set(lists.get("name_before", ())))),
        said_surely=lower("name_said_surely"),
        before_surely=lower("name_before_surely"),
    )


@cache
def _vendored_first_names() -> frozenset[str]:
    """The first names in ``data/first_names.txt`` (see its header for where they come from)."""
    return _word_file(FIRST_NAMES_FILE)


@cache
def _vendored_word_names() -> frozenset[str]:
    """The first names in ``data/word_names.txt`` that are also everyday words (see its header)."""
    return _word_file(WORD_NAMES_FILE)


def _word_file(path: Path) -> frozenset[str]:
    """The words of a vendored list, lower case: one a line, after a header of ``#`` lines.

    Split in one go rather than line by line: the first-name list has ten
    thousand lines, and a note that names anyone reads it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - a broken install: the checks files' own words still work
        return frozenset()
    body = text
    while body.startswith("#"):
        body = body.partition("\n")[2]
    return frozenset(body.lower().split())
