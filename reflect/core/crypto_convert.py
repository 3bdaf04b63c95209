"""Encrypting, decrypting and re-keying a store, so that a crash at any moment loses nothing.

The store is never changed in place. SQLCipher's ``sqlcipher_export`` copies
every table into a new file beside it, written with the new key (or none);
that file is synced and reopened on its own and must hold exactly what the old
one held (the count of cases, sessions and answers, and a digest of every row
of every table); only then is it renamed over ``reflect.db`` in one step
(``os.replace``). Until that rename the old store is whole and untouched; after
it, the new one is. A half-written copy left by a crash is removed by the next
conversion.

The old store's write-ahead log is folded into the file first (journal mode
DELETE), under an exclusive lock that also refuses to convert while another
copy of reflect has the store open: its later writes would go to the old file.
The copies kept before schema upgrades (``reflect.db.bak-*``) are plaintext
(or under the old passphrase), so each conversion removes them once the new
store is in place (docs/privacy.md says so).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.core import crypto_store as cipher
from reflect.core.errors import ReflectError, StoreError
from reflect.core.paths import DB_NAME, FILE_MODE, make_private

#: the copy being written; only ever one, removed if a conversion did not finish
TEMP_SUFFIX = cipher.CONVERTING  # crypto_store.sweep_leftover removes one a crash left
#: what the file's header says of itself: the schema version, and whose file it is
HEADER_NUMBERS = ("user_version", "application_id")
BUSY = "another copy of reflect has this store open: close it and try again; nothing was changed"


@dataclass(frozen=True)
class Tally:
    """What a store holds, to compare the copy with the original (counts for people, a digest for certainty)."""

    cases: int
    sessions: int
    answers: int
    digest: str


def _step(name: str) -> None:
    """A named point between the steps of a conversion (tests stop the process here to prove it is safe)."""


def encrypt(directory: Path, passphrase: str) -> Tally:
    """A plain store becomes an encrypted one (a new, empty store if there is none yet)."""
    cipher._cipher()  # say what to install before anything else happens
    path = Path(directory) / DB_NAME
    if path.exists() and cipher.is_encrypted(path):
        raise ReflectError("the store is already encrypted (use 'reflect passphrase' to change the passphrase)")
    _bring_up_to_date(Path(directory))
    return _convert(path, None, cipher.normalise(passphrase))


def decrypt(directory: Path) -> Tally:
    """An encrypted store becomes a plain one (the passphrase it has now is asked for)."""
    path = Path(directory) / DB_NAME
    old = _current_passphrase(path)
    return _convert(path, old, None)


def change_passphrase(directory: Path, new: str) -> Tally:
    """An encrypted store written again under a new passphrase (the current one is asked for first)."""
    path = Path(directory) / DB_NAME
    old = _current_passphrase(path)
    return _convert(path, old, cipher.normalise(new))


def _current_passphrase(path: Path) -> str:
    cipher._cipher()
    if not path.exists():
        raise StoreError("no store here yet", path.parent)
    if not cipher.is_encrypted(path):
        raise ReflectError("the store is not encrypted (use 'reflect encrypt' first)")
    _bring_up_to_date(path.parent)  # asks for the passphrase, checks it, finishes any migration
    return cipher.passphrase_for(path)


def _bring_up_to_date(directory: Path) -> None:
    """Open the store the usual way first: it is checked whole, upgraded, and a pending scrub finished."""
    from reflect.core.store import Store

    Store.open(directory, verify=True).close()


def _convert(path: Path, old: str | None, new: str | None) -> Tally:
    dbapi2 = cipher._cipher()
    temp = path.with_name(path.name + TEMP_SUFFIX)
    _remove(temp, temp.with_name(temp.name + "-journal"))
    source = dbapi2.connect(str(path), isolation_level=None, timeout=0.2)
    try:
        source.execute("PRAGMA cipher_log_level = NONE")
        if old is not None:
            source.execute(f"PRAGMA key = {cipher._quote(old)}")
        source.execute("PRAGMA temp_store = MEMORY")  # nothing of the store in a temporary file
        _hold_alone(source, dbapi2)
        before = tally(source)
        _export(source, temp, new)
        _step("exported")
        _fsync(temp)
        after = _tally_file(temp, new)
        if after != before:
            raise StoreError("the converted copy does not match the store; nothing was changed", path)
        _step("verified")
    except BaseException:
        source.close()
        _remove(temp)
        raise
    source.close()  # the old file's log is folded in already (journal mode DELETE): no -wal is left
    _step("closed")
    try:
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        reason = exc.strerror or exc
        raise StoreError(f"cannot put the converted store in place: {reason}; nothing was changed", path) from None
    _fsync_dir(path.parent)
    _step("replaced")
    _remove(*sorted(path.parent.glob(path.name + ".bak-*")))
    if new is None:
        cipher.forget(path)
    else:
        cipher.remember(path, new)
    return after


def _hold_alone(source: Any, dbapi2: Any) -> None:
    """Fold the write-ahead log into the file and keep the store to ourselves until the conversion ends."""
    try:
        source.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        source.execute("BEGIN EXCLUSIVE")
        source.execute("COMMIT")
    except dbapi2.Error as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise StoreError(BUSY) from None
        raise StoreError(f"cannot read the store: {exc}; nothing was changed") from None
    if str(mode).lower() != "delete":
        raise StoreError(BUSY)


def _export(source: Any, temp: Path, new: str | None) -> None:
    """Every table into the new file; then the header's own numbers, which ``sqlcipher_export`` leaves behind."""
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))  # private before a byte is written
    source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(temp), new or ""))
    try:
        source.execute("SELECT sqlcipher_export('converted')")
        for pragma in HEADER_NUMBERS:
            value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            source.execute(f"PRAGMA converted.{pragma} = {value}")
    finally:
        source.execute("DETACH DATABASE converted")
    make_private(temp)


def tally(conn: Any) -> Tally:
    """Counts and a digest of every row of every table, read in stored order (streamed: a big store fits).

    Row ids are not part of the digest: a table without its own integer key
    gets fresh ones in the copy, in the same order.
    """
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    counts: dict[str, int] = {}
    for table in tables:
        if table.startswith("sqlite_"):
            continue
        count = 0
        digest.update(f"\x00{table}\x00".encode())
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
        counts[table] = count
        digest.update(str(count).encode())
    for pragma in HEADER_NUMBERS:
        digest.update(f"{pragma}={conn.execute(f'PRAGMA {pragma}').fetchone()[0]}".encode())
    return Tally(counts.get("cases", 0), counts.get("sessions", 0), counts.get("answers", 0), digest.hexdigest())


def _tally_file(temp: Path, passphrase: str | None) -> Tally:
    """Open the new file on its own, as the next start will, and count what it holds."""
    if passphrase is None:
        conn: Any = sqlite3.connect(f"{temp.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = cipher._open_keyed(temp, passphrase, readonly=True)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError("the converted copy is damaged; nothing was changed", temp)
        return tally(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"the converted copy cannot be read ({exc}); nothing was changed", temp) from None
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:  # writable, as Windows needs for a flush to disk
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot remove an old copy: {exc.strerror or exc}", p) from None
