"""Put user text into Markdown without letting it change the document.

A note is Markdown written by a template; the answers inside it are whatever
a practitioner typed (or pasted, or imported from a bundle).  Every user
value passes through one of three filters before it reaches the note:

* :func:`block`  - paragraphs: line breaks kept, blank lines separate paragraphs;
* :func:`inline` - one line (whitespace folded), for a sentence inside a line;
* :func:`cell`   - one line for a table cell, optionally shortened.

All three

* drop ESC and the other C0 and C1 control characters (keeping newline and
  tab where they mean something), so no terminal escape sequence survives;
* backslash-escape what Markdown would read as structure: a leading ``#``,
  ``>``, ``-``, ``+``, ``=``, ``:`` (a table delimiter row), ``1.``/``1)``; every ``*``, ``_``, backtick,
  ``~``, ``[``, ``]``, ``<``, ``|`` and backslash; ``&`` that would start an
  entity; and leading indentation (which would make a code block);
* leave everything else alone, so right-to-left scripts, emoji (with their
  joiners and variation selectors) and accented letters come through intact.

The result is a :class:`markupsafe.Markup`, which the note environment
passes through untouched; see :mod:`reflect.core.notes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

__all__ = ["clean", "escape_line", "block", "inline", "cell", "shorten", "as_text", "strip_controls"]

# C0 controls but tab and newline, DEL, the C1 range, the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069): in a note they could make
# text display in another order than it reads (F14 of the hostile review). Also the
# deprecated format controls U+206A-U+206F, a byte order mark inside text (U+FEFF),
# the interlinear annotation marks U+FFF9-U+FFFB (which can hide text from some
# readers) and lone surrogates (which cannot be written as UTF-8 at all). They go
# at render only: the store keeps the user's words as typed. Right-to-left letters
# need none of them and come through; so do the joiners, variation selectors and
# tag characters of emoji, and the marks LRM/RLM/ALM.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")
# ANSI/VT escape sequences, removed whole so their parameters don't linger as text:
# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \ or ST), other two-byte ESC sequences.
# An OSC with no end is not a sequence: only its ESC goes, never the text after it.
# The single-byte C1 introducers (U+009B CSI, U+009D OSC) go alone, like any C1
# control: in typed or pasted text they are almost always a Windows-1252 character
# read as Latin-1 (U+009B is what the quote mark U+203A becomes), and the words
# after them are the user's.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)|\x1b[@-Z\\-_]")
# Unicode's line and paragraph separators: Markdown does not break a line at them,
# but a record system or an editor may, so the note breaks there too.
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})
_INLINE_SPECIALS = re.compile(r"[\\`*_\[\]<>|~#]")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LEADING = re.compile(r"[>+=:\-]")
_ORDERED = re.compile(r"(\d{1,9})([.)])")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences, control characters (not newline or tab) and bidi overrides."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _CONTROLS.sub("", text)


def clean(text: str) -> str:
    """Line endings made ``\\n``; escape sequences and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SEPARATORS)
    return strip_controls(text)


def as_text(value: Any, joiner: str = "; ") -> str:
    """Any stored value (text, number, list of text, None) as plain text."""
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return joiner.join(as_text(v) for v in value if as_text(v).strip())
    return str(value)


def escape_line(line: str) -> str:
    """One line of user text, escaped so it can only ever be plain text.

    The line must already be cleaned and have no newline in it.  Leading
    whitespace is dropped (four spaces would start a code block).
    """
    line = line.strip()
    if not line:
        return ""
    line = _INLINE_SPECIALS.sub(r"\\\g<0>", line)
    line = _ENTITY.sub(r"\\&", line)
    if _LEADING.match(line):
        return "\\" + line
    m = _ORDERED.match(line)
    if m and (m.end() == len(line) or line[m.end()] in " \t"):
        return m.group(1) + "\\" + m.group(2) + line[m.end() :]
    return line


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = escape_line(raw.replace("\t", " "))
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def block(value: Any, indent: int = 0) -> Markup:
    """User text as Markdown paragraphs (a list becomes a bullet list).

    Line breaks inside a paragraph are kept as hard breaks (a trailing
    backslash); blank lines start a new paragraph.  ``indent`` spaces are
    put before every line after the first, for text inside a list item.
    """
    if isinstance(value, Markup):
        return value
    pad = " " * max(0, int(indent))
    if isinstance(value, (list, tuple)):
        items = [escape_line(" ".join(clean(as_text(v)).split())) for v in value]
        return Markup(("\n" + pad).join(f"- {item}" for item in items if item))
    paragraphs = _paragraphs(clean(as_text(value)))
    hard_break = "\\\n" + pad
    return Markup(("\n\n" + pad).join(hard_break.join(p) for p in paragraphs))


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    Never mid-word: a note is read by people who were not in the room, and
    "the youth…" reads as a word lost. Only text with no space at all in its
    first ``limit`` characters (a long link, say) is cut where the limit falls.
    """
    if limit <= 0 or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut falls inside a word: go back to the space before it
        space = cut.rfind(" ")
        if space > 0:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


def inline(value: Any, limit: int = 0) -> Markup:
    """User text on one line (whitespace folded), optionally shortened."""
    if isinstance(value, Markup):
        return Markup(" ".join(str(value).split()))
    text = " ".join(clean(as_text(value)).split())
    return Markup(escape_line(shorten(text, limit)))


def cell(value: Any, limit: int = 0) -> Markup:
    """User text for a table cell: one line, pipes escaped, optionally shortened."""
    return inline(value, limit)


def join_texts(parts: Iterable[str], joiner: str = "; ") -> str:
    return joiner.join(p for p in (" ".join(str(x).split()) for x in parts) if p)
