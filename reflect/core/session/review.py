"""Which earlier actions a session reviews: the rule, in one place.

A preparation or supervision session looks back at the actions of earlier
sessions on the case that are still open (neither done nor reviewed), and
keeps showing those it has already reviewed: the ones it carried forward
(their copies are among its own actions) and the previous session's actions
that now hold a review. A workshop reviews nothing: its case is fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect.core.models import Action, SessionRecord

if TYPE_CHECKING:
    from reflect.core.store import Store

WORKSHOP = "workshop"


@dataclass
class Review:
    """An earlier action this session reviews, and the date of the session that agreed it.

    ``action`` is updated in place when this session reviews it, so what is
    on screen and what the model holds stay one object.
    """

    action: Action
    session_date: str


def actions_to_review(store: Store, record: SessionRecord) -> list[Review]:
    if record.mode == WORKSHOP:
        return []
    case_id, session_id = record.info.case_id, record.id
    found: dict[int, Action] = {a.id: a for a in store.open_actions(case_id, before_session=session_id)}
    previous = store.previous_session(session_id)
    carried = {a.carried_from for a in record.actions if a.carried_from}
    dates = {s.id: s.date for s in store.list_sessions(case_id)}
    for other in dates:
        is_previous = previous is not None and other == previous.id
        if other == session_id or not (carried or is_previous):
            continue
        for action in store.actions(other):
            if action.id in carried or (is_previous and action.review):
                found.setdefault(action.id, action)
    return [Review(a, dates.get(a.session_id, "")) for a in found.values()]
