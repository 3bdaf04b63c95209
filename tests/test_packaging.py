"""The package as published: its name, licence, changelog, and an sdist that holds its own tests' needs.

Building takes too long for the suite; these read ``pyproject.toml`` instead,
so a new top-level folder that the tests use cannot be left out of the
source distribution unnoticed (``scripts/`` once was, and the unpacked sdist
then failed its own tests).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="reads pyproject.toml with Python 3.11's tomllib")

REPO = Path(__file__).resolve().parents[1]
NOT_SHIPPED = {"PKG-INFO", "dist", "build"}  # what a build or an unpacked sdist adds beside the sources


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_has_its_own_name_and_the_command_stays_reflect(pyproject):
    project = pyproject["project"]
    assert project["name"] == "reflect-practice"  # "reflect" on the package index is someone else's
    assert project["scripts"] == {"reflect": "reflect.cli:main"}
    assert (REPO / "reflect" / "__main__.py").is_file()  # python -m reflect


def test_licence_and_changelog_travel_with_it(pyproject):
    project = pyproject["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright (c)" in licence
    assert "## [Unreleased]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_classifiers_name_every_python_it_supports_and_every_system(pyproject):
    project = pyproject["project"]
    lowest = int(re.fullmatch(r">=3\.(\d+)", project["requires-python"]).group(1))  # type: ignore[union-attr]
    classifiers = set(project["classifiers"])
    for minor in range(lowest, 15):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    for system in ("Microsoft :: Windows", "MacOS", "POSIX :: Linux"):
        assert f"Operating System :: {system}" in classifiers


def _top_level() -> list[Path]:
    """What is at the top of the repository: git's tracked files where there is a checkout.

    Files a run leaves behind (a snapshot report, a build folder) are not the
    project's, and git ignores them.
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, encoding="utf-8", check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return list(REPO.iterdir())
    return sorted({REPO / Path(name).parts[0] for name in listed})


def test_the_sdist_holds_every_top_level_file_and_folder(pyproject):
    included = set(pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    missing = [p for p in included if not (REPO / p).exists()]
    assert not missing, f"named in the sdist but not in the repository: {missing}"
    top = {
        p.name
        for p in _top_level()
        if not p.name.startswith(".") and p.name not in NOT_SHIPPED and p.name != "pyproject.toml"
    }
    assert top - included == set(), "add these to [tool.hatch.build.targets.sdist] include, or they are not shipped"
