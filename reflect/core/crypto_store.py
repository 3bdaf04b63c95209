"""An encrypted store (issue 18): telling one apart, opening it with its passphrase.

A copied ``reflect.db`` (a backup, a synced folder, a lost laptop) must not
give away what practitioners wrote. SQLCipher (the ``sqlcipher3`` package, in
the optional ``[secure]`` extra) encrypts every page of the file and of its
write-ahead log with a key it derives from the passphrase (its own
PBKDF2-SHA512), so reflect does no cryptography of its own.

Everything that opens a store file goes through :func:`connect`: a plain file
gets the standard library's ``sqlite3``; an encrypted one (its first bytes are
not ``SQLite format 3``) gets SQLCipher, keyed. SQLCipher raises its own
exception classes, so its connection is wrapped to raise ``sqlite3``'s: the
rest of the store keeps catching ``sqlite3.Error`` as it always has.

The passphrase is asked once per process and kept in memory for the data
folder: from :func:`unlock` (the app's lock screen), ``REFLECT_PASSPHRASE``
(scripts and tests), the operating system's keyring when the user asked for
it to be remembered, or a prompt the command line installs. Converting a store
(encrypt, decrypt, a new passphrase) is ``crypto_convert``'s job.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from reflect.core.errors import ReflectError, StoreError

ENV_PASSPHRASE = "REFLECT_PASSPHRASE"
SQLITE_MAGIC = b"SQLite format 3\x00"
INSTALL = "encryption needs the secure extra: pip install 'reflect[secure]'"
NEEDS_EXTRA = "the store is encrypted: opening it needs the secure extra (pip install 'reflect[secure]')"
KEYRING_SERVICE = "reflect"
#: the suffix of the copy a conversion writes beside the store (crypto_convert)
CONVERTING = ".converting"
#: SQLCipher's pages are 1024 to 65536 bytes, so an encrypted file is a whole number of kilobytes
_PAGE_UNIT = 1024


class PassphraseNeeded(StoreError):
    """The store is encrypted and no passphrase was given (the app shows its lock screen)."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the store; nothing was changed or shown."""


def available() -> bool:
    """Whether SQLCipher is installed (the ``[secure]`` extra)."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _cipher() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise ReflectError(INSTALL) from None
    return dbapi2


# --------------------------------------------------------------------------- telling an encrypted file apart


def looks_encrypted(head: bytes, size: int) -> bool:
    """A file that is not SQLite's own format but is shaped like SQLCipher's (whole pages of random bytes).

    SQLCipher leaves nothing readable, not even a marker, so this cannot tell
    an encrypted store from a damaged file of the same shape: opening it with
    the passphrase decides, and a failure says "wrong passphrase, or damaged".
    """
    if not head or head[:16] == SQLITE_MAGIC[: len(head[:16])]:
        return False
    if size < _PAGE_UNIT or size % _PAGE_UNIT:
        return False
    return len(set(head[:16])) >= 8  # random salt, not text or zeros


def is_encrypted(path: Path | str) -> bool:
    """True when the store file at ``path`` is encrypted (for ``reflect where`` and the conversions).

    It reads the file's first bytes, so never call it on a store this process
    has open: closing any file handle to a database drops every POSIX lock the
    process holds on it, SQLite's included, and another copy closing next
    would then take the store for unused and delete its write-ahead log under
    the open connection (what that connection writes afterwards is lost). An
    open store knows: ``Database.encrypted``.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
        size = path.stat().st_size
    except OSError:
        return False
    return looks_encrypted(head, size)


# --------------------------------------------------------------------------- the passphrase, once per process

_known: dict[Path, str] = {}
_prompt: Callable[[Path], str | None] | None = None


def _folder(path: Path | str) -> Path:
    """Every file in a data folder (the store, its backups) shares one passphrase."""
    try:
        return Path(path).parent.resolve()
    except OSError:
        return Path(os.path.abspath(Path(path).parent))


def normalise(passphrase: str) -> str:
    """The same passphrase typed on any system gives the same key (Unicode NFC); control characters refused."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        raise ReflectError("the passphrase is empty")
    if any(not ch.isprintable() for ch in text):
        raise ReflectError("the passphrase has a control character in it (a stray tab or newline?)")
    return text


def set_prompt(prompt: Callable[[Path], str | None] | None) -> None:
    """How to ask when nothing else gives the passphrase (the command line's hidden prompt)."""
    global _prompt
    _prompt = prompt


def unlock(path: Path | str, passphrase: str) -> None:
    """Remember ``passphrase`` for the store at ``path`` if it opens it; else :class:`WrongPassphrase`."""
    passphrase = normalise(passphrase)
    conn = _open_keyed(Path(path), passphrase, readonly=True)
    conn.close()
    _known[_folder(path)] = passphrase


def check(path: Path | str, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the store (the idle lock asks this); nothing is remembered."""
    try:
        _open_keyed(Path(path), normalise(passphrase), readonly=True).close()
    except ReflectError:
        return False
    return True


def forget(path: Path | str) -> None:
    _known.pop(_folder(path), None)


def remember(path: Path | str, passphrase: str) -> None:
    """Hold a passphrase already proven (after a conversion wrote the store with it)."""
    _known[_folder(path)] = normalise(passphrase)


def passphrase_for(path: Path | str) -> str:
    """The passphrase for the store at ``path``: given already, in the environment, remembered, or asked."""
    folder = _folder(path)
    if folder in _known:
        return _known[folder]
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return normalise(env)
    saved = keyring_get(Path(path))
    if saved:
        return normalise(saved)
    if _prompt is not None:
        asked = _prompt(Path(path))
        if asked:
            return normalise(asked)
    raise PassphraseNeeded(
        f"the store is encrypted: give the passphrase (type it in a terminal, or set {ENV_PASSPHRASE})", path
    )


def sweep_leftover(path: Path) -> None:
    """Remove the half-made copy a killed conversion left beside the store (it may be plaintext).

    Called once the store is open: a running conversion holds the store
    exclusively from before it writes that copy until after it is renamed, so
    opening succeeds only when no conversion is under way.
    """
    for leftover in (path.with_name(path.name + CONVERTING), path.with_name(path.name + CONVERTING + "-journal")):
        try:
            leftover.unlink()
        except OSError:
            pass


# --------------------------------------------------------------------------- the OS keyring (optional, off by default)


def _keyring_name(path: Path) -> str:
    return str(_folder(path))


def keyring_get(path: Path) -> str | None:
    """The passphrase remembered in the OS keyring for this store, if the user asked for that."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_name(path))
        return value if isinstance(value, str) else None
    except Exception:  # noqa: BLE001 - no keyring, or no back-end: simply not remembered
        return None


def keyring_set(path: Path, passphrase: str | None) -> None:
    """Remember (or, with None, forget) the passphrase in the OS keyring; one line when that cannot be done."""
    try:
        import keyring
    except ImportError:
        raise ReflectError("remembering the passphrase needs the keyring package: pip install keyring") from None
    try:
        if passphrase is None:
            try:
                keyring.delete_password(KEYRING_SERVICE, _keyring_name(path))
            except keyring.errors.PasswordDeleteError:
                pass
        else:
            keyring.set_password(KEYRING_SERVICE, _keyring_name(path), passphrase)
    except keyring.errors.KeyringError as exc:
        raise ReflectError(f"the system keyring cannot be used here: {exc}") from None


# --------------------------------------------------------------------------- connecting


def connect(
    path: Path | str,
    *,
    readonly: bool = False,
    query: str | None = None,
    encrypted: bool | None = None,
    **kwargs: Any,
) -> sqlite3.Connection:
    """A connection to a store file, plain or encrypted, that raises ``sqlite3``'s errors either way.

    ``readonly`` opens it with SQLite's ``mode=ro``; ``query`` gives any other
    URI parameters instead (``immutable=1`` for a file on a read-only disk).
    ``encrypted`` says what an open store already knows; without it the file's
    header is read, which must not happen while this process has the store
    open (see ``is_encrypted``).
    """
    path = Path(path)
    query = "mode=ro" if readonly and query is None else query
    if not (is_encrypted(path) if encrypted is None else encrypted):
        plain: sqlite3.Connection
        if query:
            plain = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, **kwargs)
        else:
            plain = sqlite3.connect(path, **kwargs)
        return plain
    if not available():
        raise StoreError(NEEDS_EXTRA, path)
    passphrase = passphrase_for(path)
    conn = _open_keyed(path, passphrase, query=query, **kwargs)
    _known[_folder(path)] = passphrase  # proven: asked once per process
    return conn


def connect_like(conn: sqlite3.Connection, path: Path, **kwargs: Any) -> sqlite3.Connection:
    """A new file encrypted as ``conn`` is (a backup before an upgrade): plaintext never reaches the disk."""
    if isinstance(conn, _Conn):
        return _open_keyed(path, conn.passphrase, new=True, **kwargs)
    plain: sqlite3.Connection = sqlite3.connect(path, **kwargs)
    return plain


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open_keyed(
    path: Path, passphrase: str, *, readonly: bool = False, query: str | None = None, new: bool = False, **kwargs: Any
) -> sqlite3.Connection:
    dbapi2 = _cipher()
    query = "mode=ro" if readonly and query is None else query
    target = f"{path.resolve().as_uri()}?{query}" if query else str(path)
    try:
        raw = dbapi2.connect(target, uri=bool(query), **kwargs)
    except dbapi2.Error as exc:
        raise StoreError(f"cannot open the database file: {exc}", path) from None
    conn = _Conn(raw, passphrase)
    try:
        raw.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would print its own lines to the terminal
        raw.execute(f"PRAGMA key = {_quote(passphrase)}")
        raw.execute("PRAGMA temp_store = MEMORY")  # sorting and VACUUM never spill to a temporary file
        if not new:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.Error:
        raw.close()
        raise WrongPassphrase(
            "that passphrase does not open this store (or the file is damaged); nothing was changed", path
        ) from None
    return cast(sqlite3.Connection, conn)


@contextmanager
def _as_sqlite3() -> Iterator[None]:
    """SQLCipher's exception as the ``sqlite3`` class of the same name (``OperationalError``, ...)."""
    try:
        yield
    except Exception as exc:
        dbapi2 = _cipher()
        if isinstance(exc, dbapi2.Error):
            kind = getattr(sqlite3, type(exc).__name__, sqlite3.DatabaseError)
            raise kind(str(exc)) from None
        raise


class _Cursor:
    """A SQLCipher cursor that raises ``sqlite3`` errors."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def fetchone(self) -> Any:
        with _as_sqlite3():
            return self._raw.fetchone()

    def fetchall(self) -> list[Any]:
        with _as_sqlite3():
            return cast("list[Any]", self._raw.fetchall())

    def __iter__(self) -> Iterator[Any]:
        with _as_sqlite3():
            yield from self._raw

    def __getattr__(self, name: str) -> Any:  # lastrowid, rowcount, description
        return getattr(self._raw, name)


class _Conn:
    """A SQLCipher connection that raises ``sqlite3`` errors, so callers need not know which they have."""

    def __init__(self, raw: Any, passphrase: str) -> None:
        self._raw = raw
        self.passphrase = passphrase

    def execute(self, sql: str, params: Any = ()) -> _Cursor:
        with _as_sqlite3():
            return _Cursor(self._raw.execute(sql, params))

    def executemany(self, sql: str, rows: Any) -> _Cursor:
        with _as_sqlite3():
            return _Cursor(self._raw.executemany(sql, rows))

    def backup(self, target: Any, **kwargs: Any) -> None:
        with _as_sqlite3():
            self._raw.backup(target._raw if isinstance(target, _Conn) else target, **kwargs)

    def close(self) -> None:
        with _as_sqlite3():
            self._raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)
