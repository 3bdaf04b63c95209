"""Pilot tests of workshop mode: the story, the facilitator's notes, the step timer,
the group's answers, ``reflect demo --workshop`` and the workshop summary note.

The facilitator and timer tests use the small harness and the fixed test pack
(``session_harness.py``); the story and start tests use the built-in fictional
case, opened the way ``run()`` opens it. Time is driven through the timer's
tick handler with a given clock reading, so no test waits for a real minute.
"""

from __future__ import annotations

from pathlib import Path

from session_harness import SessionHarness, make_case, settle
from textual.widgets import Input, Static

from reflect.tui.dialogs.timer import TimerDialog, parse_minutes
from reflect.tui.dialogs.vignette import VignetteScreen, paragraphs
from reflect.tui.screens.session import SessionScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.screens.workshop import (
    GROUP_LABEL,
    WORKSHOP_BINDINGS,
    WORKSHOP_NARROW,
    WorkshopSessionScreen,
)
from reflect.tui.widgets.editors import TextAnswer
from reflect.tui.widgets.sidebar import StepSidebar
from reflect.tui.widgets.workshop_bar import WorkshopBar
from reflect.tui.widgets.workshop_timer import (
    IDLE,
    TIME_UP,
    TIME_UP_SHORT,
    StepTimer,
    left_text,
)

SMALL = (80, 24)
NOTE = "Ask the group to describe, not judge."  # the test pack's facilitator note on each "describe" prompt


def workshop_app(data: Path, pack, mode: str = "workshop") -> SessionHarness:
    case_id, session_id = make_case(data, mode=mode)
    return SessionHarness(data, pack, case_id, session_id)


def session(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def notes_on_screen(screen: SessionScreen) -> list[Static]:
    return [w for w in screen.query(".prompt-facilitator").results(Static) if w.display]


def bar_text(screen: SessionScreen) -> str:
    return str(screen.query_one("#workshop-bar", WorkshopBar).query_one(".workshop-keys", Static).render())


# --------------------------------------------------------------------------- facilitator notes


async def test_facilitator_notes_are_hidden_at_first_shown_on_f10_and_hidden_again(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        assert isinstance(screen, WorkshopSessionScreen)
        notes = list(screen.query(".prompt-facilitator").results(Static))
        assert notes and NOTE in str(notes[0].render())  # there, for the facilitator...
        assert notes_on_screen(screen) == []  # ...but not on a shared screen until asked for
        assert "Notes F10: hidden" in bar_text(screen)

        await pilot.press("f10")
        await pilot.pause()
        shown = notes_on_screen(screen)
        assert len(shown) == 1 and NOTE in str(shown[0].render())
        assert "Notes F10: shown" in bar_text(screen)

        # remembered from step to step
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.current_step_id == "inequalities"
        assert len(notes_on_screen(screen)) == 1

        await pilot.press("f10")
        await pilot.pause()
        assert notes_on_screen(screen) == []
        assert "Notes F10: hidden" in bar_text(screen)

        # ctrl+l does the same, for terminals that keep F10 for their menu
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert len(notes_on_screen(screen)) == 1
        assert screen.workshop.notes_shown


async def test_facilitator_choice_is_remembered_when_the_session_is_opened_again(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("escape")  # back out of the session, then open it again
        await pilot.pause()
        assert not isinstance(app.screen, SessionScreen)
        app.open_session(app.case_id, app.session_id)
        await settle(pilot)
        assert len(notes_on_screen(session(app))) == 1


async def test_the_workshop_bar_can_be_clicked_where_a_browser_keeps_the_keys(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        text = bar_text(screen)
        keys = screen.query_one("#workshop-bar .workshop-keys", Static)
        await pilot.click(keys, offset=(text.index("Notes") + 1, 0))
        await pilot.pause()
        assert len(notes_on_screen(screen)) == 1
        await pilot.click(keys, offset=(text.index("Timer") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, TimerDialog)


async def test_preparation_sessions_have_no_workshop_keys_or_bar(data, pack):
    app = workshop_app(data, pack, mode="preparation")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        assert not isinstance(screen, WorkshopSessionScreen)
        assert not screen.query(".prompt-facilitator")
        assert not screen.query(WorkshopBar)
        for binding in WORKSHOP_BINDINGS:
            assert screen.check_action(binding.action, ()) is False
        await pilot.press("f10", "f12", "ctrl+t")
        await pilot.pause()
        assert app.screen is screen and not screen.has_class("-facilitator")
        editor = next(iter(screen.cards.values())).editor
        assert isinstance(editor, TextAnswer) and editor.border_title != GROUP_LABEL


# --------------------------------------------------------------------------- group's answers and layout


async def test_text_answers_are_the_groups_and_are_saved(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        editor = screen.cards["children-first.describe"].editor
        assert isinstance(editor, TextAnswer)
        assert editor.border_title == GROUP_LABEL
        assert "group" in editor.placeholder.lower()
        await pilot.press(*"Football")
        screen.flush_saves()
        assert app.store.get_session(app.session_id).answers["children-first.describe"] == "Football"
        # the summary step's fields are the group's too
        screen.jump_to_step("summary")
        await settle(pilot)
        summary_editors = [c.editor for c in screen.cards.values()]
        assert summary_editors and all(e.border_title == GROUP_LABEL for e in summary_editors)


async def test_at_80_columns_the_steps_start_folded_away_and_f4_brings_them_back(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        sidebar = screen.query_one(StepSidebar)
        assert not sidebar.display
        card = screen.cards["children-first.describe"]
        pane = screen.query_one("#step-pane")
        # the question and the group's answer are both in view, full width
        assert card.query_one(".prompt-text").region.width >= 70
        assert pane.region.contains_region(card.editor.region)
        await pilot.press("f4")
        await pilot.pause()
        assert sidebar.display


async def test_wide_screens_keep_the_steps_in_view(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=(WORKSHOP_NARROW + 20, 30)) as pilot:
        await settle(pilot)
        assert session(app).query_one(StepSidebar).display
        assert "Facilitator notes F10: hidden" in bar_text(session(app))


# --------------------------------------------------------------------------- the step timer


async def open_timer(pilot) -> TimerDialog:
    await pilot.press("ctrl+t")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, TimerDialog)
    return dialog


async def test_step_timer_counts_down_says_when_time_is_up_and_never_moves_on(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        timer = screen.query_one(StepTimer)
        assert not timer.running and timer.text == IDLE

        await open_timer(pilot)
        await pilot.press("2", "enter")  # the suggested minutes are selected: typing replaces them
        await pilot.pause()
        assert app.screen is screen
        assert timer.running and timer.minutes == 2 and timer.step_id == "children-first"
        assert timer.text == "2:00 left on this step"

        deadline = timer.deadline
        timer.tick(now=deadline - 272)
        assert timer.text == "4:32 left on this step"
        timer.tick(now=deadline - 59.2)
        assert timer.text == "1:00 left on this step"

        timer.tick(now=deadline + 0.5)
        await pilot.pause()
        assert timer.text == TIME_UP and timer.is_up and timer.has_class("-up")
        assert any(TIME_UP in n.message for n in app._notifications)
        # nothing moves by itself: same step, same focus, the timer just waits
        focused = screen.focused
        await pilot.pause(0.3)
        timer.tick(now=deadline + 120)
        await pilot.pause()
        assert screen.current_step_id == "children-first"
        assert screen.focused is focused
        assert timer.text == TIME_UP
        assert sum(TIME_UP in n.message for n in app._notifications) == 1  # said once, not nagging


async def test_a_short_timer_runs_on_the_real_clock(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        timer = screen.query_one(StepTimer)
        timer.start(1, screen.current_step_id, seconds=0.3)
        assert "left on this step" in timer.text
        await pilot.pause(0.4)
        timer.tick()
        await pilot.pause()
        assert timer.text == TIME_UP
        assert screen.current_step_id == "children-first"


async def test_on_a_very_narrow_screen_the_bar_keeps_room_for_the_timer(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = session(app)
        assert bar_text(screen) == "Story · Notes: hidden · Timer"
        timer = screen.query_one(StepTimer)
        timer.start(3, screen.current_step_id)
        await pilot.pause()
        assert timer.text == "3:00 left on this step"
        timer.tick(now=timer.deadline)
        await pilot.pause()
        assert timer.text in (TIME_UP, TIME_UP_SHORT)
        assert len(timer.text) <= timer.content_region.width


async def test_moving_to_another_step_stops_the_timer(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        await open_timer(pilot)
        await pilot.press("enter")  # the suggested five minutes
        await pilot.pause()
        timer = screen.query_one(StepTimer)
        assert timer.running and timer.text == "5:00 left on this step"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.current_step_id == "inequalities"
        assert not timer.running and timer.text == IDLE
        # going back does not bring it back either
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not timer.running


async def test_timer_dialog_asks_again_for_a_bad_number_and_can_turn_the_timer_off(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        timer = screen.query_one(StepTimer)
        dialog = await open_timer(pilot)
        for bad in ("0", "61"):
            dialog.query_one("#minutes", Input).value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog
            assert "1 to 60" in str(dialog.query_one("#message", Static).render())
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert app.screen is screen and not timer.running

        dialog = await open_timer(pilot)
        dialog.query_one("#minutes", Input).value = "10"
        await pilot.press("enter")
        await pilot.pause()
        assert timer.running and timer.minutes == 10

        dialog = await open_timer(pilot)
        assert dialog.query_one("#minutes", Input).value == "10"  # the last choice is offered again
        await pilot.click("#off")
        await pilot.pause()
        assert app.screen is screen and not timer.running and timer.text == IDLE


def test_minutes_and_countdown_text():
    assert [parse_minutes(t) for t in ("1", "60", " 7 ")] == [1, 60, 7]
    assert [parse_minutes(t) for t in ("0", "61", "", "five", "-3")] == [None] * 5
    assert left_text(272) == "4:32 left on this step"
    assert left_text(0.2) == "0:01 left on this step"  # 0:00 only once time is up
    assert left_text(3600) == "60:00 left on this step"


# --------------------------------------------------------------------------- the story and reflect demo --workshop


def test_demo_workshop_flag_reaches_run(monkeypatch):
    import reflect.tui.app as app_module
    from reflect.cli import build_parser, main

    assert build_parser().parse_args(["demo", "--workshop"]).workshop is True
    assert build_parser().parse_args(["demo"]).workshop is False
    seen = {}

    def fake_run(**kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(app_module, "run", fake_run)
    assert main(["demo", "--workshop"]) == 0
    assert seen["demo"] is True and seen["start_mode"] == "workshop"
    assert main(["demo"]) == 0
    assert seen["start_mode"] is None


async def test_demo_workshop_opens_a_new_workshop_session_with_the_story_first(tmp_path, make_app):
    # built as run(demo=True, start_mode="workshop") builds it
    app = make_app(tmp_path, demo=True, start_mode="workshop")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        story = app.screen
        assert isinstance(story, VignetteScreen)
        assert story.label == "DEMO-Sam" and story.fictional
        assert "Sam is 14" in story.text
        below = app.screen_stack[-2]
        assert isinstance(below, WorkshopSessionScreen) and below.model.mode == "workshop"
        assert below.model.record.answers == {}  # a new session, not the demo's preparation

        await pilot.press("enter")
        await pilot.pause()
        screen = session(app)
        assert isinstance(screen.focused, TextAnswer)  # straight to the first question
        assert not screen.query_one(StepSidebar).display

        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, VignetteScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # the story does not come back by itself: leaving and reopening the session keeps it away
        await pilot.press("escape")
        await pilot.pause()
        app.open_session(screen.case_id, screen.session_id)
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_workshop_sessions_without_a_story_say_so_calmly(data, pack):
    app = workshop_app(data, pack)  # the test case has no story: nothing pops up
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(app)
        await pilot.press("f12")
        await pilot.pause()
        assert app.screen is screen
        assert any("no story" in n.message for n in app._notifications)


def test_story_paragraphs_join_wrapped_lines():
    story = "This case is fictional.\nIt was written for training.\n\n\nSam is 14.\n"
    assert paragraphs(story) == ["This case is fictional. It was written for training.", "Sam is 14."]


# --------------------------------------------------------------------------- the summary note, keys and help


async def test_finishing_a_workshop_shows_the_workshop_summary_note(data, pack):
    app = workshop_app(data, pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session(app)
        screen.cards["children-first.describe"].editor.text = "They kept coming back to his football"
        await pilot.pause()
        screen.jump_to_step("summary")  # leaving the step saves what the group said
        await settle(pilot)
        screen.cards["workshop-learning"].editor.text = "Ask what the young person enjoys first"
        await pilot.pause()
        await pilot.press("f9")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.note_text.startswith("# Workshop summary: YP-A")
        assert "## What the group takes away" in summary.note_text
        assert "Ask what the young person enjoys first" in summary.note_text
        assert "They kept coming back to his football" in summary.note_text
        preview = str(summary.query_one("#preview-kind", Static).render())
        assert "plain" not in preview


def test_workshop_keys_are_described_and_leave_typing_alone():
    from textual.widgets import TextArea

    editor_keys = {k.strip() for b in TextArea.BINDINGS for k in b.key.split(",")}
    others = {k for b in SessionScreen.BINDINGS if b not in WORKSHOP_BINDINGS for k in b.key.split(",")}
    for binding in WORKSHOP_BINDINGS:
        assert binding.description and binding.tooltip
        for key in binding.key.split(","):
            assert key not in editor_keys, key
            assert key not in others, key
            assert key not in {"f1", "f2", "ctrl+q", "ctrl+p", "ctrl+c"}, key
    for dialog in (TimerDialog, VignetteScreen):
        for binding in dialog.BINDINGS:
            assert binding.description, f"{dialog.__name__}: {binding.key}"


async def test_help_lists_the_workshop_keys(data, pack):
    from reflect.tui.screens.help import HelpScreen

    app = workshop_app(data, pack)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(HelpScreen(app.screen))
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-section").results(Static))
        for words in ("F12", "Story", "F10", "Facilitator notes", "ctrl+t", "Step timer"):
            assert words in text, words
