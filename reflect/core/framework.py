"""The framework: principles, relational tracks, lenses and prompts.

A framework pack is a folder (``principles.yaml``, ``prompts/``, optional
``templates/`` and ``checks.yaml``); ``docs/framework.md`` describes it. This
module holds what a pack becomes: plain, immutable objects.

It is a leaf of the core: it never imports the notes, the text checks or the
cache, so everything else can build on it without a loop.
``pack_parse.parse_pack`` reads a pack into these objects and reports every
problem as ``file:line: message``; ``loader.load_framework`` keeps a sound
pack between runs; ``pack_check.check_framework`` also checks a pack's
templates and text-check lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect.core.content import content_root
from reflect.core.progress import answered  # the one rule for "holds an answer"
from reflect.core.words import MODES

KINDS = ("text", "scale", "choice", "checklist")
STAGES = ("describe", "feel", "make-sense", "act", "imagine")
PHASES = ("before", "during", "after", "decision")  # decision: while a move is being considered
DEPTHS = ("core", "deeper")  # core: asked first (one or two a step); deeper: one key away
AREAS = ("home", "placement")
DEFAULT_LENSES = (("consistency", "Consistency"), ("collaboration", "Collaboration"), ("safety", "Creating safety"))
MIN_PROMPTS_PER_PRINCIPLE = 5
PACK_FILE_MAX_BYTES = 2 * 1024 * 1024
#: a case's move: no move, a move being considered, moved (the case context's ``moved`` key)
MOVE_STATES = ("no", "considering", "moved")
#: the phases of the moved-only prompts a case shows while a move is being considered
CONSIDERING_PHASES = ("before", "decision")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


@dataclass(frozen=True)
class Evidence:
    note: str
    cite: str
    scope: str = ""


@dataclass(frozen=True)
class KeyIdea:
    term: str
    meaning: str


def move_state(value: Any) -> str:
    """A case's move state from its context's ``moved`` value: "no", "considering" or "moved".

    Stores and bundles from before the three states hold true or false
    (true is "moved"); anything unknown reads as "no".
    """
    if value is True:
        return "moved"
    if isinstance(value, str) and value in MOVE_STATES:
        return value
    return "no"


@dataclass(frozen=True)
class Prompt:
    """One reflective question. Its id is stable: answers are stored by it."""

    id: str
    step: str
    kind: str
    text: str
    modes: tuple[str, ...]
    private: bool = False
    hint: str = ""
    facilitator: str = ""
    stage: str = ""
    options: tuple[str, ...] = ()
    scale: tuple[int, int, str, str] | None = None  # min, max, low label, high label
    lens: str = ""
    moved_only: bool = False
    phase: str = ""
    area: str = ""
    depth: str = "core"
    #: ids of prompts this one took over when the pack merged them: their saved answers show here
    replaces: tuple[str, ...] = ()

    def answer_in(self, answers: Mapping[str, Any]) -> Any:
        """This prompt's answer in ``answers``, with what was written under the ids it replaces.

        A merged prompt keeps the words written to the prompts it absorbed, so
        no saved answer disappears from a note or the app when the pack is
        made leaner. Texts are shown one after the other, this prompt's own
        first; the app folds them into this prompt's answer when it is next
        saved (``SessionModel.save_answer``).
        """
        own = answers.get(self.id)
        if not self.replaces:
            return own
        parts = [v for v in (own, *(answers.get(i) for i in self.replaces)) if answered(v)]
        if not parts:
            return own
        if len(parts) > 1 and all(isinstance(v, str) for v in parts):
            return "\n\n".join(str(v).strip() for v in parts)
        return parts[0]

    @property
    def core(self) -> bool:
        """A core prompt comes first; a deeper one is one key away in today's focus."""
        return self.depth != "deeper"

    def shown_in(self, mode: str, moved: bool | str) -> bool:
        """Whether this prompt belongs in a session of ``mode`` for a case whose move state is ``moved``.

        ``moved`` is the case's move state ("no", "considering", "moved"); a
        bool is read as "moved" or "no". While a move is being considered
        only the moved-only prompts about before the move, and the decision
        itself, are shown.
        """
        if mode not in self.modes:
            return False
        if not self.moved_only:
            return True
        state = move_state(moved)
        return state == "moved" or (state == "considering" and self.phase in CONSIDERING_PHASES)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "modes": list(self.modes),
            "private": self.private,
            "depth": self.depth,
        }
        if self.replaces:
            data["replaces"] = list(self.replaces)
        for name in ("hint", "facilitator", "stage", "lens", "phase", "area"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.options:
            data["options"] = list(self.options)
        if self.scale:
            data["scale"] = dict(zip(("min", "max", "low", "high"), self.scale, strict=True))
        if self.moved_only:
            data["moved_only"] = True
        return data


@dataclass(frozen=True)
class Step:
    """A principle or a relational track: one stop in a session."""

    kind: str  # "principle" | "track"
    id: str
    number: int
    title: str
    short_title: str
    summary: str
    asks: tuple[str, ...] = ()
    key_ideas: tuple[KeyIdea, ...] = ()
    tensions: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    links: tuple[str, ...] = ()
    often_missed: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()

    def prompts_for(self, mode: str, moved: bool | str = False) -> list[Prompt]:
        return [p for p in self.prompts if p.shown_in(mode, moved)]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "short_title": self.short_title,
            "summary": self.summary,
        }
        if self.kind == "principle":
            data["links"] = list(self.links)
        data["prompts"] = [p.to_json() for p in self.prompts]
        return data


@dataclass(frozen=True)
class Lens:
    id: str
    title: str


@dataclass(frozen=True)
class SummaryField:
    id: str
    label: str
    modes: tuple[str, ...] = MODES
    private: bool = False
    #: "text" (free text) or "date" (a real date, stored as YYYY-MM-DD; see reflect.core.dates)
    kind: str = "text"


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    root: Path
    principles: tuple[Step, ...]
    tracks: tuple[Step, ...]
    lenses: tuple[Lens, ...]
    summary_fields: tuple[SummaryField, ...]
    _steps: dict[str, Step] = field(default_factory=dict, compare=False, repr=False)
    _prompts: dict[str, Prompt] = field(default_factory=dict, compare=False, repr=False)
    _former: dict[str, Prompt] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for step in self.steps:
            self._steps[step.id] = step
            for prompt in step.prompts:
                self._prompts[prompt.id] = prompt
                for old in prompt.replaces:
                    self._former[old] = prompt

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.principles + self.tracks

    def step(self, step_id: str) -> Step | None:
        return self._steps.get(step_id)

    def prompt(self, prompt_id: str) -> Prompt | None:
        """The prompt with this id, or the one that replaced it when the pack merged prompts."""
        return self._prompts.get(prompt_id) or self._former.get(prompt_id)

    @property
    def prompt_ids(self) -> set[str]:
        return set(self._prompts)

    def summary_fields_for(self, mode: str) -> list[SummaryField]:
        return [f for f in self.summary_fields if mode in f.modes]

    def summary_field(self, field_id: str) -> SummaryField | None:
        return next((f for f in self.summary_fields if f.id == field_id), None)

    def lens(self, lens_id: str) -> Lens | None:
        return next((lens for lens in self.lenses if lens.id == lens_id), None)

    @property
    def template_dirs(self) -> list[Path]:
        dirs = [self.root / "templates", content_root() / "templates"]
        return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]

    def vocabulary(self) -> list[str]:
        """Phrases of the framework itself, never to be taken for a person's name."""
        words = [self.name]
        for step in self.steps:
            words += [step.title, step.short_title]
            words += [idea.term for idea in step.key_ideas]
        words += [lens.title for lens in self.lenses]
        return [w for w in words if w]

    def to_json(self) -> dict[str, Any]:
        return {
            "framework": {"id": self.id, "name": self.name, "version": self.version},
            "principles": [s.to_json() for s in self.principles],
            "tracks": [s.to_json() for s in self.tracks],
            "lenses": [{"id": lens.id, "title": lens.title} for lens in self.lenses],
            "summary_fields": [
                {"id": f.id, "label": f.label, "modes": list(f.modes), "private": f.private, "kind": f.kind}
                for f in self.summary_fields
            ],
        }
