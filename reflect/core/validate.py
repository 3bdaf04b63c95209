"""What the store will keep: a case label, a date, an answer. One line of error for anything else.

These rules are the data's, not the database's: the bundle reader, the store
and the app's forms all apply them, so they live apart from the SQL.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from reflect.core.errors import ReflectError

MAX_TEXT = 1_000_000  # characters in one answer: far beyond any real reflection
MAX_LABEL = 60
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_label(label: str) -> str:
    """A case label: a short pseudonym on one line."""
    label = " ".join(str(label).split())
    if not label:
        raise ReflectError("a case needs a label (a pseudonym such as YP-A, never a real name)")
    if len(label) > MAX_LABEL:
        raise ReflectError(f"a case label is at most {MAX_LABEL} characters")
    if any(not ch.isprintable() for ch in label):
        raise ReflectError("a case label cannot contain control characters")
    return label


def check_date(value: Any, what: str = "date") -> str:
    """A date as ISO text (YYYY-MM-DD), from ISO or the UK's DD/MM/YYYY, or a one-line error."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if not isinstance(value, str):
            raise ValueError(text)
        uk = _UK_DATE_RE.match(text)
        if uk:  # day first, as practitioners in the UK write it: 01/12/2026 is the 1st of December
            day, month, year = (int(part) for part in uk.groups())
            return date(year, month, day).isoformat()
        # only YYYY-MM-DD: newer Pythons also read 20261120 or 2026-W47, which no one means
        if not _DATE_RE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReflectError(f"{what} {text[:40]!r} is not a date (use DD/MM/YYYY or YYYY-MM-DD)") from None


def clean_text(value: str, what: str = "text") -> str:
    if len(value) > MAX_TEXT:
        raise ReflectError(f"{what} is too long ({len(value)} characters; the limit is {MAX_TEXT})")
    return value.replace("\x00", "")


def clean_value(value: Any, what: str = "an answer") -> Any:
    """An answer as stored: text, a whole number, or a list of text."""
    if isinstance(value, bool):  # YAML 1.1 reads an unquoted yes, no, on or off as true or false
        raise ReflectError(f"{what} must be text, a number or a list (put yes, no, on or off in quotes)")
    if isinstance(value, str):
        return clean_text(value, what)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [clean_text(v, what) for v in value]
    raise ReflectError(f"{what} must be text, a number or a list of text")
