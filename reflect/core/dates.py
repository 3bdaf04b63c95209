"""Dates typed by a person: DD/MM/YYYY (as UK practitioners write them) or YYYY-MM-DD.

A summary field of ``kind: date`` (the next review) is stored as
YYYY-MM-DD, so a note can print it in words and a later version can remind
or flag an overdue review. The app, the bundle reader and the session model
all go through :func:`parse_day`, so "31/02/2027" gets the same one clear
line wherever it is typed.
"""

from __future__ import annotations

import re
from datetime import date

from reflect.core.errors import ReflectError

#: DD/MM/YYYY, also with - or . between the parts, and one-digit days and months
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
#: anything made of digits and separators: someone meant a date, so a wrong one is refused, not kept as text
_DATE_SHAPED = re.compile(r"^[\d\s/.\-]+$")

HOW = "use DD/MM/YYYY or YYYY-MM-DD, for example 07/12/2026"


def parse_day(text: str, what: str = "the date") -> str:
    """``text`` as YYYY-MM-DD, or a ReflectError that says what is wrong in one line.

    Blank text is "" (no date). Day-first, as in the UK: 03/04/2027 is 3 April.
    """
    raw = " ".join(str(text).split())
    if not raw:
        return ""
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(raw)
        if not match:
            raise ReflectError(f"{what} {raw[:40]!r} is not a date ({HOW})")
        day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ReflectError(f"{what} {raw!r} is not a real date: there is no month {month} ({HOW})")
    if year < 1900 or year > 2200:
        raise ReflectError(f"{what} {raw!r} is not a likely year ({HOW})")
    import calendar  # here, not at the top: most runs never check a date, and calendar imports locale

    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ReflectError(f"{what} {raw!r} is not a real date: {name} {year} has {last} days")
    return date(year, month, day).isoformat()


def looks_like_a_date(text: str) -> bool:
    """Whether text is only digits and date separators (so it was meant as a date)."""
    raw = str(text).strip()
    return bool(raw) and bool(_DATE_SHAPED.match(raw)) and any(ch.isdigit() for ch in raw)


def summary_value(kind: str, text: str, label: str, *, keep_old_text: bool = False) -> str:
    """A summary field's text as it is stored: a date field's as YYYY-MM-DD.

    ``keep_old_text`` is for bundles written before the field was a date:
    words such as "in four weeks" are kept as they were (a note prints them
    as written), but anything shaped like a date must be a real one.
    """
    if kind != "date":
        return text
    if keep_old_text and str(text).strip() and not looks_like_a_date(text):
        return text
    return parse_day(text, what=label)
