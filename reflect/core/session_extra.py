"""A session's own settings (today's focus), kept in its ``extra`` JSON column.

The store is at its size limit, so this small module reads and writes the
column through the store's connection. A setting is one key of the JSON
object; writing one key leaves the others as they were. No schema change:
the column has been there since the first schema.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reflect.core.errors import ReflectError
from reflect.core.validate import now

if TYPE_CHECKING:
    from reflect.core.models import SessionRecord
    from reflect.core.store import Store


def read_extra(store: Store, session_id: int) -> dict[str, Any]:
    """The session's settings; {} when it has none (or the column holds something unreadable)."""
    rows = store._read("SELECT extra FROM sessions WHERE id = ?", (session_id,))
    if not rows:
        raise ReflectError(f"no session {session_id}")
    try:
        data = json.loads(rows[0][0] or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def with_extra(store: Store, record: SessionRecord) -> SessionRecord:
    """The record with its settings read in (``record.extra``); the same object, for chaining."""
    record.extra = read_extra(store, record.id)
    return record


def save_extra(store: Store, session_id: int, key: str, value: Any) -> None:
    """Set one setting of a session (None removes it), in one transaction."""
    with store._write() as c:
        row = c.execute("SELECT extra FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise ReflectError(f"no session {session_id}")
        try:
            data = json.loads(row[0] or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
        c.execute(
            "UPDATE sessions SET extra = ?, updated = ? WHERE id = ?",
            (json.dumps(data, ensure_ascii=False), now(), session_id),
        )
