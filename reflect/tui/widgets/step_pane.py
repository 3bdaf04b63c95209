"""The step on screen: its head, "why this matters" (on F3), and its questions.

The pane keeps what the user is writing in view: when the focus moves to an
answer (Tab, a click, a new step) it scrolls as little as it can so the
answer is in view, and the question above it too when both fit; at the top
of a step, the step's title stays in view with the first question when the
two fit. "Why this matters" takes the focus while it is open and gives it
back where the user was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget

from reflect.core.framework import Framework, Step
from reflect.core.session import SessionModel
from reflect.tui.widgets.prompt_card import AnswerCard
from reflect.tui.widgets.step_head import StepHead
from reflect.tui.widgets.why import WhyPanel


class StepPane(VerticalScroll):
    DEFAULT_CSS = """
    StepPane #step-content { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.why_shown = False
        self._why_return: Widget | None = None

    def compose(self) -> ComposeResult:
        yield StepHead(id="step-head")
        yield WhyPanel(id="why")
        yield Vertical(id="step-content")

    async def show(self, widgets: list[Widget]) -> None:
        """Put a step's widgets in place of the last step's."""
        content = self.query_one("#step-content", Vertical)
        await content.remove_children()
        await content.mount_all(widgets)

    def show_head(self, model: SessionModel, step_id: str) -> None:
        self.query_one(StepHead).show_step(model, step_id, self.why_shown)

    def set_why(self, step: Step | None, framework: Framework, move_focus: bool = True) -> None:
        """Show "why this matters" for ``step`` above the questions, or hide it (``step`` None)."""
        why = self.query_one(WhyPanel)
        shown = step is not None
        was, self.why_shown = self.why_shown, shown
        if step is not None:
            why.show_step(step, framework)
        why.set_class(shown, "-shown")
        if move_focus and shown and not was:
            self._why_return = self.screen.focused
            self.scroll_home(animate=False)
            why.focus(scroll_visible=False)
        elif move_focus and was and not shown:
            target, self._why_return = self._why_return, None
            if target is None or not target.is_attached:
                self.focus_first()
                return
            target.focus(scroll_visible=False)
            card = AnswerCard.of(target, self)
            if card is not None:
                self.call_after_refresh(self.reveal, card)

    def focus_first(self) -> None:
        """The step's first answer takes the focus (with the step's title in view), or else its first control."""
        content = self.query_one("#step-content")
        card = next(iter(content.query_children(AnswerCard)), None)
        if card is not None:
            card.focus_editor(scroll_visible=False)
            self.call_after_refresh(self.reveal, card, from_top=True)
            return
        for widget in content.query("*"):
            if widget.focusable:
                self.screen.set_focus(widget)  # now, not on the app's next turn: keys typed next belong here
                return

    def reveal(self, card: AnswerCard, from_top: bool = False) -> None:
        """Scroll so the focused answer is in view, with its question above it when both fit."""
        answer = self.screen.focused
        if answer is None or not card.is_attached or AnswerCard.of(answer, self) is not card:
            return
        view = self.content_region
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
        if from_top and w.bottom - view.y + self.scroll_y <= view.height:
            dy = -int(self.scroll_y)  # the step's title and the first question both fit: show them from the top
        if dy:
            self.scroll_to(y=self.scroll_y + dy, animate=False)
