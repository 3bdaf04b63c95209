"""Case labels that look the same but are not: ``DEMO‐Sam`` (U+2010) beside ``DEMO-Sam``.

Two cases whose labels a reader cannot tell apart invite writing on the wrong
child's case. A bundle whose label only *looks* like an existing one is
treated as that label (F16 of the hostile review). The comparison is a
skeleton of the label: Unicode compatibility forms folded (NFKC), every dash
and minus made ``-``, the Cyrillic and Greek capitals and small letters that
are drawn like Latin ones made Latin, and case ignored. It is deliberately
small: the full Unicode confusables table (TR39) would be a new dependency for
a rare mistake, and labels are short pseudonyms typed by hand.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Cyrillic and Greek letters drawn like Latin ones, in the fonts a terminal uses.
_LATIN_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУаеорсхуіјѕԁΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυχ",
    "ABEKMHOPCTXYaeopcxyijsdABEZHIKMNOPTYXoikvptux",
)


def skeleton(label: str) -> str:
    """What a label looks like: the same skeleton means a reader cannot tell the two apart."""
    text = unicodedata.normalize("NFKC", label)
    text = "".join("-" if unicodedata.category(ch) == "Pd" or ch == "\u2212" else ch for ch in text)
    return " ".join(text.translate(_LATIN_LOOKALIKES).casefold().split())


def lookalike(label: str, existing: Iterable[str]) -> str | None:
    """The existing label that ``label`` only looks like (not the same text, ignoring case), if any."""
    wanted = skeleton(label)
    for other in existing:
        if other.casefold() != label.casefold() and skeleton(other) == wanted:
            return other
    return None
