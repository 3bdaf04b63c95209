"""The database file itself: its header, its errors in words, its settings, migrations and backups.

The store (``store.py``) reads and writes cases and sessions; this module is
what has to be true of the file before any of that: it is SQLite, whole,
ours and of a schema we know; every connection has the same safety settings;
an old schema is upgraded only after a private backup copy is made.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core import crypto_store as cipher
from reflect.core.db_health import wal_left_behind
from reflect.core.db_schema import MIGRATIONS, SCHEMA_VERSION
from reflect.core.errors import ConflictError, ReflectError, StoreError
from reflect.core.paths import DB_NAME, FILE_MODE, ensure_private_dir, make_private

if TYPE_CHECKING:  # Python 3.10 has no typing.Self; only the type checker needs it
    from typing_extensions import Self

SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLite's application_id for reflect's store ("refl"), so the file says whose it is (``file`` names it too)
APPLICATION_ID = 0x7265666C


class Database:
    """The open store file: opening it safely, one transaction at a time, reads that fail in words."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        #: whether the whole file was checked on opening (see ``open``)
        self.verified = False
        #: whether the file is encrypted (known from opening: the file is not read again while open)
        self.encrypted = False

    @classmethod
    def open(cls, directory: Path | str, *, create: bool = True, verify: bool | None = True) -> Self:
        """Open (and if need be create or migrate) the store in ``directory``.

        ``verify`` runs SQLite's quick check over the whole file first, which
        costs time in proportion to its size: every command that writes wants
        it; a command that only reads (``cases``, ``note``, ``export``) can
        skip it, as a damaged page it touches is still reported as damage.
        ``None`` (the app) checks first only when a write-ahead log was left
        behind, and leaves the rest to ``db_health.quick_check`` once the
        screen is up; ``verified`` says which happened. A migration always
        verifies.
        """
        directory = Path(directory)
        path = directory / DB_NAME
        if verify is None:
            verify = wal_left_behind(path)
        if not path.exists():
            if not create:
                raise StoreError("no store here yet", directory)
            ensure_private_dir(directory)
        else:
            ensure_private_dir(directory)
            check_header(path)
        # Refuse at once rather than let someone type for an hour into a store that cannot save.
        if not os.access(directory, os.W_OK | os.X_OK):
            raise StoreError(
                "the data directory is read-only: nothing could be saved (check its permissions, or use --data-dir)",
                directory,
            )
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError("the database file is read-only: nothing could be saved (check its permissions)", path)
        try:
            encrypted = cipher.is_encrypted(path)  # read before SQLite holds the file (see is_encrypted)
            conn = cipher.connect(path, encrypted=encrypted, timeout=5.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(describe(exc), path) from None
        store = cls(conn, path)
        store.verified = verify
        store.encrypted = encrypted
        try:
            prepare(conn, path, verify)
        except ReflectError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(describe(exc), path) from None
        cipher.sweep_leftover(path)  # a copy a killed conversion left (none can be running once we are open)
        return store

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; any database error becomes a one-line StoreError."""
        with self._lock:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(describe(exc), self.path) from None
            try:
                yield c
                c.execute("COMMIT")
            except BaseException as exc:
                try:
                    c.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(exc, sqlite3.IntegrityError):
                    raise ConflictError(f"that would clash with what is stored: {exc}") from None
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(describe(exc), self.path) from None
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cur = self._conn.execute(sql, params)
                return cur.fetchall()
            except sqlite3.Error as exc:
                raise StoreError(describe(exc), self.path) from None

    def data_version(self) -> int:
        """Changes when another connection (another copy of the app) commits."""
        return int(self._read("PRAGMA data_version")[0][0])


def describe(exc: sqlite3.Error) -> str:
    """A database error as one line a practitioner can act on."""
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "disk i/o" in low:
        return "the disk is full or failing: nothing was changed"
    if "readonly" in low or "read-only" in low:
        return "the data directory is read-only: nothing can be saved"
    if "locked" in low or "busy" in low:
        return "the store is busy in another copy of reflect: try again"
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return "the database file is damaged or not a reflect database; it was left as it is"
    if "unable to open" in low:
        return "cannot open the database file (check the folder's permissions)"
    return f"database error: {text}"


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, or is cut short, before SQLite is let near it."""
    damaged = "the database file is damaged or not a reflect database; it was left as it is"
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
        wal = path.with_name(path.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except PermissionError:
        raise StoreError("permission denied reading the database", path) from None
    except OSError as exc:
        raise StoreError(f"cannot read the database: {exc.strerror or exc}", path) from None
    if not head:
        return  # an empty file: a new store
    if cipher.looks_encrypted(head, size):
        return  # SQLCipher's pages: the passphrase opens it, or says why not (crypto_store)
    if head[:16] != SQLITE_MAGIC or len(head) < 100:
        raise StoreError(damaged, path)
    # A cut-off file can still look sound to SQLite (its last pages are simply
    # missing): compare its size with the header. With a -wal file present the
    # header may be stale until SQLite replays the log, so only check without one.
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise StoreError(damaged, path)
    if wal_size == 0:
        pages = int.from_bytes(head[28:32], "big")
        header_valid = pages and head[24:28] == head[92:96]
        if size % page_size or (header_valid and size < pages * page_size):
            raise StoreError(damaged, path)


def prepare(c: sqlite3.Connection, path: Path, verify: bool = True) -> None:
    """Settings every connection needs, then the schema brought up to date (a backup first)."""
    c.execute("PRAGMA busy_timeout = 5000")
    if c.execute("PRAGMA application_id").fetchone()[0] not in (0, APPLICATION_ID):  # 0: new, or from before ids
        raise StoreError("this is not a reflect database (another program's file); it was left as it is", path)
    version = c.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"this store was written by a newer reflect (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}): update reflect; the file was left as it is",
            path,
        )
    if version:
        # an existing store: make sure it is sound before touching it
        if (verify or version < SCHEMA_VERSION) and c.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError("the database file is damaged; it was left as it is", path)
    elif c.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
        # version 0 but not empty: some other program's database, not ours to change
        raise StoreError("this is not a reflect database (another program's file?); it was left as it is", path)
    mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - e.g. a filesystem without shared memory
        c.execute("PRAGMA journal_mode = DELETE")
    c.execute("PRAGMA synchronous = FULL")  # each save reaches the disk, even if the battery dies
    c.execute("PRAGMA foreign_keys = ON")
    c.execute("PRAGMA secure_delete = ON")
    if version < SCHEMA_VERSION:
        _migrate(c, path, version)
    private_files(path)


def _migrate(c: sqlite3.Connection, path: Path, version: int) -> None:
    if version > 0:
        backup = path.with_name(f"{path.name}.bak-{version}")
        if not backup.exists():
            _backup_to(c, backup)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        c.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[target]):
                c.execute(statement)
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            c.execute(f"PRAGMA user_version = {target}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise


def _backup_to(c: sqlite3.Connection, backup: Path) -> None:
    """A consistent copy of the store (SQLite's backup API, so answers still
    in another copy's write-ahead log are included), private from the start."""
    try:
        os.close(os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        target = cipher.connect_like(c, backup)  # an encrypted store's backup is encrypted too
        try:
            c.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    except (OSError, sqlite3.Error) as exc:
        try:
            backup.unlink()
        except OSError:
            pass
        reason = describe(exc) if isinstance(exc, sqlite3.Error) else (exc.strerror or str(exc))
        raise StoreError(f"cannot keep a backup before upgrading: {reason}", backup) from None
    make_private(backup)


def private_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        make_private(path.with_name(path.name + suffix))


def _statements(script: str) -> list[str]:
    """The script's statements, cut where SQLite itself says one is complete.

    A plain split on ``;`` would cut a string literal or a trigger body that
    holds one; ``sqlite3.complete_statement`` knows strings, comments and
    ``BEGIN … END``.
    """
    statements: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\r\n;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \t\r\n;"):  # a last statement without its ';'
        statements.append(current.strip())
    return statements
