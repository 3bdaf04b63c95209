"""The session model: what a session holds, what each intent writes, and what it says changed.

These are the rules the session and summary screens used to hold: what is
saved, where a step stands, flags, marks, actions and the carry-forward of
earlier actions, the preparation a supervision shows. Every test checks the
store as well as the model, so the model can never hold what was not saved.
They use the fixed fictional pack of ``tests/session_pack.py`` and run
without an app.
"""

from __future__ import annotations

import pytest
from session_pack import fill_session, make_case

from reflect.core.errors import ReflectError
from reflect.core.session import (
    ACTIONS_STEP,
    NOTHING,
    SUMMARY_STEP,
    Change,
    Conflict,
    SessionModel,
    format_answer,
    group_heading,
    ordered_prompts,
    state_text,
)
from reflect.core.store import Store


@pytest.fixture
def opened(data_dir, pack):
    """(store, open) where open(session_id) is a fresh model of that session."""
    store = Store.open(data_dir)
    yield store, lambda session_id: SessionModel.open(store, pack, session_id)
    store.close()


def fresh(store: Store, session_id: int):
    return store.get_session(session_id)


def line(model: SessionModel, step_id: str):
    return next(e for e in model.step_entries() if e.id == step_id)


# --------------------------------------------------------------------------- opening


def test_open_holds_the_case_the_record_and_the_steps(opened, data_dir, pack):
    store, open_ = opened
    case_id, session_id = make_case(data_dir, moved=True)
    model = open_(session_id)
    assert (model.case_id, model.session_id, model.mode) == (case_id, session_id, "preparation")
    assert model.case.moved
    assert model.step_ids == [s.id for s in pack.steps] + [ACTIONS_STEP, SUMMARY_STEP]
    assert model.prep is None and model.review == []
    entries = model.step_entries()
    assert [e.id for e in entries] == model.step_ids
    assert all(e.state == "" and e.flags == 0 for e in entries[:-2])
    assert (entries[-2].note, entries[-1].note) == ("none yet", "0 of 3 written")


def test_open_an_unknown_session_is_one_clear_error(opened):
    _, open_ = opened
    with pytest.raises(ReflectError, match="no session 99"):
        open_(99)


def test_a_step_shows_the_prompts_of_its_mode_and_case(opened, data_dir, pack):
    _, open_ = opened
    _, moved = make_case(data_dir, moved=True, label="YP-M")
    _, stayed = make_case(data_dir, moved=False, label="YP-S")
    _, supervision = make_case(data_dir, mode="supervision", label="YP-S")
    step = pack.step("track-family")
    items = open_(moved).prompts(step)
    assert [i.prompt.id for i in items] == [
        "track-family.consistency",
        "track-family.before-home",
        "track-family.collaboration",
        "track-family.safety",
        "track-family.after-placement",
    ]
    assert [(i.heading, i.move_heading) for i in items] == [
        ("Consistency", ""),
        ("", "Since the young person was moved: before the move, in the home area"),
        ("Collaboration", ""),
        ("Creating safety", ""),
        ("", "Since the young person was moved: after the move, in the placement area"),
    ]
    assert [(i.prompt.id, i.heading) for i in open_(stayed).prompts(step)] == [
        ("track-family.consistency", "Consistency"),
        ("track-family.collaboration", "Collaboration"),
        ("track-family.safety", "Creating safety"),
    ]
    principle = pack.step("voice")
    shown = [p.id for p in principle.prompts_for("preparation")]
    assert [i.prompt.id for i in open_(stayed).prompts(principle)] == shown
    assert all(not i.heading for i in open_(stayed).prompts(principle))
    assert "voice.supervisor" in [i.prompt.id for i in open_(supervision).prompts(principle)]
    assert [f.id for f in open_(supervision).summary_fields()] == [
        "change-first",
        "decisions",
        "rationale",
        "review-date",
        "system-barriers",
        "escalation",
        "wellbeing",
    ]


def test_track_prompts_are_grouped_by_lens_then_the_move(pack):
    step = pack.step("track-peers")
    order = ordered_prompts(step, step.prompts_for("preparation", moved=True), [lens.id for lens in pack.lenses])
    assert [p.id.split(".")[1] for p in order] == [
        "consistency",
        "before-home",
        "collaboration",
        "safety",
        "after-placement",
    ]
    titles = {lens.id: lens.title for lens in pack.lenses}
    assert group_heading(pack.prompt("track-peers.after-placement"), titles) == (
        "Creating safety",
        "Since the young person was moved: after the move, in the placement area",
    )
    principle = pack.step("voice")
    assert ordered_prompts(principle, list(principle.prompts), []) == list(principle.prompts)


def test_answers_in_words_are_the_notes_words(pack):
    # one phrasing for a scale, in the app and in the note (reflect.core.words.scale_text)
    assert format_answer(pack.prompt("voice.confidence"), 4) == "4 on a scale of 1 to 5 (not at all to fully)"
    assert format_answer(pack.prompt("voice.language"), ["a", "b"]) == "• a\n• b"
    assert format_answer(pack.prompt("voice.describe"), "") == ""
    assert format_answer(pack.prompt("voice.describe"), "words") == "words"


def test_states_are_told_in_words_and_symbols():
    assert [state_text(s) for s in ("reflected", "reflected-privately", "set-aside", "not-relevant", "")] == [
        "✓ reflected",
        "✓ reflected (private)",
        "– set aside",
        "○ not relevant",
        "· not started",
    ]


# --------------------------------------------------------------------------- answers


def test_save_answer_writes_updates_the_record_and_names_the_step(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    change = model.save_answer("voice.describe", "She wants to be asked first.")
    assert change == Change(steps=("voice",))
    assert model.record.answers["voice.describe"] == "She wants to be asked first."
    assert fresh(store, session_id).answers["voice.describe"] == "She wants to be asked first."
    assert line(model, "voice").state == "reflected"
    # saving the same again writes nothing and redraws nothing
    assert model.save_answer("voice.describe", "She wants to be asked first.") is NOTHING
    # every kind of answer
    model.save_answer("voice.language", ["'not engaging'"])
    model.save_answer("voice.confidence", 4)
    model.save_answer("voice.next", "talk with the family")
    assert {k: v for k, v in fresh(store, session_id).answers.items()} == {
        "voice.describe": "She wants to be asked first.",
        "voice.language": ["'not engaging'"],
        "voice.confidence": 4,
        "voice.next": "talk with the family",
    }


def test_clearing_an_answer_removes_it(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    store.save_answer(session_id, "voice.describe", "old words")
    store.save_answer(session_id, "voice.next", "talk with the team")
    model = open_(session_id)
    assert model.save_answer("voice.describe", "   ") == Change(steps=("voice",))
    model.save_answer("voice.next", None)
    assert "voice.describe" not in model.record.answers
    assert fresh(store, session_id).answers == {}
    assert line(model, "voice").state == ""
    assert model.save_answer("voice.describe", "") is NOTHING  # nothing there to clear


def test_another_copy_changing_an_answer_is_reported_and_ours_is_kept(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    with Store.open(data_dir) as other:
        other.save_answer(session_id, "voice.describe", "their words")
    change = model.save_answer("voice.describe", "my words")
    assert change.conflict == Conflict("voice.describe", "their words")
    assert fresh(store, session_id).answers["voice.describe"] == "my words"
    # the next save builds on ours: no conflict again
    assert model.save_answer("voice.describe", "my words, more").conflict is None


def test_a_failed_save_raises_and_leaves_the_record_as_it_was(opened, data_dir):
    _, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    with pytest.raises(ReflectError):
        model.save_answer("no-such.prompt", "words")
    model.store.close()  # the store goes away under the model
    with pytest.raises(ReflectError):
        model.save_answer("voice.describe", "words")
    assert model.record.answers == {} and model.record.answer_revs == {}


def test_a_step_answered_only_in_private_is_reflected(opened, data_dir, pack):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    model.save_answer("voice.feel", "Worried, and a bit stuck.")  # the step's private prompt
    assert line(model, "voice").state == "reflected-privately"
    assert model.state(pack.step("voice")) == "reflected-privately"
    assert "✓ reflected (1): P3 Value young people's voices (private)" in model.overview()
    model.save_answer("voice.describe", "She wants to be asked first.")
    assert line(model, "voice").state == "reflected"


# --------------------------------------------------------------------------- summary fields


def test_summary_fields_are_their_own_kind(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    assert [f.id for f in model.summary_fields()] == ["questions-for-supervision", "change-first", "wellbeing"]
    assert model.save_summary("questions-for-supervision", "Is the plan about places?") == Change(summary=True)
    model.save_summary("wellbeing", "Tired")
    assert line(model, SUMMARY_STEP).note == "2 of 3 written"
    assert fresh(store, session_id).summary == {
        "questions-for-supervision": "Is the plan about places?",
        "wellbeing": "Tired",
    }
    assert fresh(store, session_id).answers == {}  # not answers with a prefix
    assert model.save_summary("wellbeing", "Tired") is NOTHING
    model.save_summary("wellbeing", "  ")
    assert "wellbeing" not in model.record.summary and "wellbeing" not in fresh(store, session_id).summary
    with pytest.raises(ReflectError, match="no summary field"):
        model.save_summary("no-such-field", "words")


# --------------------------------------------------------------------------- flags, marks, findings


def test_flags_for_supervision(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    assert model.set_flag("voice.describe", True) == Change(steps=("voice",), flags=("voice.describe",))
    model.set_flag("voice.feel", True)
    model.set_flag("voice.describe", True)  # twice is once
    assert line(model, "voice").flags == 2
    model.set_flag("voice.feel", False)
    assert model.record.flags == ["voice.describe"] == fresh(store, session_id).flags
    assert line(model, "voice").flags == 1
    assert "⚑ flagged for supervision (1):" in model.overview()


def test_marks_set_aside_with_a_reason_not_relevant_and_none(opened, data_dir, pack):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    model.save_answer("children-first.describe", "Something")
    change = model.mark_step("children-first", "set-aside", "  not enough   known yet ")
    assert change == Change(steps=("children-first",))
    model.mark_step("inequalities", "not-relevant")
    model.mark_step("voice", "reflected")
    record = fresh(store, session_id)
    assert record.status == {"children-first": "set-aside", "inequalities": "not-relevant", "voice": "reflected"}
    assert record.set_aside_reasons == {"children-first": "not enough known yet"}
    assert model.record.set_aside_reasons == record.set_aside_reasons
    # a mark wins over the answers; taking it off, the answers count again
    assert line(model, "children-first").state == "set-aside"
    model.mark_step("children-first", "")
    assert line(model, "children-first").state == "reflected"
    assert "children-first" not in fresh(store, session_id).status
    assert fresh(store, session_id).set_aside_reasons == {}
    with pytest.raises(ReflectError, match="only principles and tracks"):
        model.mark_step(ACTIONS_STEP, "reflected")
    with pytest.raises(ReflectError, match="unknown mark"):
        model.mark_step("voice", "finished")


def test_dismissed_findings_are_kept_per_answer(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    model.dismiss_finding("voice.describe", "language:putting herself at risk")
    model.dismiss_finding("change-first", "language:not engaging")  # a summary field: its own id
    model.dismiss_finding("voice.describe", "language:putting herself at risk")
    assert model.dismissed("voice.describe") == ["language:putting herself at risk"]
    assert fresh(store, session_id).dismissed == {
        "voice.describe": ["language:putting herself at risk"],
        "change-first": ["language:not engaging"],
    }


# --------------------------------------------------------------------------- actions


def test_add_edit_complete_and_remove_actions(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    assert model.add_action("Ask school about a named contact", "Social worker", "2026-12-01") == Change(actions=True)
    model.add_action("Book a meeting with the family")
    first, second = model.record.actions
    assert line(model, ACTIONS_STEP).note == "2 actions"
    model.toggle_done(first.id)
    model.edit_action(second.id, what="Book a meeting with the family", who="Team manager", by="", done=False)
    assert [(a.what, a.who, a.by, a.done) for a in fresh(store, session_id).actions] == [
        ("Ask school about a named contact", "Social worker", "2026-12-01", True),
        ("Book a meeting with the family", "Team manager", "", False),
    ]
    assert model.record.actions == fresh(store, session_id).actions
    model.toggle_done(first.id)
    assert not fresh(store, session_id).actions[0].done
    model.remove_action(second.id)
    assert [a.what for a in fresh(store, session_id).actions] == ["Ask school about a named contact"]
    assert line(model, ACTIONS_STEP).note == "1 action"
    with pytest.raises(ReflectError):
        model.add_action("   ")
    with pytest.raises(ReflectError):
        model.add_action("Call", by="2026-13-45")
    with pytest.raises(ReflectError, match="not one of this session's"):
        model.remove_action(9999)
    assert len(model.record.actions) == 1


# --------------------------------------------------------------------------- supervision


def prepared_supervision(data_dir):
    """A preparation (answers, a private one, a flag, three actions, questions) and a supervision after it."""
    case_id, prep_id = make_case(data_dir, mode="preparation", day="2026-11-13")
    with Store.open(data_dir) as store:
        store.save_answer(prep_id, "children-first.describe", "Prepared words about the young person")
        store.save_answer(prep_id, "children-first.feel", "Private worry")
        store.save_answer(prep_id, "voice.confidence", 2)
        store.set_flag(prep_id, "children-first.describe", True)
        actions = [
            store.add_action(prep_id, "Ask school about a contact", "Social worker", "2026-11-19"),
            store.add_action(prep_id, "Visit the placement", "Key worker"),
            store.add_action(prep_id, "Meet the family", "Social worker"),
        ]
        store.save_summary(prep_id, "questions-for-supervision", "Is the plan too much about places?")
        store.save_summary(prep_id, "wellbeing", "Private tiredness")
        sup_id = store.create_session(case_id, "supervision", "2026-11-20").id
    return case_id, prep_id, sup_id, actions


def test_supervision_shows_the_preparation_but_never_its_private_answers(opened, data_dir, pack):
    _, open_ = opened
    _, prep_id, sup_id, _ = prepared_supervision(data_dir)
    model = open_(sup_id)
    assert model.prep is not None and model.prep.id == prep_id
    label, text = model.prep_beside(pack.prompt("children-first.describe"))
    assert label == "From the preparation (13 Nov 2026)  ⚑ flagged for supervision:"
    assert text == "Prepared words about the young person"
    assert model.prep_beside(pack.prompt("children-first.feel"))[1] == "(a private answer: not shown here)"
    assert model.prep_beside(pack.prompt("children-first.next")) is None
    assert model.prep_beside(pack.prompt("voice.confidence"))[1] == "2 on a scale of 1 to 5 (not at all to fully)"
    overview = model.prep_overview()
    assert "What they want to bring:\n  Is the plan too much about places?" in overview
    assert "⚑ Flagged for supervision (1):" in overview and "Put children and young people first" in overview
    assert "Private" not in model.prep_summary() and "Is the plan too much about places?" in model.prep_summary()
    # a preparation prompt the supervision does not ask is shown read-only below (none here: all are asked)
    assert model.prep_not_asked(pack.step("children-first")) == ""


def test_only_a_supervision_shows_a_preparation_and_only_since_the_last_supervision(opened, data_dir):
    store, open_ = opened
    case_id, prep_id, sup_id, _ = prepared_supervision(data_dir)
    later_prep = store.create_session(case_id, "preparation", "2026-11-27").id
    second_sup = store.create_session(case_id, "supervision", "2026-11-28").id
    assert open_(later_prep).prep is None
    assert open_(second_sup).prep.id == later_prep
    third_sup = store.create_session(case_id, "supervision", "2026-12-05").id
    assert open_(third_sup).prep is None  # the last preparation was discussed at the supervision before


def test_reviewing_earlier_actions_and_the_carry_forward_rule(opened, data_dir):
    store, open_ = opened
    case_id, prep_id, sup_id, (done, not_done, carry) = prepared_supervision(data_dir)
    model = open_(sup_id)
    assert [r.action.id for r in model.review] == [done.id, not_done.id, carry.id]
    assert {r.session_date for r in model.review} == {"2026-11-13"}
    assert line(model, ACTIONS_STEP).note == "none yet, 3 to review"
    assert model.review_action(done.id, "done") == Change(actions=True)
    model.review_action(not_done.id, "not-done")
    model.review_action(carry.id, "carried-forward")
    model.review_action(carry.id, "carried-forward")  # twice is one copy
    assert line(model, ACTIONS_STEP).note == "1 action"
    prep_actions = {a.id: a for a in store.actions(prep_id)}
    assert (prep_actions[done.id].done, prep_actions[done.id].review) == (True, "done")
    assert (prep_actions[not_done.id].done, prep_actions[not_done.id].review) == (False, "not-done")
    assert (prep_actions[carry.id].done, prep_actions[carry.id].review) == (False, "carried-forward")
    assert [(a.what, a.carried_from) for a in store.actions(sup_id)] == [("Meet the family", carry.id)]
    assert model.record.actions == store.actions(sup_id)
    assert store.open_actions(case_id, before_session=sup_id) == []
    # the model's review items are the same objects, updated
    assert {r.action.id: r.action.review for r in model.review} == {
        done.id: "done",
        not_done.id: "not-done",
        carry.id: "carried-forward",
    }

    # opened again, the session still shows what it reviewed; changing a mind removes the copy
    again = open_(sup_id)
    assert {r.action.id: r.action.review for r in again.review} == {
        done.id: "done",
        not_done.id: "not-done",
        carry.id: "carried-forward",
    }
    again.review_action(carry.id, "done")
    assert store.actions(sup_id) == [] == again.record.actions
    assert {a.id: (a.review, a.done) for a in store.actions(prep_id)}[carry.id] == ("done", True)
    with pytest.raises(ReflectError, match="unknown review"):
        again.review_action(carry.id, "maybe")
    with pytest.raises(ReflectError, match="not one this session reviews"):
        again.review_action(9999, "done")


def test_a_workshop_reviews_nothing_and_shows_no_preparation(opened, data_dir):
    store, open_ = opened
    case_id, prep_id, _, _ = prepared_supervision(data_dir)
    workshop = store.create_session(case_id, "workshop", "2026-11-21").id
    model = open_(workshop)
    assert model.review == [] and model.prep is None


# --------------------------------------------------------------------------- refresh and views


def test_refresh_reads_marks_and_dismissals_again_but_keeps_the_answers(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    model = open_(session_id)
    model.save_answer("voice.describe", "mine")
    with Store.open(data_dir) as other:
        other.set_status(session_id, "trauma", "set-aside", "later")
        other.dismiss_finding(session_id, "voice.describe", "language:x")
        other.save_answer(session_id, "voice.describe", "theirs")
    change = model.refresh()
    assert "trauma" in change.steps and change.actions and change.summary
    assert line(model, "trauma").state == "set-aside"
    assert model.dismissed("voice.describe") == ["language:x"]
    assert model.record.answers["voice.describe"] == "mine"
    assert model.save_answer("voice.describe", "mine, again").conflict == Conflict("voice.describe", "theirs")


def test_overview_tells_what_was_covered_set_aside_and_flagged(opened, data_dir):
    store, open_ = opened
    _, session_id = make_case(data_dir)
    fill_session(store, session_id)
    model = open_(session_id)
    text = model.overview()
    assert "✓ reflected (2): P1 Put children and young people first; P3 Value young people's voices" in text
    assert "– set aside (1): P2 Recognise and challenge inequalities (why: not enough known yet)" in text
    assert "○ not relevant (1): P5 Be trauma-informed" in text
    assert "· not started (7): P4, P6, P7, P8, T1, T2, T3" in text
    assert "⚑ flagged for supervision (1):" in text
    assert "P1 “What is happening for this young person right now, in your own words?”" in text
    assert "☐ to do  Ask school about a named contact — Social worker, by 2026-12-01" in text
    texts = [(t.step_id, t.answer_id, t.private) for t in model.written_texts()]
    assert texts == [
        ("children-first", "children-first.describe", False),
        ("children-first", "children-first.feel", True),
        ("voice", "voice.describe", False),
        (SUMMARY_STEP, "questions-for-supervision", False),
    ]
    assert model.written_texts()[-1].where == "Summary: What I want to bring to supervision"
