"""The note as a Word document, built with python-docx (the optional ``reflect[docx]``).

Word's own structure, not look-alikes: headings use the built-in Heading 1,
2 and 3 styles (so the navigation pane and a table of contents work), lists
use List Bullet / List Number, tables are Word tables with a bold header row,
and bold or emphasised words are bold or italic runs. Text goes in as text:
an answer that looks like Markdown or HTML stays the characters typed.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from docx import Document
from docx.shared import Pt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from reflect.core.note_formats.tokens import parse

# XML 1.0 cannot hold these (the note has none, but a pack's own template might)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MAX_LIST_DEPTH = 3  # Word's built-in list styles go "List Bullet", "List Bullet 2", "List Bullet 3"


def to_docx(markdown: str) -> bytes:
    """The note ``markdown`` as the bytes of a ``.docx`` file."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    # python-docx looks a style up by name, through the whole styles part, for every paragraph; the note
    # uses a handful of styles hundreds of times, so this document remembers the answers (same results)
    document.part.get_style_id = lru_cache(maxsize=None)(document.part.get_style_id)  # type: ignore[method-assign]
    root = SyntaxTreeNode(parse(markdown))
    title = next((n for n in root.children if n.type == "heading"), None)
    if title is not None:
        document.core_properties.title = _clean(_plain(title))[:255]
    for node in root.children:
        _block(document, node, depth=0, quote=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _plain(node: SyntaxTreeNode) -> str:
    from reflect.core.note_formats.tokens import plain

    return "".join(plain(c.token) for c in node.children if c.token is not None)


def _block(document: Any, node: SyntaxTreeNode, depth: int, quote: bool) -> None:
    kind = node.type
    if kind == "heading":
        level = min(int(node.tag[1]), 6)
        _runs(document.add_heading(level=level), node)
    elif kind == "paragraph":
        _runs(document.add_paragraph(style="Quote" if quote else None), node)
    elif kind in ("bullet_list", "ordered_list"):
        _list(document, node, depth + 1)
    elif kind == "blockquote":
        for child in node.children:
            _block(document, child, depth, quote=True)
    elif kind == "table":
        _table(document, node)
    elif kind in ("code_block", "fence", "html_block"):
        document.add_paragraph(_clean(node.content.rstrip("\n")))


def _list(document: Any, node: SyntaxTreeNode, depth: int) -> None:
    base = "List Number" if node.type == "ordered_list" else "List Bullet"
    style = base if depth <= 1 else f"{base} {min(depth, _MAX_LIST_DEPTH)}"
    for item in node.children:
        first = True
        for child in item.children:
            if child.type == "paragraph" and first:
                _runs(document.add_paragraph(style=style), child)
                first = False
            else:
                _block(document, child, depth, quote=False)


def _table(document: Any, node: SyntaxTreeNode) -> None:
    rows = [(part.type == "thead", row) for part in node.children for row in part.children]
    width = max((len(row.children) for _, row in rows), default=0)
    if not rows or not width:
        return
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for word_row, (head, row) in zip(table.rows, rows, strict=True):
        for word_cell, cell in zip(word_row.cells, row.children, strict=False):  # a short row leaves cells empty
            _runs(word_cell.paragraphs[0], cell, bold=head)


def _runs(paragraph: Any, node: SyntaxTreeNode, bold: bool = False) -> None:
    """The inline content of ``node`` as runs of ``paragraph``: bold, italic, line breaks."""
    strong = emphasis = 0
    for inline in node.children:
        token: Token | None = inline.token
        if token is None:
            continue
        for child in token.children or ():
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "softbreak":
                paragraph.add_run(" ")
            elif kind in ("text", "code_inline", "html_inline") and child.content:
                run = paragraph.add_run(_clean(child.content))
                run.bold = True if (strong or bold) else None
                run.italic = True if emphasis else None
