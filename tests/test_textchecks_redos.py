"""F6: a pack's own check pattern that takes exponential time is refused, and never freezes a scan.

The reproduction from the reliability review: ``(\\w+\\s?)+$`` passed the
nested-repetition test, ``reflect check`` said ok, and scanning 41 characters
ran for more than 30 seconds. Now ``reflect check`` rejects it at its line,
and a scan that meets it anyway (the app reads a pack without checking it
first) gives up on that pattern within its budget.
"""

from __future__ import annotations

import textwrap
import threading
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core import textchecks
from reflect.core.textchecks import ChecksError
from reflect.core.textchecks.regex import LazyRegex
from tests.reliability_support import write_mini_pack

SLOW = ["(\\w+\\s?)+$", "(a|aa)+$"]


def _pack(root: Path, pattern: str) -> Path:
    write_mini_pack(root)
    escaped = pattern.replace("\\", "\\\\")
    (root / "checks.yaml").write_text(
        textwrap.dedent(f"""\
            version: 1
            identifying:
              - kind: redos-a
                pattern: "{escaped}"
                suggestion: x
                reason: y
            """),
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("pattern", SLOW)
def test_reflect_check_rejects_a_pattern_that_blows_its_budget(tmp_path, capsys, pattern):
    pack = _pack(tmp_path / "pack", pattern)
    assert main(["--framework", str(pack), "check"]) == 2
    err = capsys.readouterr().err
    assert "checks.yaml:4: redos-a: pattern takes too long" in err, err


def test_the_nested_repetition_test_alone_does_not_catch_it():
    # the static test passes these, which is why a time budget is needed at all
    for pattern in SLOW:
        LazyRegex(pattern, 0, Path("checks.yaml"), 1, "rule")


def test_a_pack_pattern_that_is_fine_passes_check(tmp_path, capsys):
    pack = _pack(tmp_path / "pack", "REF-\\d{6}")
    assert main(["--framework", str(pack), "check"]) == 0, capsys.readouterr().err


def test_a_scan_meeting_the_slow_pattern_gives_up_instead_of_hanging():
    slow = LazyRegex("(\\w+\\s?)+$", 0, Path("checks.yaml"), 3, "redos-a", guarded=True)
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.extend(slow.finditer("a" * 40 + "!")), daemon=True)
    worker.start()
    worker.join(timeout=20)  # not a timing assertion: the unguarded pattern runs for hours
    assert not worker.is_alive(), "the guarded pattern should stop at its budget"
    assert found == []


def test_a_guarded_pattern_still_finds_what_it_should():
    regex = LazyRegex("(?P<hit>REF-\\d{6})", 0, Path("checks.yaml"), 3, "ref", guarded=True)
    assert [m.group("hit") for m in regex.finditer("see REF-123456 and REF-654321")] == ["REF-123456", "REF-654321"]
    assert regex.search("no reference") is None


def test_a_pack_language_phrase_is_guarded_too(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "checks.yaml").write_text(
        textwrap.dedent("""\
            language:
              - id: slow-phrase
                match: ["re:(a|aa)+$"]
                suggestion: x
                reason: y (Someone, 2020)
            """),
        encoding="utf-8",
    )
    with pytest.raises(ChecksError, match="checks.yaml:3: slow-phrase: pattern takes too long"):
        textchecks.load_rules(pack)
