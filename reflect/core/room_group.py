"""The trainer's group view of a workshop room: per prompt, the room's answers side by side (core: no Textual).

While ``reflect serve --room`` runs, the trainer wants to see what the room
thinks without walking round the laptops. This module gathers what every
seat has written so far (:func:`reflect.core.room_summary.read_seat`, opening
each store read-only: a participant's app is writing to it at the same time)
and lays it out per step and prompt: each answer under its participant's
number only, how many answered, and beside them the notes for the
facilitator, the pack's note for the prompt and the case's own note for the
step (:func:`reflect.core.workshop_library.step_note`). Prompts marked private
are never read, so they can never be shown. The pages themselves are
:mod:`reflect.core.room_group_html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from reflect.core.framework import Framework, Prompt
    from reflect.core.room_store import Seat
    from reflect.core.room_summary import SeatAnswers


@dataclass(frozen=True)
class GroupPrompt:
    """One prompt as the group view shows it: who answered what, and the pack's note."""

    prompt: Prompt
    #: (participant number, answer), in the order participants joined
    answers: tuple[tuple[int, Any], ...]

    @property
    def note(self) -> str:
        return self.prompt.facilitator


@dataclass(frozen=True)
class GroupStep:
    """One step that somebody in the room has answered, with the case's note for it."""

    number: int
    title: str
    case_note: str
    prompts: tuple[GroupPrompt, ...]


@dataclass(frozen=True)
class GroupView:
    """What the room has written so far."""

    case_label: str
    participants: int
    answered: int
    steps: tuple[GroupStep, ...]

    def find(self, prompt_id: str) -> GroupPrompt | None:
        return next((p for s in self.steps for p in s.prompts if p.prompt.id == prompt_id), None)


def case_context(framework: Framework | None, case: str | None) -> dict[str, Any]:
    """The room's fictional case's context (its facilitator notes per step); {} if it cannot be read."""
    from reflect.core.workshop_library import demo_bundle_path, find_case, read_case

    try:
        path = demo_bundle_path(framework) if case is None else find_case(case, framework)
        context = read_case(path, framework).get("context")
    except (ReflectError, OSError):
        return {}
    return context if isinstance(context, dict) else {}


def read_seats(seats: list[Seat], framework: Framework) -> list[SeatAnswers]:
    """Every ready seat's answers, read-only (slow: the server calls it off its event loop)."""
    from reflect.core.room_summary import read_seat

    return [read_seat(seat, framework, read_only=True) for seat in sorted(seats, key=lambda s: s.number) if seat.ready]


def build(seats: list[SeatAnswers], framework: Framework, context: dict[str, Any], case: str = "") -> GroupView:
    """The group view of ``seats``: the steps and prompts somebody answered, in the framework's order."""
    from reflect.core.workshop_library import step_note

    seats = sorted(seats, key=lambda s: s.number)
    steps = []
    for step in framework.steps:
        prompts = []
        for prompt in step.prompts:
            if prompt.private:
                continue
            said = tuple((s.number, s.answers[prompt.id]) for s in seats if prompt.id in s.answers)
            if said:
                prompts.append(GroupPrompt(prompt, said))
        if prompts:
            steps.append(GroupStep(step.number, step.short_title, step_note(context, step.id), tuple(prompts)))
    labels = sorted({s.case_label for s in seats if s.case_label})
    return GroupView(
        case_label=", ".join(labels) or case or "DEMO-Sam",
        participants=len(seats),
        answered=sum(1 for s in seats if s.answers),
        steps=tuple(steps),
    )
