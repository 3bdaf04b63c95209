"""Where the user's data lives, and keeping it private.

The data directory comes from ``--data-dir``, then ``REFLECT_DATA_DIR``, then
platformdirs' user data directory. It is created readable by its owner only
(0700), and every file written there is 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

from reflect.core.errors import StoreError

ENV_DATA_DIR = "REFLECT_DATA_DIR"
DB_NAME = "reflect.db"
DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use, without creating it."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflect", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (0700) if needed and check it can be used."""
    existed = path.is_dir()
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except PermissionError:
        raise StoreError("cannot create the data directory: permission denied", path) from None
    except OSError as exc:
        raise StoreError(f"cannot create the data directory: {exc.strerror or exc}", path) from None
    if not path.is_dir():
        raise StoreError("the data directory is not a directory", path)
    try:
        mode = path.stat().st_mode & 0o777
        # ours: exactly 0700; the user's: only ever take access away (a folder
        # they made read-only stays read-only, and reflect says so)
        wanted = DIR_MODE if not existed else mode & DIR_MODE
        if mode != wanted:
            path.chmod(wanted)
    except OSError:
        pass  # not ours to change (a shared mount); the database file itself is still 0600
    return path


def make_private(path: Path) -> None:
    """Take group and other access away from a file (0644 becomes 0600), never
    adding any (a file the user made read-only stays so). Best effort on odd
    filesystems."""
    try:
        if path.exists():
            mode = path.stat().st_mode & 0o777
            if mode != mode & FILE_MODE:
                path.chmod(mode & FILE_MODE)
    except OSError:
        pass


def write_private_text(path: Path, text: str) -> None:
    """Write a user's export (note, bundle) so only its owner can read it.

    Written to a temporary file beside the target and renamed into place, so
    an existing file is never left half-written.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        reason = exc.strerror or str(exc)
        raise StoreError(f"cannot write the file: {reason}", path) from None


def default_export_dir() -> Path:
    """The user's documents directory, falling back to home."""
    try:
        from platformdirs import user_documents_dir

        docs = Path(user_documents_dir())
        if docs.is_dir():
            return docs
    except Exception:  # pragma: no cover - platform quirks
        pass
    return Path.home()


ENV_CACHE_DIR = "REFLECT_CACHE_DIR"


def cache_dir() -> Path:
    """Where compiled templates are kept: ``REFLECT_CACHE_DIR`` or the user cache folder.

    Only derived, non-personal files go here (never a user's answers).
    """
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reflect", appauthor=False))
