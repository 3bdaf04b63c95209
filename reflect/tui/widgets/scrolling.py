"""Keep a question in view with its answer while the user moves through a step.

Tab, a click or a new step moves the focus to an answer; the pane scrolls
as little as it can so the answer is in view, and the question above it too
when both fit. At the top of a step, the step's title stays in view with the
first question when the two fit on the screen.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.widget import Widget


def reveal(pane: ScrollableContainer, answer: Widget, card: Widget, from_top: bool = False) -> None:
    """Scroll ``pane`` so ``answer`` is in view, with its ``card`` (the question) above it if they fit."""
    view = pane.content_region
    w, c = answer.region, card.region
    if not w.height or not view.height:
        return
    dy = 0
    if w.bottom > view.bottom:
        dy = w.bottom - view.bottom
    if w.y - dy < view.y:
        dy = w.y - view.y
    if c.y - dy < view.y and w.bottom - c.y <= view.height:
        dy = c.y - view.y
    if from_top and w.bottom - view.y + pane.scroll_y <= view.height:
        dy = -int(pane.scroll_y)  # the step's title and the first question both fit: show them from the top
    if dy:
        pane.scroll_to(y=pane.scroll_y + dy, animate=False)
