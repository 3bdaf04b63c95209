"""Notes: what a rendered note contains, and that it is sound Markdown.

Every note is parsed with markdown-it-py (CommonMark, plus the table
extension where tables are checked), and its heading outline is compared
with what the template intends.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reflect.cli import main
from reflect.core import markdown_safe as md
from reflect.core import notes, textchecks
from reflect.core.content import content_root
from reflect.core.errors import ReflectError
from reflect.core.loader import load_framework
from reflect.core.words import longdate

REPO = Path(__file__).resolve().parents[1]
CM = MarkdownIt("commonmark")
GFM = MarkdownIt("commonmark").enable("table")
PREP_DATE, SUP_DATE = "2026-11-02", "2026-11-09"


# --------------------------------------------------------------------------- helpers


def outline(text: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, as CommonMark sees them."""
    tokens = CM.parse(text)
    return [
        (int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children if c.type == "text"))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def h2(text: str) -> list[str]:
    return [title for level, title in outline(text) if level == 2]


def section(text: str, title: str) -> str:
    """The Markdown of one second-level section (up to the next one)."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def tables(text: str) -> list[list[list[str]]]:
    """Every table: a list of rows, each a list of cell texts."""
    out, row, current = [], None, None
    tokens = GFM.parse(text)
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            current = []
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            row.append(_inline_text(tokens[i + 1]) if tokens[i + 1].type == "inline" else "")
        elif t.type == "tr_close":
            current.append(row)
        elif t.type == "table_close":
            out.append(current)
    return out


def _inline_text(token) -> str:
    """What a reader sees of an inline token: escapes resolved, emphasis markers dropped."""
    return "".join(
        c.content if c.type in ("text", "code_inline") else "\n" if c.type.endswith("break") else ""
        for c in token.children or []
    )


def plain(text: str) -> str:
    """The visible text of a note, with Markdown escapes resolved."""
    parts = []
    for token in CM.parse(text):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
            parts.append("\n")
    return "".join(parts)


def prompt_of(
    framework,
    step_id: str,
    *,
    private: bool = False,
    kind: str = "text",
    lens: str | None = None,
    area: str | None = None,
    skip: int = 0,
):
    matches = [
        p
        for p in framework.step(step_id).prompts
        if p.private == private
        and p.kind == kind
        and (lens is None or p.lens == lens)
        and (area is None or p.area == area)
        and (area is not None or not p.moved_only)
    ]
    assert len(matches) > skip, f"the framework has no such prompt in {step_id}"
    return matches[skip]


def new_case(store, label: str = "YP-T", **context):
    return store.create_case(label, context)


def new_session(store, case, mode: str = "preparation", on: str = PREP_DATE):
    return store.create_session(case.id, mode, on).id


# --------------------------------------------------------------------------- API basics


def test_template_for_each_mode():
    assert [notes.template_for(m) for m in ("preparation", "supervision", "workshop")] == [
        "preparation",
        "supervision",
        "workshop",
    ]
    with pytest.raises(ReflectError, match="unknown mode"):
        notes.template_for("assessment")


def test_a_case_without_sessions_is_an_error(store, framework):
    case = new_case(store)
    with pytest.raises(ReflectError) as err:
        notes.render_case_note(store, framework, case)
    assert str(err.value) == "case 'YP-T' has no sessions yet"


def test_a_session_of_another_case_is_refused(store, framework):
    case, other = new_case(store), new_case(store, "YP-O")
    sid = new_session(store, other)
    new_session(store, case)
    with pytest.raises(ReflectError, match="not a session of case"):
        notes.render_case_note(store, framework, case, session_id=sid)


def test_the_latest_session_is_the_default(store, framework):
    case = new_case(store)
    new_session(store, case, "supervision", SUP_DATE)
    new_session(store, case, "preparation", PREP_DATE)  # created later, dated earlier
    text = notes.render_case_note(store, framework, case)
    assert outline(text)[0] == (1, "Supervision note: YP-T")
    assert "**Session:** supervision session on 9 November 2026" in text


@pytest.mark.parametrize(
    "mode,title",
    [
        ("preparation", "Preparation for supervision: YP-T"),
        ("supervision", "Supervision note: YP-T"),
        ("workshop", "Workshop summary: YP-T"),
    ],
)
def test_header_names_case_mode_date_and_framework(store, framework, mode, title):
    case = new_case(store, age_band="14-15", harms=["criminal exploitation"])
    new_session(store, case, mode, PREP_DATE)
    text = notes.render_case_note(store, framework, case)
    head = text.split("\n## ")[0]
    assert outline(text)[0] == (1, title)
    assert "**Case:** YP-T" in head
    assert f"**Session:** {mode} session on 2 November 2026" in head
    assert f"**Framework:** {framework.name}, version {framework.version}" in head
    assert "**Concerns:** criminal exploitation" in head


def test_render_note_is_the_pure_half_of_render_case_note(store, framework):
    case = new_case(store)
    prep = new_session(store, case, "preparation", PREP_DATE)
    store.add_action(prep, "Phone the school", "Me", "2026-11-05")
    sup = new_session(store, case, "supervision", SUP_DATE)
    store.save_summary(sup, "decisions", "Keep going.")
    via_store = notes.render_case_note(store, framework, case, session_id=sup)
    pure = notes.render_note(
        framework,
        store.get_case("YP-T"),
        store.get_session(sup),
        previous=store.get_session(prep),
        preparation=store.get_session(prep),
    )
    assert pure == via_store
    assert "Phone the school" in pure


# --------------------------------------------------------------------------- safeguards


def test_a_clean_note_counts_nothing_and_still_says_the_checks_cannot_catch_everything(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    store.save_answer(sid, prompt_of(framework, "voice").id, "He wants to see his sister more often.")
    text = notes.render_case_note(store, framework, case)
    head = text.split("\n## ")[0]
    assert "0 possible identifying details, 0 phrases to review" in head
    assert "cannot catch everything" in head
    assert "no real names" not in text and "no names" not in text
    assert "Safeguards check" not in h2(text)


def test_identifying_details_are_listed_and_can_be_dismissed(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    answer = "Spoke to John Smith at 12 Acacia Road about the weekend."
    pid = prompt_of(framework, "voice").id
    store.save_answer(sid, pid, answer)
    text = notes.render_case_note(store, framework, case)
    head = text.split("\n## ")[0]
    assert "no real names" not in head
    assert "2 possible identifying details, 0 phrases to review (1 more you dismissed)" not in head
    assert "2 possible identifying details, 0 phrases to review, listed at the end" in head
    listing = section(text, "Safeguards check")
    assert "John Smith" in listing and "12 Acacia Road" in listing
    assert h2(text)[-1] == "Safeguards check"

    name = next(
        f for f in textchecks.scan(answer, textchecks.load_rules(None, framework.vocabulary())) if f.kind == "name"
    )
    store.dismiss_finding(sid, pid, name.key)
    text = notes.render_case_note(store, framework, case)
    assert "1 possible identifying detail, 0 phrases to review (1 more you dismissed)" in text.split("\n## ")[0]
    assert "John Smith" not in section(text, "Safeguards check")


def test_private_text_is_not_scanned_into_a_record_note(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    store.save_answer(sid, prompt_of(framework, "children-first", private=True).id, "Call John Smith back.")
    record = notes.render_case_note(store, framework, case)
    personal = notes.render_case_note(store, framework, case, private=True)
    assert "0 possible identifying details" in record and "John Smith" not in record
    assert "John Smith" in section(personal, "Safeguards check")


# --------------------------------------------------------------------------- record and personal notes


@pytest.mark.parametrize("mode", ["preparation", "supervision"])
def test_private_prompts_and_fields_appear_only_in_a_personal_note(store, framework, mode):
    case = new_case(store)
    sid = new_session(store, case, mode)
    private_prompt = prompt_of(framework, "children-first", private=True)
    store.save_answer(sid, private_prompt.id, "I felt out of my depth after the meeting.")
    store.save_answer(sid, prompt_of(framework, "children-first").id, "He loves drawing trainers.")
    store.save_summary(sid, "wellbeing", "Sleeping badly this month.")
    assert framework.summary_field("wellbeing").private

    record = notes.render_case_note(store, framework, case)
    personal = notes.render_case_note(store, framework, case, private=True)
    for text in (record, personal):
        assert "He loves drawing trainers." in text
    for secret in ("out of my depth", "Sleeping badly", private_prompt.text[:40], "Personal reflections"):
        assert secret not in record
        assert secret in personal
    assert "Personal note" not in record

    first = personal.split("\n")[0]
    assert "Personal note" in first and "not for the child's case record" in first
    assert "Personal note" not in record


def test_a_private_flag_does_not_reach_the_record(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    secret = prompt_of(framework, "children-first", private=True)
    store.save_answer(sid, secret.id, "Worried about myself.")
    store.set_flag(sid, secret.id, True)
    record = notes.render_case_note(store, framework, case)
    assert "Worried about myself" not in record and secret.text[:40] not in record
    assert "Nothing has been flagged" in section(record, "To bring to supervision")


# --------------------------------------------------------------------------- what is left out, what appears once


def test_unanswered_prompts_are_left_out_and_silent_principles_appear_once(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    answered = prompt_of(framework, "voice")
    store.save_answer(sid, answered.id, "She wants to stay at her school.")
    store.set_status(sid, "safer-spaces", "set-aside", "Waiting for the partnership meeting.")
    store.set_status(sid, "curious", "not-relevant", "")
    text = notes.render_case_note(store, framework, case)

    assert answered.text in plain(text)
    for step in framework.steps:
        for prompt in step.prompts:
            if prompt.id != answered.id:
                assert prompt.text not in plain(text), prompt.id
    for step in framework.principles:
        if step.id == "voice":
            continue
        assert plain(text).count(step.short_title) == 1, step.id
    listing = section(text, "Set aside, and why")
    assert "Create safer spaces and places):** set aside: Waiting for the partnership meeting." in listing
    curious = framework.step("curious").short_title
    assert f"{curious}):** not relevant to this case" in listing
    first = framework.step("children-first").short_title
    last = text.rstrip("\n").split("\n")[-1]
    assert last.startswith("Not discussed this time: ") and f"Principle 1 ({first})" in last
    assert "safer spaces" not in last and curious not in last


def test_a_step_marked_reflected_with_nothing_written_says_so(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    store.set_status(sid, "trauma", "reflected")
    text = notes.render_case_note(store, framework, case)
    title = framework.step("trauma").short_title
    assert f"Reflected on, with no notes in this note: Principle 5 ({title})." in text
    assert title not in text.rstrip("\n").split("\n")[-1]  # not on the not-discussed line


# --------------------------------------------------------------------------- a step reflected on privately


def _privately_reflected(store, framework, mode: str = "preparation"):
    """A session whose only answer on "children-first" is its private prompt (the step left unmarked)."""
    case = new_case(store)
    sid = new_session(store, case, mode)
    secret = prompt_of(framework, "children-first", private=True)
    store.save_answer(sid, secret.id, "I felt out of my depth after the meeting.")
    return case, sid, secret


@pytest.mark.parametrize("mode", ["preparation", "supervision"])
def test_a_step_with_only_private_answers_is_reflected_on_in_the_record_note(store, framework, mode):
    case, _, _ = _privately_reflected(store, framework, mode)
    record = notes.render_case_note(store, framework, case)
    title = framework.step("children-first").short_title
    assert f"Principle 1 ({title}), notes kept private" in record
    assert f"Principle 1 ({title})" not in record.rstrip("\n").split("\n")[-1]
    assert "out of my depth" not in record


def test_a_step_with_only_private_answers_is_reflected_on_in_the_personal_note(store, framework):
    case, _, _ = _privately_reflected(store, framework)
    personal = notes.render_case_note(store, framework, case, private=True)
    title = framework.step("children-first").short_title
    assert "out of my depth" in section(personal, "Reflections by principle")
    assert f"Principle 1 ({title})" not in personal.rstrip("\n").split("\n")[-1]
    assert "notes kept private" not in personal


def test_the_note_states_a_step_by_the_apps_own_rule(store, framework):
    """The context's state is progress.step_state's; only the wording differs by note."""
    from reflect.core.progress import REFLECTED, REFLECTED_PRIVATELY, step_state

    case, sid, _ = _privately_reflected(store, framework)
    record = store.get_session(sid)
    step = framework.step("children-first")
    assert step_state(record, step) == REFLECTED_PRIVATELY
    for private, label, shown in ((False, "reflected on (notes kept private)", False), (True, "reflected on", True)):
        ctx = notes.build_context(framework, store.get_case(case.label), record, private=private)
        view = next(s for s in ctx["principles"] if s["id"] == step.id)
        assert (view["status"], view["status_label"], view["reflected"], view["answered"]) == (
            REFLECTED_PRIVATELY,
            label,
            True,
            shown,
        )
        assert (view in ctx["unanswered"]) is not shown
    # a shared answer beside the private one makes it plainly reflected, in both notes
    store.save_answer(sid, prompt_of(framework, "children-first").id, "He loves drawing trainers.")
    record = store.get_session(sid)
    for private in (False, True):
        ctx = notes.build_context(framework, store.get_case(case.label), record, private=private)
        view = next(s for s in ctx["principles"] if s["id"] == step.id)
        assert (view["status"], view["status_label"], view["reflected"]) == (REFLECTED, "reflected on", True)


def test_a_mark_wins_over_private_answers(store, framework):
    case, sid, _ = _privately_reflected(store, framework)
    store.set_status(sid, "children-first", "set-aside", "Back to it next time.")
    record = notes.render_case_note(store, framework, case)
    title = framework.step("children-first").short_title
    assert f"Principle 1 ({title}):** set aside: Back to it next time." in record


# --------------------------------------------------------------------------- relational tracks


def test_tracks_table_has_a_row_per_track_and_a_column_per_lens(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    consistency = prompt_of(framework, "track-practitioner", lens="consistency")
    safety = prompt_of(framework, "track-peers", lens="safety", kind="scale")
    store.save_answer(sid, consistency.id, "Nobody has stayed longer than three months.")
    store.save_answer(sid, safety.id, 2)
    text = notes.render_case_note(store, framework, case)
    table = tables(section(text, "The relational tracks"))[0]
    assert table[0] == ["Track"] + [lens.title for lens in framework.lenses]
    assert [row[0] for row in table[1:]] == [t.short_title for t in framework.tracks]
    assert all(len(row) == 1 + len(framework.lenses) for row in table)
    cells = {row[0]: dict(zip(table[0][1:], row[1:], strict=True)) for row in table[1:]}
    practitioner = cells[framework.step("track-practitioner").short_title]
    assert practitioner["Consistency"] == "discussed"
    assert practitioner["Collaboration"] == "—"
    peers = cells[framework.step("track-peers").short_title]
    assert peers["Creating safety"] == "discussed"  # a scale is never a bare number under "Creating safety"
    assert cells[framework.step("track-family").short_title] == {lens.title: "—" for lens in framework.lenses}
    assert "Nobody has stayed longer than three months." in text
    assert "2 on a scale of" in text
    # the full answer is given under the table too
    assert "### 1. " + framework.step("track-practitioner").title in text


def test_a_long_answer_is_never_cut_the_table_only_says_where_it_was_discussed(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    long = " ".join(f"word{i}" for i in range(200))
    store.save_answer(sid, prompt_of(framework, "track-family", lens="consistency").id, long)
    text = notes.render_case_note(store, framework, case)
    row = next(r for r in tables(text)[0] if r[0] == framework.step("track-family").short_title)
    assert row[1] == "discussed"
    assert long in text and "\u2026" not in text


def test_a_moved_young_person_gets_home_and_placement_areas(store, framework):
    case = new_case(store, moved=True, home_area="Northtown", placement_area="Seaside")
    sid = new_session(store, case)
    placement = prompt_of(framework, "track-peers", area="placement")
    store.save_answer(sid, placement.id, "No school place yet.")
    text = notes.render_case_note(store, framework, case)
    assert "home area Northtown; placement area Seaside" in text.split("\n## ")[0]
    by_area = tables(section(text, "The relational tracks"))[1]
    assert by_area[0] == ["Track", "Home area", "Placement area"]
    row = next(r for r in by_area if r[0] == framework.step("track-peers").short_title)
    assert row[1] == "—"
    assert row[2] == (placement.phase and f"{placement.phase} the move") or row[2] != "—"
    assert "No school place yet." in section(text, "The relational tracks")


def test_a_young_person_who_was_not_moved_gets_one_table(store, framework):
    case = new_case(store, moved=False)
    sid = new_session(store, case)
    store.save_answer(sid, prompt_of(framework, "track-peers", lens="safety").id, "Football on Saturdays.")
    text = notes.render_case_note(store, framework, case)
    assert len(tables(text)) == 1
    assert "Placement area" not in text


# --------------------------------------------------------------------------- change first


def test_change_first_section_only_when_answered(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    label = framework.summary_field("change-first").label
    assert label == "Which relationship or context needs to change first for safety to increase?"
    assert label not in h2(notes.render_case_note(store, framework, case))
    store.save_summary(sid, "change-first", "His friendships at the football club.")
    text = notes.render_case_note(store, framework, case)
    assert label in h2(text)
    assert "His friendships at the football club." in section(text, label)


# --------------------------------------------------------------------------- preparation


def test_flagged_items_come_first(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    early, late = prompt_of(framework, "voice"), prompt_of(framework, "voice", skip=1)
    store.save_answer(sid, early.id, "First answer.")
    store.save_answer(sid, late.id, "Second answer, flagged.")
    store.set_flag(sid, late.id, True)
    store.save_summary(sid, "questions-for-supervision", "Is the plan too cautious?")
    text = notes.render_case_note(store, framework, case)
    sections = h2(text)
    assert sections.index("To bring to supervision") < sections.index("Reflections by principle")
    bring = section(text, "To bring to supervision")
    assert "Is the plan too cautious?" in bring and f"{late.text} (notes below)" in plain(bring)
    assert "First answer." not in bring and "Second answer, flagged." not in bring  # said once, below
    principle = section(text, "Reflections by principle")
    assert principle.index("Second answer, flagged.") < principle.index("First answer.")
    assert f"**{late.text}** (flagged for supervision)" in principle


def test_a_flagged_question_without_notes_is_still_brought(store, framework):
    case = new_case(store)
    sid = new_session(store, case)
    prompt = prompt_of(framework, "inequalities")
    store.set_flag(sid, prompt.id, True)
    bring = section(notes.render_case_note(store, framework, case), "To bring to supervision")
    assert prompt.text in bring and "(no notes written yet)" in bring


# --------------------------------------------------------------------------- supervision


def _prepared_supervision(store, framework):
    case = new_case(store)
    prep = new_session(store, case, "preparation", PREP_DATE)
    flagged = prompt_of(framework, "inequalities")
    store.save_answer(prep, flagged.id, "The police summary calls him older than his years.")
    store.set_flag(prep, flagged.id, True)
    store.save_summary(prep, "questions-for-supervision", "Should the category change?")
    outcomes = {}
    for what, review, done in (
        ("Ring the school", "done", False),
        ("Book the family meeting", "not-done", False),
        ("Find a mentor", "carried-forward", False),
        ("Write to the police", "", False),
        ("Send the plan", "", True),
    ):
        action = store.add_action(prep, what, "Social worker", "2026-11-06", done=done)
        if review:
            store.update_action(action.id, review=review)
        outcomes[what] = action
    sup = new_session(store, case, "supervision", SUP_DATE)
    store.carry_forward(outcomes["Find a mentor"].id, sup)
    store.add_action(sup, "Ask for a school place | urgently", "Team manager", "2026-11-20")
    store.add_action(sup, "Check in with the family", "", "")
    store.save_summary(sup, "decisions", "Stay in the placement for four weeks.")
    store.save_summary(sup, "rationale", "The threat has not been assessed since the move.")
    store.save_summary(sup, "review-date", "7 December 2026")
    store.save_summary(sup, "escalation", "Raise the school place with the virtual school.")
    store.set_status(sup, "safer-spaces", "set-aside", "After the partnership meeting.")
    return case, sup


def test_supervision_note_records_review_decisions_actions_and_set_aside(store, framework):
    case, sup = _prepared_supervision(store, framework)
    text = notes.render_case_note(store, framework, case, session_id=sup)
    assert h2(text)[:3] == ["Oversight record", "Actions from the last session", "Brought to supervision"]

    review = tables(section(text, "Actions from the last session"))[0]
    assert review[0] == ["What", "Who", "By when", "Outcome"]
    assert {row[0]: row[3] for row in review[1:]} == {
        "Ring the school": "done",
        "Book the family meeting": "not done",
        "Find a mentor": "carried forward",
        "Write to the police": "not yet reviewed",
        "Send the plan": "done",
    }
    assert "2 November 2026" in section(text, "Actions from the last session")

    brought = section(text, "Brought to supervision")
    assert "Should the category change?" in brought and "older than his years" in brought

    decisions = section(text, "Oversight record")
    assert "Stay in the placement for four weeks." in decisions
    assert "The threat has not been assessed since the move." in decisions

    agreed = section(text, "Oversight record")
    rows = tables(agreed)[0]
    assert rows[0] == ["What", "Who", "By when"]
    assert ["Ask for a school place | urgently", "Team manager", "20 November 2026"] in rows
    assert ["Check in with the family", "to be agreed", "no date set"] in rows
    assert ["Find a mentor (carried forward)", "Social worker", "6 November 2026"] in rows
    assert "**Next review:** 7 December 2026" in agreed

    aside = section(text, "Set aside, and why")
    assert "set aside: After the partnership meeting." in aside
    assert "Raise the school place with the virtual school." in section(text, "Other notes")


def test_first_supervision_has_nothing_to_review(store, framework):
    case = new_case(store)
    new_session(store, case, "supervision", SUP_DATE)
    text = notes.render_case_note(store, framework, case)
    assert h2(text) == ["Oversight record"]  # no empty sections
    oversight = section(text, "Oversight record")
    for element in ("Who attended", "current situation", "today's decisions", "Decided", "then this)"):
        assert f"{element}:** not recorded." in oversight, element
    assert "**Next review:** not yet set." in oversight


def test_preparation_already_discussed_is_not_brought_again(store, framework):
    case = new_case(store)
    prep = new_session(store, case, "preparation", "2026-10-01")
    store.save_summary(prep, "questions-for-supervision", "Old question.")
    new_session(store, case, "supervision", "2026-10-08")
    later = new_session(store, case, "supervision", "2026-11-08")
    text = notes.render_case_note(store, framework, case, session_id=later)
    assert "Old question." not in text
    assert "Brought to supervision" not in h2(text)


# --------------------------------------------------------------------------- heading outline


EXPECTED = {
    "preparation": [
        "To bring to supervision",
        "CHANGE",
        "Reflections by principle",
        "The relational tracks",
        "To share with the young person or family",
        "Other notes",
        "Actions noted while preparing",
    ],
    "supervision": [
        "Oversight record",
        "CHANGE",
        "The relational tracks",
        "Reflection by principle",
        "To share with the young person or family",
        "Other notes",
    ],
    "workshop": [
        "What the group takes away",
        "CHANGE",
        "The relational tracks",
        "Discussion by principle",
        "Next steps",
        "Other notes",
    ],
}


@pytest.mark.parametrize("mode", sorted(EXPECTED))
@pytest.mark.parametrize("private", [False, True])
def test_each_template_has_the_outline_it_intends(store, framework, mode, private):
    case = new_case(store)
    sid = new_session(store, case, mode)
    store.save_answer(sid, prompt_of(framework, "voice").id, "An answer.")
    store.save_answer(sid, prompt_of(framework, "track-family", lens="safety").id, "Another.")
    for f in framework.summary_fields_for(mode):
        store.save_summary(sid, f.id, f"Text for {f.id}.")
    store.save_summary(sid, "system-barriers" if mode != "preparation" else "wellbeing", "More.")
    store.save_summary(sid, "escalation", "Escalate.")
    store.add_action(sid, "Do a thing", "Me", "2026-12-01")
    text = notes.render_case_note(store, framework, case, private=private)
    expected = [framework.summary_field("change-first").label if s == "CHANGE" else s for s in EXPECTED[mode]]
    if private and any(f.private for f in framework.summary_fields_for(mode)) or (private and mode == "preparation"):
        expected.append("Personal reflections")
    heads = outline(text)
    assert [lvl for lvl, _ in heads].count(1) == 1 and heads[0][0] == 1
    assert h2(text) == expected
    assert {lvl for lvl, _ in heads} <= {1, 2, 3}


# --------------------------------------------------------------------------- choosing a template


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(content_root() / "principles.yaml", pack / "principles.yaml")
    shutil.copytree(content_root() / "prompts", pack / "prompts")
    (pack / "templates").mkdir()
    return pack


def test_a_pack_template_overrides_and_adds_by_name(store, tmp_path):
    pack = _pack(tmp_path)
    (pack / "templates" / "supervision.md.j2").write_text("# Our supervision record: {{ case.label }}\n")
    (pack / "templates" / "letter.md.j2").write_text(
        '{% import "_macros.md.j2" as m %}# Letter: {{ case.label }}\n\n'
        "{{ m.header(note, case, framework, safeguards) }}"
    )
    framework = load_framework(pack)
    case = new_case(store)
    new_session(store, case, "supervision")
    assert notes.render_case_note(store, framework, case) == "# Our supervision record: YP-T\n"
    letter = notes.render_case_note(store, framework, case, template="letter")
    assert outline(letter) == [(1, "Letter: YP-T")] and "**Framework:**" in letter
    prep = notes.render_case_note(store, framework, case, template="preparation")
    assert outline(prep)[0] == (1, "Preparation for supervision: YP-T")
    with pytest.raises(ReflectError, match="no template named 'minutes'.*letter.*preparation"):
        notes.render_case_note(store, framework, case, template="minutes")


def test_a_user_template_by_path_escapes_values_it_forgets_to_filter(store, framework, tmp_path):
    case = new_case(store)
    sid = new_session(store, case)
    store.save_answer(sid, prompt_of(framework, "voice").id, "# Not a heading\n| not | a table |")
    path = tmp_path / "mine.md.j2"
    path.write_text("# Mine\n\n{% for s in principles if s.answered %}{{ s.answers[0].text }}\n{% endfor %}")
    text = notes.render_case_note(store, framework, case, template=str(path))
    assert outline(text) == [(1, "Mine")]
    assert "\\# Not a heading \\| not \\| a table \\|" in text


@pytest.mark.parametrize(
    "source,line,words",
    [
        ("# Note\n\n{% if case.label %}\nopen\n", 4, "endif"),
        ("# Note\n\n{{ case.label }}\n{{ no_such_thing }}\n", 4, "unknown variable"),
        ("# Note\n{{ case.nickname }}\n", 2, "nickname"),
        ("# Note\n\n\n{{ '{0.__class__}'.format(case) }}\n", 4, "not allowed"),
    ],
)
def test_a_broken_user_template_names_its_file_and_line(store, framework, tmp_path, source, line, words):
    case = new_case(store)
    new_session(store, case)
    path = tmp_path / "broken.md.j2"
    path.write_text(source)
    with pytest.raises(ReflectError) as err:
        notes.render_case_note(store, framework, case, template=str(path))
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert words in str(err.value)


def test_the_command_line_exits_2_on_a_broken_template(store, framework, tmp_path, capsys):
    case = new_case(store)
    new_session(store, case)
    path = tmp_path / "broken.md.j2"
    path.write_text("# Note\n\n{{ case.missing_field }}\n")
    rc = main(["--data-dir", str(store.path.parent), "note", case.label, "--template", str(path)])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith(f"reflect: {path}:3: ") and err.count("\n") == 1


def test_check_templates_finds_syntax_errors_and_unknown_variables(framework, tmp_path):
    assert notes.check_templates(framework) == []
    pack = _pack(tmp_path)
    (pack / "templates" / "good.md.j2").write_text("# {{ case.label }}\n")
    (pack / "templates" / "syntax.md.j2").write_text("# x\n\n{% for a in actions %}\n")
    (pack / "templates" / "unknown.md.j2").write_text("# x\n{{ case.label }}\n{{ cases }}\n")
    (pack / "templates" / "_partial.md.j2").write_text("{% macro x() %}{{ anything }}{% endmacro %}\n{% if %}\n")
    problems = notes.check_templates(load_framework(pack))
    templates = pack / "templates"
    assert len(problems) == 3, problems
    assert any(p.startswith(f"{templates / 'syntax.md.j2'}:3: ") for p in problems)
    assert any(p.startswith(f"{templates / 'unknown.md.j2'}:3: ") and "cases" in p for p in problems)
    assert any(p.startswith(f"{templates / '_partial.md.j2'}:2: ") for p in problems)


# --------------------------------------------------------------------------- examples


def _make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", REPO / "scripts" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_examples_are_what_the_templates_produce_today(framework):
    generated = _make_examples().build_examples(framework)
    assert sorted(generated) == ["family.md", "preparation.md", "supervision.md", "workshop.md"]
    for name, text in generated.items():
        path = REPO / "docs" / "examples" / name
        assert path.read_text(encoding="utf-8") == text, (
            f"docs/examples/{name} is out of date: run python scripts/make_examples.py"
        )


@pytest.mark.parametrize(
    "name,title",
    [
        ("preparation.md", "Preparation for supervision: DEMO-Sam"),
        ("supervision.md", "Supervision note: DEMO-Sam"),
        ("workshop.md", "Workshop summary: DEMO-Sam"),
        ("family.md", "A note about our meeting on 9 November 2026"),
    ],
)
def test_docs_examples_are_sound_markdown(name, title):
    text = (REPO / "docs" / "examples" / name).read_text(encoding="utf-8")
    heads = outline(text)
    assert heads[0] == (1, title) and [lvl for lvl, _ in heads].count(1) == 1
    for table in tables(text):
        assert len({len(row) for row in table}) == 1
    assert "not for the child's record" not in text


# --------------------------------------------------------------------------- the escaping filters


def test_longdate():
    assert longdate("2026-11-02") == "2 November 2026"
    assert longdate("") == "" and longdate("soon") == "soon"


@pytest.mark.parametrize(
    "raw,escaped",
    [
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("12) item", "12\\) item"),
        ("1.5 hours", "1.5 hours"),
        ("===", "\\==="),
        (":---", "\\:---"),
        ("```", "\\`\\`\\`"),
        ("    code", "code"),
        ("<script>", "\\<script\\>"),
        ("a | b", "a \\| b"),
        ("&copy; & more", "\\&copy; & more"),
        ("[x](javascript:y)", "\\[x\\](javascript:y)"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("bell\x07 and\x9b2J nul\x00", "bell and2J nul"),  # a lone C1 CSI goes alone: what follows is text
        ("\x9b x", "x"),
        ("\x9bSee the plan", "See the plan"),
        ("\x1b] the rest stays", "the rest stays"),  # an OSC with no end: only its introducer goes
        ("\x1b]0;title\x07kept", "kept"),
        ("a\ufeffb\u206ac\ufff9d\ufffbe", "abcde"),
        ("\u200d\u200c\u200e\u200f\U000e0067", "\u200d\u200c\u200e\u200f\U000e0067"),  # joiners, marks, tags stay
        ("שלום عالم 👩‍👩‍👧 café", "שלום عالم 👩‍👩‍👧 café"),
    ],
)
def test_escape_line_examples(raw, escaped):
    assert md.escape_line(md.clean(raw)) == escaped


TRICKY = st.sampled_from(
    [
        "# ",
        "## x",
        "|",
        "\n",
        "\n\n",
        "    ",
        "\t",
        "1. ",
        "2) ",
        "- ",
        "* ",
        "+ ",
        "> ",
        "```",
        "~~~",
        "<script>",
        "</div>",
        "<!--",
        "&amp;",
        "&#27;",
        "&copy;",
        "[a](b)",
        "![i](s)",
        "[x]: /u",
        "---",
        "===",
        "***",
        "___",
        ":---",
        "\\",
        "**",
        "_",
        "`",
        "<http://x>",
        "שלום",
        "مرحبا",
        "👩‍👩‍👧",
        " ",
        "a",
        "\u00a0",
        "\u2028",
        "-|-",
    ]
)
PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
TEXTS = st.lists(st.one_of(TRICKY, PRINTABLE), max_size=25).map("".join)


UNSEEN = re.compile("[\u202a-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb]")


def _blocks(text: str) -> list[str]:
    """What a reader should see for text given to |block: paragraphs of stripped lines.

    Unicode's line and paragraph separators break there too; the invisible format
    controls a note drops (bidi overrides, BOM, annotation marks) are not seen.
    """
    text = UNSEEN.sub("", text.replace("\u2028", "\n").replace("\u2029", "\n\n"))
    paragraphs, current = [], []
    for line in text.split("\n"):
        line = line.replace("\t", " ").strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _seen(tokens) -> list[str]:
    out = []
    for token in tokens:
        assert token.type in ("paragraph_open", "inline", "paragraph_close"), token.type
        if token.type == "inline":
            text = ""
            for child in token.children:
                assert child.type in ("text", "hardbreak"), child.type
                text += child.content if child.type == "text" else "\n"
            out.append(text)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_block_text_reads_back_exactly_as_typed(text):
    assert _seen(CM.parse(str(md.block(text)))) == _blocks(text)
    assert _seen(GFM.parse(str(md.block(text)))) == _blocks(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_inline_text_is_one_line_of_plain_text(text):
    out = str(md.inline(text))
    assert "\n" not in out
    assert _seen(CM.parse(out)) == ([" ".join(text.split())] if text.split() else [])


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_a_cell_stays_one_cell(text):
    table = f"| a | b | c |\n| --- | --- | --- |\n| x | {md.cell(text)} | z |\n"
    rows = tables(table)[0]
    assert rows[1] == ["x", " ".join(text.split()), "z"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_no_control_character_survives_any_filter(text):
    for out in (md.block(text), md.inline(text), md.cell(text, 20)):
        assert not any((ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in str(out))
