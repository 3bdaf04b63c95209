"""Whether the store file is sound, asked without holding up the first screen.

SQLite's ``quick_check`` reads every page, so its cost grows with the store:
about a second per gigabyte when cached and far more from a cold disk. The
app cannot make a practitioner wait for that before each start, yet a damaged
file must not go unnoticed. So the check runs before opening only when there
is a reason to doubt the file (a write-ahead log left behind by a copy that
did not close cleanly, or a schema upgrade), and otherwise the app runs it on
a separate read-only connection once its first screen is up.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.core.crypto_store import connect
from reflect.core.errors import ReflectError

DAMAGED = "the store file looks damaged: export your cases now (reflect export) and keep a copy of the data folder"


def wal_left_behind(db: Path) -> bool:
    """True when a write-ahead log holds data: a copy is open now, or one did not close cleanly.

    SQLite removes the log when the last connection closes cleanly, so an
    empty or missing log means the file was left whole by whoever had it.
    """
    wal = db.with_name(db.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def quick_check(db: Path, *, encrypted: bool = False) -> str | None:
    """Run SQLite's quick check on its own read-only connection; a sentence when it fails, else None.

    A read-only connection never changes the file and does not contend with
    the app's own writes (the store is in WAL mode, so readers do not block).
    """
    try:
        conn = connect(db, readonly=True, encrypted=encrypted, timeout=5.0)  # an encrypted store: its passphrase
    except (sqlite3.Error, ReflectError):
        return DAMAGED
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error:
        return DAMAGED
    finally:
        conn.close()
    return None if rows == [("ok",)] else DAMAGED
