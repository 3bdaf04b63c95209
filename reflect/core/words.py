"""Every word the app and the notes share, in one place.

The app and the note must never word (or decide) the same thing differently:
a mode's title, what a step's state is called, the titles of the phases and
areas of a move, how a scale answer reads, how a date is written. Both sides
import from here. Content ids that code relies on are named here too, so a
search for them finds one place.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reflect.core.progress import MARKS, NOT_RELEVANT, NOT_STARTED, REFLECTED, REFLECTED_PRIVATELY, SET_ASIDE

#: the kinds of session, as the store, bundles and packs name them (the database's CHECK lists the same three)
MODES = ("preparation", "supervision", "workshop")
#: the marks a user can put on a step, as the store and bundles hold them (progress.MARKS, under the store's name)
STATUSES = MARKS
MODE_TITLES = {"preparation": "Preparation", "supervision": "Supervision", "workshop": "Workshop"}

#: a step's state as the app shows it (with a symbol, never colour alone)
STATE_SYMBOLS = {REFLECTED: "✓", REFLECTED_PRIVATELY: "✓", SET_ASIDE: "–", NOT_RELEVANT: "○", NOT_STARTED: "·"}
STATE_WORDS = {
    REFLECTED: "reflected",
    REFLECTED_PRIVATELY: "reflected (private)",
    SET_ASIDE: "set aside",
    NOT_RELEVANT: "not relevant",
    NOT_STARTED: "not started",
}
#: a step's state as a note says it; the record note never says a privately reflected step was not discussed
NOTE_STATE_LABELS = {
    REFLECTED: "reflected on",
    REFLECTED_PRIVATELY: "reflected on (notes kept private)",
    SET_ASIDE: "set aside",
    NOT_RELEVANT: "not relevant to this case",
    NOT_STARTED: "not discussed",
}
#: the same, in the practitioner's own note, which holds the private answers
PERSONAL_STATE_LABELS = {**NOTE_STATE_LABELS, REFLECTED_PRIVATELY: "reflected on"}

REVIEW_LABELS = {"done": "done", "not-done": "not done", "carried-forward": "carried forward", "": "not yet reviewed"}

PHASE_TITLES = {
    "decision": "Deciding on a move",
    "before": "Before the move",
    "during": "During the move",
    "after": "After the move",
}
AREA_TITLES = {"home": "Home area", "placement": "Placement area"}

STAGE_TITLES = {
    "describe": "Describe",
    "feel": "Feelings",
    "make-sense": "Making sense",
    "act": "Acting",
    "imagine": "Imagining",
}

FLAG = "⚑"
FLAG_WORDS = "⚑ bring to supervision"
#: an action's choice "share with the young person / family", as the action editor's box names it
SHARE_LABEL = "Share with the young person / family"
#: how a shared action is marked in a list, in words (never colour alone)
SHARED_MARK = "shared with family"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Content ids the code relies on (summary fields in principles.yaml).
CHANGE_FIRST = "change-first"
QUESTIONS_FOR_SUPERVISION = "questions-for-supervision"


def mode_title(mode: str) -> str:
    return MODE_TITLES.get(mode, mode.title())


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def longdate(value: Any) -> str:
    """2026-11-02 -> '2 November 2026' (British order; no locale needed). Anything else as given."""
    if not value:
        return ""
    d = _as_date(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else str(value)


def short_date(value: Any) -> str:
    """2026-11-02 -> '2 Nov 2026', for the app's narrow lines. Anything else as given."""
    if not value:
        return ""
    d = _as_date(value)
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}" if d else str(value)


def scale_text(value: int, scale: tuple[int, int, str, str] | None) -> str:
    """A scale answer in words, the same in the app and the note: '3 on a scale of 1 to 5 (low to high)'."""
    if not scale:
        return str(value)
    lo, hi, low, high = scale
    ends = f" ({low} to {high})" if low and high else ""
    return f"{value} on a scale of {lo} to {hi}{ends}"
