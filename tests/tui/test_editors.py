"""Choices, checklists and scales: typing letters into them never changes the answer.

A new user who takes a checklist for a text box types "the police": the
space between the words must not tick the highlighted option (and the note
must not record that tick), and the list says it is not a text box. A space
or Enter pressed to tick still ticks.
"""

from __future__ import annotations

from pathlib import Path

from session_harness import SessionHarness, make_case, settle
from textual import events

from reflect.core.store import Store
from reflect.tui.screens.session import SessionScreen
from reflect.tui.widgets.editors import (
    WORD_GAP,
    ChecklistAnswer,
    ChoiceAnswer,
    ScaleAnswer,
    TextAnswer,
    TypingGuard,
)

SIZE = (100, 30)


def key(name: str) -> events.Key:
    character = {"space": " ", "enter": "\r"}.get(name, name if len(name) == 1 else None)
    return events.Key(name, character)


def letters(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def screen_of(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def stored_answers(data: Path, session_id: int) -> dict:
    with Store.open(data) as store:
        return dict(store.get_session(session_id).answers)


# --------------------------------------------------------------------------- the rule, without a screen


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_space_between_typed_words_is_not_a_tick():
    clock = Clock()
    guard = TypingGuard(clock)
    assert [guard.typing(key(k)) for k in letters("the police")] == [True] * 10


def test_space_and_enter_tick_when_no_letters_came_before():
    guard = TypingGuard(Clock())
    assert not guard.typing(key("space"))
    assert not guard.typing(key("enter"))
    assert not guard.typing(key("space"))


def test_an_arrow_key_ends_the_words_and_the_next_space_ticks():
    guard = TypingGuard(Clock())
    assert guard.typing(key("a"))
    assert not guard.typing(key("down"))
    assert not guard.typing(key("space"))


def test_a_space_after_a_pause_in_typing_ticks():
    clock = Clock()
    guard = TypingGuard(clock)
    assert guard.typing(key("x"))
    clock.now += WORD_GAP / 2
    assert guard.typing(key("space"))  # still the same words
    clock.now += WORD_GAP + 0.1
    assert not guard.typing(key("space"))


def test_enter_right_after_letters_is_part_of_the_words():
    guard = TypingGuard(Clock())
    guard.typing(key("s"))
    assert guard.typing(key("enter"))


def test_after_reset_a_space_ticks():
    guard = TypingGuard(Clock())
    guard.typing(key("s"))
    guard.reset()
    assert not guard.typing(key("space"))


# --------------------------------------------------------------------------- on the session screen


async def test_typing_words_into_a_checklist_ticks_nothing_and_says_it_is_a_list(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        checklist = screen.cards["children-first.language"].editor
        assert isinstance(checklist, ChecklistAnswer)
        checklist.focus()
        await pilot.pause()
        # while it has the focus, its frame says how it works
        assert str(checklist.border_subtitle) == ChecklistAnswer.HOW_TO
        await pilot.press(*letters("the police"), "enter")
        await settle(pilot, 0.7)
        assert checklist.value == []
        assert str(checklist.border_subtitle) == ChecklistAnswer.NOT_TEXT
        assert checklist.has_class("-typed")
        # an arrow, then space: a tick, as a keyboard user makes it
        await pilot.press("down", "space")
        await settle(pilot, 0.7)
        assert checklist.value == ["'making lifestyle choices'"]
        assert str(checklist.border_subtitle) == ChecklistAnswer.HOW_TO
        # leaving it, the line goes
        await pilot.press("tab")
        await pilot.pause()
        assert not checklist.border_subtitle
    assert stored_answers(data, session_id)["children-first.language"] == ["'making lifestyle choices'"]


async def test_typing_into_a_choice_chooses_nothing(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        choice = screen.cards["children-first.next"].editor
        assert isinstance(choice, ChoiceAnswer)
        choice.focus()
        await pilot.pause()
        assert str(choice.border_subtitle) == ChoiceAnswer.HOW_TO
        await pilot.press(*letters("talk to mum"), "enter", "space")
        await settle(pilot, 0.7)
        assert choice.value is None
        assert str(choice.border_subtitle) == ChoiceAnswer.NOT_TEXT
        await pilot.press("enter")  # the words were left behind: still part of them, nothing chosen
        assert choice.value is None
        await pilot.press("down", "enter")
        await settle(pilot, 0.7)
        assert choice.value == "talk with the family"
    assert stored_answers(data, session_id)["children-first.next"] == "talk with the family"


async def test_typing_into_a_scale_chooses_nothing_and_says_so(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        scale = screen.cards["children-first.confidence"].editor
        assert isinstance(scale, ScaleAnswer)
        scale.focus()
        await pilot.pause()
        ends = scale.query_one(".scale-ends")
        before = str(ends.render())
        await pilot.press(*letters("quite well"))
        await settle(pilot, 0.7)
        assert scale.value is None
        assert "not a text box" in str(ends.render())
        await pilot.press("right", "space")
        await settle(pilot, 0.7)
        assert scale.value == 2
        assert str(ends.render()) == before
    assert stored_answers(data, session_id)["children-first.confidence"] == 2


async def test_a_space_pressed_first_still_ticks(data, pack):
    """The existing way to tick, unchanged: focus the list, space."""
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        checklist = screen_of(app).cards["children-first.language"].editor
        assert isinstance(checklist, ChecklistAnswer)
        checklist.focus()
        await pilot.press("space")
        await settle(pilot, 0.7)
        assert checklist.value == ["'putting themselves at risk'"]
        assert not checklist.has_class("-typed")


HOSTILE_ANSWER = "ok \x1b]0;PWNED\x07 \x9b2J \x1b[31mred x"


async def test_an_answers_escape_sequences_never_reach_the_terminal(data, pack):
    """An answer read from a bundle may hold ESC and C1 controls: the box draws them as nothing, keeps them stored."""
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        store.save_answer(session_id, "children-first.describe", HOSTILE_ANSWER)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = screen_of(app).cards["children-first.describe"].editor
        assert isinstance(editor, TextAnswer)
        # what the box hands the terminal: its lines after the app's filters (ControlFilter among them)
        drawn = "".join(segment.text for strip in editor.render_lines(editor.region.reset_offset) for segment in strip)
        assert not any("\x00" <= ch < " " or "\x7f" <= ch <= "\x9f" for ch in drawn), repr(drawn)
        assert "]0;PWNED 2J [31mred x" in drawn  # what followed the controls shows, as text
        assert editor.value == HOSTILE_ANSWER  # the stored answer is the user's, as it was
    assert stored_answers(data, session_id)["children-first.describe"] == HOSTILE_ANSWER
