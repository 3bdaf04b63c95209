"""The one Markdown reading every format shares: markdown-it-py, CommonMark plus tables, raw HTML off.

Raw HTML is off so that nothing in a note, even from an organisation's own
template, can become a live tag; the answers are already escaped by
:mod:`reflect.core.markdown_safe`, and the parser undoes exactly that
escaping, so every format shows the characters the user typed.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with GitHub tables; no raw HTML, no linkify, no typographer."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse(markdown: str) -> list[Token]:
    """The note's block tokens (each ``inline`` token carries its children)."""
    return parser().parse(markdown)


def plain(inline: Token) -> str:
    """An inline token's visible text: markup dropped, line breaks as ``\\n`` (hard) or a space (soft)."""
    out: list[str] = []
    for child in inline.children or ():
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "image":
            out.append(plain(child))  # its alt text, held as children
    return "".join(out)
