"""Every step of the built-in framework opens on something to write.

A step opens with the focus on its first prompt. When that was a checklist
(Principles 6 and 8 once), a new user typed their answer into it and the
space between the words ticked an option. A question to write in comes
first; the choices follow.
"""

from __future__ import annotations

import pytest

from reflect.core.framework import Prompt, Step

MODES = ("preparation", "supervision", "workshop")


def first_shown(step: Step, mode: str, moved: bool, lens_order: list[str]) -> Prompt | None:
    """The prompt a step opens on: a track's prompts are shown by lens, the move's own after the rest."""
    prompts = step.prompts_for(mode, moved=moved)
    if step.kind == "track":
        rank = {lens: i for i, lens in enumerate(lens_order)}
        prompts = sorted(prompts, key=lambda p: (rank.get(p.lens, len(rank)), p.moved_only))
    return prompts[0] if prompts else None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("moved", [False, True])
def test_every_step_opens_on_a_prompt_to_write(framework, mode, moved):
    lens_order = [lens.id for lens in framework.lenses]
    for step in framework.steps:
        first = first_shown(step, mode, moved, lens_order)
        assert first is not None, f"{step.id} has nothing to ask in {mode}"
        assert first.kind == "text", f"{step.id} opens on a {first.kind} ({first.id}) in {mode}"


def test_curious_and_safer_spaces_keep_their_checklists_second(framework):
    """The reorder moved a question to write in before the checklist; the checklist is still asked."""
    for step_id, checklist in (("curious", "curious.sources"), ("safer-spaces", "safer-spaces.places")):
        ids = [p.id for p in framework.step(step_id).prompts]
        assert ids.index(checklist) == 1, ids
