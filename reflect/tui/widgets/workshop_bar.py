"""The workshop bar: one line above the step, always in view.

On the left, the step timer when one is set; on the right, the facilitator's
keys, each clickable (a web browser keeps some keys for itself), with
whether the facilitator notes are shown or hidden.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from reflect.tui.widgets.workshop_timer import StepTimer

WIDE = 100  # columns from which the keys are named in full
MEDIUM = 76  # ...and from which the keys are shown at all (below, the words alone, clickable)


class WorkshopBar(Horizontal):
    DEFAULT_CSS = """
    WorkshopBar { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    WorkshopBar > .workshop-keys { width: auto; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield StepTimer(id="step-timer")
        yield Static("", classes="workshop-keys")

    def show_keys(self, notes_shown: bool, width: int = 100) -> None:
        """The keys, in as many words as ``width`` columns allow (the timer keeps room on the left)."""
        notes = "shown" if notes_shown else "hidden"
        story, toggle, timer = "screen.show_story", "screen.toggle_facilitator", "screen.set_timer"
        if width >= WIDE:
            text = (
                f"[@click={story}]▸ Story F12[/]   "
                f"[@click={toggle}]▸ Facilitator notes F10: {notes}[/]   "
                f"[@click={timer}]▸ Timer ctrl+t[/]"
            )
        elif width >= MEDIUM:
            text = (
                f"[@click={story}]Story F12[/] · [@click={toggle}]Notes F10: {notes}[/] · [@click={timer}]Timer ^t[/]"
            )
        else:
            text = f"[@click={story}]Story[/] · [@click={toggle}]Notes: {notes}[/] · [@click={timer}]Timer[/]"
        self.query_one(".workshop-keys", Static).update(text)
