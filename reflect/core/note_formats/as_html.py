"""The note as one self-contained HTML page: opens in any browser, prints cleanly on A4.

Everything is in the one file: the style sheet is inline, there is no
script, no font, image or link to fetch, and a Content-Security-Policy says
so to the browser as well. The body is markdown-it-py's rendering of the
note with raw HTML off, so an answer that looks like a tag arrives as text
(``&lt;script&gt;``), never as an element. Word can open the file and save
it as ``.docx``; a browser's Print gives a PDF.
"""

from __future__ import annotations

from html import escape

from markdown_it.token import Token

from reflect.core.note_formats.tokens import parse, parser, plain

# Readable at 100% on screen, and on paper: A4, 2 cm margins, 11pt text, tables
# that wrap their cells rather than run off the page, no heading left alone at
# the foot of a page. System fonts only (nothing is fetched).
STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif;
       font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
/* each block takes its direction from its own text: an answer in Arabic or Hebrew reads right to left */
p, li, th, td, h1, h2, h3 { unicode-bidi: plaintext; }
p, li { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; table-layout: auto; }
th, td { border: 1px solid #888; padding: .3rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #eee; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid #666; background: #f4f4f4; }
@page { size: A4; margin: 2cm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
}
""".strip()

# no script, no fetch of anything, no form, no frame: the page is only what it shows
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


def to_html(markdown: str) -> str:
    """The note ``markdown`` as a complete HTML5 document."""
    md = parser()
    tokens = parse(markdown)
    body = md.renderer.render(tokens, md.options, {})
    title = _title(tokens) or "Supervision note"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _title(tokens: list[Token]) -> str:
    """The note's first heading, as plain text, for the window title."""
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and tokens[i + 1].type == "inline":
            return " ".join(plain(tokens[i + 1]).split())
    return ""
