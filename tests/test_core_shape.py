"""The core's shape: no loop, the framework a leaf, one home for every shared word.

``test_import_graph`` checks the whole package; these checks name the core's
own seams, so a regression says which one it broke.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from test_import_graph import _cycle, _graph

from reflect.core import words
from reflect.core.db_schema import MIGRATIONS

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "reflect" / "core"


def _core_graph() -> dict[str, set[str]]:
    graph = _graph()
    return {
        m: {t for t in targets if t.startswith("reflect.core")}
        for m, targets in graph.items()
        if m.startswith("reflect.core")
    }


def test_no_import_cycle_in_the_core():
    cycle = _cycle(_core_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_framework_is_a_leaf():
    imported = _core_graph()["reflect.core.framework"]
    above = {
        "reflect.core.framework_cache",
        "reflect.core.loader",
        "reflect.core.pack_check",
        "reflect.core.pack_parse",
        "reflect.core.textchecks",
        "reflect.core.store",
    }
    assert not imported & above, imported & above
    assert not any(m.startswith("reflect.core.notes") for m in imported), imported


def test_only_the_loader_reads_the_framework_cache():
    users = {m for m, targets in _graph().items() if "reflect.core.framework_cache" in targets}
    assert users == {"reflect.core.loader"}


def test_the_notes_package_and_every_core_module_load_without_textual():
    modules = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__") for p in CORE.rglob("*.py")
    )
    assert "reflect.core.notes.context" in modules  # subpackages are covered too
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(','.join(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == ""


SHARED_WORDS = {
    "MODES",
    "STATUSES",
    "MODE_TITLES",
    "STATUS_LABELS",
    "REVIEW_LABELS",
    "PHASE_TITLES",
    "AREA_TITLES",
    "MONTHS",
}


def test_shared_words_are_defined_only_in_words():
    defined: dict[str, list[str]] = {}
    for path in [*CORE.rglob("*.py"), REPO / "reflect" / "cli.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name) and target.id in SHARED_WORDS:
                    defined.setdefault(target.id, []).append(path.relative_to(REPO).as_posix())
    assert all(places == ["reflect/core/words.py"] for places in defined.values()), defined
    assert set(defined) >= SHARED_WORDS - {"STATUS_LABELS"}  # the note's state words are NOTE_STATE_LABELS


def test_the_database_allows_exactly_the_modes():
    check = re.search(r"mode IN \(([^)]*)\)", MIGRATIONS[1])
    assert check is not None
    assert tuple(m.strip().strip("'") for m in check.group(1).split(",")) == words.MODES


def test_content_ids_the_code_relies_on_are_in_the_built_in_pack():
    from reflect.core.loader import load_framework

    framework = load_framework()
    for field_id in (words.CHANGE_FIRST, words.QUESTIONS_FOR_SUPERVISION):
        assert framework.summary_field(field_id) is not None, field_id
