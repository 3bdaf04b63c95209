"""Where the user's data lives, and keeping it private.

The data directory comes from ``--data-dir``, then ``REFLECT_DATA_DIR``, then
platformdirs' user data directory. It is created readable by its owner only
(0700), and every file written there is 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from reflect.core.errors import ConflictError, ReflectError, StoreError

ENV_DATA_DIR = "REFLECT_DATA_DIR"
DB_NAME = "reflect.db"
DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use, without creating it.

    An empty ``--data-dir`` (``--data-dir "$UNSET"`` in a script) is an error,
    never the real store by accident (F10 of the hostile review).
    """
    if explicit is not None and not str(explicit).strip():
        raise ReflectError("--data-dir is empty: give a folder, or leave the option out for your usual store")
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
        _make_parents(path)
        path.mkdir(mode=DIR_MODE, exist_ok=True)
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


def _make_parents(path: Path) -> None:
    """Create the missing folders above ``path`` 0700 too (F12 of the hostile review).

    ``mkdir(parents=True)`` makes them with the umask's mode (0777 under umask
    000), so another account could swap the store's folder for its own. Only
    the folders reflect creates are made private; existing ones are left alone.
    On Windows the mode means nothing and is ignored.
    """
    missing = [p for p in path.parents if not p.exists()]
    for parent in reversed(missing):
        parent.mkdir(mode=DIR_MODE, exist_ok=True)


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


class TargetExists(ConflictError):
    """The file to write is already there and the caller did not say to replace it."""


def write_private_text(path: Path, text: str | bytes, *, overwrite: bool = True) -> None:
    """Write a user's export (note, bundle) so only its owner can read it.

    ``text`` is written as UTF-8; bytes (a Word note) are written as they are.

    The text goes to a fresh, randomly named file beside the target, opened
    exclusively (never through a link someone planted there) and made 0600
    before a byte is written; it is synced, then renamed into place in one
    step, so the target is either the old file or the whole new one. A target
    that is not a plain file (a link, a device, a pipe, a folder) is refused,
    and so is an existing one unless ``overwrite``. On any failure the
    temporary file is removed.
    """
    path = Path(path)
    _refuse_unusual_target(path)
    if not overwrite and _exists(path):
        raise TargetExists("the file is already there", path)
    fd, tmp = _open_private_temp(path)
    try:
        _fill(fd, text)
        _place(tmp, path, overwrite)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write the file: {exc.strerror or exc}", path) from None
        raise


def _exists(path: Path) -> bool:
    """Whether anything (even a dangling link) is at ``path``."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # cannot tell: say it is there, so nothing is replaced by accident
    return True


def _refuse_unusual_target(path: Path) -> None:
    """Refuse a target that exists and is not a regular file.

    Renaming over a link would leave the user's data where they did not
    expect it, and renaming over a device (``/dev/full`` as root) replaces
    the device: both are refused with one line.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the system cannot use that name"
        raise StoreError(f"cannot write the file: {reason}", path) from None
    if stat.S_ISLNK(st.st_mode):
        raise StoreError("is a symbolic link: reflect writes only to a plain file, choose another name", path)
    if stat.S_ISDIR(st.st_mode):
        raise StoreError("is a folder: add a file name at the end", path)
    if not stat.S_ISREG(st.st_mode):
        raise StoreError("is not a plain file (a device or a pipe): choose another name", path)


def _open_private_temp(path: Path) -> tuple[int, Path]:
    """A new file with a random name in the target's folder, open for writing, 0600.

    ``mkstemp`` opens it with O_CREAT|O_EXCL (and O_NOFOLLOW where the system
    has it), so a file or link planted in advance can never be written
    through; the mode is set again on the descriptor, never on a name.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"cannot write the file: {exc.strerror or exc}", path) from None
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        try:
            fchmod(fd, FILE_MODE)
        except OSError:
            pass  # a filesystem without modes (FAT, some mounts): mkstemp already asked for 0600
    return fd, Path(name)


def _fill(fd: int, text: str | bytes) -> None:
    """Write ``text`` as UTF-8 with ``\n`` line ends (bytes unchanged), sync it to disk and close ``fd``."""
    if isinstance(text, bytes):
        with os.fdopen(fd, "wb") as raw:
            raw.write(text)
            raw.flush()
            os.fsync(raw.fileno())
        return
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _place(tmp: Path, path: Path, overwrite: bool) -> None:
    """Move the finished temporary file to ``path`` in one step.

    Replacing is ``os.replace``. Not replacing uses a hard link, which fails
    if anything appeared at ``path`` meanwhile; where the filesystem has no
    hard links it checks, then replaces (Windows' rename never replaces).
    """
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise TargetExists("the file is already there", path) from None
    except OSError:
        if _exists(path):
            raise TargetExists("the file is already there", path) from None
        os.rename(tmp, path)
        return
    _discard(tmp)


def _discard(tmp: Path) -> None:
    """Remove a temporary file, if it is still there."""
    try:
        os.unlink(tmp)
    except OSError:
        pass


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
