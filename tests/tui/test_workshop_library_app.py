"""Pilot tests: every fictional case of the workshop library opens in workshop
mode the way ``reflect demo CASE --workshop`` opens it, with its story in
stages first and its own facilitator note beside the framework's on a step.
"""

from __future__ import annotations

import pytest
from session_harness import settle
from textual.widgets import Static

from reflect.core.demo import close_demo, open_demo_store
from reflect.core.workshop_library import list_cases, read_case, step_note
from reflect.tui.app import ReflectApp
from reflect.tui.dialogs.vignette import VignetteScreen
from reflect.tui.options import AppOptions
from reflect.tui.screens.workshop import WorkshopSessionScreen

SIZE = (110, 40)
CASES = [c.label for c in list_cases()]


def shown_notes(screen: WorkshopSessionScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query(".prompt-facilitator").results(Static) if w.display)


@pytest.mark.parametrize("label", CASES)
async def test_each_case_opens_in_workshop_mode_with_its_story_and_its_notes(label, framework):
    store, folder, case = open_demo_store(framework, label)
    ctx = read_case(next(c.path for c in list_cases() if c.label == label), framework)["context"]
    try:
        app = ReflectApp(
            store,
            framework,
            AppOptions(demo=True, open_case=case.id, start_mode="workshop", cursor_blink=False),
        )
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            story = app.screen
            assert isinstance(story, VignetteScreen)
            assert story.label == label and story.fictional
            assert "This case is fictional." in story.text
            for stage in ctx.get("stages", []):  # the story in stages, each with its questions
                assert stage["title"] in story.text
                assert all(q in story.text for q in stage["questions"])

            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, WorkshopSessionScreen)
            assert shown_notes(screen) == ""  # hidden from the room at first

            await pilot.press("ctrl+n")  # the second step: a case's own note on it, then the framework's
            await settle(pilot)
            step = screen.current_step_id
            assert step == framework.steps[1].id
            await pilot.press("f10")
            await pilot.pause()
            notes = shown_notes(screen)
            assert notes, "no facilitator note on the step"
            own = step_note(ctx, step)
            if label != "DEMO-Sam":  # the library cases bring their own note for every step
                assert own and own in " ".join(notes.split())
            first_prompt = framework.steps[1].prompts[0]
            if first_prompt.facilitator:
                assert " ".join(first_prompt.facilitator.split()) in " ".join(notes.split())
    finally:
        close_demo(store, folder)
