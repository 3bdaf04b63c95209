"""A page of a case's sessions, newest first, and the few other rows the case screen needs.

A team's case may gather hundreds of sessions over the years. The case screen
shows the most recent ones and more on request, so it reads one page here
(the ``sessions_by_case`` index on ``(case_id, date)`` gives the order, with
the row id breaking ties), the count the case list keeps (``case_stats``), the two latest
sessions that are not workshops (for "what changed since last time"), and
the dates of only the sessions whose actions are still open. Nothing here
grows with the number of sessions on the case.

It lives beside the store rather than in it (``store.py`` keeps the writes and
the core reads) and reads through the store's own connection and lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect.core.models import SessionInfo

if TYPE_CHECKING:
    from reflect.core.store import Store

_COLUMNS = "id, case_id, mode, date, created, updated"
_NEWEST_FIRST = "ORDER BY date DESC, id DESC"


@dataclass(frozen=True)
class SessionPage:
    """The newest ``len(sessions)`` sessions of a case, newest first, and how many the case has."""

    sessions: list[SessionInfo]
    total: int

    @property
    def hidden(self) -> int:
        """Sessions on the case that are not on this page (the older ones)."""
        return max(0, self.total - len(self.sessions))


def count_sessions(store: Store, case_id: int) -> int:
    """How many sessions the case has: the case list's own figure (``case_stats``), kept by the database."""
    rows = store._read("SELECT sessions FROM case_stats WHERE case_id = ?", (case_id,))
    return int(rows[0][0]) if rows else 0


def session_page(store: Store, case_id: int, limit: int) -> SessionPage:
    """The case's ``limit`` most recent sessions (by date, then by when they were made), newest first."""
    rows = store._read(
        f"SELECT {_COLUMNS} FROM sessions WHERE case_id = ? {_NEWEST_FIRST} LIMIT ?", (case_id, max(0, limit))
    )
    sessions = [SessionInfo(*r) for r in rows]
    total = len(sessions) if len(sessions) < limit else count_sessions(store, case_id)
    return SessionPage(sessions, total)


def latest_sessions(store: Store, case_id: int, count: int, *, skip_mode: str = "") -> list[SessionInfo]:
    """The case's ``count`` most recent sessions, newest first, leaving out those of ``skip_mode``."""
    rows = store._read(
        f"SELECT {_COLUMNS} FROM sessions WHERE case_id = ? AND mode != ? {_NEWEST_FIRST} LIMIT ?",
        (case_id, skip_mode, max(0, count)),
    )
    return [SessionInfo(*r) for r in rows]


def sessions_by_id(store: Store, session_ids: Iterable[int]) -> dict[int, SessionInfo]:
    """These sessions by id (ids with no session are left out); one query per 500 ids."""
    wanted = sorted(set(session_ids))
    found: dict[int, SessionInfo] = {}
    for start in range(0, len(wanted), 500):  # well under SQLite's limit on bound parameters
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for r in store._read(f"SELECT {_COLUMNS} FROM sessions WHERE id IN ({marks})", tuple(chunk)):
            info = SessionInfo(*r)
            found[info.id] = info
    return found
