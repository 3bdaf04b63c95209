"""The built-in pack is lean enough for a supervision hour, and the worker's feelings stay private.

A case gets perhaps twenty minutes of supervision, so the pack keeps at most
90 prompts, one or two *core* prompts a step (asked first), at most one
"imagine" prompt a step, and no two prompts that ask nearly the same thing.
Merging prompts must not lose what people wrote: a merged prompt lists the
ids it replaced, and their saved answers show under it.

Any prompt about the practitioner's own feelings, reactions, comfort, stress
or wellbeing is private, because the record note can be read by the child
and family (subject access) and can reach court. The detector below finds
such prompts from their wording; the lists name the prompts it must find and
the prompts about the *young person's* feelings it must leave alone.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from reflect.core import notes
from reflect.core.loader import load_framework
from reflect.core.session import SessionModel

ROOT = Path(__file__).resolve().parents[1]
MAX_PROMPTS = 90
MAX_JACCARD = 0.6
GRID = [(phase, area) for phase in ("before", "during", "after") for area in ("home", "placement")]

#: prompts merged away when the pack was made leaner, and the prompt that now shows their answers
FORMER_IDS = {
    "children-first.beyond-18": "track-practitioner.endings",
    "children-first.idealised-victim": "inequalities.adultification",
    "inequalities.exclusion": "inequalities.identity",
    "voice.explain": "voice.choices",
    "relationships.strengths": "children-first.whole-person",
    "relationships.power": "voice.information",
    "trauma.our-part": "trauma.what-happened",
    "trauma.family-community": "trauma.what-happened",
    "trauma.supervisor-support": "trauma.my-wellbeing",
    "curious.other-explanations": "curious.known-unknown",
    "curious.evidence": "curious.known-unknown",
    "parents-partners.who": "parents-partners.their-view",
    "parents-partners.relationship": "parents-partners.their-view",
    "parents-partners.capacity": "track-family.within-their-power",
    "safer-spaces.pattern": "safer-spaces.what-happens-there",
    "safer-spaces.moving-costs": "track-practitioner.move-decision",
    "track-family.parent-in-plan": "parents-partners.next-step",
    "track-family.separate-support": "parents-partners.next-step",
    "track-family.imagine": "track-family.family-time",
    "track-peers.lost-connections": "track-peers.friends-map",
    "track-peers.eyes-on-places": "track-peers.group-work",
    "track-peers.build-safety": "safer-spaces.change-a-place",
    "track-peers.imagine": "safer-spaces.imagine",
    "track-peers.supervisor-context": "safer-spaces.supervisor-context",
    "track-practitioner.contact-or-relationship": "track-practitioner.who-is-consistent",
    "track-practitioner.bridge": "track-practitioner.endings",
    "track-practitioner.sitting-with-risk": "curious.uncertainty",
    "track-practitioner.imagine": "track-practitioner.who-they-talk-to",
}
#: former ids whose answers held the worker's own feelings: their successor must be private
FORMER_WORKER_FEELINGS = {"trauma.supervisor-support", "track-practitioner.sitting-with-risk"}

# --------------------------------------------------------------------------- the worker-feelings detector

_WORKER_FEELING = [
    r"\b(?:do|did|would) you feel\b",
    r"\bwhat do you feel\b",
    r"\bhow does (?:it|that|this) (?:feel|sit)\b(?! (?:for|to) (?:the young person|them|him|her)\b)",
    r"\bwhat is it like (?:for you )?to\b(?! be (?:the young person|them)\b)",
    r"\baffecting (?:you|me)\b",
    r"\b(?:i|we) feel\b",
    r"\bmy (?:own )?(?:feelings?|reactions?|wellbeing|stress)\b",
    r"\bstirs? in you\b",
    r"\bsits? with you\b",
    r"\bwhat helps you\b",
    r"\byour own (?:feelings?|reactions?|wellbeing|stress|comfort)\b",
    r"\byour (?:wellbeing|stress|feelings?|reactions?)\b",
    r"\bcomfortable\b",
    r"\bstress(?:ed|ful)?\b",
    r"\bhow (?:do|did) you (?:tend to )?(?:respond|react)\b",
    r"\b(?:numb|hopeless|on edge|burn(?:ed|t)? out|exhausted)\b",
    r"\bimpact of (?:this|the) (?:case|work) on (?:you|the practitioner)\b",
]
_WORKER_FEELING_RE = re.compile("|".join(_WORKER_FEELING), re.I)


def asks_about_worker_feelings(text: str) -> bool:
    """True when ``text`` asks the practitioner about their own feelings, reactions, comfort or wellbeing."""
    return bool(_WORKER_FEELING_RE.search(" ".join(text.split())))


#: prompts (and summary fields) the detector must find
MUST_FIND = {
    "inequalities.naming-it",
    "voice.disagreement",
    "curious.uncertainty",
    "parents-partners.their-distress",
    "children-first.my-reaction",
    "relationships.pushed-away",
    "trauma.my-wellbeing",
    "wellbeing",
}
#: prompts about the young person's (or a parent's) feelings, which the detector must leave alone
MUST_NOT_FIND = {
    "safer-spaces.safe-to-them",
    "track-peers.safe-with-friends",
    "voice.heard-scale",
    "parents-partners.their-view",
    "track-family.family-time",
    "track-practitioner.trust-confidence",
    "trauma.behaviour-as-communication",
}

# --------------------------------------------------------------------------- loading


@pytest.fixture(scope="module")
def prompts():
    out = []
    for path in sorted((ROOT / "prompts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [dict(p, step=data["step"]) for p in data["prompts"]]
    return out


@pytest.fixture(scope="module")
def by_id(prompts):
    return {p["id"]: p for p in prompts}


@pytest.fixture(scope="module")
def summary_fields():
    return yaml.safe_load((ROOT / "principles.yaml").read_text(encoding="utf-8"))["summary_fields"]


def _by_step(prompts):
    steps: dict[str, list[dict]] = {}
    for p in prompts:
        steps.setdefault(p["step"], []).append(p)
    return steps


# --------------------------------------------------------------------------- lean


def test_at_most_ninety_prompts(prompts):
    assert len(prompts) <= MAX_PROMPTS, f"{len(prompts)} prompts; the pack keeps at most {MAX_PROMPTS}"


def test_every_prompt_has_a_depth(prompts):
    missing = [p["id"] for p in prompts if p.get("depth") not in ("core", "deeper")]
    assert not missing, f"give these a depth (core or deeper): {missing}"


def test_one_or_two_core_prompts_per_step(prompts):
    for step, items in _by_step(prompts).items():
        core = [p["id"] for p in items if p["depth"] == "core"]
        assert 1 <= len(core) <= 2, f"{step} has {len(core)} core prompts: {core}"
        shown_without_a_move = [p for p in items if p["depth"] == "core" and not p.get("moved_only")]
        assert shown_without_a_move, f"{step}: a case that has not moved needs a core prompt too"


def test_core_prompts_are_asked_in_preparation_and_supervision(prompts):
    for p in prompts:
        if p["depth"] == "core":
            assert {"preparation", "supervision"} <= set(p["modes"]), p["id"]
            assert not p["private"], f"{p['id']}: a core prompt should be one the record can carry"


def test_at_most_one_imagine_prompt_per_step(prompts):
    for step, items in _by_step(prompts).items():
        imagine = [p["id"] for p in items if p.get("stage") == "imagine" or p["text"].lower().startswith("imagine")]
        assert len(imagine) <= 1, f"{step} has {len(imagine)} imagine prompts: {imagine}"


def test_imagine_comes_before_act_in_each_principle(prompts):
    """The picture of a good future comes before planning (goals before next steps)."""
    for step, items in _by_step(prompts).items():
        stages = [p.get("stage") for p in items]
        if "imagine" in stages and "act" in stages:
            assert stages.index("imagine") < stages.index("act"), step


_STOP = frozenset(
    """a an the and or but of to in on at for with by from as is are was were be been being it its this that
    these those what which who whom whose how when where why do does did have has had not no any some their
    them they you your i we our he she his her if than then so such there here about into over under more most
    one own can could would should may might will just also only very each other all""".split()  # noqa: SIM905
)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def jaccard(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def test_the_similarity_check_can_fail():
    assert (
        jaccard(
            "What one change to a place or group would make this young person safer?",
            "What one change in a group or place would make this young person safer there?",
        )
        >= MAX_JACCARD
    )
    assert jaccard("Who are their friends?", "What has the young person lived through?") < MAX_JACCARD


def test_no_two_prompts_ask_nearly_the_same_thing(prompts):
    close = [
        (a["id"], b["id"], round(jaccard(a["text"], b["text"]), 2))
        for a, b in itertools.combinations(prompts, 2)
        if jaccard(a["text"], b["text"]) >= MAX_JACCARD
    ]
    assert not close, f"near-duplicate prompts (content words mostly shared): {close}"


def test_each_principle_keeps_its_reflective_cycle(prompts):
    cycle = ["describe", "feel", "make-sense", "imagine", "act"]
    for step, items in _by_step(prompts).items():
        if step.startswith("track-"):
            continue
        stages = {p.get("stage") for p in items}
        assert set(cycle) <= stages, f"{step} lacks {set(cycle) - stages}"


# --------------------------------------------------------------------------- nothing written is lost


def test_every_merged_prompt_id_points_to_its_successor():
    framework = load_framework()
    live = {p.id for s in framework.steps for p in s.prompts}
    for old, new in FORMER_IDS.items():
        assert old not in live, f"{old} is still in the pack; drop it from FORMER_IDS"
        successor = framework.prompt(old)
        assert successor is not None and successor.id == new, f"{old} should be shown under {new}"
        if old in FORMER_WORKER_FEELINGS:
            assert successor.private, f"{old} held the worker's feelings; {new} must be private"
    replaced = {old for s in framework.steps for p in s.prompts for old in p.replaces}
    assert replaced == set(FORMER_IDS), "list every 'replaces' id here, with its successor"


def test_an_answer_to_a_merged_prompt_still_shows_in_the_note(store):
    framework = load_framework()
    case = store.create_case("YP-M", {})
    sid = store.create_session(case.id, "preparation", "2026-11-02").id
    store.save_answer(sid, "track-peers.build-safety", "Ask the leisure centre to open on Friday nights.")
    store.save_answer(sid, "relationships.strengths", "Brilliant at fixing bikes.")
    store.save_answer(sid, "children-first.whole-person", "")
    store.set_flag(sid, "track-peers.build-safety", True)
    note = notes.render_case_note(store, framework, case)
    assert "Ask the leisure centre to open on Friday nights." in note
    assert "Brilliant at fixing bikes." in note
    heading = framework.prompt("safer-spaces.change-a-place").text
    assert f"{heading}** (flagged for supervision)" in " ".join(note.split())  # the old flag still counts


def test_a_merged_prompt_shows_its_own_answer_then_the_former_ones():
    framework = load_framework()
    prompt = framework.prompt("trauma.what-happened")
    assert prompt is not None
    assert prompt.answer_in({"trauma.what-happened": "own", "trauma.our-part": "old"}) == "own\n\nold"
    joined = prompt.answer_in({"trauma.our-part": "first", "trauma.family-community": " "})
    assert joined == "first"
    assert prompt.answer_in({"trauma.what-happened": "own"}) == "own"
    assert prompt.answer_in({}) is None


def test_saving_a_merged_prompt_folds_the_former_answers_into_it(store):
    """The app shows the former answers inside the merged one; once saved, they live there only."""
    framework = load_framework()
    case = store.create_case("YP-F", {})
    sid = store.create_session(case.id, "preparation", "2026-11-02").id
    store.save_answer(sid, "trauma.what-happened", "Moved three times.")
    store.save_answer(sid, "trauma.our-part", "Searched after every missing episode.")
    model = SessionModel.open(store, framework, sid)
    prompt = framework.prompt("trauma.what-happened")
    shown = prompt.answer_in(model.record.answers)
    assert shown == "Moved three times.\n\nSearched after every missing episode."
    model.save_answer(prompt.id, shown + " Interviewed twice.")
    saved = store.get_session(sid).answers
    assert "trauma.our-part" not in saved
    assert saved["trauma.what-happened"].endswith("Searched after every missing episode. Interviewed twice.")
    assert prompt.answer_in(saved) == saved["trauma.what-happened"]  # shown once, not twice


# --------------------------------------------------------------------------- moves


def test_every_track_covers_the_move_grid_and_a_decision(prompts):
    for step, items in _by_step(prompts).items():
        if not step.startswith("track-"):
            continue
        moved = [p for p in items if p.get("moved_only")]
        cells = {(p["phase"], p["area"]) for p in moved if p["phase"] != "decision"}
        missing = [cell for cell in GRID if cell not in cells]
        assert not missing, f"{step} has no prompt for {missing}"
    decisions = [p for p in prompts if p.get("phase") == "decision"]
    assert decisions, "a move being considered needs a decision prompt"
    text = " ".join(p["text"] for p in decisions).lower()
    assert "right kind" in text and "chosen" in text and "broke down" in text


# --------------------------------------------------------------------------- what the research asks to be carried


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("children-first.next-step", ["enjoy", "best for"]),  # wellbeing, not only risk, drives the plan
        ("relationships.time", ["sessions about risk", "trusted relationship"]),  # risk-education alone
        ("track-practitioner.endings", ["fall away", "18"]),  # attention falls as risk falls; beyond 18
        ("parents-partners.close-to-home", ["in the family", "part of the harm"]),  # wherever possible
        ("track-practitioner.move-decision", ["right kind of home", "residential"]),  # a considered choice
        ("curious.unintended", ["low risk"]),  # risk tools miss children
        ("track-practitioner.shared-plan", ["lesser of two risks"]),  # dynamic risk-taking
        ("curious.supervisor-development", ["stuck", "learn"]),  # development function
        ("relationships.supervisor-system", ["system", "escalat"]),  # mediation function
        ("track-family.carers-voice", ["foster carers", "residential staff"]),  # their own group
    ],
)
def test_a_research_message_is_carried(by_id, where, words):
    p = by_id[where]
    text = " ".join([p["text"], p.get("hint", "")]).lower()
    for word in words:
        assert word.lower() in text, f"{where} should carry '{word}'"


def test_the_seventh_principle_keeps_wherever_possible_in_its_short_title():
    framework = load_framework()
    step = framework.step("parents-partners")
    assert step is not None and step.short_title.endswith("wherever possible")


# --------------------------------------------------------------------------- worker feelings are private


def test_the_detector_tells_the_worker_from_the_young_person():
    assert asks_about_worker_feelings("How do you feel when she shouts?")
    assert asks_about_worker_feelings("How does it feel to hold the risk?")
    assert asks_about_worker_feelings("How is this work affecting you?")
    assert not asks_about_worker_feelings("How does it feel for the young person to be moved?")
    assert not asks_about_worker_feelings("Where does the young person say they feel safe?")
    assert not asks_about_worker_feelings("How safe do you think they would say they feel?")


def test_the_detector_finds_every_worker_feelings_prompt_it_should(prompts, summary_fields):
    texts = {p["id"]: p["text"] for p in prompts} | {f["id"]: f["label"] for f in summary_fields}
    found = {pid for pid, text in texts.items() if asks_about_worker_feelings(text)}
    assert found >= MUST_FIND, f"the detector missed {MUST_FIND - found}"
    assert not (MUST_NOT_FIND & found), f"these ask about the young person, not the worker: {MUST_NOT_FIND & found}"


def test_every_prompt_about_the_workers_feelings_is_private(prompts, summary_fields):
    items = [(p["id"], p["text"], p["private"]) for p in prompts]
    items += [(f["id"], f["label"], f.get("private", False)) for f in summary_fields]
    leaks = [pid for pid, text, private in items if asks_about_worker_feelings(text) and not private]
    assert not leaks, f"these ask about the practitioner's own feelings but would print in the record: {leaks}"


def test_the_wide_step_list_shows_every_short_title_whole():
    """The step list cuts a long title with "…": no built-in short title is cut, so none loses a qualifier."""
    from reflect.tui.widgets.sidebar import TITLE_WIDTH, _short

    for step in load_framework().steps:
        lines = _short(step.short_title, TITLE_WIDTH - len(f"{step.number} "))
        assert not lines[-1].endswith("…"), f"{step.id}: '{step.short_title}' is cut in the step list"
