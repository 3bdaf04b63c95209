"""A pack's prompt 'depth', 'replaces' and the move 'decision' phase are read and checked.

depth says which prompts are asked first (core) and which are one key away
(deeper); replaces lets a merged prompt keep the answers saved under the ids
it took over. A mistake in either is one ``file:line: message``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reflect.core.content import content_root
from reflect.core.pack_parse import parse_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    source = content_root()
    shutil.copy(source / "principles.yaml", root / "principles.yaml")
    shutil.copytree(source / "prompts", root / "prompts")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_built_in_pack_reads_depth_replaces_and_decision(pack):
    framework, problems = parse_pack(pack)
    assert not problems and framework is not None
    assert framework.prompt("children-first.whole-person").depth == "core"
    assert framework.prompt("children-first.language").depth == "deeper"
    decision = framework.prompt("track-practitioner.move-decision")
    assert decision.phase == "decision" and decision.moved_only
    assert framework.prompt("safer-spaces.moving-costs") is decision  # a merged id finds its successor
    assert decision.to_json()["depth"] == "core"
    assert "safer-spaces.moving-costs" in decision.to_json()["replaces"]


def test_an_unknown_depth_is_one_clear_line(pack):
    path = pack / "prompts" / "01-children-first.yaml"
    _edit(path, "depth: deeper", "depth: medium")
    framework, problems = parse_pack(pack)
    assert framework is None
    assert any("01-children-first.yaml:" in p and "'depth' must be one of core, deeper" in p for p in problems)


def test_a_prompt_may_not_replace_a_prompt_still_in_the_pack(pack):
    path = pack / "prompts" / "01-children-first.yaml"
    _edit(path, "replaces: [relationships.strengths]", "replaces: [relationships.who-matters]")
    framework, problems = parse_pack(pack)
    assert framework is None
    assert any("replaces 'relationships.who-matters', which is still in the pack" in p for p in problems)


def test_an_id_cannot_be_replaced_twice(pack):
    path = pack / "prompts" / "01-children-first.yaml"
    _edit(path, "replaces: [relationships.strengths]", "replaces: [relationships.strengths, voice.explain]")
    framework, problems = parse_pack(pack)
    assert framework is None
    assert any("'voice.explain' is replaced twice" in p for p in problems)


def test_a_prompt_without_depth_is_core(pack):
    path = pack / "prompts" / "01-children-first.yaml"
    _edit(path, "    depth: deeper\n", "")
    framework, problems = parse_pack(pack)
    assert not problems
    assert framework.prompt("children-first.language").depth == "core"
