"""How a step stands in a session, told in words and a symbol (never colour alone).

A step the user marked keeps that mark; an unmarked step with at least one
answer counts as reflected; otherwise it is not started. The app never scores
anything: these are only places the practitioner has been.
"""

from __future__ import annotations

from typing import Any

from reflect.core.framework import Prompt, Step
from reflect.core.models import SessionRecord

REFLECTED, SET_ASIDE, NOT_RELEVANT, NOT_STARTED = "reflected", "set-aside", "not-relevant", ""

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


def answered(value: Any) -> bool:
    """Whether a stored answer says anything (blank text and empty lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return True


def step_state(record: SessionRecord, step: Step) -> str:
    """reflected / set-aside / not-relevant, or "" for not started."""
    marked = record.status.get(step.id)
    if marked:
        return marked
    if any(answered(record.answers.get(p.id)) for p in step.prompts):
        return REFLECTED
    return NOT_STARTED


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
