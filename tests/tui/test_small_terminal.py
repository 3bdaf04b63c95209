"""A session at 80x24: the question has the room, the steps fit when shown, messages stay clear of it.

* Under 90 columns the list of steps starts folded away (F4 shows it), so
  the question and its answer have the whole width.
* Under 100 columns the list, when shown, gives each principle and track
  one line, so all of it fits in 24 rows; from 100 columns each step keeps
  its title in full and its state in words.
* A message such as "Case YP-A saved." appears at the top, one line high,
  never over the first question or the box being typed in.
"""

from __future__ import annotations

from session_harness import make_case
from textual.widgets._toast import Toast

from reflect.core.store import Store
from reflect.tui.screens.session import SessionScreen
from reflect.tui.widgets.editors import TextAnswer
from reflect.tui.widgets.sidebar import StepSidebar, _one_line

SMALL = (80, 24)


async def open_session(app, pilot, case_id: int, session_id: int) -> SessionScreen:
    await pilot.pause()
    app.open_session(case_id, session_id)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def option_lines(sidebar: StepSidebar, step_id: str) -> list[str]:
    prompt = sidebar.get_option_at_index(sidebar.get_option_index(step_id)).prompt
    return str(prompt).splitlines()


# --------------------------------------------------------------------------- one line a step


def test_a_title_cut_to_one_line_ends_after_a_word_unless_that_loses_much():
    assert _one_line("Stay curious", 18) == "Stay curious"
    assert _one_line("Put children and young people first", 18) == "Put children and…"
    # "Recognise and…" twice (principles 2 and 5) would not tell them apart: cut in the word
    assert _one_line("Recognise and challenge inequalities", 18) == "Recognise and cha…"
    assert _one_line("Recognise and respond to trauma", 18) == "Recognise and res…"
    assert all(len(_one_line("Be curious, evidence-informed and knowledgeable", w)) <= w for w in range(6, 30))


async def test_at_80_columns_the_steps_start_folded_and_the_question_has_the_width(app_factory, pack, tmp_path):
    data = tmp_path / "store"
    case_id, session_id = make_case(data)
    app = app_factory(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_session(app, pilot, case_id, session_id)
        sidebar = screen.query_one(StepSidebar)
        assert not sidebar.display
        card = screen.cards["children-first.describe"]
        assert card.query_one(".prompt-text").region.width >= 70
        assert screen.query_one("#step-pane").region.contains_region(card.editor.region)
        await pilot.press("f4")
        await pilot.pause()
        assert sidebar.display
        assert sidebar.outer_size.width <= 26
        # one line a principle or track, its state as its symbol; all of the list in view
        for step in pack.steps:
            lines = option_lines(sidebar, step.id)
            assert len(lines) == 1, lines
            assert lines[0].startswith(("▶ ", "  "))
        assert option_lines(sidebar, "children-first")[0].startswith("▶ 1 · Put children")
        assert sidebar.virtual_size.height <= sidebar.size.height
        await pilot.press("f4")
        await pilot.pause()
        assert not sidebar.display


async def test_the_one_line_steps_follow_the_state_and_flags(app_factory, pack, tmp_path):
    data = tmp_path / "store"
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        store.set_status(session_id, "inequalities", "set-aside", "later")
        store.set_flag(session_id, "voice.describe", True)
    app = app_factory(data, pack)
    async with app.run_test(size=(94, 30)) as pilot:
        screen = await open_session(app, pilot, case_id, session_id)
        sidebar = screen.query_one(StepSidebar)
        assert sidebar.display  # from 90 columns the list starts shown, one line a step
        assert option_lines(sidebar, "inequalities")[0].startswith("  2 – Recognise")
        voice = option_lines(sidebar, "voice")[0]
        assert voice.startswith("  3 · ") and voice.endswith("⚑1")
        await pilot.press(*"Her own words")
        await pilot.pause(0.8)
        assert option_lines(sidebar, "children-first")[0].startswith("▶ 1 ✓ ")


async def test_from_100_columns_each_step_keeps_its_title_and_state_in_words(app_factory, pack, tmp_path):
    data = tmp_path / "store"
    case_id, session_id = make_case(data)
    app = app_factory(data, pack)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(app, pilot, case_id, session_id)
        sidebar = screen.query_one(StepSidebar)
        assert sidebar.display
        lines = option_lines(sidebar, "inequalities")
        assert len(lines) == 3
        assert "Recognise and challenge" in lines[0] and "· not started" in lines[2]


# --------------------------------------------------------------------------- messages


async def test_the_case_saved_message_does_not_cover_the_first_question(app_factory, framework, tmp_path):
    """The issue's path: a new case, ctrl+s, p; the "Case saved." message is still up."""
    app = app_factory(tmp_path / "store", framework)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"YP-A", "ctrl+s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("f")  # the full walk
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        toasts = list(screen.query(Toast))
        assert toasts, "the message is still up when the session opens"
        card = next(iter(screen.cards.values()))
        assert isinstance(app.focused, TextAnswer) and app.focused is card.editor
        for toast in toasts:
            assert toast.region.y <= 2 and toast.region.height == 1
            assert not toast.region.overlaps(card.editor.region)
            assert not toast.region.overlaps(card.query_one(".prompt-text").region)
