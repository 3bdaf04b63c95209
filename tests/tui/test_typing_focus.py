"""Keys typed straight after a focus key (Tab, ctrl+n, ctrl+b) land in the box that key moved to.

A terminal hands the app a burst of keys at once when someone types fast
(or when ``tmux send-keys`` sends "ctrl+n, then text" in one go). Pilot's
``press`` waits for the app between keys, which hides the problem, so these
tests put the whole burst in the app's queue in one go, as the terminal
driver does, and only then let the app run.
"""

from __future__ import annotations

from pathlib import Path

from session_harness import SessionHarness, make_case, settle
from textual import events

from reflect.core.store import Store
from reflect.tui.screens.session import SessionScreen
from reflect.tui.widgets.editors import TextAnswer

SIZE = (100, 30)
#: keys whose character is not their name
CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def burst(app, *keys: str) -> None:
    """Queue every key at once, as a terminal does with fast typing: no pause between them."""
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


def letters(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def screen_of(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def text_of(screen: SessionScreen, prompt_id: str) -> str:
    editor = screen.cards[prompt_id].editor
    assert isinstance(editor, TextAnswer)
    return editor.text


def stored_answers(data: Path, session_id: int) -> dict:
    with Store.open(data) as store:
        return dict(store.get_session(session_id).answers)


async def test_text_typed_right_after_ctrl_n_goes_to_the_next_step(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.current_step_id == "children-first"
        burst(app, "ctrl+n", *letters("the police"))
        await settle(pilot, 0.7)
        assert screen.current_step_id == "inequalities"
        assert text_of(screen, "inequalities.describe") == "the police"
        assert app.focused is screen.cards["inequalities.describe"].editor
    answers = stored_answers(data, session_id)
    assert "children-first.describe" not in answers
    assert answers["inequalities.describe"] == "the police"


async def test_text_typed_right_after_ctrl_b_goes_to_the_step_before(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.jump_to_step("voice")
        await settle(pilot)
        burst(app, "ctrl+b", *letters("back here"))
        await settle(pilot, 0.7)
        assert screen.current_step_id == "inequalities"
        assert text_of(screen, "inequalities.describe") == "back here"
    answers = stored_answers(data, session_id)
    assert "voice.describe" not in answers
    assert answers["inequalities.describe"] == "back here"


async def test_text_typed_right_after_tab_goes_to_the_next_question(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        burst(app, *letters("first"), "tab", *letters("second"), "shift+tab", *letters(" again"))
        await settle(pilot, 0.7)
        assert text_of(screen, "children-first.describe") == "first again"
        assert text_of(screen, "children-first.feel") == "second"


async def test_a_long_burst_across_questions_and_steps_keeps_every_key_in_its_place(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        burst(app, *letters("one"), "tab", *letters("two"), "ctrl+n", *letters("three"), "ctrl+n", *letters("four"))
        await settle(pilot, 0.7)
        assert screen.current_step_id == "voice"
    answers = stored_answers(data, session_id)
    assert answers == {
        "children-first.describe": "one",
        "children-first.feel": "two",
        "inequalities.describe": "three",
        "voice.describe": "four",
    }
