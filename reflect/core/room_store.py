"""The seats of a workshop room: one throwaway store per participant (core work: no Textual here).

``reflect serve --room`` lets participants answer on their own devices, but
their answers must never land in the trainer's own store, nor outlive the
workshop. So the room makes one private temporary folder (0700 on POSIX, the
user's own %TEMP% on Windows) and, inside it, one folder per participant (a
*seat*), each a store holding only the fictional case.

A participant's browser keeps a cookie naming its seat, so one who drops off
(Wi-Fi, a closed lid, a reload) gets the same seat back, answers and all,
within :data:`GRACE` seconds of leaving. A seat left longer is removed, folder
and all, and its place in the room is free again; :meth:`Room.close` removes
everything when the server stops.

Seats are numbered in the order participants joined ("Participant 1…N"):
the room never asks for or keeps a name.

A room killed outright (or on Windows, where a file still open cannot be
removed) may leave its folder behind. The room holds a lock file
(``filelock``, released by the system however its process ends), so the next
room removes every leftover room folder whose lock nobody holds, as
:mod:`reflect.core.demo` does for demos.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from reflect.core.framework import Framework

#: how long a participant who left may come back to the same seat (seconds)
GRACE = 600.0
#: participants at once, unless the trainer says otherwise (--max)
MAX_PARTICIPANTS = 30
PREFIX = "reflect-room-"
LOCK_FILE = "owner.lock"
#: a lock file younger than this may belong to a room that has not locked it yet (seconds)
LOCK_GRACE = 60.0


@dataclass
class Seat:
    """One participant's place: a number, a throwaway store, and whether a browser is on it."""

    key: str
    number: int
    folder: Path
    #: when the participant last had the seat (joined, or their tab closed)
    last_seen: float
    #: browser tabs open on the seat now (the server keeps it at 0 or 1)
    connected: int = 0
    #: the fictional case has been put into the store
    ready: bool = False


@dataclass
class Room:
    """The seats of one run of ``reflect serve --room``."""

    root: Path
    max_participants: int = MAX_PARTICIPANTS
    grace: float = GRACE
    seats: dict[str, Seat] = field(default_factory=dict)
    joined: int = 0
    #: called with each seat just before its folder is removed (the group summary reads it there)
    on_remove: Callable[[Seat], None] | None = None
    #: held while the room runs: how the next room knows this folder is not left over
    lock: Any = None
    #: the fictional case every seat gets (None: the pack's own, DEMO-Sam; see ``reflect demo --list``)
    case: str | None = None
    #: the learning points the group named, as the trainer typed them on the group page (in memory only)
    learning: str = ""

    @classmethod
    def create(cls, max_participants: int = MAX_PARTICIPANTS, grace: float = GRACE, tmp: Path | None = None) -> Room:
        """A new room in a fresh private temporary folder (after removing rooms left behind)."""
        from filelock import FileLock, Timeout

        sweep_stale_rooms(tmp)
        root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=tmp))
        lock = FileLock(root / LOCK_FILE, mode=0o600, thread_local=False)
        try:
            lock.acquire(timeout=5)
        except Timeout:
            shutil.rmtree(root, ignore_errors=True)
            raise ReflectError("cannot start the room: its temporary folder is in use", root) from None
        return cls(root=root, max_participants=max_participants, grace=grace, lock=lock)

    def seat(self, key: str | None, now: float | None = None) -> Seat | None:
        """The seat a browser's cookie names, if it is still there (removing expired seats first)."""
        self.sweep(now)
        return self.seats.get(key) if key else None

    def join(self, now: float | None = None) -> Seat | None:
        """A new seat with a folder of its own, or None when the room is full.

        The folder is made here; the store in it by :meth:`prepare` (slower,
        so the server runs it off its event loop).
        """
        now = time.time() if now is None else now
        self.sweep(now)
        if len(self.seats) >= self.max_participants:
            return None
        self.joined += 1
        key = secrets.token_urlsafe(24)
        folder = self.root / f"p{self.joined}"
        folder.mkdir(mode=0o700)
        seat = Seat(key=key, number=self.joined, folder=folder, last_seen=now)
        self.seats[key] = seat
        return seat

    def prepare(self, seat: Seat, framework: Framework | None = None) -> None:
        """Put the fictional case into the seat's store (once)."""
        if seat.ready:
            return
        from reflect.core.demo import load_demo
        from reflect.core.store import Store

        store = Store.open(seat.folder)
        try:
            load_demo(store, framework, self.case)
        finally:
            store.close()
        seat.ready = True

    def left(self, seat: Seat, now: float | None = None) -> None:
        """A browser tab on the seat closed: the grace period starts now."""
        seat.connected = max(0, seat.connected - 1)
        seat.last_seen = time.time() if now is None else now

    def sweep(self, now: float | None = None) -> list[Seat]:
        """Remove the seats nobody has used for longer than the grace period."""
        now = time.time() if now is None else now
        gone = [s for s in self.seats.values() if s.connected == 0 and now - s.last_seen > self.grace]
        for seat in gone:
            del self.seats[seat.key]
            self._remove(seat)
        return gone

    def close(self) -> None:
        """The workshop is over: remove every seat and the room's folder."""
        try:
            for seat in sorted(self.seats.values(), key=lambda s: s.number):
                self._remove(seat)
        finally:
            self.seats.clear()
            if self.lock is not None:  # before the folder: Windows cannot remove an open file
                with contextlib.suppress(OSError):
                    self.lock.release(force=True)
            shutil.rmtree(self.root, ignore_errors=True)

    def _remove(self, seat: Seat) -> None:
        try:
            if self.on_remove is not None and seat.ready:
                self.on_remove(seat)
        finally:
            shutil.rmtree(seat.folder, ignore_errors=True)


def sweep_stale_rooms(tmp: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove room folders of ours that no running room holds (never a live room's)."""
    from filelock import FileLock, Timeout

    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = list(Path(tmp or tempfile.gettempdir()).glob(PREFIX + "*"))
    except OSError:
        return removed
    getuid = getattr(os, "getuid", None)  # POSIX: only this user's; elsewhere %TEMP% is the user's own
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            if getuid is not None and folder.lstat().st_uid != getuid():
                continue
            owner = folder / LOCK_FILE
            if not owner.exists() or now - owner.lstat().st_mtime < LOCK_GRACE:
                continue  # being made, or too young to tell
            probe = FileLock(owner, thread_local=False)
            try:
                probe.acquire(timeout=0)
            except Timeout:
                continue  # a running room holds it
            probe.release(force=True)
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
