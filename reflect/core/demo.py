"""``reflect demo``: the built-in fictional case in a throwaway store (core work: no Textual here).

The demo never touches the user's own store: it gets a fresh private
temporary folder (0700), holding only the fictional case, and ``run()``
removes the folder when the app closes, also when the process is told to
stop (SIGTERM, SIGHUP: a closed terminal or browser tab). A demo killed
outright leaves its folder behind; the next demo removes folders whose
process is gone (each holds its owner's process id).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.store import Store

if TYPE_CHECKING:
    from reflect.core.framework import Framework
    from reflect.core.models import Case

DEMO_FILE = "demo.yaml"
PREFIX = "reflect-demo-"
OWNER_FILE = "owner.pid"
ORPHAN_AGE = 3600  # seconds: a folder without an owner file older than this is left over


def demo_bundle_path(framework: Framework | None = None) -> Path:
    """The fictional case: the pack's own ``demo.yaml`` if it has one, else the built-in one."""
    from reflect.core.content import content_root

    if framework is not None and (framework.root / DEMO_FILE).is_file():
        return framework.root / DEMO_FILE
    return content_root() / DEMO_FILE


def load_demo(store: Store, framework: Framework | None = None) -> Case:
    """Import the fictional case into ``store``."""
    from reflect.core.bundle import import_data, read_bundle

    path = demo_bundle_path(framework)
    if not path.is_file():
        raise ReflectError("the fictional demo case is missing from this installation", path)
    data = read_bundle(path, framework)
    return import_data(store, data, as_new=True, source=path)


def open_demo_store(framework: Framework | None = None) -> tuple[Store, Path, Case]:
    """A new private temporary store holding only the fictional case.

    Returns the store, its folder (for the caller to remove) and the case.
    """
    sweep_stale_demos()
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    try:
        os.chmod(folder, 0o700)
        fd = os.open(folder / OWNER_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        store = Store.open(folder)
        try:
            case = load_demo(store, framework)
        except BaseException:
            store.close()
            raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return store, folder, case


def _alive(pid: int) -> bool:
    """Whether the demo that wrote ``pid`` may still be running.

    On Windows ``os.kill(pid, 0)`` would end that process rather than test it,
    so there a demo folder with an owner is left alone; it lives in the
    user's own temporary folder and the orphan age still clears folders
    without one.
    """
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True


def _ours(info: os.stat_result) -> bool:
    """Whether a folder belongs to this user (POSIX); elsewhere the temporary folder is the user's own."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def sweep_stale_demos(tmp: Path | None = None) -> list[Path]:
    """Remove demo folders of ours whose process has gone (never another live demo's)."""
    import time

    removed: list[Path] = []
    root = Path(tmp or tempfile.gettempdir())
    try:
        candidates = list(root.glob(PREFIX + "*"))
    except OSError:
        return removed
    for folder in candidates:
        try:
            info = folder.lstat()
            if not folder.is_dir() or folder.is_symlink() or not _ours(info):
                continue
            owner = folder / OWNER_FILE
            if owner.is_file():
                text = owner.read_text(encoding="ascii").strip()
                if text.isdigit() and _alive(int(text)):
                    continue
            elif time.time() - info.st_mtime < ORPHAN_AGE:
                continue  # just being created, or a demo from before owner files
        except (OSError, ValueError):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
