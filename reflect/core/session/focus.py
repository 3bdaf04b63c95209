"""Today's focus: which steps to take when there is not time for the full walk.

A case gets perhaps twenty minutes of a supervision hour. Starting a session,
the practitioner can walk every step or pick up to three; the app suggests
three from what the case holds, and says why in a few words:

* a step flagged or set aside last time (it was left open on purpose);
* an open action that is due or overdue, agreed in a session that worked on
  the step;
* a move being considered (the tracks hold the before-the-move and decision
  questions);
* otherwise, the steps not discussed for longest (never discussed first).

Pure code: records in, suggestions out; the store is read by the caller. The
choice is kept with the session (``session_extra``, key ``focus``) as
:class:`Focus`, so the note can say which steps were chosen and why the
others were left for another day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflect.core.framework import CONSIDERING_PHASES, Framework, Step
from reflect.core.models import Action, SessionRecord
from reflect.core.progress import SET_ASIDE, is_reflected, step_state
from reflect.core.words import short_date

#: at most this many steps in today's focus
FOCUS_MAX = 3
#: an action due within this many days counts as due
DUE_SOON_DAYS = 7
#: why a step nothing suggested was left for another day
NOTHING_POINTED = "nothing in the case pointed to it today"
#: the settings key a focus session is kept under
FOCUS_KEY = "focus"

# how much each reason weighs when the suggestions are ranked (a step left open on purpose first)
_FLAGGED, _SET_ASIDE, _ACTION, _MOVE = 4, 4, 3, 3


@dataclass(frozen=True)
class Suggestion:
    """A step and why the app suggests it today (a few words each); ``weight`` ranks them."""

    step_id: str
    reasons: tuple[str, ...]
    weight: int = 0
    last_discussed: str = ""  # ISO date of the last session that reflected on it; "" for never

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Focus:
    """The steps chosen for today, why each was chosen, and why each other step was left."""

    steps: tuple[str, ...]
    reasons: dict[str, str] = field(default_factory=dict)
    left: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"steps": list(self.steps), "reasons": dict(self.reasons), "left": dict(self.left)}

    @classmethod
    def from_json(cls, data: Any, framework: Framework) -> Focus | None:
        """The stored choice, keeping only steps this framework has; None when there is no usable one."""
        if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
            return None
        steps = tuple(s for s in data["steps"] if isinstance(s, str) and framework.step(s) is not None)
        if not steps:
            return None

        def texts(key: str) -> dict[str, str]:
            raw = data.get(key)
            return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}

        return cls(steps[:FOCUS_MAX], texts("reasons"), texts("left"))


def _last_discussed(step: Step, history: Sequence[SessionRecord]) -> str:
    dates = [r.date for r in history if is_reflected(step_state(r, step))]
    return max(dates) if dates else ""


def _action_reason(action: Action, today: date) -> str:
    if not action.by:
        return ""
    try:
        due = date.fromisoformat(action.by)
    except ValueError:
        return ""
    what = action.what if len(action.what) <= 40 else action.what[:39].rstrip() + "…"
    if due < today:
        return f"action overdue since {short_date(action.by)}: {what}"
    if (due - today).days <= DUE_SOON_DAYS:
        return f"action due {short_date(action.by)}: {what}"
    return ""


def _considering(step: Step) -> bool:
    return any(p.moved_only and p.phase in CONSIDERING_PHASES for p in step.prompts)


def suggest(
    framework: Framework,
    history: Sequence[SessionRecord],
    open_actions: Sequence[Action],
    *,
    move: str = "no",
    today: date | None = None,
) -> list[Suggestion]:
    """Every step, most worth taking today first, each with why.

    ``history`` is the case's earlier sessions, oldest first (the last is
    "last time"); ``open_actions`` the actions still open from them. Steps
    of equal weight go by the longest since discussed (never first), then
    the framework's order.
    """
    today = today or date.today()
    last = history[-1] if history else None
    by_session = {r.id: r for r in history}
    out = []
    for step in framework.steps:
        reasons: list[str] = []
        weight = 0
        if last is not None:
            ids = {p.id for p in step.prompts}
            if any(f in ids for f in last.flags):
                reasons.append("flagged last time")
                weight += _FLAGGED
            if last.status.get(step.id) == SET_ASIDE:
                why = last.set_aside_reasons.get(step.id, "")
                reasons.append("set aside last time" + (f" ({why})" if why else ""))
                weight += _SET_ASIDE
        for action in open_actions:
            agreed_in = by_session.get(action.session_id)
            reason = _action_reason(action, today)
            if reason and agreed_in is not None and is_reflected(step_state(agreed_in, step)):
                reasons.append(reason)
                weight += _ACTION
                break
        if move == "considering" and _considering(step):
            reasons.append("a move is being considered")
            weight += _MOVE
        discussed = _last_discussed(step, history)
        if not reasons:
            reasons.append(f"not discussed since {short_date(discussed)}" if discussed else "not discussed yet")
        out.append(Suggestion(step.id, tuple(reasons), weight, discussed))
    # stable sort: the framework's order breaks the last ties
    return sorted(out, key=lambda s: (-s.weight, s.last_discussed))


def choose(suggestions: Sequence[Suggestion], chosen: Sequence[str]) -> Focus:
    """Today's focus from the steps the user chose (at most three): why each, and why the others wait."""
    picked = [s for s in dict.fromkeys(chosen)][:FOCUS_MAX]
    reasons = {}
    left = {}
    for suggestion in suggestions:
        if suggestion.step_id in picked:
            reasons[suggestion.step_id] = suggestion.why
        elif suggestion.weight:
            left[suggestion.step_id] = f"suggested: {suggestion.why}; not chosen today"
        else:
            left[suggestion.step_id] = NOTHING_POINTED
    for step_id in picked:
        reasons.setdefault(step_id, "chosen by the practitioner")
    return Focus(tuple(picked), reasons, left)


def default_choice(suggestions: Sequence[Suggestion]) -> list[str]:
    """The steps ticked when the choice opens: the first three suggestions."""
    return [s.step_id for s in suggestions[:FOCUS_MAX]]
