"""The library of fictional workshop cases: each a bundle that loads through the
bundle checks, varied enough for a room to choose from, clean under ``reflect
scan``, listed by ``reflect demo --list`` and opened by ``reflect demo CASE``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core import textchecks
from reflect.core.bundle import read_bundle
from reflect.core.demo import close_demo, demo_bundle_path, open_demo_store
from reflect.core.errors import ReflectError
from reflect.core.workshop_library import (
    DEFAULT_CASE,
    LIBRARY_DIR,
    case_paths,
    find_case,
    list_cases,
    list_lines,
    read_case,
    step_note,
    story_from_stages,
    with_story,
)

REPO = Path(__file__).resolve().parent.parent
LIBRARY = sorted((REPO / LIBRARY_DIR).glob("*.yaml"))


def texts(value, where: str = "") -> list[tuple[str, str]]:
    """Every piece of text in a loaded value, with where it sits (keys are ids, not text)."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in texts(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in texts(v, f"{where}[{i}]")]
    return []


def test_there_are_at_least_five_library_cases_beside_demo_sam():
    assert len(LIBRARY) >= 5
    labels = [c.label for c in list_cases()]
    assert labels[0] == DEFAULT_CASE
    assert len(labels) == len(set(labels)) >= 6


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_each_case_loads_through_the_bundle_checks_and_is_named_by_its_label(path, framework):
    data = read_bundle(path, framework)  # the checks demo.yaml goes through
    assert data["label"] == path.stem and data["label"].startswith("DEMO-")
    assert data["sessions"] == []  # a workshop starts from the story, not from someone's answers


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_each_case_has_a_story_in_stages_and_a_note_on_every_step(path, framework):
    ctx = read_bundle(path, framework)["context"]
    stages = ctx["stages"]
    assert len(stages) >= 3
    for stage in stages:
        assert stage["title"].strip() and len(stage["story"].split()) >= 60
        assert len(stage["questions"]) >= 2 and all(q.strip().endswith("?") for q in stage["questions"])
    assert "fictional" in stages[0]["story"]
    assert set(ctx["facilitator"]) == {step.id for step in framework.steps}
    for key in ("summary", "setting", "gender", "family", "age_band", "home_area"):
        assert str(ctx[key]).strip(), key
    assert "(a fictional" in ctx["home_area"]


def test_the_cases_differ_in_age_gender_harm_and_setting():
    cases = list_cases()
    contexts = [read_case(c.path)["context"] for c in cases]
    assert {"home", "foster care", "residential care"} <= {c.setting for c in cases}
    harms = {h for c in cases for h in c.harms}
    assert {"criminal exploitation", "sexual exploitation", "online harm", "peer-on-peer harm"} <= harms
    assert any(c.move == "considering" for c in cases)  # a relocation decision
    assert len({c.age_band for c in cases}) >= 3
    assert len({ctx["gender"] for ctx in contexts}) >= 3
    assert len({ctx["family"] for ctx in contexts[1:]}) == len(contexts) - 1


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_every_text_in_each_case_scans_clean(path, framework):
    data = read_case(path, framework)
    rules = textchecks.rules_for(framework)
    found = []
    for where, text in [("label", data["label"]), *texts(data["context"])]:
        found += [(where, f.format()) for f in textchecks.scan(text, rules, age_band=data["context"]["age_band"])]
    assert found == []


def test_the_story_is_told_in_stages_with_the_questions_after_each():
    stages = [
        {"title": "One", "story": "First line\nwraps.\n\nSecond paragraph.", "questions": ["Why?", "How?"]},
        {"title": "Two", "story": "Later.", "questions": []},
    ]
    story = story_from_stages(stages)
    assert story.split("\n\n") == [
        "Stage 1 — One",
        "First line wraps.",
        "Second paragraph.",
        "For the group to discuss:",
        "• Why?",
        "• How?",
        "Stage 2 — Two",
        "Later.",
    ]
    assert story_from_stages("not a list") == ""
    data = {"label": "X", "context": {"stages": stages}}
    assert with_story(data)["context"]["vignette"] == story
    written = {"label": "X", "context": {"stages": stages, "vignette": "Told its own way."}}
    assert with_story(written)["context"]["vignette"] == "Told its own way."  # a written story wins


def test_step_notes_come_from_the_case_and_are_empty_when_it_has_none():
    ctx = {"facilitator": {"voice": "Ask  how\nshe was heard."}}
    assert step_note(ctx, "voice") == "Ask how she was heard."
    assert step_note(ctx, "trauma") == ""
    assert step_note({}, "voice") == ""
    assert step_note({"facilitator": "not a mapping"}, "voice") == ""


def test_find_case_ignores_letter_case_and_names_the_list_when_there_is_none():
    assert find_case("demo-sam") == demo_bundle_path()
    assert find_case(LIBRARY[0].stem.lower()) == case_paths()[1]
    with pytest.raises(ReflectError) as caught:
        find_case("DEMO-Nobody")
    assert "\n" not in str(caught.value) and "reflect demo --list" in str(caught.value)


@pytest.mark.parametrize("label", [p.stem for p in LIBRARY])
def test_a_library_case_opens_in_its_own_throwaway_store_with_its_story(label, framework):
    store, folder, case = open_demo_store(framework, label)
    try:
        assert case.label == label
        assert [c.label for c in store.list_cases()] == [label]
        assert case.context["vignette"].startswith("Stage 1 — ")
        assert "For the group to discuss:" in case.context["vignette"]
    finally:
        close_demo(store, folder)
    assert not folder.exists()


def test_the_default_demo_is_still_demo_sam(framework):
    store, folder, case = open_demo_store(framework)
    try:
        assert case.label == DEFAULT_CASE
    finally:
        close_demo(store, folder)


def test_the_list_shows_label_age_setting_harm_and_one_line_for_each():
    cases = list_cases()
    lines = list_lines(cases)
    for case in cases:
        row = next(line for line in lines if line.startswith(case.label + " "))
        assert case.age_band in row and case.setting in row and case.harms[0] in row
        assert lines[lines.index(row) + 1].strip() == case.summary
    assert "(the default)" in lines[0]


def test_reflect_demo_list_and_an_unknown_case_on_the_command_line(capsys, monkeypatch):
    import reflect.tui.app as app_module
    from reflect.cli import main

    assert main(["demo", "--list"]) == 0
    out = capsys.readouterr().out
    for case in list_cases():
        assert case.label in out

    assert main(["demo", "DEMO-Nobody"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DEMO-Nobody" in err

    seen = {}
    monkeypatch.setattr(app_module, "run", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["demo", LIBRARY[0].stem, "--workshop"]) == 0
    assert seen["demo_case"] == LIBRARY[0].stem and seen["start_mode"] == "workshop"
    assert main(["demo"]) == 0
    assert seen["demo_case"] is None


def test_the_library_ships_in_the_wheel_and_the_sdist():
    tomllib = pytest.importorskip("tomllib", reason="reads pyproject.toml with Python 3.11's tomllib")
    with (REPO / "pyproject.toml").open("rb") as f:
        build = tomllib.load(f)["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"][LIBRARY_DIR] == f"reflect/_content/{LIBRARY_DIR}"
    assert LIBRARY_DIR in build["sdist"]["include"]


def test_the_trainers_guide_lists_every_case():
    guide = (REPO / "docs" / "workshops.md").read_text(encoding="utf-8")
    rows = [line for line in guide.splitlines() if line.startswith("| DEMO-")]
    assert sorted(row.split("|")[1].strip() for row in rows) == sorted(c.label for c in list_cases())
    for case in list_cases():
        row = next(r for r in rows if r.split("|")[1].strip() == case.label)
        assert case.age_band in row and case.setting in row and case.harms[0] in row
