"""The phrase language of ``checks.yaml``, compiled to regular expressions.

A language entry is written as phrases a reviewer can read, not as regular
expressions (the comments at the top of ``checks.yaml`` are the manual):

* words separated by spaces; any run of spaces or a line break matches;
* ``a|b|c`` one of several words; ``word*`` any word starting with it;
* ``word?`` a word that may be missing; ``{name}`` any item of a group;
* a phrase starting ``re:`` is a regular expression instead.

``{name}`` works in regular expressions too: a group becomes "one of these
words", a fragment is pasted in as it is. Everything here is string work; the
patterns are compiled elsewhere (:mod:`.regex`), when first needed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from reflect.core.textchecks.errors import ChecksError

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_-]*)\}")

_HEAD_END = re.compile(r"[-'\u2019*]")
_LETTERS = re.compile(r"[^\W_]+")
_UNREADABLE = re.compile(r"[{}?]")

#: words in almost every text: a poor reason to compile a rule
_EVERYDAY_WORDS = """a an the his her their its my our your he she they it is was are were be been has have had
do does did to in on at of for with and or not no this that"""
EVERYDAY = frozenset(_EVERYDAY_WORDS.split())

#: per phrase, per required place: the exact words and the word starts that may stand there
Requirements = tuple[tuple[tuple[frozenset[str], tuple[str, ...]], ...], ...]

#: where an item came from: (text, file, line)
Item = tuple[str, Path, int]


_WORD_MARKS = str.maketrans({"'": "['\u2019]", "\u2019": "['\u2019]", "\x00": r"[-\s]?"})


@cache
def word(text: str) -> str:
    """One literal word of a phrase: ``*`` = any ending, ``-`` = dash, space or nothing."""
    star = text.endswith("*")
    if star:
        text = text[:-1]
    out = re.escape(text).replace("\\-", "\x00").translate(_WORD_MARKS)
    return out + (r"\w*" if star else "")


def literal(text: str) -> str:
    """A group item of several words: each word literal, any whitespace between."""
    return r"\s+".join(word(w) for w in text.split())


class PhraseBook:
    """The groups and fragments of every file read so far, and what phrases become with them."""

    def __init__(self, groups: dict[str, list[Item]], fragments: dict[str, Item]) -> None:
        self.groups = groups
        self.fragments = fragments
        # a group is referred to by many phrases; it reads the same every time
        self._expanded: dict[tuple[str, int], str] = {}
        # so are its words: every rule's anchors are worked out as the rules are built
        self._anchors: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
        self._places: dict[tuple[frozenset[str], tuple[str, ...]], tuple[frozenset[str], tuple[str, ...]]] = {}

    def expand(self, source: str, path: Path, line: int, depth: int = 0) -> str:
        """Replace ``{name}`` by a group (one of its items) or a fragment (as is)."""
        if depth > 6:
            raise ChecksError("groups and fragments refer to each other in a loop", path, line)

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self.fragments:
                text, fpath, fline = self.fragments[name]
                return "(?:" + self.expand(text, fpath, fline, depth + 1) + ")"
            if name in self.groups:
                return self.group(name, depth)
            raise ChecksError(f"unknown group or fragment {{{name}}}", path, line)

        return PLACEHOLDER.sub(replace, source)

    def group(self, name: str, depth: int = 0) -> str:
        """One of a group's items, longest first so "date of birth" wins over "date"."""
        known = self._expanded.get((name, depth))
        if known is not None:
            return known
        items = sorted(self.groups[name], key=lambda item: -len(item[0]))
        parts = []
        for text, path, line in items:
            if text.startswith("re:"):
                parts.append("(?:" + self.expand(text[3:].strip(), path, line, depth + 1) + ")")
            else:
                parts.append(literal(text))
        expanded = self._expanded[(name, depth)] = "(?:" + "|".join(parts) + ")"
        return expanded

    def phrase(self, phrase: str, path: Path, line: int) -> str:
        """The regular expression for one phrase of the simple phrase syntax."""
        if phrase.startswith("re:"):
            return self.expand(phrase[3:].strip(), path, line)
        pieces = []
        need_space = False
        for token in phrase.split():
            optional = len(token) > 1 and token.endswith("?")
            if optional:
                token = token[:-1]
            alternatives = []
            for alt in token.split("|"):
                if not alt:
                    raise ChecksError(f"empty alternative in phrase {phrase!r}", path, line)
                if PLACEHOLDER.fullmatch(alt):
                    alternatives.append(self.expand(alt, path, line))
                elif _UNREADABLE.search(alt):
                    raise ChecksError(f"cannot read {alt!r} in phrase {phrase!r}", path, line)
                else:
                    alternatives.append(word(alt))
            fragment = "(?:" + "|".join(alternatives) + ")"
            # the space before a word belongs to the word after it, except at the start,
            # where an optional word carries its own space: "a? willing" = (?:a\s+)?willing
            if optional:
                pieces.append(f"(?:\\s+{fragment})?" if need_space else f"(?:{fragment}\\s+)?")
            else:
                pieces.append(f"\\s+{fragment}" if need_space else fragment)
                need_space = True
        if not need_space:
            raise ChecksError(f"phrase {phrase!r} needs at least one word that is not optional", path, line)
        return "".join(pieces)

    def anchors(self, phrases: list[tuple[str, int]]) -> tuple[frozenset[str] | None, tuple[str, ...]]:
        """The words a text must contain (exactly, or as a word start) for any phrase to match.

        ``(None, ())`` when that cannot be known (a regular expression, a
        group with one); a rule with anchors is skipped, uncompiled, on every
        text that has none of them. Each phrase gives the words of one of its
        required places, the first whose words are not everyday ones ("the",
        "her"), so a rule is not compiled for every text that says "the".
        """
        exact: set[str] = set()
        prefixes: set[str] = set()
        for phrase, _line in phrases:
            if phrase.startswith("re:"):
                return None, ()
            # the required places, best first: plain words before groups, everyday words last
            ranked = []
            for position, token in enumerate(phrase.split()):
                if len(token) > 1 and token.endswith("?"):
                    continue  # an optional word need not be there
                found = self._token_anchors(token)
                if found is not None:
                    everyday = bool((found[0] | found[1]) & EVERYDAY)
                    ranked.append((everyday, "{" in token, position, found))
            best = min(ranked, key=lambda r: r[:3])[3] if ranked else None
            if best is None:
                return None, ()
            exact |= best[0]
            prefixes |= best[1]
        return frozenset(exact), tuple(sorted(prefixes))

    def requirements(self, phrases: list[tuple[str, int]]) -> Requirements | None:
        """For each phrase, the words each of its required places may be (None: cannot be known).

        A text can match a phrase only if it holds a word for every place, so
        a rule whose phrases all lack one of theirs is skipped uncompiled; this
        is sharper than :meth:`anchors`, which looks at one place a phrase.
        """
        out = []
        for phrase, _line in phrases:
            if phrase.startswith("re:"):
                return None
            places = []
            for token in phrase.split():
                if len(token) > 1 and token.endswith("?"):
                    continue
                found = self._token_anchors(token)
                if found is not None:
                    place = (found[0], tuple(sorted(found[1])))
                    places.append(self._places.setdefault(place, place))  # one object per place: scans share it
            if not places:
                return None
            out.append(tuple(places))
        return tuple(out)

    def _token_anchors(self, token: str) -> tuple[frozenset[str], frozenset[str]] | None:
        """The words one of which a text must hold where this token matches, or None if unknowable."""
        if token in self._anchors:
            return self._anchors[token]
        found = self._anchors[token] = self._work_out_anchors(token)
        return found

    def _work_out_anchors(self, token: str) -> tuple[frozenset[str], frozenset[str]] | None:
        exact: set[str] = set()
        prefixes: set[str] = set()

        def add(text: str) -> bool:
            star = text.endswith("*")
            head = _HEAD_END.split(text.lower(), maxsplit=1)[0]
            if not head or not _LETTERS.fullmatch(head):
                return False
            (prefixes if star or head != text.lower() else exact).add(head)
            return True

        for alt in token.split("|"):
            placeholder = PLACEHOLDER.fullmatch(alt)
            if placeholder:
                name = placeholder.group(1)
                if name not in self.groups:
                    return None
                for item, _path, _item_line in self.groups[name]:
                    if item.startswith("re:"):
                        return None
                    words = item.split()
                    # any word of the item must be there: take one that is not an everyday word
                    choice = next((w for w in words if w.lower() not in EVERYDAY), words[0])
                    if not add(choice):
                        return None
            elif not add(alt):
                return None
        return frozenset(exact), frozenset(prefixes)
