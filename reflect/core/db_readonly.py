"""Reading the store when it cannot be opened for writing, so a full disk or read-only media can be rescued.

``cases``, ``note`` and ``export`` change nothing, yet opening the store for
writing fails exactly when the user most needs their data out: the store's
disk is full, or the store is on a backup drive or snapshot that cannot be
written (F8 of the hostile review). These commands still open the store as
every command does (so an owed scrub is finished and an old schema upgraded);
when that fails, they open it again with SQLite's ``mode=ro``, and where even
that cannot work (a read-only folder gives SQLite no room for its
shared-memory file) with ``immutable=1``, which reads the file as it is and is
used only when no write-ahead log is waiting to be replayed (its answers would
otherwise be missed). A store whose schema is older than this reflect's cannot
be read without its upgrade, so the first error stands for it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.core import crypto_store, db_file
from reflect.core.db_schema import SCHEMA_VERSION
from reflect.core.errors import StoreError
from reflect.core.paths import DB_NAME
from reflect.core.store import Store


def open_for_reading(directory: Path | str) -> Store | None:
    """The store in ``directory`` for reading, or None when there is none yet."""
    directory = Path(directory)
    path = directory / DB_NAME
    if not path.exists():
        return None
    try:
        return Store.open(directory, create=False, verify=False)
    except StoreError as exc:
        if not _cannot_write(exc):
            raise  # damaged, newer, another program's: reading it another way would not help
        first = exc
    try:
        store = _open_ro(path)
    except StoreError:
        raise first from None
    if int(store._read("PRAGMA user_version")[0][0]) < SCHEMA_VERSION:
        store.close()
        raise first
    return store


def open_read_only(directory: Path | str) -> Store:
    """The store in ``directory`` opened with SQLite's ``mode=ro``: for reading a store another process writes.

    Nothing is upgraded or scrubbed, and nothing can be written through it
    (the room's group view reads the participants' stores this way).
    """
    return _open_ro(Path(directory) / DB_NAME)


def _cannot_write(exc: StoreError) -> bool:
    """Whether opening failed for want of writing (a full disk, read-only media, a busy file)."""
    return any(words in exc.message for words in ("disk is full", "read-only", "busy", "cannot open"))


def _has_log(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _connect(path: Path, encrypted: bool) -> sqlite3.Connection:
    """``mode=ro``, or ``immutable=1`` when that cannot open and no log is waiting (an encrypted store too)."""
    try:
        conn = crypto_store.connect(path, query="mode=ro", encrypted=encrypted, timeout=5.0, isolation_level=None)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error as exc:
        if _has_log(path):
            raise StoreError(db_file.describe(exc), path) from None
    try:
        conn = crypto_store.connect(path, query="immutable=1", encrypted=encrypted, isolation_level=None)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error as exc:
        raise StoreError(db_file.describe(exc), path) from None


def _open_ro(path: Path) -> Store:
    db_file.check_header(path)  # a damaged file is refused here as on every other open
    encrypted = crypto_store.is_encrypted(path)  # read before SQLite holds the file (see is_encrypted)
    conn = _connect(path, encrypted)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"this store was written by a newer reflect (schema {version}; this one knows up to "
                f"{SCHEMA_VERSION}): update reflect; the file was left as it is",
                path,
            )
        if version == 0 and conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError("this is not a reflect database (another program's file?); it was left as it is", path)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(db_file.describe(exc), path) from None
    except StoreError:
        conn.close()
        raise
    store = Store(conn, path)
    store.encrypted = encrypted
    return store
