"""The note as plain text, for the text box of a case-recording system.

What a plain box needs (ecosystem review, section 3.1): no Markdown left to
clutter the child's record, so

* the title and section headings stand on their own lines in capitals, with
  a blank line around them; sub-headings stand on their own lines as written;
* bold and emphasis markers go, and so do the backslashes that kept an
  answer from becoming Markdown: the user's own characters come back as typed;
* a list item starts with ``- `` (or its number);
* a table becomes one ``label: value`` line per cell, a blank line between
  rows, so nothing is cut to fit a column;
* a paragraph is one line (the receiving box wraps it); a line break the
  user typed stays a line break.
"""

from __future__ import annotations

from markdown_it.tree import SyntaxTreeNode

from reflect.core.note_formats.tokens import parse, plain


def to_text(markdown: str) -> str:
    """The note ``markdown`` as UTF-8-ready plain text ending in one newline."""
    root = SyntaxTreeNode(parse(markdown))
    lines = _blocks(root.children)
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _blocks(nodes: list[SyntaxTreeNode], gap: bool = True) -> list[str]:
    """Blocks one after another, a blank line between them (``gap``) or none (a tight list item)."""
    out: list[str] = []
    for node in nodes:
        lines = _block(node)
        if not lines:
            continue
        if out and gap:
            out.append("")
        out.extend(lines)
    return out


def _inline(node: SyntaxTreeNode) -> str:
    """The visible text of a block holding one inline child (a paragraph, a heading, a cell)."""
    return "".join(plain(child.token) for child in node.children if child.token is not None)


def _block(node: SyntaxTreeNode) -> list[str]:
    kind = node.type
    if kind == "heading":
        title = " ".join(_inline(node).split())
        return [title.upper() if node.tag in ("h1", "h2") else title]
    if kind == "paragraph":
        return _inline(node).split("\n")
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return _blocks(node.children)
    if kind == "table":
        return _table(node)
    if kind in ("code_block", "fence", "html_block"):
        return node.content.rstrip("\n").split("\n")
    return []  # a thematic break: the blank lines around blocks already separate them


def _list(node: SyntaxTreeNode) -> list[str]:
    ordered = node.type == "ordered_list"
    start = int(str(node.attrs.get("start", 1))) if ordered else 1
    tight = not any(not p.hidden for item in node.children for p in item.children if p.type == "paragraph")
    out: list[str] = []
    for n, item in enumerate(node.children):
        marker = f"{start + n}. " if ordered else "- "
        body = _blocks(item.children, gap=not tight) or [""]
        out.append(marker + body[0])
        out.extend((" " * len(marker) + line) if line else "" for line in body[1:])
    return out


def _table(node: SyntaxTreeNode) -> list[str]:
    labels: list[str] = []
    rows: list[list[str]] = []
    for part in node.children:
        for row in part.children:
            cells = [" ".join(_inline(cell).split()) for cell in row.children]
            if part.type == "thead":
                labels = cells
            else:
                rows.append(cells)
    out: list[str] = []
    for cells in rows:
        if out:
            out.append("")
        for i, value in enumerate(cells):
            label = labels[i] if i < len(labels) else ""
            if value:
                out.append(f"{label}: {value}" if label else value)
    return out
