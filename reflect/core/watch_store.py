"""Names to watch, kept in the store as keyed hashes only (see :mod:`reflect.core.textchecks.watch`).

Kept out of ``store.py`` (which is at its size limit): these functions use
the store's own connection and transactions. The salt is made by SQLite
(``randomblob``) in the migration that adds the tables, so every store has
its own; a name is never written anywhere, only the hash of each of its
words, with the date it was added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError, StoreError
from reflect.core.textchecks.watch import WatchList, digest, words_of
from reflect.core.validate import now

if TYPE_CHECKING:  # only the type: these functions use the store they are given
    from reflect.core.store import Store

MAX_WORDS = 200  # a list longer than this is a mistake, not a watch list


@dataclass(frozen=True)
class Watched:
    """One watched word, as the store knows it: a number and when it was added (never the word)."""

    id: int
    added: str


def _salt(store: Store) -> bytes:
    rows = store._read("SELECT salt FROM watch_salt WHERE id = 1")
    if not rows:  # pragma: no cover - the migration makes it
        raise ReflectError("the store has no salt for names to watch; open it with this version of reflect")
    return bytes(rows[0][0])


def load(store: Store) -> WatchList | None:
    """The watch list, ready for :func:`reflect.core.textchecks.scan` (None: a store too old to have one,
    opened read-only)."""
    try:
        rows = store._read("SELECT digest FROM watched_names")
        return WatchList(_salt(store), frozenset(r[0] for r in rows))
    except StoreError:
        return None


def add(store: Store, names: list[str]) -> int:
    """Watch every word of these names; returns how many words were new."""
    salt = _salt(store)
    words = [w for name in names for w in words_of(name)]
    if not words:
        raise ReflectError("no name given (letters only, e.g. Kyle or Osei-Mensah)")
    existing = len(list_watched(store))
    if existing + len(words) > MAX_WORDS:
        raise ReflectError(f"at most {MAX_WORDS} words can be watched; remove some first")
    stamp = now()
    added = 0
    with store._write() as c:
        for word in words:
            cur = c.execute(
                "INSERT OR IGNORE INTO watched_names (digest, added) VALUES (?, ?)", (digest(salt, word), stamp)
            )
            added += cur.rowcount
    return added


def remove(store: Store, names: list[str]) -> int:
    """Stop watching every word of these names; returns how many were watched."""
    salt = _salt(store)
    digests = [digest(salt, w) for name in names for w in words_of(name)]
    removed = 0
    with store._write() as c:
        for value in digests:
            removed += c.execute("DELETE FROM watched_names WHERE digest = ?", (value,)).rowcount
    return removed


def clear(store: Store) -> int:
    """Stop watching every name; returns how many words were watched."""
    with store._write() as c:
        return int(c.execute("DELETE FROM watched_names").rowcount)


def list_watched(store: Store) -> list[Watched]:
    """What can be shown of the list: a number and a date per word, never the word."""
    return [Watched(int(r[0]), str(r[1])) for r in store._read("SELECT id, added FROM watched_names ORDER BY id")]
