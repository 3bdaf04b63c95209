"""Reading a file the user named, with every failure told in one line.

YAML packs and bundles, note templates and texts to scan all come from the
user; whatever is wrong with them (missing, a folder, unreadable, too big,
not UTF-8) becomes a :class:`ReflectError` naming the file.
"""

from __future__ import annotations

from pathlib import Path

from reflect.core.errors import ReflectError


def read_user_text(path: Path | str, *, what: str = "file", max_bytes: int | None = None) -> str:
    """The text of ``path`` (UTF-8, a leading BOM dropped), or a one-line error.

    ``what`` names the file in messages ("template file"); ``max_bytes``
    refuses a larger file before reading it.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise ReflectError(f"is a directory, not a {what}", path)
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise ReflectError(
                    f"the {what} is too large ({size // 1024} KB; the limit is {max_bytes // 1024} KB)", path
                )
        raw = path.read_bytes()
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
