"""One note, many formats: text, HTML and Word converted from the rendered Markdown note.

The hostile answers of ``tests/test_notes_hostile.py`` (headings, tables, HTML,
control characters, right-to-left text, emoji, a 200 KB answer) go through
every format: the text shows no Markdown, the HTML has no element an answer
wrote, the Word file opens and holds every answer. Whatever the record note
leaves out, every format leaves out.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from test_notes_hostile import BIG_MARKER, EMOJI, HOSTILE, RTL, fill

from reflect.core import notes
from reflect.core.errors import ReflectError
from reflect.core.markdown_safe import strip_controls
from reflect.core.note_formats import FORMATS, convert, format_for_path, with_format_suffix
from reflect.core.note_formats.choose import TO_TERMINAL, choose_format

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "docs" / "examples").glob("*.md"))
# hostile lines whose characters are all printable: each must come out exactly as typed
LITERAL = [
    "# A heading in an answer",
    "| a | b |",
    ":--- | ---:",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden -->",
    "[click](javascript:alert(1)) ![pic](http://x/y.png) <http://example.com>",
    "> a quote",
    "- a list",
    "1. a numbered list",
    "&#27;[31m &copy; &lt;b&gt;",
    "*emphasis* _also_ **strong** `code` ~~strike~~",
    RTL,
    EMOJI,
]
ESCAPES = re.compile(r"\\[#*_|<>\[\]`~&:=+-]")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# ---------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def framework_m():
    from reflect.core.loader import load_framework

    return load_framework()


def _notes(tmp_path_factory, framework, payload: str, big: str, label: str) -> dict[str, str]:
    from reflect.core.store import Store

    store = Store.open(tmp_path_factory.mktemp("formats"))
    try:
        case, prep, sup = fill(store, framework, payload, big=big, label=label)
        return {
            "preparation": notes.render_case_note(store, framework, case, session_id=prep, template="preparation"),
            "supervision": notes.render_case_note(store, framework, case, session_id=sup, private=True),
            "workshop": notes.render_case_note(store, framework, case, session_id=sup, template="workshop"),
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, framework_m):
    big = ("lorem ipsum | # " * 1_250) + BIG_MARKER  # a 20,000-character answer
    return _notes(tmp_path_factory, framework_m, HOSTILE, big, "YP-#|<b>")


@pytest.fixture(scope="module")
def harmless(tmp_path_factory, framework_m):
    return _notes(tmp_path_factory, framework_m, "x", "x", "YP-X")


# ---------------------------------------------------------------------- text


def _headings(text: str) -> list[str]:
    """Lines standing alone between blank lines and written in capitals: the text's headings."""
    lines = text.split("\n")
    return [
        line
        for i, line in enumerate(lines)
        if line and line == line.upper() and any(c.isalpha() for c in line) and (i == 0 or not lines[i - 1])
    ]


def test_the_example_notes_as_text_have_no_markdown_left():
    for path in EXAMPLES:
        markdown = path.read_text(encoding="utf-8")
        text = convert(markdown, "text")
        assert isinstance(text, str)
        for line in text.split("\n"):
            assert not line.startswith(("#", ">", "|", "* ", "    ")), (path.name, line)
            assert "**" not in line and "|" not in line and "\\" not in line, (path.name, line)
        # each heading is a line of its own in capitals; list items keep "- "
        h1 = [line[2:] for line in markdown.split("\n") if line.startswith("# ")]
        h2 = [line[3:] for line in markdown.split("\n") if line.startswith("## ")]
        assert _headings(text) == [h.upper() for h in h1 + h2], path.name
        assert text.endswith("\n") and not text.endswith("\n\n")


def _simple(inline) -> str | None:
    """A paragraph's text read straight from markdown-it, when it holds only text and line breaks."""
    if any(c.type not in ("text", "softbreak", "hardbreak") for c in inline.children):
        return None
    return "".join({"softbreak": " ", "hardbreak": "\n"}.get(c.type, c.content) for c in inline.children)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_text_keeps_paragraphs_whole_and_tables_as_label_value_lines(path):
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    markdown = path.read_text(encoding="utf-8")
    text = convert(markdown, "text")
    assert isinstance(text, str)
    checked = 0
    for node in SyntaxTreeNode(MarkdownIt("commonmark").enable("table").parse(markdown)).walk():
        if node.type == "paragraph" and (plain := _simple(node.children[0].token)) is not None:
            # a paragraph the template wrapped is one line; a line break the user typed stays, without its backslash
            assert plain in text, plain
            checked += "\n" in plain or any(c.type == "softbreak" for c in node.children[0].token.children)
        elif node.type == "table":
            head, body = node.children
            labels = [_simple(th.children[0].token) for th in head.children[0].children]
            for row in body.children:  # every cell whole, on its own "label: value" line
                for label, cell in zip(labels, row.children, strict=True):
                    value = _simple(cell.children[0].token) if cell.children else ""
                    if value:
                        assert f"\n{label}: {value}\n" in text, (label, value)
                        checked += 1
        elif node.type == "bullet_list":
            for item in node.children:
                first = item.children[0].children[0].token
                assert "\n- " + "".join(c.content for c in first.children if c.type == "text") in text
                checked += 1
    assert checked, "the example has nothing this test can check"


def test_hostile_answers_come_out_of_text_as_typed(hostile, harmless):
    for key, markdown in hostile.items():
        text = convert(markdown, "text")
        assert isinstance(text, str)
        assert not CONTROLS.search(text), key
        assert not ESCAPES.search(text), key  # no backslash escape is left: the user's own characters
        for line in LITERAL:
            assert line in text, (key, line)
        assert "\\" in text.split("\n")  # the answer that was one backslash
        assert BIG_MARKER in text
        # the same headings as the harmless note: no answer became a heading
        expected = [h.replace("YP-X", "YP-#|<B>") for h in _headings(convert(harmless[key], "text"))]
        assert [h for h in _headings(text) if h in expected] == expected
        assert text.encode("utf-8").decode("utf-8") == text


# ---------------------------------------------------------------------- html


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs += attrs
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


ALLOWED = {"html", "head", "meta", "title", "style", "body", "main"} | {
    "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "br", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def test_html_is_one_self_contained_page_that_prints_on_a4():
    html = convert(EXAMPLES[0].read_text(encoding="utf-8"), "html")
    assert isinstance(html, str)
    page = _page(html)
    assert set(page.tags) <= ALLOWED
    assert page.tags["style"] == 1 and "@page { size: A4" in html and "@media print" in html
    assert not any(name in ("src", "href", "srcset", "action") for name, _ in page.attrs)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_hostile_answers_never_become_html(hostile, harmless):
    for key, markdown in hostile.items():
        html = convert(markdown, "html")
        assert isinstance(html, str)
        page, reference = _page(html), _page(convert(harmless[key], "html"))
        assert set(page.tags) <= ALLOWED, (key, set(page.tags) - ALLOWED)
        ref = reference.tags.copy()
        for tags in (page.tags, ref):  # blank lines in an answer rightly start paragraphs and line breaks
            tags.pop("p", None)
            tags.pop("br", None)
        assert page.tags == ref, key
        assert not any(name in ("src", "href", "onerror") for name, _ in page.attrs)
        assert "<!--" not in html and not CONTROLS.search(html)
        seen = "".join(page.text)
        for line in LITERAL:
            assert line in seen, (key, line)
        assert BIG_MARKER in seen


# ---------------------------------------------------------------------- docx


def _word(data: bytes | str) -> docx.document.Document:
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_uses_real_headings_lists_and_tables():
    markdown = EXAMPLES[[p.name for p in EXAMPLES].index("supervision.md")].read_text(encoding="utf-8")
    document = _word(convert(markdown, "docx"))
    styles = Counter(p.style.name for p in document.paragraphs)
    assert styles["Heading 1"] == 1
    assert styles["Heading 2"] == markdown.count("\n## ")
    assert styles["Heading 3"] == markdown.count("\n### ")
    assert styles["List Bullet"] >= 7
    assert len(document.tables) == markdown.count("\n| --- |")
    header = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert document.tables[0].rows[0].cells[0].text == "What" and header.bold
    case_line = next(p for p in document.paragraphs if p.text.startswith("Case:"))
    assert case_line.runs[0].bold and case_line.text == "Case: DEMO-Sam"
    assert document.core_properties.title == "Supervision note: DEMO-Sam"


def test_hostile_answers_reach_word_whole(hostile):
    for key, markdown in hostile.items():
        document = _word(convert(markdown, "docx"))
        text = _all_text(document)
        for line in LITERAL:
            assert line in text, (key, line)
        assert BIG_MARKER in text
        assert [p.style.name for p in document.paragraphs].count("Heading 1") == 1
        heading_texts = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert "A heading in an answer" not in heading_texts and "# A heading in an answer" not in heading_texts


# ---------------------------------------------------------------------- every format


def test_every_format_leaves_out_what_the_record_note_leaves_out(store, framework):
    secret = "PRIVATE-REFLECTION-7731 I felt out of my depth"
    private = next(p.id for s in framework.steps for p in s.prompts if p.private)
    case = store.create_case("YP-P", {})
    sid = store.create_session(case.id, "preparation", "2026-11-02").id
    store.save_answer(sid, private, secret)
    record = notes.render_case_note(store, framework, case, session_id=sid)
    personal = notes.render_case_note(store, framework, case, session_id=sid, private=True)
    for fmt in FORMATS:
        for markdown, present in ((record, False), (personal, True)):
            out = convert(markdown, fmt)
            text = _all_text(_word(out)) if fmt == "docx" else str(out)
            assert ("PRIVATE-REFLECTION-7731" in text) is present, fmt


def test_control_characters_from_a_template_cannot_break_the_word_file():
    data = convert("# Title\x0b\n\nA line with a form feed\x0c and a nul\x00.\n", "docx")
    # (CommonMark itself turns a NUL into U+FFFD; the others are dropped)
    assert _all_text(_word(data)) == "Title\nA line with a form feed and a nul\ufffd."
    assert strip_controls("a\x0cb") == "ab"


# ---------------------------------------------------------------------- choosing a format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("note.md", "markdown"),
        ("note.txt", "text"),
        ("NOTE.HTML", "html"),
        ("note.htm", "html"),
        ("note.docx", "docx"),
        ("note", "markdown"),
        ("note.pdf", "markdown"),
        ("-", "markdown"),
        (None, "markdown"),
    ],
)
def test_the_format_follows_the_file_extension(name, fmt):
    assert format_for_path(name) == fmt


def test_the_suggested_name_follows_the_format():
    assert with_format_suffix("/d/YP-A-2026-11-20-preparation.md", "docx") == "/d/YP-A-2026-11-20-preparation.docx"
    assert with_format_suffix("note.HTM", "text") == "note.txt"
    assert with_format_suffix("my.note", "html") == "my.note.html"
    assert with_format_suffix("", "html") == ""
    assert with_format_suffix("/d/notes.md/", "text") == "/d/notes.md/"  # a folder is left for the path check
    assert with_format_suffix("/d/notes/", "text") == "/d/notes/"


def test_choose_format_refuses_word_on_a_terminal_and_without_its_extra(monkeypatch):
    assert choose_format(None, "n.docx", stdout_is_terminal=True) == "docx"
    assert choose_format("docx", None, stdout_is_terminal=False) == "docx"
    assert choose_format("text", "n.docx", stdout_is_terminal=True) == "text"
    for output in (None, "-"):
        with pytest.raises(ReflectError, match="not text for the screen"):
            choose_format("docx", output, stdout_is_terminal=True)
    assert "\n" not in TO_TERMINAL
    monkeypatch.setattr("reflect.core.note_formats.choose.docx_available", lambda: False)
    with pytest.raises(ReflectError, match=r"pip install 'reflect\[docx\]'"):
        choose_format(None, "n.docx", stdout_is_terminal=False)
    monkeypatch.setattr("reflect.core.note_formats.docx_available", lambda: False)
    with pytest.raises(ReflectError, match="python-docx"):
        convert("# x\n", "docx")
    with pytest.raises(ReflectError, match="unknown note format"):
        convert("# x\n", "pdf")


# ---------------------------------------------------------------------- the clipboard


@pytest.mark.parametrize(
    ("env", "web", "platform", "can", "why"),
    [
        ({"TERM": "xterm-kitty"}, False, "linux", True, ""),
        ({"TERM_PROGRAM": "iTerm.app"}, False, "darwin", True, ""),
        ({"WT_SESSION": "x"}, False, "win32", True, "clipboard history (Win+V)"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, False, "darwin", False, "macOS Terminal"),
        ({"VTE_VERSION": "7600"}, False, "linux", False, "VTE"),
        ({"TERM": "linux"}, False, "linux", False, "console"),
        ({}, False, "win32", False, "Windows Terminal does"),
        ({"TERM": "xterm-256color"}, True, "linux", False, "browser"),
        ({"TMUX": "/tmp/tmux", "TERM": "tmux-256color"}, False, "linux", True, "set-clipboard"),
    ],
)
def test_the_clipboard_is_tried_only_where_it_can_arrive(env, web, platform, can, why):
    from reflect.core.note_formats.clipboard import clipboard_reach

    reach = clipboard_reach(env, web=web, platform=platform)
    assert reach.can_copy is can
    assert why in reach.why and (why or reach.why == "")


def test_the_text_and_html_examples_are_the_supervision_example_converted():
    folder = EXAMPLES[0].parent
    markdown = (folder / "supervision.md").read_text(encoding="utf-8")
    for fmt, suffix in (("text", ".txt"), ("html", ".html")):
        assert (folder / f"supervision{suffix}").read_text(encoding="utf-8") == convert(markdown, fmt), (
            f"docs/examples/supervision{suffix} is out of date: run python scripts/make_examples.py"
        )


# ---------------------------------------------------------------------- any line, as typed

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reflect.core.markdown_safe import escape_line  # noqa: E402

LINE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#>|*_`~[]<>&\\!-+=:.()0123456789 ;/\"'")),
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(line=LINE)
def test_any_escaped_line_comes_out_of_text_as_typed(line):
    """What markdown_safe escapes, the text format gives back: the user's own characters, nothing more."""
    typed = line.strip()
    if not typed:
        return
    markdown = f"Answer:\n\n{escape_line(line)}\n"
    assert convert(markdown, "text") == f"Answer:\n\n{typed}\n"
    page = _page(str(convert(markdown, "html")))
    assert page.tags["p"] == 2 and set(page.tags) == {"html", "head", "meta", "title", "style", "body", "main", "p"}
    assert "".join(page.text).strip().split("\n")[-1] == typed
