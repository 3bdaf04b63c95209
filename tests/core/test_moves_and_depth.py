"""A case's move (no / being considered / moved) and a prompt's depth (core / deeper).

The move was yes/no: stores migrate (true -> "moved", false or missing ->
"no") and old bundles import. While a move is being considered only the
before-the-move and decision questions show. Every prompt has a depth; a
pack without depths loads with every prompt core.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml
from session_pack import write_pack

from reflect.cli import main
from reflect.core.bundle import case_to_bundle, read_bundle
from reflect.core.db_schema import MIGRATIONS, SCHEMA_VERSION
from reflect.core.errors import ReflectError
from reflect.core.framework import Prompt
from reflect.core.loader import load_framework
from reflect.core.models import Case
from reflect.core.pack_check import check_framework
from reflect.core.session.prompts import visible_prompts
from reflect.core.store import Store


def _old_store(folder, contexts):
    """A store as version 1 left it, with cases of these contexts (JSON text)."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "reflect.db")
    conn.executescript(MIGRATIONS[1])
    for index, context in enumerate(contexts):
        conn.execute(
            "INSERT INTO cases (label, context, created, updated) VALUES (?, ?, 'x', 'x')", (f"YP-{index}", context)
        )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_the_migration_puts_the_move_in_words_and_keeps_the_rest(tmp_path):
    contexts = [
        '{"moved": true, "home_area": "A"}',
        '{"moved": false}',
        '{"age_band": "14-15"}',
        '{"moved": "considering"}',
        '{"moved": "sideways"}',
    ]
    _old_store(tmp_path / "data", contexts)
    with Store.open(tmp_path / "data") as store:
        cases = [store.get_case(f"YP-{i}") for i in range(len(contexts))]
        version = store._read("PRAGMA user_version")[0][0]
    assert version == SCHEMA_VERSION
    assert [c.context.get("moved") for c in cases] == ["moved", "no", "no", "considering", "no"]
    assert cases[0].context["home_area"] == "A" and cases[2].context["age_band"] == "14-15"
    assert (tmp_path / "data" / "reflect.db.bak-1").exists()


@pytest.mark.parametrize(
    "stored, state", [(True, "moved"), (False, "no"), (None, "no"), ("considering", "considering"), ("x", "no")]
)
def test_a_case_reads_its_move_whatever_it_holds(stored, state):
    case = Case(1, "YP-A", {} if stored is None else {"moved": stored})
    assert case.move == state
    assert case.moved is (state == "moved")


@pytest.mark.parametrize("old, new", [("true", "moved"), ("false", "no"), ("considering", "considering")])
def test_bundles_import_old_and_new_moves(tmp_path, old, new):
    f = tmp_path / "b.yaml"
    f.write_text(f"reflect_bundle: 1\ncase: {{label: YP-Z, context: {{moved: {old}}}}}\n")
    assert read_bundle(f)["context"]["moved"] == new


def test_a_bundle_with_an_unknown_move_is_refused_in_one_line(tmp_path):
    f = tmp_path / "b.yaml"
    f.write_text("reflect_bundle: 1\ncase: {label: YP-Z, context: {moved: perhaps}}\n")
    with pytest.raises(ReflectError) as info:
        read_bundle(f)
    assert "'moved' must be one of no, considering, moved" in str(info.value)


def test_export_writes_the_move_in_words(data_dir):
    with Store.open(data_dir) as store:
        case = store.create_case("YP-E", {"moved": True})
        assert case_to_bundle(store, case)["case"]["context"]["moved"] == "moved"


def _moved_prompt(phase: str) -> Prompt:
    return Prompt(f"t.{phase}", "t", "text", phase, ("preparation",), lens="safety", moved_only=True, phase=phase)


@pytest.mark.parametrize(
    "state, shown",
    [
        ("no", set()),
        (False, set()),
        ("considering", {"before", "decision"}),
        ("moved", {"before", "decision", "during", "after"}),
        (True, {"before", "decision", "during", "after"}),
    ],
)
def test_which_move_questions_show(state, shown):
    prompts = [_moved_prompt(p) for p in ("before", "decision", "during", "after")]
    assert {p.phase for p in prompts if p.shown_in("preparation", state)} == shown
    plain = Prompt("t.plain", "t", "text", "x", ("preparation",), lens="safety")
    assert plain.shown_in("preparation", state)


def test_a_considered_move_is_headed_as_ahead_not_done(pack):
    track = pack.step("track-family")
    considering = visible_prompts(pack, track, "preparation", "considering")
    assert [i.prompt.id for i in considering if i.prompt.moved_only] == ["track-family.before-home"]
    assert "If the young person is moved: before the move, in the home area" in [i.move_heading for i in considering]
    moved = visible_prompts(pack, track, "preparation", "moved")
    assert "Since the young person was moved: before the move, in the home area" in [i.move_heading for i in moved]


def _edit_prompt(root, name, prompt_id, **changes):
    path = root / "prompts" / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for prompt in doc["prompts"]:
        if prompt["id"] == prompt_id:
            prompt.update(changes)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def test_depth_and_the_decision_phase_are_read_and_checked(tmp_path):
    root = write_pack(tmp_path / "pack")
    _edit_prompt(root, "track-family.yaml", "track-family.before-home", phase="decision")
    framework = load_framework(root)
    assert framework.prompt("voice.describe").depth == "core"
    assert framework.prompt("voice.next").depth == "deeper"
    assert framework.prompt("track-family.before-home").phase == "decision"
    _edit_prompt(root, "03-voice.yaml", "voice.describe", depth="deep")
    problems = check_framework(root)
    assert len(problems) == 1 and "'depth' must be one of core, deeper" in problems[0]
    assert "03-voice.yaml:" in problems[0]


def test_a_pack_without_depths_loads_with_every_prompt_core(tmp_path):
    root = write_pack(tmp_path / "pack")
    for path in (root / "prompts").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for prompt in doc["prompts"]:
            prompt.pop("depth", None)
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    framework = load_framework(root)
    assert {p.depth for s in framework.steps for p in s.prompts} == {"core"}


def test_principles_shows_each_prompts_depth(tmp_path, capsys):
    root = write_pack(tmp_path / "pack")
    assert main(["--framework", str(root), "principles", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    depths = {p["id"]: p["depth"] for step in data["principles"] + data["tracks"] for p in step["prompts"]}
    assert depths["voice.describe"] == "core" and depths["voice.next"] == "deeper"
    assert main(["--framework", str(root), "principles"]) == 0
    text = capsys.readouterr().out
    assert "voice.next  (deeper)" in text and "voice.describe\n" in text
