"""The case form's label warnings: the core decides what is found, the form words it.

The rules are tested in tests/test_textchecks_facade.py; these check the
form's sentences, and that a broken pack list never silences the warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.tui.screens.case_form import label_warnings


@dataclass(frozen=True)
class BrokenPack:
    root: Path

    def vocabulary(self) -> list[str]:
        return []


def test_the_form_words_each_finding(framework):
    assert label_warnings("Sam Jones", framework) == ["“Sam Jones” looks like a real name"]
    assert label_warnings("Jay 12/03/2011", framework) == [
        "it contains what looks like a date (a date of birth identifies a child)"
    ]
    assert label_warnings("YP 943 476 5919", framework) == ["“943 476 5919” looks like an NHS number"]
    assert label_warnings("YP-A", framework) == []


def test_a_broken_pack_list_falls_back_to_the_builtin_checks(tmp_path):
    (tmp_path / "checks.yaml").write_text("colours: [red]\n", encoding="utf-8")
    assert label_warnings("Sam Jones", BrokenPack(tmp_path)) == ["“Sam Jones” looks like a real name"]
