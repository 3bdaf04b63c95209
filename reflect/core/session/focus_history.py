"""The earlier sessions today's focus needs, read newest first and no further than it needs.

``focus.suggest`` looks at the last session (what was flagged or set aside),
at the sessions the open actions were agreed in, and at when each step was
last discussed. Reading every session of a case for that grows with the
years: here the sessions are read a page at a time, newest first, until
every step has a session that discussed it; then the sessions of the open
actions are added. The suggestions are the same as from the whole history
(a test compares them); only a step never discussed makes it read them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect.core.framework import Framework
from reflect.core.models import Action, SessionRecord
from reflect.core.progress import is_reflected, step_state
from reflect.core.session_page import sessions_by_id

if TYPE_CHECKING:
    from reflect.core.store import Store

#: sessions read in one query while walking back
PAGE = 20
#: a workshop's case is fictional: it never counts as the case's history
WORKSHOP = "workshop"


def _page(store: Store, case_id: int, before: tuple[str, int] | None) -> list[int]:
    """The ids of up to ``PAGE`` sessions (not workshops) older than ``before``, newest first."""
    sql = "SELECT id, date FROM sessions WHERE case_id = ? AND mode != ?"
    params: tuple[object, ...] = (case_id, WORKSHOP)
    if before is not None:
        sql += " AND (date < ? OR (date = ? AND id < ?))"
        params += (before[0], before[0], before[1])
    rows = store._read(sql + " ORDER BY date DESC, id DESC LIMIT ?", (*params, PAGE))
    return [int(r[0]) for r in rows]


def focus_history(
    store: Store, framework: Framework, case_id: int, open_actions: Sequence[Action]
) -> list[SessionRecord]:
    """The sessions ``suggest`` reads for this case, oldest first (the last is the latest session)."""
    undiscussed = {step.id: step for step in framework.steps}
    read: dict[int, SessionRecord] = {}
    before: tuple[str, int] | None = None
    while undiscussed:
        ids = _page(store, case_id, before)
        for session_id in ids:
            record = store.get_session(session_id)
            read[session_id] = record
            for step_id, step in list(undiscussed.items()):
                if is_reflected(step_state(record, step)):
                    del undiscussed[step_id]
        if len(ids) < PAGE:
            break  # the oldest session is read
        last = read[ids[-1]]
        before = (last.date, last.id)
    agreed_in = {a.session_id for a in open_actions} - read.keys()
    for info in sessions_by_id(store, agreed_in).values():
        if info.mode != WORKSHOP:
            read[info.id] = store.get_session(info.id)
    return sorted(read.values(), key=lambda r: (r.date, r.id))
