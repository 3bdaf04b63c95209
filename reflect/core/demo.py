"""``reflect demo``: the built-in fictional case in a throwaway store (core work: no Textual here).

The demo never touches the user's own store: it gets a fresh private
temporary folder (0700), holding only the fictional case, and the app
removes the folder when it closes, also when the process is told to stop
(SIGTERM, SIGHUP: a closed terminal or browser tab). A demo killed outright,
or a Windows console closed under it, leaves its folder behind; the next
demo removes every folder whose lock no running demo holds. The lock
(``filelock``: flock on POSIX, a Windows file lock there) is let go by the
system when its process ends however it ends, so this needs no process ids
and no signal sent to test whether one is alive (on Windows that interrupts it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.store import Store
from reflect.core.workshop_library import DEMO_FILE, demo_bundle_path

__all__ = ["DEMO_FILE", "close_demo", "demo_bundle_path", "load_demo", "open_demo_store", "sweep_stale_demos"]

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from reflect.core.framework import Framework
    from reflect.core.models import Case

PREFIX = "reflect-demo-"
LOCK_FILE = "owner.lock"
LOCK_WAIT = 5  # seconds: another demo's sweep may be testing the new lock at that moment
LOCK_GRACE = 60  # seconds: a lock younger than this may not be taken yet by the demo that made it
ORPHAN_AGE = 3600  # seconds: a folder without a lock file older than this is left over

# the locks of the demos this process is running, held until close_demo
_held: dict[Path, BaseFileLock] = {}


def load_demo(store: Store, framework: Framework | None = None, case: str | None = None) -> Case:
    """Import the fictional case into ``store``: DEMO-Sam, or the library case called ``case``."""
    from reflect.core.bundle import import_data
    from reflect.core.workshop_library import find_case, read_case

    path = demo_bundle_path(framework) if case is None else find_case(case, framework)
    if not path.is_file():
        raise ReflectError("the fictional demo case is missing from this installation", path)
    data = read_case(path, framework)
    return import_data(store, data, as_new=True, source=path)


def open_demo_store(framework: Framework | None = None, case: str | None = None) -> tuple[Store, Path, Case]:
    """A new private temporary store holding only the fictional case (``case``: one from the library).

    Returns the store, its folder and the case; the caller ends the demo with
    :func:`close_demo`. The folder's lock is held until then, which is how a
    later demo knows this one is still running, on every system.
    """
    from filelock import FileLock, Timeout

    sweep_stale_demos()
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))  # private to the user (0700 on POSIX; the user's %TEMP% on Windows)
    lock = FileLock(folder / LOCK_FILE, mode=0o600, thread_local=False)
    try:
        try:
            lock.acquire(timeout=LOCK_WAIT)
        except Timeout:
            raise ReflectError("cannot start the demo: its temporary folder is in use", folder) from None
        _held[folder] = lock
        store = Store.open(folder)
        try:
            opened = load_demo(store, framework, case)
        except BaseException:
            store.close()
            raise
    except BaseException:
        _release(folder)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return store, folder, opened


def close_demo(store: Store, folder: Path) -> None:
    """End a demo: close its store, let go of its lock, remove its folder.

    The lock goes before the folder because Windows cannot remove a file that
    is open.
    """
    try:
        store.close()
    finally:
        _release(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _release(folder: Path) -> None:
    lock = _held.pop(folder, None)
    if lock is not None:
        try:
            lock.release(force=True)
        except OSError:
            pass


def _ours(info: os.stat_result) -> bool:
    """Whether a folder belongs to this user (POSIX); elsewhere the temporary folder is the user's own."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _abandoned(folder: Path, now: float) -> bool:
    """Whether no demo holds ``folder`` any more (its lock can be taken), so it may go.

    A lock that is brand new is left alone: its demo may be between making
    the file and locking it. A folder with no lock file (one being made, or
    one from a version of reflect before locks) goes once it is old.
    """
    from filelock import FileLock, Timeout

    owner = folder / LOCK_FILE
    try:
        info = owner.lstat()
    except FileNotFoundError:
        return now - folder.lstat().st_mtime >= ORPHAN_AGE
    if now - info.st_mtime < LOCK_GRACE:
        return False
    probe = FileLock(owner, thread_local=False)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return False  # a running demo holds it
    probe.release(force=True)
    return True


def sweep_stale_demos(tmp: Path | None = None) -> list[Path]:
    """Remove demo folders of ours that no running demo holds (never another live demo's)."""
    import time

    removed: list[Path] = []
    root = Path(tmp or tempfile.gettempdir())
    try:
        candidates = list(root.glob(PREFIX + "*"))
    except OSError:
        return removed
    now = time.time()
    for folder in candidates:
        try:
            if folder in _held or folder.is_symlink() or not folder.is_dir() or not _ours(folder.lstat()):
                continue
            if not _abandoned(folder, now):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
