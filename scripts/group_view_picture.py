#!/usr/bin/env python3
"""Draw the picture of the trainer's group view in docs/workshops.md, from the real page.

The page is the one ``reflect serve --room`` serves at ``/group``
(:func:`reflect.core.room_group_html.group_page`), made here for a fictional
room of five on DEMO-Sam whose answers are written for this picture. It is
saved as docs/examples/group-view.html, then drawn without a browser:
WeasyPrint lays the HTML out as a PDF page and pypdfium2 turns that page into
docs/images/group-view.png. Neither is a dependency of reflect; install them
where you run this:

    pip install weasyprint pypdfium2
    python scripts/group_view_picture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reflect.core.loader import load_framework  # noqa: E402
from reflect.core.room_group import build, case_context  # noqa: E402
from reflect.core.room_group_html import group_page  # noqa: E402
from reflect.core.room_summary import SeatAnswers  # noqa: E402

HTML_OUT = ROOT / "docs" / "examples" / "group-view.html"
PNG_OUT = ROOT / "docs" / "images" / "group-view.png"
#: the page as a wide screen (CSS pixels), for the picture only
PAGE_CSS = "@page { size: 1280px 1100px; margin: 0 }"

#: what five fictional participants wrote, per prompt id (participant 3 has not answered yet)
ROOM = {
    1: {
        "children-first.whole-person": "Sam is funny and looks after his younger cousins.",
        "children-first.imagine": "Scared, and angry that he was the one who had to move.",
    },
    2: {
        "children-first.whole-person": "He loved football and was good at it before all this.",
        "children-first.imagine": "Like nobody asked him. Like he was being punished.",
    },
    4: {"children-first.whole-person": "Proud of his mum, even when they argue."},
    5: {
        "children-first.whole-person": "Quick to help staff at the home when he trusts them.",
        "children-first.imagine": "Lonely. Ninety miles from everyone he knows.",
    },
}


def make_html() -> str:
    framework = load_framework(None)
    seats = [SeatAnswers(n, "DEMO-Sam", ROOM.get(n, {})) for n in range(1, 6)]
    view = build(seats, framework, case_context(framework, None))
    learning = "Start with who Sam is, not what happened to him.\nAsk Sam what the move cost him."
    return group_page(view, learning)


def main() -> int:
    html = make_html()
    HTML_OUT.write_text(html, encoding="utf-8", newline="\n")
    print(f"wrote {HTML_OUT.relative_to(ROOT)}")
    try:
        import pypdfium2
        import weasyprint
    except ImportError:
        print("no picture: pip install weasyprint pypdfium2, then run this again", file=sys.stderr)
        return 1
    pdf = weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=PAGE_CSS)])
    page = pypdfium2.PdfDocument(pdf)[0]
    PNG_OUT.parent.mkdir(exist_ok=True)
    page.render(scale=1.25).to_pil().convert("RGB").quantize(64).save(PNG_OUT, optimize=True)
    print(f"wrote {PNG_OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
