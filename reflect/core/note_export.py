"""Writing a session's note to a file: one name rule, one overwrite policy, one set of path checks.

The case screen and the end-of-session summary both export a note, through
the same dialog; the rules it follows live here, without Textual, so they
are tested directly and cannot drift apart again.

* **The name** says whose note, which day, which kind of session and, for a
  personal note, that it holds private reflections:
  ``YP-A-2026-11-20-preparation.md``, ``YP-A-2026-11-20-preparation-personal.md``.
* **Overwriting**: an existing file is never replaced silently. The first
  attempt raises :class:`NoteExists` (the dialog asks); replacing it takes a
  second, deliberate ``replace=True``. Asking beats inventing ``-2`` names:
  a re-exported note is the same note, updated, and a trail of stray copies
  of sensitive notes is what a practitioner must not be left with.
* **Bad places** (nothing typed, a folder, a folder that does not exist, a
  name the system refuses, a link or a device) each give one plain line,
  never a traceback. The write itself is :func:`write_private_text`'s: a
  random temporary file, then one atomic rename.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflect.core.errors import ReflectError
from reflect.core.paths import TargetExists, default_export_dir, write_private_text

PERSONAL_SUFFIX = "-personal"
FAMILY_SUFFIX = "-family"
NOTE_SUFFIX = ".md"
UNUSABLE = "the system cannot use that file name: choose a shorter, plainer one"


class NoteExists(ReflectError):
    """The chosen file is already there; it is replaced only when the user says so."""


def note_filename(label: str, day: str, mode: str, personal: bool | str = False) -> str:
    """e.g. ``YP-A-2026-11-20-preparation.md``: only letters, digits, ``.``, ``_`` and ``-``.

    The label is the user's own text: anything else (spaces, slashes, ``..``)
    becomes ``-``, so a name can never reach outside the chosen folder.
    ``personal`` is True for the practitioner's note, or an audience's name
    ("record", "practitioner", "family"): the name says which note it is.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.") or "case"
    return f"{safe}-{day}-{mode}{_suffix(personal)}{NOTE_SUFFIX}"


def _suffix(personal: bool | str) -> str:
    if personal is True or personal == "practitioner":
        return PERSONAL_SUFFIX
    return FAMILY_SUFFIX if personal == "family" else ""


def default_note_path(
    label: str, day: str, mode: str, personal: bool | str = False, folder: Path | None = None
) -> Path:
    """Where a note goes unless the user says otherwise: their documents folder."""
    return (folder if folder is not None else default_export_dir()) / note_filename(label, day, mode, personal)


def note_path(raw: str) -> Path:
    """The file the user typed, checked: a file name in a folder that exists.

    Raises :class:`ReflectError` with one line saying what to change.
    """
    raw = raw.strip()
    if not raw:
        raise ReflectError("say where to save the note, e.g. ~/Documents/YP-A-note.md")
    if "\0" in raw:
        raise ReflectError(UNUSABLE)
    try:
        path = Path(raw).expanduser()
        if path.is_dir():
            raise ReflectError("that is a folder: add a file name at the end, e.g. …/note.md")
        if not path.parent.is_dir():
            raise ReflectError(f"the folder {path.parent} does not exist: choose another place")
    except (OSError, ValueError):  # a name too long, a NUL byte: the system refuses it
        raise ReflectError(UNUSABLE) from None
    return path


def download_name(raw: str, default: str) -> str:
    """The file name a browser offers to save (a download has a name, not a folder)."""
    name = Path(raw.strip()).name if raw.strip() else ""
    return name or default


def write_note(path: Path, text: str | bytes, *, replace: bool = False) -> None:
    """Write ``text`` to ``path``, readable only by its owner.

    An existing file raises :class:`NoteExists` unless ``replace`` is given:
    the caller asks once, then calls again with ``replace=True``.
    """
    try:
        exists = path.exists()
    except (OSError, ValueError):
        raise ReflectError(UNUSABLE, path) from None
    if exists and not replace:
        raise NoteExists("a file with this name is already there", path)
    try:
        # overwrite is explicit: a file that appears between the check and the
        # write is still never replaced without the user's say-so
        write_private_text(path, text, overwrite=replace)
    except TargetExists:
        raise NoteExists("a file with this name is already there", path) from None
