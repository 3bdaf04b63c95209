"""Which prompts a step shows, in what order and under which headings, and answers in words.

A principle keeps its prompts in the pack's order. A track groups its prompts
by lens (consistency, collaboration, creating safety), and inside each lens
puts the prompts about a move (before, during, after; home area, placement
area) after the others, so a moved young person's questions read in the
order the move happened. The app and the notes word these headings, and a
scale answer, the same way (``reflect.core.words``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reflect.core.framework import Framework, Prompt, Step, move_state
from reflect.core.models import SessionRecord
from reflect.core.progress import answered
from reflect.core.words import AREA_TITLES, PHASE_TITLES, scale_text

_PHASES = ("", "before", "decision", "during", "after")
_AREAS = ("", "home", "placement")


@dataclass(frozen=True)
class PromptItem:
    """A prompt as a step shows it, with the headings that start before it (empty when none)."""

    prompt: Prompt
    heading: str = ""
    move_heading: str = ""


def group_heading(prompt: Prompt, lens_titles: dict[str, str], considering: bool = False) -> tuple[str, str]:
    """The (lens, move) headings a track prompt sits under; the move heading is "" for most prompts.

    ``considering``: the move is being considered, not made, so the heading looks ahead.
    """
    lens = lens_titles.get(prompt.lens, prompt.lens.replace("-", " ").capitalize())
    move = ""
    if prompt.moved_only:
        parts = []
        if prompt.phase in PHASE_TITLES:
            parts.append(PHASE_TITLES[prompt.phase].lower())
        if prompt.area in AREA_TITLES:
            parts.append("in the " + AREA_TITLES[prompt.area].lower())
        lead = "If the young person is moved: " if considering else "Since the young person was moved: "
        move = lead + (", ".join(parts) if parts else "the move")
    return lens, move


def ordered_prompts(step: Step, prompts: Sequence[Prompt], lens_order: Sequence[str]) -> list[Prompt]:
    """Track prompts grouped by lens, then the move (before, during, after; home, placement).

    Principle prompts keep the pack's order. The sort is stable, so the
    authors' order holds inside each group.
    """
    if step.kind != "track":
        return list(prompts)
    lens_rank = {lens: i for i, lens in enumerate(lens_order)}

    def key(p: Prompt) -> tuple[int, bool, int, int]:
        phase = _PHASES.index(p.phase) if p.phase in _PHASES else 9
        area = _AREAS.index(p.area) if p.area in _AREAS else 9
        return (lens_rank.get(p.lens, len(lens_rank)), p.moved_only, phase, area)

    return sorted(prompts, key=key)


def visible_prompts(
    framework: Framework,
    step: Step,
    mode: str,
    moved: bool | str,
    keep: Callable[[Prompt], bool] | None = None,
) -> list[PromptItem]:
    """The prompts a step shows in a session of ``mode`` on a case (by its move state), in order, with headings.

    ``keep`` narrows them further (today's focus keeps the core prompts, and
    the deeper ones when asked for or answered); the headings follow what is kept.
    """
    shown = [p for p in step.prompts_for(mode, moved=moved) if keep is None or keep(p)]
    prompts = ordered_prompts(step, shown, [lens.id for lens in framework.lenses])
    if step.kind != "track":
        return [PromptItem(p) for p in prompts]
    titles = {lens.id: lens.title for lens in framework.lenses}
    items = []
    last_lens: str | None = None
    last_move = ""
    for prompt in prompts:
        lens, move = group_heading(prompt, titles, considering=move_state(moved) == "considering")
        heading = ""
        if lens != last_lens:
            heading, last_lens, last_move = lens, lens, ""
        items.append(PromptItem(prompt, heading, move if move and move != last_move else ""))
        last_move = move
    return items


def step_flags(record: SessionRecord, step: Step) -> int:
    """How many of a step's prompts are flagged to bring to supervision."""
    ids = {p.id for p in step.prompts}
    return sum(1 for f in record.flags if f in ids)


def format_answer(prompt: Prompt | None, value: Any) -> str:
    """An answer as plain text, for read-only views (the preparation beside a supervision)."""
    if not answered(value):
        return ""
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    if prompt is not None and prompt.kind == "scale" and isinstance(value, int):
        return scale_text(value, prompt.scale)
    return str(value)
