"""``reflect check``: every problem with a pack, from every reader that reads it.

A pack is more than its YAML: its templates are read by the notes and its
``checks.yaml`` by the text checks. This module sits above all three, so the
framework itself never has to import the notes or the checks to be checked.
"""

from __future__ import annotations

from pathlib import Path

from reflect.core import textchecks
from reflect.core.content import content_root
from reflect.core.framework import Framework
from reflect.core.notes import check_templates
from reflect.core.pack_parse import parse_pack


def check_framework(pack_dir: Path | str | None = None) -> list[str]:
    """Every problem with a pack (or the built-in content), as ``file:line: message``."""
    root = Path(pack_dir) if pack_dir else content_root()
    framework, problems = parse_pack(root)
    if framework is not None:
        problems = list(problems) + _check_extras(framework)
    return list(dict.fromkeys(problems))  # the same problem found by two readers is told once


def _check_extras(framework: Framework) -> list[str]:
    """Templates and text-check lists of a pack, which have their own readers."""
    return check_templates(framework) + textchecks.check_rules(framework)
