"""Checks on the built-in content pack: principles.yaml, prompts/, demo.yaml.

These read the YAML directly with yaml.safe_load, so they do not depend on
the loader. Citation and wording checks compare against the research in
../shared/seeds and are skipped, with a reason, when that folder is absent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

PRINCIPLE_IDS = [
    "children-first",
    "inequalities",
    "voice",
    "relationships",
    "trauma",
    "curious",
    "parents-partners",
    "safer-spaces",
]
TRACK_IDS = ["track-practitioner", "track-family", "track-peers"]
LENS_IDS = ["consistency", "collaboration", "safety"]
PROMPT_FILES = {
    "children-first": "01-children-first.yaml",
    "inequalities": "02-inequalities.yaml",
    "voice": "03-voice.yaml",
    "relationships": "04-relationships.yaml",
    "trauma": "05-trauma.yaml",
    "curious": "06-curious.yaml",
    "parents-partners": "07-parents-partners.yaml",
    "safer-spaces": "08-safer-spaces.yaml",
    "track-practitioner": "track-practitioner.yaml",
    "track-family": "track-family.yaml",
    "track-peers": "track-peers.yaml",
}

# Quoted exactly from the headings of the Practice Principles Research
# Summary (seed 001), with the markdown bold markers removed.
_STEM = "Responses to child exploitation and extra-familial harm must... "
EXPECTED_TITLES = [
    _STEM + "put children and young people first",
    _STEM + "recognise and challenge inequalities, exclusion and discrimination",
    _STEM + "respect the voice, experiences and expertise of children and young people",
    _STEM + "be strengths-based and relationship-based",
    _STEM + "recognise and respond to trauma",
    _STEM + "be curious, evidence-informed and knowledgeable",
    _STEM + "approach parents and carers as partners, wherever possible",
    _STEM + "create safer spaces and places for children and young people",
]

KINDS = {"text", "scale", "choice", "checklist"}
MODES = {"preparation", "supervision", "workshop"}
STAGES = ["describe", "feel", "make-sense", "act", "imagine"]
PHASES = {"before", "during", "after", "decision"}  # decision: while a move is being considered
AREAS = {"home", "placement"}
STATUSES = {"reflected", "set-aside", "not-relevant"}
REQUIRED_SUMMARY_FIELDS = {
    "questions-for-supervision",
    "change-first",
    "decisions",
    "rationale",
    "review-date",
    "system-barriers",
    "escalation",
    "workshop-learning",
    "wellbeing",
}
CHANGE_FIRST_LABEL = "Which relationship or context needs to change first for safety to increase?"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")

# Where the seeds spell a work two ways, the pack picks one spelling and uses
# it everywhere. Each entry: a pattern that must never appear in a cite.
CITE_SPELLINGS_NOT_USED = [
    r"\bTadam\b",  # seed 001 also spells it Tedam (used here)
    r"\bTriesman\b",  # Treisman
    r"\bHickie\b",  # Hickle
    r"\bHudeck\b",  # Hudek
    r"Hickle and Hallett, 2015",  # 2016 used throughout
    r"Firmin, Wroe and Bernard, 2021",  # 2022 used throughout
    r"Lefevre and Hickle, 2022",  # 'Hickle and Lefevre, 2022' used throughout
    r"Billingham and Irwin-Rogers, 2022",  # 2021 (the 'mattering' paper) used
]


# --------------------------------------------------------------- loading


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def framework():
    return _load(ROOT / "principles.yaml")


@pytest.fixture(scope="module")
def prompt_files():
    return {step: _load(ROOT / "prompts" / name) for step, name in PROMPT_FILES.items()}


@pytest.fixture(scope="module")
def prompts_by_step(prompt_files):
    return {step: data["prompts"] for step, data in prompt_files.items()}


@pytest.fixture(scope="module")
def all_prompts(prompts_by_step):
    return {p["id"]: p for prompts in prompts_by_step.values() for p in prompts}


@pytest.fixture(scope="module")
def demo():
    return _load(ROOT / "demo.yaml")


@pytest.fixture(scope="module")
def raw_seed_text():
    if not SEEDS.is_dir():
        pytest.skip(f"research seeds not found at {SEEDS}; citation and wording checks need them")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        pytest.skip(f"no seed documents (*.txt) in {SEEDS}")
    return "\n".join(texts)


@pytest.fixture(scope="module")
def seed_text(raw_seed_text):
    return _normalise(raw_seed_text)


def _normalise(text: str) -> str:
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("&", "and")
    )


def _evidence_items(framework):
    for item in framework["principles"] + framework["tracks"]:
        for ev in item.get("evidence", []):
            yield item["id"], ev


# --------------------------------------------------------------- framework


def test_framework_header(framework):
    fw = framework["framework"]
    assert fw["id"] == "tce-practice-principles"
    assert fw["version"] == "1.0" and isinstance(fw["version"], str)
    assert fw["name"].strip()


def test_eight_principles_exact_titles_in_order(framework):
    principles = framework["principles"]
    assert [p["id"] for p in principles] == PRINCIPLE_IDS
    assert [p["number"] for p in principles] == list(range(1, 9))
    assert [p["title"] for p in principles] == EXPECTED_TITLES


def test_titles_are_quoted_from_the_research(framework, seed_text):
    headings = seed_text.replace("**", "")
    for title in EXPECTED_TITLES:
        assert title in headings, f"title not found verbatim in the research summary: {title}"


@pytest.mark.parametrize("index", range(8))
def test_principle_has_every_part(framework, index):
    p = framework["principles"][index]
    where = p["id"]
    assert p["short_title"].strip(), where
    assert p["short_title"] != p["title"], where
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", p["summary"].strip()) if s]
    assert 2 <= len(sentences) <= 3, f"{where}: summary should be two or three sentences"
    assert len(p["asks"]) >= 3 and all(a.strip() for a in p["asks"]), where
    assert len(p["key_ideas"]) >= 3, where
    for idea in p["key_ideas"]:
        assert idea["term"].strip() and idea["meaning"].strip(), where
    assert len(p["tensions"]) >= 2, where
    assert 3 <= len(p["evidence"]) <= 6, f"{where}: 3 to 6 evidence notes"
    assert p["links"], where
    assert set(p["links"]) <= set(PRINCIPLE_IDS), where
    assert p["id"] not in p["links"], where


def test_key_research_ideas_are_present(framework):
    terms = " ".join(idea["term"].lower() for p in framework["principles"] for idea in p["key_ideas"])
    for needed in ["adultification", "idealised victim", "safe uncertainty", "doing with", "three levels of trauma"]:
        assert needed in terms, f"key idea missing: {needed}"


def test_tracks_and_lenses(framework):
    tracks = framework["tracks"]
    assert [t["id"] for t in tracks] == TRACK_IDS
    assert [t["number"] for t in tracks] == [1, 2, 3]
    for t in tracks:
        assert t["title"].strip() and t["short_title"].strip() and t["summary"].strip(), t["id"]
        assert len(t["often_missed"]) >= 3, t["id"]
        assert 1 <= len(t["evidence"]) <= 6, t["id"]
    assert [lens["id"] for lens in framework["lenses"]] == LENS_IDS
    assert framework["lenses"][2]["title"] == "Creating safety"


def test_summary_fields(framework):
    fields = {f["id"]: f for f in framework["summary_fields"]}
    assert len(fields) == len(framework["summary_fields"]), "duplicate summary field id"
    assert set(fields) >= REQUIRED_SUMMARY_FIELDS
    assert fields["change-first"]["label"] == CHANGE_FIRST_LABEL
    assert fields["wellbeing"]["private"] is True
    assert "preparation" in fields["questions-for-supervision"]["modes"]
    assert "workshop" in fields["workshop-learning"]["modes"]
    for fid in ["decisions", "rationale", "review-date", "system-barriers", "escalation"]:
        assert "supervision" in fields[fid]["modes"], fid
    for fid, f in fields.items():
        assert ID_RE.match(fid), fid
        assert f["label"].strip(), fid
        assert f["modes"] and set(f["modes"]) <= MODES, fid
        assert isinstance(f.get("private", False), bool), fid


# --------------------------------------------------------------- citations


def _parse_cite(cite: str):
    """'A, 2019; B and C, 2020; D et al., 2017' -> [(['A'], '2019'), ...]."""
    works = []
    for part in cite.split("; "):
        authors, _, year = part.rpartition(", ")
        assert authors and YEAR_RE.match(year), f"bad citation {part!r} in {cite!r}"
        authors = authors.removesuffix(" et al.")
        names = [n.strip() for n in re.split(r", | and ", authors)]
        assert all(names), f"bad author list in {part!r}"
        works.append((names, year))
    return works


def test_every_evidence_note_has_a_well_formed_citation(framework):
    for owner, ev in _evidence_items(framework):
        assert ev["note"].strip(), owner
        assert ev["cite"].strip(), owner
        _parse_cite(ev["cite"])
        if "scope" in ev:
            assert str(ev["scope"]).strip(), owner


def test_every_cited_author_and_year_is_in_the_seeds(framework, seed_text):
    for owner, ev in _evidence_items(framework):
        for names, year in _parse_cite(ev["cite"]):
            for name in names:
                assert _normalise(name) in seed_text, f"{owner}: author {name!r} not found in the seeds"
            first = re.escape(_normalise(names[0]))
            pattern = rf"{first}.{{0,250}}?\b{year}"
            assert re.search(pattern, seed_text, flags=re.S), (
                f"{owner}: {names[0]} is never followed by {year} in the seeds ({ev['cite']})"
            )


def test_one_spelling_per_work(framework):
    cites = "\n".join(ev["cite"] for _, ev in _evidence_items(framework))
    for pattern in CITE_SPELLINGS_NOT_USED:
        assert not re.search(pattern, cites), f"use the pack's chosen spelling, not {pattern}"


# --------------------------------------------------------------- prompts


def test_prompt_files_exist_and_name_their_step(prompt_files):
    present = sorted(p.name for p in (ROOT / "prompts").glob("*.yaml"))
    assert present == sorted(PROMPT_FILES.values())
    for step, data in prompt_files.items():
        assert data["step"] == step, f"{PROMPT_FILES[step]} says step {data['step']!r}"


def test_prompt_ids_unique_and_prefixed_by_step(prompts_by_step):
    ids = [p["id"] for prompts in prompts_by_step.values() for p in prompts]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate prompt ids: {dupes}"
    for step, prompts in prompts_by_step.items():
        for p in prompts:
            prefix, _, slug = p["id"].partition(".")
            assert prefix == step, f"{p['id']} is in the {step} file"
            assert ID_RE.match(slug), p["id"]


def test_prompt_fields(prompts_by_step):
    for step, prompts in prompts_by_step.items():
        is_track = step in TRACK_IDS
        for p in prompts:
            pid = p["id"]
            assert p["kind"] in KINDS, pid
            assert p["text"].strip(), pid
            assert p["modes"] and set(p["modes"]) <= MODES, pid
            assert isinstance(p["private"], bool), pid
            if "stage" in p:
                assert p["stage"] in STAGES, pid
            if p["kind"] in {"choice", "checklist"}:
                opts = p["options"]
                assert len(opts) >= 2 and len(set(opts)) == len(opts), pid
                assert all(isinstance(o, str) and o.strip() for o in opts), pid
            else:
                assert "options" not in p, pid
            if p["kind"] == "scale":
                sc = p["scale"]
                assert isinstance(sc["min"], int) and isinstance(sc["max"], int) and sc["min"] < sc["max"], pid
                assert sc["low"].strip() and sc["high"].strip(), pid
            else:
                assert "scale" not in p, pid
            if is_track:
                assert p["lens"] in LENS_IDS, pid
                moved = p.get("moved_only", False)
                assert isinstance(moved, bool), pid
                if "phase" in p or "area" in p:
                    assert moved, f"{pid}: phase/area only with moved_only"
                if "phase" in p:
                    assert p["phase"] in PHASES, pid
                if "area" in p:
                    assert p["area"] in AREAS, pid
            else:
                for key in ("lens", "moved_only", "phase", "area"):
                    assert key not in p, f"{pid}: {key} is for track prompts only"


@pytest.mark.parametrize("step", PRINCIPLE_IDS)
def test_principle_prompts_cover_the_reflective_cycle(prompts_by_step, step):
    prompts = prompts_by_step[step]
    assert len(prompts) >= 5, f"{step} has only {len(prompts)} prompts (needs at least 5)"
    stages = {p.get("stage") for p in prompts}
    missing = [s for s in STAGES if s not in stages]
    assert not missing, f"{step} has no prompt for stage(s) {missing}"
    assert any(p["modes"] == ["supervision"] for p in prompts), f"{step} needs a supervision-only prompt"
    facilitated = sum(1 for p in prompts if p.get("facilitator") and "workshop" in p["modes"])
    workshop = sum(1 for p in prompts if "workshop" in p["modes"])
    assert facilitated >= workshop * 0.75, f"{step}: give most workshop prompts a facilitator note"


@pytest.mark.parametrize("step", TRACK_IDS)
@pytest.mark.parametrize("lens", LENS_IDS)
def test_every_track_lens_pair_has_prompts(prompts_by_step, step, lens):
    always = [p for p in prompts_by_step[step] if p["lens"] == lens and not p.get("moved_only", False)]
    assert len(always) >= 2, f"{step} x {lens}: {len(always)} prompt(s) shown without a move (needs 2)"


@pytest.mark.parametrize("step", TRACK_IDS)
def test_moved_prompts_cover_phases_and_areas(prompts_by_step, step):
    moved = [p for p in prompts_by_step[step] if p.get("moved_only")]
    assert moved, f"{step} has no moved_only prompts"
    assert {p["phase"] for p in moved} >= PHASES - {"decision"}, step
    assert {p["area"] for p in moved} == AREAS, step
    assert any(p["modes"] == ["supervision"] for p in prompts_by_step[step]), f"{step} needs a supervision-only prompt"


def test_trauma_has_private_wellbeing_prompt(prompts_by_step):
    private = [p for p in prompts_by_step["trauma"] if p["private"] and "preparation" in p["modes"]]
    assert private, "trauma needs a private prompt on the practitioner's own wellbeing"
    assert any("affecting you" in p["text"] for p in private)


def test_no_prompt_scores_a_principle(all_prompts, framework):
    """Principles are a compass: scales ask about confidence or a view, never a score."""
    banned = re.compile(r"\b(score|rate|rating|grade|compliance|how well (?:is|are|has|have))\b", re.I)
    titles = [p["short_title"].lower() for p in framework["principles"]]
    for pid, p in all_prompts.items():
        assert not banned.search(p["text"]), f"{pid} reads like a score: {p['text']!r}"
        if p["kind"] == "scale":
            text = p["text"].lower()
            assert "principle" not in text, pid
            assert not any(t in text for t in titles), pid


# --------------------------------------------------------------- demo


def test_demo_bundle_shape(demo):
    assert demo["reflect_bundle"] == 1
    case = demo["case"]
    assert case["label"] == "DEMO-Sam"
    ctx = case["context"]
    assert ctx["age_band"] == "14-15"
    assert ctx["harms"] == ["criminal exploitation"]
    assert ctx["moved"] is True
    assert ctx["home_area"].strip() and ctx["placement_area"].strip()
    assert "fictional" in ctx["vignette"].lower()
    assert len([p for p in ctx["vignette"].split("\n\n") if p.strip()]) >= 3


def test_demo_session_uses_real_prompt_ids(demo, all_prompts, framework):
    sessions = demo["sessions"]
    assert len(sessions) == 1
    s = sessions[0]
    assert s["mode"] == "preparation"
    assert s["date"] == date(2026, 11, 2)
    assert 8 <= len(s["answers"]) <= 14
    for pid, answer in s["answers"].items():
        assert pid in all_prompts, f"demo answer for unknown prompt {pid}"
        p = all_prompts[pid]
        assert "preparation" in p["modes"], pid
        assert not p["private"], f"{pid}: keep the demo's answers out of private prompts"
        if p["kind"] == "text":
            assert isinstance(answer, str) and answer.strip(), pid
        elif p["kind"] == "scale":
            assert isinstance(answer, int) and p["scale"]["min"] <= answer <= p["scale"]["max"], pid
        elif p["kind"] == "choice":
            assert answer in p["options"], pid
        else:
            assert isinstance(answer, list) and set(answer) <= set(p["options"]), pid
    steps = set(PRINCIPLE_IDS) | set(TRACK_IDS)
    assert 2 <= len(s["status"]) <= 3
    for step, status in s["status"].items():
        assert step in steps and status in STATUSES, step
        if status == "set-aside":
            assert s["set_aside_reasons"][step].strip(), step
    assert len(s["flags"]) == 1 and s["flags"][0] in all_prompts
    (action,) = s["actions"]
    assert action["what"].strip() and action["who"].strip()
    assert action["by"] == date(2026, 11, 20) and action["done"] is False
    fields = {f["id"]: f for f in framework["summary_fields"]}
    assert set(s["summary"]) == {"questions-for-supervision", "change-first"}
    for fid in s["summary"]:
        assert "preparation" in fields[fid]["modes"], fid


def test_demo_moved_prompts_are_answerable(demo, all_prompts):
    answered_moved = [pid for pid in demo["sessions"][0]["answers"] if all_prompts[pid].get("moved_only")]
    assert answered_moved, "the demo case was moved: show at least one moved_only answer"


# --------------------------------------------------------------- own words


def _words(text: str):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def test_no_ten_word_run_copied_from_the_seeds(raw_seed_text):
    """Same rule as shared/tools/seed_overlap.py, stated openly for one case.

    The eight principle titles must be quoted word for word, so they are the
    one thing removed before comparing; everything else must be our own words.
    """
    n = 10
    seed_words = _words(raw_seed_text)
    grams = {tuple(seed_words[i : i + n]) for i in range(len(seed_words) - n + 1)}
    files = [ROOT / "principles.yaml", ROOT / "demo.yaml", *sorted((ROOT / "prompts").glob("*.yaml"))]
    files += sorted((ROOT / "docs").glob("*.md"))
    copied = defaultdict(list)
    for f in files:
        text = f.read_text(encoding="utf-8")
        for title in EXPECTED_TITLES:
            text = text.replace(title, " | ")
        w = _words(text)
        for i in range(len(w) - n + 1):
            if tuple(w[i : i + n]) in grams:
                copied[f.name].append(" ".join(w[i : i + n]))
    assert not copied, f"copied wording: {dict(copied)}"


# --------------------------------------------------------------- loader


def test_the_loader_gives_the_principles_in_order():
    from reflect.core.loader import load_framework

    assert [p.id for p in load_framework().principles] == PRINCIPLE_IDS
