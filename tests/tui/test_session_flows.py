"""Pilot tests of a session: walking the steps, marks, flags, actions, saving and reopening.

The app here is the small harness in ``session_harness.py`` with a fixed
fictional framework pack, so the tests do not depend on the built-in content.
"""

from __future__ import annotations

from pathlib import Path

from session_harness import SessionHarness, make_case, settle

from reflect.core.store import Store
from reflect.tui.dialogs.action import ActionDialog
from reflect.tui.dialogs.step_status import StepMark, StepStatusDialog
from reflect.tui.screens.session import ACTIONS_STEP, SUMMARY_STEP, SessionScreen
from reflect.tui.widgets.editors import ChecklistAnswer, ChoiceAnswer, ScaleAnswer, TextAnswer
from reflect.tui.widgets.sidebar import StepSidebar
from reflect.tui.widgets.why import WhyPanel

SIZE = (100, 30)


def harness(data: Path, pack, case_id: int, session_id: int, **kw) -> SessionHarness:
    return SessionHarness(data, pack, case_id, session_id, **kw)


def screen_of(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def stored(data: Path, session_id: int):
    with Store.open(data) as store:
        return store.get_session(session_id)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


def sidebar_line(app, step_id: str) -> str:
    sidebar = screen_of(app).query_one(StepSidebar)
    index = sidebar.get_option_index(step_id)
    return str(sidebar.get_option_at_index(index).prompt)


# --------------------------------------------------------------------------- walking


async def test_walk_every_step_answering_each(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    expected = [s.id for s in pack.steps] + [ACTIONS_STEP, SUMMARY_STEP]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        visited = []
        for index, step_id in enumerate(expected):
            assert screen.current_step_id == step_id
            visited.append(step_id)
            if pack.step(step_id) is not None:
                # the first prompt has the focus, ready to type
                assert isinstance(app.focused, TextAnswer)
                await type_text(pilot, f"Answer {index}")
            if index + 1 < len(expected):
                await pilot.press("ctrl+n")
                await settle(pilot)
        assert visited == expected
        # at the end, ctrl+n says where to go rather than doing nothing silently
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.current_step_id == SUMMARY_STEP
        # and back again
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.current_step_id == ACTIONS_STEP
        for step in pack.steps:
            assert "✓ reflected" in sidebar_line(app, step.id)
    record = stored(data, session_id)
    for index, step in enumerate(pack.steps):
        first = step.prompts_for("preparation")[0] if step.kind == "principle" else None
        if first is not None:
            assert record.answers[first.id] == f"Answer {index}"
    assert len(record.answers) == len(pack.steps)


async def test_jump_by_sidebar_and_palette_contract(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        # the command palette's contract: jump_to_step(id) and action_export_note()
        screen.jump_to_step("trauma")
        await settle(pilot)
        assert screen.current_step_id == "trauma"
        # ctrl+g moves to the list of steps; arrows and Enter open one
        await pilot.press("ctrl+g")
        assert isinstance(app.focused, StepSidebar)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert screen.current_step_id == "parents-partners"
        # a click on a step opens it
        sidebar = screen.query_one(StepSidebar)
        sidebar.highlighted = sidebar.get_option_index("track-family")
        sidebar.action_select()
        await settle(pilot)
        assert screen.current_step_id == "track-family"
        # unknown ids are told, not crashed on
        screen.jump_to_step("no-such-step")
        await settle(pilot)
        assert screen.current_step_id == "track-family"


async def test_sidebar_collapses_and_why_panel_toggles(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        sidebar = screen.query_one(StepSidebar)
        assert sidebar.display
        await pilot.press("f4")
        assert not sidebar.display
        await pilot.press("f4")
        assert sidebar.display
        why = screen.query_one(WhyPanel)
        assert not why.has_class("-shown")
        editor = app.focused
        await pilot.press("f3")
        await settle(pilot)
        assert why.has_class("-shown")
        text = "\n".join(str(w.render()) for w in why.query("Static"))
        assert "Why this matters" in text and "(Author, 2020; fictional)" in text
        assert "What it asks of practice" in text and "Key ideas" in text
        await pilot.press("f3")
        await settle(pilot)
        assert not why.has_class("-shown")
        assert app.focused is editor  # back where the user was typing


async def test_narrow_screen_starts_with_the_sidebar_hidden(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=(64, 20)) as pilot:
        await settle(pilot)
        assert not screen_of(app).query_one(StepSidebar).display
        await pilot.press("ctrl+g")
        assert screen_of(app).query_one(StepSidebar).display


# --------------------------------------------------------------------------- marks and flags


async def test_set_aside_needs_a_reason_and_is_kept(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StepStatusDialog)
        # "No mark" is chosen at first; move to "Set aside" and choose it: the reason is asked for
        await pilot.press("up", "up", "enter")
        await settle(pilot)
        assert app.focused is dialog.query_one("#reason")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog  # no reason yet: a one-line message, nothing saved
        assert "Say briefly why" in str(dialog.query_one("#message").render())
        await pilot.click("#reason")
        await type_text(pilot, "not enough known yet")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "– set aside" in sidebar_line(app, "children-first")
        head = str(app.screen.query_one("#step-head .step-status").render())
        assert "set aside: not enough known yet" in head
        # mark the next step not relevant, and a third reflected without answers
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("up", "enter")  # "Not relevant": chosen and saved
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("up", "up", "up", "enter")  # "Reflected on"
        await settle(pilot)
        assert "○ not relevant" in sidebar_line(app, "inequalities")
        assert "✓ reflected" in sidebar_line(app, "voice")
        assert "· not started" in sidebar_line(app, "relationships")
    record = stored(data, session_id)
    assert record.status == {"children-first": "set-aside", "inequalities": "not-relevant", "voice": "reflected"}
    assert record.set_aside_reasons == {"children-first": "not enough known yet"}


async def test_an_answered_step_counts_as_reflected_unless_set_aside(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "· not started" in sidebar_line(app, "children-first")
        await type_text(pilot, "Something")
        await settle(pilot, 0.7)
        assert "✓ reflected" in sidebar_line(app, "children-first")
        screen_of(app)._apply_mark(pack.step("children-first"), StepMark("set-aside", "later"))
        await settle(pilot)
        assert "– set aside" in sidebar_line(app, "children-first")


async def test_flag_prompts_for_supervision(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("ctrl+f")  # the first prompt has the focus
        await settle(pilot)
        first = list(screen.cards.values())[0]
        assert first.flagged
        assert "⚑ bring to supervision" in str(first.query_one("FlagBanner").render())
        assert "⚑ 1" in sidebar_line(app, "children-first")
        await pilot.press("tab")  # to the second prompt, and flag it too
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "⚑ 2" in sidebar_line(app, "children-first")
        await pilot.press("ctrl+f")  # and take that flag off again
        await settle(pilot)
        assert "⚑ 1" in sidebar_line(app, "children-first")
    record = stored(data, session_id)
    assert record.flags == [first.prompt.id]


# --------------------------------------------------------------------------- actions


async def test_add_edit_and_complete_actions(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.jump_to_step(ACTIONS_STEP)
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await type_text(pilot, "Ask school about a named contact")
        await pilot.press("enter")
        await type_text(pilot, "Social worker")
        await pilot.press("enter")
        await type_text(pilot, "2026-13-45")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # a gentle one-line message, nothing saved
        assert "day/month/year" in str(dialog.query_one("#message").render())
        dialog.query_one("#by").value = "01/12/2026"  # the UK's way: kept as 2026-12-01
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        # a second action, by the button
        await pilot.click("#add-action")
        await settle(pilot)
        await type_text(pilot, "Book a meeting with the family")
        await pilot.click("#save")
        await settle(pilot)
        actions = stored(data, session_id).actions
        assert [(a.what, a.who, a.by, a.done) for a in actions] == [
            ("Ask school about a named contact", "Social worker", "2026-12-01", False),
            ("Book a meeting with the family", "", "", False),
        ]
        # complete the first with Space; edit the second with Enter
        action_list = screen.query_one("#action-list")
        action_list.focus()
        action_list.highlighted = 0
        await pilot.press("space")
        await settle(pilot)
        action_list.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, ActionDialog)
        edit.query_one("#who").value = "Team manager"
        await pilot.click("#save")
        await settle(pilot)
        assert "☑ done" in str(action_list.get_option_at_index(0).prompt)
    actions = stored(data, session_id).actions
    assert [(a.who, a.done) for a in actions] == [("Social worker", True), ("Team manager", False)]


# --------------------------------------------------------------------------- answers of every kind


async def test_choice_checklist_scale_and_summary_are_saved(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        checklist = next(c.editor for c in screen.cards.values() if isinstance(c.editor, ChecklistAnswer))
        checklist.focus()
        await pilot.press("space", "down", "down", "space")
        scale = next(c.editor for c in screen.cards.values() if isinstance(c.editor, ScaleAnswer))
        scale.focus()
        await pilot.press("right", "right", "right", "enter")
        choice = next(c.editor for c in screen.cards.values() if isinstance(c.editor, ChoiceAnswer))
        choice.focus()
        await pilot.press("down", "enter")
        await settle(pilot, 0.7)
        screen.jump_to_step(SUMMARY_STEP)
        await settle(pilot)
        labels = [c.field.id for c in screen.cards.values()]
        assert labels == ["questions-for-supervision", "change-first", "wellbeing"]
        await type_text(pilot, "Whether the plan is too much about places")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Tired")
        private = list(screen.cards.values())[2]
        assert "private" in str(private.query_one("PromptHeader").render())
    record = stored(data, session_id)
    assert record.answers["children-first.language"] == ["'putting themselves at risk'", "'not engaging'"]
    assert record.answers["children-first.confidence"] == 4
    assert record.answers["children-first.next"] == "talk with the family"
    assert record.summary == {
        "questions-for-supervision": "Whether the plan is too much about places",
        "wellbeing": "Tired",
    }


async def test_clearing_an_answer_removes_it(data, pack):
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        store.save_answer(session_id, "children-first.describe", "old words")
        store.save_answer(session_id, "children-first.next", "talk with the team")
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        editor = screen.cards["children-first.describe"].editor
        assert editor.text == "old words"
        editor.clear_answer()
        choice = screen.cards["children-first.next"].editor
        choice.focus()
        await pilot.press("delete")
        await settle(pilot, 0.7)
    record = stored(data, session_id)
    assert "children-first.describe" not in record.answers
    assert "children-first.next" not in record.answers


# --------------------------------------------------------------------------- never losing a word


async def test_text_typed_then_exit_within_the_debounce_is_saved(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Typed just before")
        await pilot.pause(1.0)
        assert stored(data, session_id).answers["children-first.describe"] == "Typed just before"
        await type_text(pilot, " go")
        assert screen_of(app)._saver.pending("children-first.describe")  # still waiting for the pause
        app.exit()
    assert stored(data, session_id).answers["children-first.describe"] == "Typed just before go"


async def test_text_is_saved_after_a_short_pause_and_on_leaving_a_field(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "pause")
        await pilot.pause(0.8)
        assert stored(data, session_id).answers["children-first.describe"] == "pause"
        await pilot.press("tab")  # to the next prompt, typed and left at once
        await type_text(pilot, "left")
        await pilot.press("tab")
        assert stored(data, session_id).answers["children-first.feel"] == "left"
        await type_text(pilot, "x")  # a third field, then to another step at once
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert stored(data, session_id).answers  # nothing raised


async def test_typing_without_a_pause_is_still_saved_regularly(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for word in ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]:
            await pilot.press(*word, "space")
            await pilot.pause(0.12)  # never the half-second pause the save waits for
        saved = stored(data, session_id).answers.get("children-first.describe", "")
        assert saved.startswith("one two three")  # saved at least every 0.8 s while typing goes on


async def test_close_and_reopen_finds_everything(data, pack, tmp_path):
    case_id, session_id = make_case(data, moved=True)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await type_text(pilot, "What is happening, in my words")
        await pilot.press("ctrl+f")
        screen._apply_mark(pack.step("children-first"), StepMark("reflected"))
        screen.jump_to_step("inequalities")
        await settle(pilot)
        screen._apply_mark(pack.step("inequalities"), StepMark("set-aside", "for next time"))
        screen.jump_to_step("track-peers")
        await settle(pilot)
        await type_text(pilot, "Friends from football")
        screen.jump_to_step(ACTIONS_STEP)
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await type_text(pilot, "Call the placement")
        await pilot.click("#save")
        await settle(pilot)
        app.exit()

    again = harness(data, pack, case_id, session_id)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(again)
        card = screen.cards["children-first.describe"]
        assert card.editor.text == "What is happening, in my words"
        assert card.flagged
        assert "✓ reflected" in sidebar_line(again, "children-first")
        assert "– set aside" in sidebar_line(again, "inequalities")
        assert "✓ reflected" in sidebar_line(again, "track-peers")
        screen.jump_to_step("track-peers")
        await settle(pilot)
        assert screen.cards["track-peers.consistency"].editor.text == "Friends from football"
        screen.jump_to_step(ACTIONS_STEP)
        await settle(pilot)
        listing = screen.query_one("#action-list")
        assert "Call the placement" in str(listing.get_option_at_index(0).prompt)


async def test_another_copy_changing_an_answer_is_never_lost(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # another copy of reflect saves the same answer after this one read it
        with Store.open(data) as other:
            other.save_answer(session_id, "children-first.describe", "their words")
        await type_text(pilot, "my words")
        await pilot.press("tab")  # leaving the field saves at once
        await settle(pilot)
        screen = screen_of(app)
        card = screen.cards["children-first.describe"]
        assert card.conflict_text == "their words"
        assert "Another copy of reflect changed this answer" in str(card.query_one("ConflictNote").render())
        notes = [n.message for n in app._notifications]
        assert any("yours was kept" in m and "their words" in m for m in notes)
        assert stored(data, session_id).answers["children-first.describe"] == "my words"
        # see the other text, and add it below ours
        card.focus_editor()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "their words" in app.screen.query_one("#other").text
        await pilot.click("#append")
        await settle(pilot)
    assert stored(data, session_id).answers["children-first.describe"] == "my words\n\ntheir words"


# --------------------------------------------------------------------------- the case decides the prompts


async def test_track_prompts_show_under_their_headings(data, pack):
    # which prompts a moved or unmoved case sees, and in what order, is the model's rule
    # (tests/core/test_session_model.py); here: the screen shows them in that order, under those headings
    case_id, session_id = make_case(data, moved=True, label="YP-M")
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.jump_to_step("track-family")
        await settle(pilot)
        assert list(screen.cards) == [
            "track-family.consistency",
            "track-family.before-home",
            "track-family.collaboration",
            "track-family.safety",
            "track-family.after-placement",
        ]
        headings = [str(h.render()) for h in screen.query("GroupHeading")]
        assert headings == [
            "Consistency",
            "Since the young person was moved: before the move, in the home area",
            "Collaboration",
            "Creating safety",
            "Since the young person was moved: after the move, in the placement area",
        ]


# --------------------------------------------------------------------------- supervision


async def test_supervision_shows_the_preparation_and_reviews_last_actions(data, pack):
    case_id, prep_id = make_case(data, mode="preparation", day="2026-11-13")
    with Store.open(data) as store:
        store.save_answer(prep_id, "children-first.describe", "Prepared words about the young person")
        store.save_answer(prep_id, "children-first.feel", "Private worry")
        store.set_flag(prep_id, "children-first.describe", True)
        done = store.add_action(prep_id, "Ask school about a contact", "Social worker", "2026-11-19")
        not_done = store.add_action(prep_id, "Visit the placement", "Key worker")
        carry = store.add_action(prep_id, "Meet the family", "Social worker")
        store.save_summary(prep_id, "questions-for-supervision", "Is the plan too much about places?")
        sup_id = store.create_session(case_id, "supervision", "2026-11-20").id
    app = harness(data, pack, case_id, sup_id)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.has_class("-wide")  # the preparation sits beside the supervisor's answer
        card = screen.cards["children-first.describe"]
        prep = str(card.query_one("PreparationAnswer").render())
        assert "Prepared words about the young person" in prep and "⚑ flagged" in prep
        # a private preparation answer is not shown to the supervisor
        assert "Private worry" not in str(screen.cards["children-first.feel"].query_one("PreparationAnswer").render())
        # the supervisor's own prompt is there too
        assert "children-first.supervisor" in screen.cards
        # and the first step opens with what the practitioner wants to bring
        overview = " ".join(str(s.render()) for s in screen.query(".prep-block"))
        assert "What they want to bring:" in overview and "Is the plan too much about places?" in overview
        assert "⚑ Flagged for supervision (1)" in overview
        screen.jump_to_step(SUMMARY_STEP)
        await settle(pilot)
        assert any("Is the plan too much about places?" in str(s.render()) for s in screen.query(".prep-block"))
        screen.jump_to_step(ACTIONS_STEP)
        await settle(pilot)
        assert "3 to review" in sidebar_line(app, ACTIONS_STEP)
        items = {item.action.id: item for item in screen.query("ReviewItem")}
        assert set(items) == {done.id, not_done.id, carry.id}
        choices = {a: {b.name: b for b in items[a].query("MarkedRadio")} for a in items}
        choices[done.id]["done"].value = True
        choices[not_done.id]["not-done"].value = True
        choices[carry.id]["carried-forward"].value = True
        await settle(pilot)
        listing = screen.query_one("#action-list")
        assert "Meet the family" in str(listing.get_option_at_index(0).prompt)
        assert "1 action" in sidebar_line(app, ACTIONS_STEP)
        # changing one's mind takes the carried copy away again (the rule: tests/core/test_session_model.py)
        choices[carry.id]["done"].value = True
        await settle(pilot)
        assert "No actions yet" in str(listing.get_option_at_index(0).prompt)
        pressed = {a: items[a].query_one("RadioSet").pressed_button.name for a in items}
        assert pressed == {done.id: "done", not_done.id: "not-done", carry.id: "done"}
    with Store.open(data) as store:
        assert store.actions(sup_id) == []
        assert {a.id: a.review for a in store.actions(prep_id)} == {
            done.id: "done",
            not_done.id: "not-done",
            carry.id: "done",
        }


async def test_workshop_shows_facilitator_notes(data, pack):
    case_id, session_id = make_case(data, mode="workshop")
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = [str(s.render()) for s in screen_of(app).query(".prompt-facilitator")]
        assert notes and "Ask the group to describe" in notes[0]


# --------------------------------------------------------------------------- text checks


async def test_text_checks_show_after_a_pause_and_can_be_dismissed(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "She is putting herself at risk.")
        card = list(screen_of(app).cards.values())[0]
        assert card.findings.findings == []  # not while typing
        await settle(pilot, 0.8)
        await settle(pilot)
        keys = [f.key for f in card.findings.findings]
        assert keys == ["language:putting herself at risk"]
        rendered = " ".join(str(s.render()) for s in card.findings.query("Static"))
        assert "putting herself at risk" in rendered and "→" in rendered and "why:" in rendered
        await pilot.click(card.findings.query_one("Button"))
        await settle(pilot)
        assert card.findings.findings == []
        assert not card.findings.display or not card.findings.has_class("-has-findings")
        # the dismissal is remembered for this answer
        await type_text(pilot, " More.")
        await settle(pilot, 0.8)
        await settle(pilot)
        assert card.findings.findings == []
    assert stored(data, session_id).dismissed == {"children-first.describe": ["language:putting herself at risk"]}


async def test_text_checks_can_be_switched_off(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id, checks_enabled=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "She is putting herself at risk.")
        await settle(pilot, 0.8)
        await settle(pilot)
        assert list(screen_of(app).cards.values())[0].findings.findings == []
    assert stored(data, session_id).answers["children-first.describe"] == "She is putting herself at risk."


# --------------------------------------------------------------------------- keys


def test_every_binding_has_a_description():
    from reflect.tui.screens.summary import SummaryScreen

    for screen in (SessionScreen, SummaryScreen, StepStatusDialog, ActionDialog):
        for binding in screen.BINDINGS:
            assert binding.description, f"{screen.__name__}: {binding.key} has no description"


def test_session_keys_do_not_clash_with_typing():
    """No session key may be one the text editor uses (ctrl+a/e/k/u/w/z/y, f6/f7, pageup...)."""
    from textual.widgets import TextArea

    editor_keys = {k.strip() for b in TextArea.BINDINGS for k in b.key.split(",")}
    for binding in SessionScreen.BINDINGS:
        for key in binding.key.split(","):
            assert key not in editor_keys, key


async def test_a_step_answered_only_in_private_shows_as_reflected(data, pack):
    case_id, session_id = make_case(data)
    app = harness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the second question of the first step is its private one
        await type_text(pilot, "Worried, and a bit stuck")
        await pilot.press("tab")  # leaving the field saves it at once
        await settle(pilot)
        assert "✓ reflected (private)" in sidebar_line(app, "children-first")
        head = str(app.screen.query_one("#step-head .step-status").render())
        assert "✓ reflected (private)" in head
    assert stored(data, session_id).answers == {"children-first.feel": "Worried, and a bit stuck"}
