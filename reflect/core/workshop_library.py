"""The library of fictional workshop cases (core work: no Textual here).

A trainer soon uses up one case, so beside the built-in ``demo.yaml``
(DEMO-Sam, still the default) the ``workshops/`` folder holds more
fictional cases, one bundle each, named after its label
(``workshops/DEMO-JB.yaml``). They differ in age, gender, harm, family
and setting, so a group can pick the one closest to its work.

Each is an ordinary bundle and goes through the same checks as
``demo.yaml`` (:func:`reflect.core.bundle.read_bundle`); what a workshop
needs on top lives in the case's ``context``, which bundles keep as it is:

``summary``      one line for ``reflect demo --list``
``setting``      home, foster care or residential care
``gender``       as the case describes the young person
``stages``       the story in stages: ``title``, ``story`` and ``questions``
                 for the group to discuss after each stage
``facilitator``  a note per step id for the facilitator, shown with the
                 framework's own notes (hidden from the room until asked for)

The app reads a case's story from ``vignette``; a library case written in
stages gets one made from them when it is loaded (:func:`with_story`), so
the story screen shows each stage with its questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from reflect.core.framework import Framework

LIBRARY_DIR = "workshops"
DEMO_FILE = "demo.yaml"
DEFAULT_CASE = "DEMO-Sam"
SUFFIX = ".yaml"


@dataclass(frozen=True)
class LibraryCase:
    """One fictional case as ``reflect demo --list`` shows it."""

    label: str
    summary: str
    age_band: str
    setting: str
    harms: tuple[str, ...]
    move: str
    path: Path

    @property
    def harm_line(self) -> str:
        """The kinds of harm, and a move when there is one (a relocation decision is part of the case)."""
        harms = ", ".join(self.harms) or "harm not stated"
        if self.move == "considering":
            return f"{harms}; a move is being considered"
        if self.move == "moved":
            return f"{harms}; moved away from home"
        return harms


def demo_bundle_path(framework: Framework | None = None) -> Path:
    """The default fictional case: the pack's own ``demo.yaml`` if it has one, else the built-in one."""
    from reflect.core.content import content_root

    if framework is not None and (framework.root / DEMO_FILE).is_file():
        return framework.root / DEMO_FILE
    return content_root() / DEMO_FILE


def library_dir() -> Path:
    """The folder of workshop cases that ships with reflect."""
    from reflect.core.content import content_root

    return content_root() / LIBRARY_DIR


def case_paths(framework: Framework | None = None) -> list[Path]:
    """Every fictional case's bundle: the default one first, then the library by name."""
    folder = library_dir()
    found = sorted(folder.glob("*" + SUFFIX), key=lambda p: p.name.casefold()) if folder.is_dir() else []
    return [demo_bundle_path(framework), *found]


def find_case(name: str, framework: Framework | None = None) -> Path:
    """The bundle of the case called ``name`` (any letter case); one clear line when there is none."""
    wanted = name.strip().casefold()
    paths = case_paths(framework)
    if wanted == DEFAULT_CASE.casefold():
        return paths[0]
    for path in paths[1:]:
        if path.stem.casefold() == wanted:
            return path
    raise ReflectError(f"there is no fictional case called {name!r}; 'reflect demo --list' shows them")


def read_case(path: Path, framework: Framework | None = None) -> dict[str, Any]:
    """A case's bundle, through the same checks as any bundle, with its story made from its stages."""
    from reflect.core.bundle import read_bundle

    return with_story(read_bundle(path, framework))


def list_cases(framework: Framework | None = None) -> list[LibraryCase]:
    """Every fictional case, the default first."""
    cases = []
    for path in case_paths(framework):
        data = read_case(path, framework)
        ctx = data["context"]
        cases.append(
            LibraryCase(
                label=data["label"],
                summary=_text(ctx.get("summary")) or "a fictional case",
                age_band=_text(ctx.get("age_band")) or "age not stated",
                setting=_text(ctx.get("setting")) or "setting not stated",
                harms=tuple(str(h) for h in ctx.get("harms") or ()),
                move=_text(ctx.get("moved")) or "no",
                path=path,
            )
        )
    return cases


def list_lines(cases: list[LibraryCase]) -> list[str]:
    """``reflect demo --list``: one line a case (label, age, setting, harm), its summary under it."""
    width = max((len(c.label) for c in cases), default=0)
    setting_width = max((len(c.setting) for c in cases), default=0)
    lines = []
    for case in cases:
        default = "  (the default)" if case.label == DEFAULT_CASE else ""
        lines.append(
            f"{case.label:<{width}}  {case.age_band:<5}  {case.setting:<{setting_width}}  {case.harm_line}{default}"
        )
        lines.append(f"{'':<{width}}  {case.summary}")
    lines.append("")
    lines.append("Open one with 'reflect demo LABEL', or 'reflect demo LABEL --workshop' to start a workshop on it.")
    return lines


def story_from_stages(stages: Any) -> str:
    """The story the room reads: each stage's title, its story, then its questions for the group."""
    if not isinstance(stages, list):
        return ""
    parts = []
    for number, stage in enumerate(stages, start=1):
        if not isinstance(stage, dict):
            continue
        title = _text(stage.get("title"))
        parts.append(f"Stage {number}" + (f" — {title}" if title else ""))
        raw = stage.get("story")
        story = raw if isinstance(raw, str) else ""
        parts += [_text(p) for p in story.replace("\r\n", "\n").split("\n\n") if p.strip()]
        questions = [_text(q) for q in stage.get("questions") or () if _text(q)]
        if questions:
            parts.append("For the group to discuss:")
            parts += [f"• {q}" for q in questions]
    return "\n\n".join(parts)


def with_story(data: dict[str, Any]) -> dict[str, Any]:
    """A loaded bundle whose case is written in stages, with its ``vignette`` made from them (if it has none)."""
    ctx = data["context"]
    if not _text(ctx.get("vignette")):
        story = story_from_stages(ctx.get("stages"))
        if story:
            data = {**data, "context": {**ctx, "vignette": story}}
    return data


def step_note(context: dict[str, Any], step_id: str) -> str:
    """The case's own note for the facilitator on one step ("" when it has none)."""
    notes = context.get("facilitator")
    if not isinstance(notes, dict):
        return ""
    return _text(notes.get(step_id))


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""
