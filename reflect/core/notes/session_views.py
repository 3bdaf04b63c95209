"""Two views a note adds to a session: today's focus, and what changed since last time.

Kept apart from ``context`` (which builds the rest of the note) so each stays
small. Both are plain data for the templates; private answers are left out
of "since last time" unless the note is the practitioner's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.framework import Framework
from reflect.core.models import SessionRecord
from reflect.core.session.focus import FOCUS_KEY, NOTHING_POINTED, Focus
from reflect.core.session.since_last import since_last
from reflect.core.words import longdate, mode_title

if TYPE_CHECKING:
    from reflect.core.notes.contract import FocusStep, FocusView, SinceLastView


def focus_view(framework: Framework, record: SessionRecord) -> FocusView | None:
    """The steps chosen for today and why, and the others and why they wait; None for the full walk."""
    focus = Focus.from_json(record.extra.get(FOCUS_KEY), framework)
    if focus is None:
        return None

    def item(step_id: str, reason: str) -> FocusStep:
        step = framework.step(step_id)
        title = step.short_title if step else step_id
        return {"id": step_id, "title": title, "reason": reason, "suggested": reason != NOTHING_POINTED}

    chosen = [s.id for s in framework.steps if s.id in focus.steps]
    return {
        "steps": [item(s, focus.reasons.get(s, "")) for s in chosen],
        "left": [item(s.id, focus.left.get(s.id, "")) for s in framework.steps if s.id not in focus.steps],
    }


def since_last_view(framework: Framework, last: SessionRecord, record: SessionRecord, private: bool) -> SinceLastView:
    found = since_last(framework, last, record, private=private)
    return {
        "date": found.date,
        "date_long": longdate(found.date),
        "mode": found.mode,
        "mode_title": mode_title(found.mode),
        "steps": [
            {
                "id": s.step_id,
                "title": s.title,
                "state_then": s.state_then,
                "state_now": s.state_now,
                "then": list(s.then),
                "now": list(s.now),
            }
            for s in found.steps
        ],
        "actions": [
            {
                "what": a.what,
                "who": a.who,
                "by": a.by,
                "by_long": longdate(a.by),
                "outcome": a.outcome,
                "outcome_label": a.outcome_label,
            }
            for a in found.actions
        ],
    }
