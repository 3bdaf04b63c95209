"""One note, many formats: the rendered Markdown note converted to plain text, HTML or Word.

The note is rendered once, by the templates, as Markdown (so an
organisation's own template gets every format for free). Each other format
is a conversion of that Markdown, read through markdown-it-py's token stream
(the parser Textual itself uses), never a second set of templates: whatever
the Markdown note leaves out (the private answers of a record note), every
format leaves out too.

* ``markdown`` - the note as written;
* ``text``     - for a plain case-recording text box: no Markdown left;
* ``html``     - one self-contained page that prints on A4;
* ``docx``     - a Word document (needs the optional ``reflect[docx]``).

:func:`convert` is the one entry point; :func:`format_for_path` is the rule
that picks a format from a file name.
"""

from __future__ import annotations

from pathlib import PurePath

from reflect.core.errors import ReflectError

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "convert",
    "format_for_path",
    "with_format_suffix",
    "mime_type",
    "known_format",
    "docx_available",
    "DOCX_MISSING",
]

#: the formats, in the order the app and ``--help`` offer them
FORMATS: tuple[str, ...] = ("markdown", "text", "html", "docx")

#: the file extension each format is saved under
SUFFIXES: dict[str, str] = {"markdown": ".md", "text": ".txt", "html": ".html", "docx": ".docx"}

# what a file name's extension says about the format (case does not matter)
_BY_SUFFIX: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}

_MIME: dict[str, str] = {
    "markdown": "text/markdown",
    "text": "text/plain",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

DOCX_MISSING = (
    "a Word note needs python-docx, which reflect's docx extra installs: "
    "pip install 'reflect[docx]' (from reflect's source folder: pip install '.[docx]')"
)


def format_for_path(path: str | None) -> str:
    """The format a file name asks for: ``.txt`` is text, ``.htm(l)`` html, ``.docx`` Word; else Markdown."""
    if not path or path == "-":
        return "markdown"
    return known_format(path) or "markdown"


def with_format_suffix(name: str, fmt: str) -> str:
    """``name`` with the extension of ``fmt``: a known note extension is swapped, any other name gains one.

    The app's suggested file name follows the chosen format this way, and a
    name the user typed keeps its stem.
    """
    suffix = SUFFIXES[fmt]
    path = PurePath(name)
    if not path.name or name.rstrip("/\\") != name:  # nothing, or a folder: the dialog's path check says so
        return name
    if path.suffix.lower() in _BY_SUFFIX:
        return name[: len(name) - len(path.suffix)] + suffix
    return name + suffix


def mime_type(fmt: str) -> str:
    """The media type a browser download of ``fmt`` is labelled with."""
    return _MIME[fmt]


def known_format(path: str) -> str | None:
    """The format a file name's extension names, or ``None`` when it names none (``.pdf``, no extension)."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower()) if path.strip() else None


def docx_available() -> bool:
    """Whether python-docx (the ``docx`` extra) is installed, checked without importing it."""
    from importlib.util import find_spec

    return find_spec("docx") is not None


def convert(markdown: str, fmt: str) -> str | bytes:
    """The note ``markdown`` in ``fmt``: text for markdown/text/html, bytes for docx.

    Raises :class:`ReflectError` for an unknown format, or for ``docx`` when
    python-docx is not installed (one line saying what to install).
    """
    if fmt == "markdown":
        return markdown
    if fmt == "text":
        from reflect.core.note_formats.as_text import to_text

        return to_text(markdown)
    if fmt == "html":
        from reflect.core.note_formats.as_html import to_html

        return to_html(markdown)
    if fmt == "docx":
        if not docx_available():
            raise ReflectError(DOCX_MISSING)
        from reflect.core.note_formats.as_docx import to_docx

        return to_docx(markdown)
    raise ReflectError(f"unknown note format {fmt!r}: choose one of {', '.join(FORMATS)}")
