"""Checks a case label needs beyond those for a note: any date, any long number.

The text checks look for a date *of birth* ("born 3 May 2010", "DOB
14/02/2011") and for numbers that pass a validator, because in a note a bare
date is usually a meeting and most numbers are harmless. A case label is a
pseudonym and holds no meetings: any date in it is most likely a birthday,
and any long number a record or phone number. These patterns add what the
checks did not find; where a check already found something, it is told once.

Each hit carries, as its reason, the sentence the case form shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from reflect.core.textchecks.spans import IDENTIFYING, Hit

SUGGESTION = "use a pseudonym such as YP-A"

# (kind, pattern, reason); compiled on first use, as only the case form needs them
_DATE = (
    "label-date",
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})\b|\b(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}\b",
    "it contains what looks like a date (a date of birth identifies a child)",
)
# one of these three at most, the first that matches: an email address holds digits
# that would read as a number, and a phone number is a long number with spaces
_CONTACT = (
    ("label-email", r"\S+@\S+\.\S+", "it contains what looks like an email address"),
    ("label-phone", r"(?:\+?\d[\d ]{8,}\d)", "it contains what looks like a phone number"),
    ("label-long-number", r"\d{6,}", "it contains a long number (a record or NHS number identifies a child)"),
)
_POSTCODE = (
    "label-postcode",
    r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    "it contains what looks like a postcode",
)

#: the kinds of finding only a label gets; the form shows their reason as it is
LABEL_KINDS = frozenset(kind for kind, _pattern, _reason in (_DATE, *_CONTACT, _POSTCODE))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _first(text: str, check: tuple[str, str, str]) -> Hit | None:
    kind, pattern, reason = check
    match = _compiled(pattern).search(text)
    if match is None:
        return None
    return Hit(match.start(), match.end(), kind, IDENTIFYING, SUGGESTION, reason)


class LabelDetector:
    """The first date, the first contact detail or long number, and the first postcode in a label."""

    def find(self, text: str) -> Iterator[Hit]:
        contact = next((hit for hit in (_first(text, check) for check in _CONTACT) if hit is not None), None)
        for hit in (_first(text, _DATE), contact, _first(text, _POSTCODE)):
            if hit is not None:
                yield hit
