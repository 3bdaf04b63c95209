"""Reading a file the user named, with every failure told in one line.

YAML packs and bundles, note templates and texts to scan all come from the
user; whatever is wrong with them (missing, a folder, a device, unreadable,
too big, not UTF-8) becomes a :class:`ReflectError` naming the file.

A device or socket is refused (``/dev/zero`` reports a size of 0 and never
ends: F7 of the hostile review), and no file is read past its limit, whatever
size it claims. A pipe is read (``reflect import /dev/stdin``), opened so that
one nobody writes to reads as empty instead of waiting for ever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reflect.core.errors import ReflectError

#: the limit for a file whose reader names none (a text to scan)
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def read_user_text(path: Path | str, *, what: str = "file", max_bytes: int | None = None) -> str:
    """The text of ``path`` (UTF-8, a leading BOM dropped), or a one-line error.

    ``what`` names the file in messages ("template file"); ``max_bytes``
    (:data:`DEFAULT_MAX_BYTES` when not given) refuses a larger file, and
    nothing past it is ever read.
    """
    path = Path(path)
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        if path.is_dir():
            raise ReflectError(f"is a directory, not a {what}", path)
        raw = _read_at_most(path, limit, what)
    except FileNotFoundError:
        raise ReflectError(f"no such {what}", path) from None
    except PermissionError:
        raise ReflectError(f"permission denied reading the {what}", path) from None
    except OSError as exc:
        raise ReflectError(f"cannot read the {what}: {exc.strerror or exc}", path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReflectError("not UTF-8 text", path, line) from None


def _read_at_most(path: Path, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of a regular file or a pipe; a device or socket is refused."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if stat.S_ISFIFO(info.st_mode):
            os.set_blocking(fd, True)  # a writer's data is waited for; no writer reads as the end
        elif not stat.S_ISREG(info.st_mode):
            raise ReflectError(f"is a device or a socket, not a {what}", path)
        elif info.st_size > limit:
            raise ReflectError(
                f"the {what} is too large ({info.st_size // 1024} KB; the limit is {limit // 1024} KB)", path
            )
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise ReflectError(f"the {what} is too large (more than {limit // 1024} KB)", path)
    return raw
