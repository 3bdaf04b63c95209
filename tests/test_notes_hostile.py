"""Hostile answers cannot change a note's structure or reach it raw.

Every field a user can type into (answers of every kind, set-aside reasons,
summary fields, actions, the case's areas, even the label) is filled with
Markdown headings, table pipes, HTML, terminal escape sequences, control
characters, 200 KB of text, right-to-left script and emoji. The note must
keep exactly the outline of the same note written with harmless answers,
hold no control character, show the text as text, and render to HTML
without any tag the user wrote.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reflect.core import markdown_safe as md
from reflect.core import notes

CM = MarkdownIt("commonmark")
GFM = MarkdownIt("commonmark").enable("table")

RTL = "הוא אמר שהוא רוצה ללכת הביתה — قال إنه يريد العودة إلى المنزل"
EMOJI = "⚽️ 👩🏾‍👧‍👦 🏳️‍🌈 🇬🇧"
BIG_MARKER = "END-OF-THE-LONG-ANSWER"

HOSTILE = "\n".join(
    [
        "# A heading in an answer",
        "## Another one",
        "Setext title",
        "============",
        "| a | b |",
        "| --- | --- |",
        "| c | d |",
        ":--- | ---:",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
        "[click](javascript:alert(1)) ![pic](http://x/y.png) <http://example.com>",
        "\x1b[31mred\x1b[0m \x1b]0;window title\x07 \x1b[2J\x1b[H \x9b31m c1",
        "bell\x07 backspace\x08 nul\x00 vt\x0b ff\x0c del\x7f nel\x85",
        "> a quote",
        "- a list",
        "1. a numbered list",
        "```",
        "code fence",
        "~~~",
        "    indented code",
        "***",
        "\\",
        "&#27;[31m &copy; &lt;b&gt;",
        "trailing two spaces  ",
        "*emphasis* _also_ **strong** `code` ~~strike~~",
        RTL,
        EMOJI,
    ]
)
HARMLESS = "x"


def outline(text: str) -> list[tuple[int, str]]:
    tokens = CM.parse(text)
    return [
        (int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children if c.type == "text"))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def visible(text: str) -> str:
    return _commonmark(text)[0]


@functools.lru_cache(maxsize=32)
def _commonmark(text: str) -> tuple[str, str]:
    """The visible text and the HTML of a note, from one CommonMark parse.

    A hostile note is over 300 KB and markdown-it takes about a second to parse
    one, so the tests that look at the same note share the parse (the cache
    holds only the two strings, never the tokens)."""
    env: dict = {}
    tokens = CM.parse(text, env)
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts += [
                c.content if c.type == "text" else "\n"
                for c in token.children
                if c.type in ("text", "softbreak", "hardbreak")
            ]
            parts.append("\n")
    return "".join(parts), CM.renderer.render(tokens, CM.options, env)


def fill(store, framework, payload: str, *, big: str = "", label: str = "YP-H", moved: bool = True):
    """A case whose every user-typed field holds ``payload``: a preparation, then a supervision.

    Written with the store's bulk import (one transaction), as ``reflect import`` would.
    """
    answers, first_text = {}, None
    for step in framework.steps:
        for prompt in step.prompts:
            if prompt.kind == "scale":
                answers[prompt.id] = prompt.scale[0] if prompt.scale else 1
            elif prompt.kind == "checklist":
                answers[prompt.id] = [payload, payload]
            else:
                answers[prompt.id] = payload
            if prompt.kind == "text" and first_text is None:
                first_text = prompt.id
                answers[prompt.id] = payload + (big and "\n" + big)

    def session(mode: str, day: str, review: str) -> dict:
        return {
            "mode": mode,
            "date": day,
            "answers": dict(answers),
            "status": {s.id: "set-aside" if s.number % 3 == 0 else "reflected" for s in framework.steps},
            "set_aside_reasons": {s.id: payload for s in framework.steps},
            "flags": list(answers),
            "actions": [
                {"what": payload, "who": payload, "by": "2026-12-01", "review": review},
                {"what": payload, "who": "", "by": ""},
            ],
            "summary": {f.id: payload for f in framework.summary_fields},
        }

    case = store.import_case(
        label,
        {"moved": moved, "age_band": payload[:40], "harms": [payload], "home_area": payload, "placement_area": payload},
        [session("preparation", "2026-11-02", "not-done"), session("supervision", "2026-11-09", "")],
    )
    prep, sup = (s.id for s in store.list_sessions(case.id))
    return case, prep, sup


def render_all(store, framework, case, prep, sup) -> dict[tuple, str]:
    out = {}
    for sid in (prep, sup):
        for template in ("preparation", "supervision", "workshop"):
            for private in (False, True):
                out[(sid == sup, template, private)] = notes.render_case_note(
                    store, framework, case, session_id=sid, template=template, private=private
                )
    return out


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


TAG = re.compile(r"<([a-z][a-z0-9]*)")


def structure(text: str) -> tuple[list, list, Counter]:
    """Outline, table shapes and HTML elements of a note, from one parse."""
    tokens = GFM.parse(text)
    heads = [
        (int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children if c.type == "text"))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    shapes, current, width = [], [], 0
    for t in tokens:
        if t.type == "table_open":
            current = []
        elif t.type == "tr_open":
            width = 0
        elif t.type in ("th_open", "td_open"):
            width += 1
        elif t.type == "tr_close":
            current.append(width)
        elif t.type == "table_close":
            shapes.append(current)
    elements = Counter(TAG.findall(GFM.renderer.render(tokens, GFM.options, {})))
    elements.pop("br", None)
    return heads, shapes, elements


def assert_sound(text: str) -> None:
    """No control character; nothing the user typed became HTML, a link, an image or code."""
    assert "\x1b" not in text and not CONTROLS.search(text)
    for html in (_commonmark(text)[1],):  # CM.render(text), parsed once with visible(text)
        found = set(TAG.findall(html))
        assert not found & {"script", "img", "a", "pre", "code", "del", "b", "i", "hr", "h4", "h5", "h6"}, found
        assert "<!--" not in html
        assert html.count("<blockquote") <= 1  # the personal note's banner, nothing else


@pytest.fixture(scope="module")
def framework_m():
    from reflect.core.loader import load_framework

    return load_framework()


def _notes_for(tmp_path_factory, framework, payload, big, label):
    from reflect.core.store import Store

    store = Store.open(tmp_path_factory.mktemp("notes"))
    try:
        return render_all(store, framework, *fill(store, framework, payload, big=big, label=label))
    finally:
        store.close()


@pytest.fixture(scope="module")
def hostile_notes(tmp_path_factory, framework_m):
    big = ("lorem ipsum | # " * 12_500) + BIG_MARKER
    return _notes_for(tmp_path_factory, framework_m, HOSTILE, big, "YP-#|<b>")


@pytest.fixture(scope="module")
def harmless_notes(tmp_path_factory, framework_m):
    return _notes_for(tmp_path_factory, framework_m, HARMLESS, "x", "YP-X")


def test_hostile_answers_leave_the_outline_and_tables_intact(hostile_notes, harmless_notes):
    assert len(hostile_notes) == len(harmless_notes) == 12
    for key, text in hostile_notes.items():
        reference = harmless_notes[key]
        heads, shapes, elements = structure(text)
        ref_heads, ref_shapes, ref_elements = structure(reference)
        assert heads == [(lvl, title.replace("YP-X", "YP-#|<b>")) for lvl, title in ref_heads], key
        assert [lvl for lvl, _ in heads].count(1) == 1
        assert shapes == ref_shapes, key
        assert elements == ref_elements, key
        for shape in shapes:
            assert len(set(shape)) == 1


def test_hostile_answers_reach_the_note_as_text_only(hostile_notes):
    for key, text in hostile_notes.items():
        assert_sound(text)
        seen = visible(text)
        assert "# A heading in an answer" in seen
        assert "<script>alert('x')</script>" in seen
        assert "| a | b |" in seen
        assert RTL in seen, key
        assert EMOJI in seen, key
        assert "[0m" not in seen and "[2J" not in seen and "window title" not in seen


def test_a_200_kb_answer_is_kept_whole(hostile_notes):
    text = hostile_notes[(False, "preparation", False)]
    assert len(text.encode("utf-8")) > 200_000
    assert BIG_MARKER in visible(text)
    assert visible(text).count("lorem ipsum | # ") >= 12_500


def test_a_hostile_label_cannot_add_a_heading(store, framework):
    case = store.create_case("# YP | <i>", {})
    store.create_session(case.id, "preparation", "2026-11-02")
    text = notes.render_case_note(store, framework, case)
    assert outline(text)[0] == (1, "Preparation for supervision: # YP | <i>")
    assert_sound(text)


WILD = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "# ",
                "\n",
                "\n\n",
                "|",
                "<b>",
                "```",
                "    ",
                "- ",
                "1. ",
                "===",
                "---",
                ":--",
                "\\",
                "\x1b[1m",
                "\x1b]8;;http://x\x07",
                "\x00",
                "\r",
                "\r\n",
                "\u202e",
                RTL[:8],
                EMOJI[:3],
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=30,
).map("".join)


_REFERENCE: dict = {}


def _reference(tmp_path_factory, framework, answer: str = "x") -> str:
    """The same supervision note written with harmless (or blank) answers (made once each)."""
    if (framework.id, answer) not in _REFERENCE:
        from reflect.core.store import Store

        store = Store.open(tmp_path_factory.mktemp("tame"))
        try:
            case, _, sup = fill(store, framework, answer, label="YP-W")
            note = notes.render_case_note(store, framework, case, session_id=sup, private=True)
            _REFERENCE[framework.id, answer] = note
        finally:
            store.close()
    return _REFERENCE[framework.id, answer]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(payload=WILD)
@example(payload="\x9b")  # found on main: the C1 CSI ate " x", so the answer printed as nothing
@example(payload="\x1b[")  # ESC [ then " x" is a whole CSI sequence: nothing visible is left
@example(payload="\x1b]")  # an OSC with no end once took the rest of the answer with it
@example(payload="\u2028- \u2029# ")
def test_any_answer_keeps_the_outline(tmp_path_factory, framework, payload):
    from reflect.core.store import Store

    # a visible character at the end: a blank answer is rightly treated as no answer. An escape
    # sequence can still take it (ESC [ then " x" is one whole CSI): then the answer says nothing
    # and its note must have the outline of a blank one, not a broken mix of the two.
    blank = not md.clean(payload + " x").strip()
    reference = _reference(tmp_path_factory, framework, " " if blank else "x")
    store = Store.open(tmp_path_factory.mktemp("wild"))
    try:
        case, _, sup = fill(store, framework, payload + " x", label="YP-W")
        text = notes.render_case_note(store, framework, case, session_id=sup, private=True)
    finally:
        store.close()
    (heads, shapes, elements), (ref_heads, ref_shapes, ref_elements) = structure(text), structure(reference)
    assert heads == ref_heads
    assert shapes == ref_shapes
    del elements["p"], ref_elements["p"]  # blank lines in an answer rightly start new paragraphs
    assert elements == ref_elements
    assert_sound(text)


def _supervision_note(tmp_path_factory, framework, payload: str) -> str:
    from reflect.core.store import Store

    store = Store.open(tmp_path_factory.mktemp("invisible"))
    try:
        case, _, sup = fill(store, framework, payload, label="YP-W")
        return notes.render_case_note(store, framework, case, session_id=sup, private=True)
    finally:
        store.close()


@pytest.mark.parametrize("payload", ["\x9b x", "\x9bx", "\x1b] x", "\u2028x\u2029x", "\ufeffx\ufff9"])
def test_a_c1_or_format_character_keeps_the_users_words_and_the_outline(tmp_path_factory, framework, payload):
    """U+009B before a word once removed the word: the answer printed as nothing, and lists went missing."""
    text = _supervision_note(tmp_path_factory, framework, payload)
    heads, shapes, elements = structure(text)
    ref_heads, ref_shapes, ref_elements = structure(_reference(tmp_path_factory, framework))
    del elements["p"], ref_elements["p"]
    assert (heads, shapes, elements) == (ref_heads, ref_shapes, ref_elements)
    assert_sound(text)
    assert "- **Age band:** x" in text
    assert not re.search("[\u2028\u2029\ufeff\ufff9]", text)


@pytest.mark.parametrize("payload", ["\x07", "\u202e", "\x1b[ x", "\x1b[31m\x1b[0m", "\ufeff", "\x00 \x9b"])
def test_an_answer_of_only_invisible_characters_is_no_answer(tmp_path_factory, framework, payload):
    """The note judges an answer on what it prints: nothing visible reads exactly as a blank answer."""
    blank = _supervision_note(tmp_path_factory, framework, " ")
    assert _supervision_note(tmp_path_factory, framework, payload) == blank


def test_the_app_counts_an_answer_as_the_note_prints_it():
    """The app's progress and the note share one rule: only visible words are an answer."""
    from reflect.core.progress import answered

    assert not answered("\x07\x1b[31m \u202e")
    assert not answered(["\x00", " \ufeff"])
    assert answered("\x9b x") and answered(["", "\x9bsee"])
