"""A session's actions in the store: what, who, by when, done, reviewed, shared with the family.

Kept apart from :mod:`reflect.core.store` (which is at its size limit) as a
base class of :class:`~reflect.core.store.Store`, so every caller still says
``store.add_action(...)`` and every write is one transaction on the store's
one connection.

An action is *shared* with the young person / family only when the worker
chose it: the family note lists no other (a strategy meeting about an adult,
or a request for CCTV, is not for every adult who may read that note).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date
from typing import Any

from reflect.core.db_file import Database
from reflect.core.errors import ReflectError, StoreError
from reflect.core.models import REVIEWS, Action
from reflect.core.validate import check_date, clean_text, now

#: the columns an :class:`Action` is read from, in its fields' order
COLUMNS = "id, session_id, what, who, by, done, review, carried_from, position, shared"

#: what ``update_action`` may change
EDITABLE = frozenset({"what", "who", "by", "done", "review", "shared"})


class ActionStore(Database):
    """The actions part of the store (and the session's "updated" stamp every part's write renews)."""

    def _touch(self, c: sqlite3.Connection, session_id: int) -> None:
        c.execute("UPDATE sessions SET updated = ? WHERE id = ?", (now(), session_id))

    def actions(self, session_id: int) -> list[Action]:
        rows = self._read(f"SELECT {COLUMNS} FROM actions WHERE session_id = ? ORDER BY position, id", (session_id,))
        return [action_of(r) for r in rows]

    def open_actions(self, case_id: int, before_session: int | None = None) -> list[Action]:
        """Actions on a case not yet done nor reviewed, oldest first."""
        columns = ", ".join(f"a.{name.strip()}" for name in COLUMNS.split(","))
        sql = (
            f"SELECT {columns} FROM actions a JOIN sessions s ON a.session_id = s.id "
            "WHERE s.case_id = ? AND a.done = 0 AND a.review = ''"
        )
        params: tuple[Any, ...] = (case_id,)
        if before_session is not None:
            sql += " AND a.session_id != ?"
            params += (before_session,)
        return [action_of(r) for r in self._read(sql + " ORDER BY s.date, a.position, a.id", params)]

    def add_action(
        self,
        session_id: int,
        what: str,
        who: str = "",
        by: str | date | None = "",
        done: bool = False,
        carried_from: int | None = None,
        *,
        shared: bool = False,
    ) -> Action:
        what = " ".join(clean_text(str(what), "an action").split())
        if not what:
            raise ReflectError("an action needs to say what will be done")
        by_text = check_date(by, "the 'by' date") if by else ""
        who_text = clean_text(str(who or ""), "who").strip()
        new = Action(0, session_id, what, who_text, by_text, bool(done), "", carried_from, 0, shared is True)
        with self._write() as c:
            new = _append(c, new)
            self._touch(c, session_id)
        return new

    def update_action(self, action_id: int, **changes: Any) -> None:
        """Change an action's what, who, by, done, review or shared (with the young person / family)."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ReflectError(f"unknown action field(s): {', '.join(sorted(unknown))}")
        if "by" in changes:
            changes["by"] = check_date(changes["by"], "the 'by' date") if changes["by"] else ""
        if "done" in changes:
            changes["done"] = int(bool(changes["done"]))
        if "shared" in changes:
            if not isinstance(changes["shared"], bool):  # only a yes or no shares: never a stray value
                raise ReflectError("whether an action is shared with the family must be true or false")
            changes["shared"] = int(changes["shared"])
        if "review" in changes and changes["review"] not in REVIEWS:
            raise ReflectError(f"unknown review {changes['review']!r}")
        if "what" in changes and not str(changes["what"]).strip():
            raise ReflectError("an action needs to say what will be done")
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        with self._write() as c:
            c.execute(f"UPDATE actions SET {sets} WHERE id = ?", (*changes.values(), action_id))

    def delete_action(self, action_id: int) -> None:
        with self._write() as c:
            c.execute("DELETE FROM actions WHERE id = ?", (action_id,))

    def review_action(self, action_id: int, in_session: int, outcome: str) -> Action | None:
        """How a later session found an earlier action, in one transaction: the carry-forward rule.

        The outcome (done, not-done, carried-forward) is kept on the action,
        which counts as done only when it was. Carried forward, the action is
        copied into ``in_session`` once (the copy is returned, shared with the
        family as the action was); any other outcome removes such a copy
        again, so changing one's mind leaves no stray action behind.
        """
        if outcome not in REVIEWS or not outcome:
            raise ReflectError(f"unknown review {outcome!r} (use done, not-done or carried-forward)")
        with self._write() as c:
            row = c.execute(f"SELECT {COLUMNS} FROM actions WHERE id = ?", (action_id,)).fetchone()
            if row is None:
                raise ReflectError(f"no action {action_id}")
            old = action_of(row)
            c.execute(
                "UPDATE actions SET done = ?, review = ? WHERE id = ?", (int(outcome == "done"), outcome, action_id)
            )
            copies = c.execute(
                "SELECT id FROM actions WHERE session_id = ? AND carried_from = ?", (in_session, action_id)
            ).fetchall()
            copy = None
            if outcome != "carried-forward":
                c.execute("DELETE FROM actions WHERE session_id = ? AND carried_from = ?", (in_session, action_id))
            elif not copies:
                carried = Action(0, in_session, old.what, old.who, old.by, False, "", action_id, 0, old.shared)
                copy = _append(c, carried)
            self._touch(c, in_session)
        return copy

    def carry_forward(self, action_id: int, to_session: int) -> Action:
        """Mark an earlier action carried forward and copy it into this session (once)."""
        copy = self.review_action(action_id, to_session, "carried-forward")
        if copy is None:
            copy = next(a for a in self.actions(to_session) if a.carried_from == action_id)
        return copy


def _append(c: sqlite3.Connection, action: Action) -> Action:
    """Write ``action`` last in its session's list, in the caller's transaction; it, with its id and place."""
    position = c.execute(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM actions WHERE session_id = ?", (action.session_id,)
    ).fetchone()[0]
    cur = c.execute(
        "INSERT INTO actions (session_id, position, what, who, by, done, carried_from, shared) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            action.session_id,
            position,
            action.what,
            action.who,
            action.by,
            int(action.done),
            action.carried_from,
            int(action.shared),
        ),
    )
    return dataclasses.replace(action, id=rowid(cur), position=position)


def insert_actions(c: sqlite3.Connection, session_id: int, actions: list[dict[str, Any]]) -> None:
    """A validated session's actions (a bundle's), written into the caller's open transaction."""
    c.executemany(
        "INSERT INTO actions (session_id, position, what, who, by, done, review, shared) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                session_id,
                i,
                a["what"],
                a.get("who", ""),
                a.get("by", ""),
                int(bool(a.get("done"))),
                a.get("review", ""),
                int(a.get("shared") is True),
            )
            for i, a in enumerate(actions, start=1)
        ],
    )


def action_of(r: Any) -> Action:
    """An :class:`Action` from a row of :data:`COLUMNS`."""
    return Action(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], bool(r[9]))


def rowid(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just wrote (always set after an INSERT)."""
    value = cur.lastrowid
    if value is None:  # pragma: no cover - sqlite3 sets it after every INSERT
        raise StoreError("the database did not say which row it wrote")
    return value
