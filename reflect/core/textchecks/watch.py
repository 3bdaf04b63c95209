"""Names to watch: real names the practitioner gave, found in a text without ever being kept.

The practitioner can give the app the first names and surnames that must
never reach a note (the child's, a sibling's, the suspected exploiter's).
Only a keyed hash of each word is stored (BLAKE2b, keyed with a random salt
that belongs to the store), so the store never holds the name itself and the
same name hashes differently in another store. A scan hashes every word of a
text the same way and reports the words whose hash is watched.

What the hash does and does not promise: someone reading the store file
cannot see the names, and cannot tell whether two stores watch the same
name; someone who has the store file *and* guesses a name can test the
guess, because names are short. The store's own protection (a private file
on the practitioner's machine) is what keeps that from happening.

Watched findings are always shown and cannot be dismissed (``watched=True``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reflect.core.textchecks.spans import IDENTIFYING, Hit

KIND = "watched-name"
SUGGESTION = "remove it: this is a name you asked to be warned about; use an initial, a role or the case label"
REASON = "You added this name to the names to watch: it must not reach a note."

# a word: letters, with inner apostrophes or hyphens ("O'Neill", "Osei-Mensah")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def fold(word: str) -> str:
    """The form a word is hashed in: no accents, no case, one kind of apostrophe ("Siân" = "sian")."""
    decomposed = unicodedata.normalize("NFKD", word.replace("\u2019", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).casefold()


def words_of(name: str) -> list[str]:
    """The words of a name as given ("Kyle Osei-Mensah" -> the whole hyphenated word, and each part)."""
    out: list[str] = []
    for match in _WORD.finditer(name):
        word = fold(match.group())
        out.append(word)
        parts = re.split(r"[-']", word)
        if len(parts) > 1:
            out.extend(p for p in parts if len(p) > 1)
    return list(dict.fromkeys(out))


def digest(salt: bytes, word: str) -> str:
    """The keyed hash of one folded word."""
    return hashlib.blake2b(word.encode("utf-8"), key=salt, digest_size=16, person=b"reflect-watch").hexdigest()


@dataclass(frozen=True)
class WatchList:
    """The salt and the hashes of the watched words; finds them in a text."""

    salt: bytes
    digests: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.digests)

    def find(self, text: str) -> Iterator[Hit]:
        if not self.digests:
            return
        for match in _WORD.finditer(text):
            word = fold(match.group())
            candidates = [word] + [p for p in re.split(r"[-']", word) if p != word and len(p) > 1]
            if any(digest(self.salt, w) in self.digests for w in candidates):
                yield Hit(match.start(), match.end(), KIND, IDENTIFYING, SUGGESTION, REASON)

    @classmethod
    def of(cls, salt: bytes, names: Iterable[str]) -> WatchList:
        """A list from plain names (for tests and for checking a name before it is stored)."""
        return cls(salt, frozenset(digest(salt, w) for name in names for w in words_of(name)))
