"""How a step stands in a session, told in words and a symbol (never colour alone).

The rule itself (what counts as reflected) lives in the core,
``reflect.core.progress``, so the notes tell the same story as the app.
"""

from __future__ import annotations

from typing import Any

from reflect.core.framework import Prompt, Step
from reflect.core.models import SessionRecord
from reflect.core.progress import NOT_RELEVANT, NOT_STARTED, REFLECTED, SET_ASIDE, answered, step_state  # noqa: F401

SYMBOLS = {REFLECTED: "✓", SET_ASIDE: "–", NOT_RELEVANT: "○", NOT_STARTED: "·"}
WORDS = {REFLECTED: "reflected", SET_ASIDE: "set aside", NOT_RELEVANT: "not relevant", NOT_STARTED: "not started"}
FLAG = "⚑"
FLAG_WORDS = "⚑ bring to supervision"

STAGES = {
    "describe": "Describe",
    "feel": "Feelings",
    "make-sense": "Making sense",
    "act": "Acting",
    "imagine": "Imagining",
}
PHASES = {"before": "before the move", "during": "during the move", "after": "after the move"}
AREAS = {"home": "in the home area", "placement": "in the placement area"}


def status_text(state: str) -> str:
    """e.g. "✓ reflected", "· not started"."""
    return f"{SYMBOLS.get(state, '·')} {WORDS.get(state, state)}"


def step_flags(record: SessionRecord, step: Step) -> int:
    ids = {p.id for p in step.prompts}
    return sum(1 for f in record.flags if f in ids)


def format_answer(prompt: Prompt | None, value: Any) -> str:
    """An answer as plain text, for read-only views (the preparation beside supervision)."""
    if not answered(value):
        return ""
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    if prompt is not None and prompt.kind == "scale" and prompt.scale and isinstance(value, int):
        lo, hi, low, high = prompt.scale
        ends = f" ({lo} = {low}, {hi} = {high})" if (low or high) else ""
        return f"{value} on a scale of {lo} to {hi}{ends}"
    return str(value)


def group_heading(prompt: Prompt, lens_titles: dict[str, str]) -> tuple[str, str]:
    """The (lens, move) headings a track prompt sits under."""
    lens = lens_titles.get(prompt.lens, prompt.lens.replace("-", " ").capitalize())
    move = ""
    if prompt.moved_only:
        parts = [p for p in (PHASES.get(prompt.phase, ""), AREAS.get(prompt.area, "")) if p]
        move = "Since the young person was moved: " + (", ".join(parts) if parts else "the move")
    return lens, move


def ordered_prompts(step: Step, prompts: list[Prompt], lens_order: list[str]) -> list[Prompt]:
    """Track prompts grouped by lens, then the move (before, during, after; home, placement).

    Principle prompts keep the pack's order. The sort is stable, so the
    authors' order holds inside each group.
    """
    if step.kind != "track":
        return list(prompts)
    phase_rank = {p: i for i, p in enumerate(("", "before", "during", "after"))}
    area_rank = {a: i for i, a in enumerate(("", "home", "placement"))}
    lens_rank = {lens: i for i, lens in enumerate(lens_order)}

    def key(p: Prompt) -> tuple:
        return (
            lens_rank.get(p.lens, len(lens_rank)),
            p.moved_only,
            phase_rank.get(p.phase, 9),
            area_rank.get(p.area, 9),
        )

    return sorted(prompts, key=key)
