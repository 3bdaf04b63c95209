"""The session screen inside the real app, on the built-in content: every step, every mode."""

from __future__ import annotations

import pytest

from reflect.core.store import Store
from reflect.tui.screens.session import ACTIONS_STEP, SUMMARY_STEP, SessionScreen
from reflect.tui.widgets.editors import TextAnswer


@pytest.mark.parametrize("mode", ["preparation", "supervision", "workshop"])
async def test_walk_every_step_of_the_built_in_framework(app_factory, framework, tmp_path, mode):
    data = tmp_path / "store"
    with Store.open(data) as store:
        case = store.create_case("YP-R", {"moved": True, "home_area": "A", "placement_area": "B"})
        session = store.create_session(case.id, mode, on="2026-11-20")
    app = app_factory(data, framework)
    typed: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(case.id, session.id)
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        expected = [s.id for s in framework.steps] + [ACTIONS_STEP, SUMMARY_STEP]
        for index, step_id in enumerate(expected):
            assert screen.current_step_id == step_id
            step = framework.step(step_id)
            if step is not None:
                shown = step.prompts_for(mode, moved=True)
                assert list(screen.cards) and set(screen.cards) == {p.id for p in shown}
                if isinstance(app.focused, TextAnswer):
                    prompt_id = app.focused.prompt.id
                    await pilot.press(*f"note {index}")
                    typed[prompt_id] = f"note {index}"
            await pilot.press("ctrl+down" if index % 2 else "ctrl+n")
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert screen.current_step_id == SUMMARY_STEP
        app.exit()
    with Store.open(data) as store:
        answers = store.get_session(session.id).answers
    assert typed and {k: answers.get(k) for k in typed} == typed


async def test_palette_commands_reach_the_session(app_factory, framework, tmp_path):
    from reflect.tui.commands import palette_commands

    data = tmp_path / "store"
    with Store.open(data) as store:
        case = store.create_case("YP-R", {})
        session = store.create_session(case.id, "preparation", on="2026-11-20")
    app = app_factory(data, framework)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_session(case.id, session.id)
        await pilot.pause()
        screen = app.screen
        commands = {title: callback for title, _, callback, _ in palette_commands(app, screen)}
        commands[f"Go to track 2: {framework.tracks[1].short_title}"]()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert screen.current_step_id == framework.tracks[1].id
        commands["Export note"]()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "SummaryScreen"
