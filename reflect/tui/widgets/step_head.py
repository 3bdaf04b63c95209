"""The top of a step, and the headings between a track's groups of prompts.

``StepHead`` holds the step's number and where it stands, its title, the
principle's official wording and two clickable shortcuts (why this matters,
mark the step). It is redrawn after every save, so it changes only what
changed: an unchanged head must not lay the screen out again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Static

from reflect.core.progress import SET_ASIDE
from reflect.core.session import ACTIONS_STEP, SessionModel
from reflect.tui.widgets.quiet_update import update_quietly
from reflect.tui.widgets.status import status_text


class StepHead(Vertical):
    """The step's number, status and title, with clickable shortcuts."""

    DEFAULT_CSS = """
    StepHead { height: auto; padding: 0 1; margin-bottom: 1; }
    StepHead > Static { height: auto; }
    StepHead > .step-title { text-style: bold; color: $primary; }
    StepHead > .step-official { text-style: italic; color: $text-muted; }
    StepHead > .step-links { color: $text-muted; }
    StepHead > .-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, str, str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="step-status")
        yield Static("", classes="step-title", markup=False)
        yield Static("", classes="step-official", markup=False)
        yield Static("", classes="step-links")

    def show_step(self, model: SessionModel, step_id: str, why_shown: bool) -> None:
        """The head of a principle or track (where it stands, why it matters), or of the actions or summary."""
        step = model.step(step_id)
        if step is None:
            what = (
                "What will be done, by whom, and by when."
                if step_id == ACTIONS_STEP
                else f"The closing questions of this {model.mode} session. Then F9 to see the note."
            )
            self.show("[dim]Finish[/dim]", step_id.capitalize(), "", what)
            return
        framework, record = model.framework, model.record
        group, steps = (
            ("Principle", framework.principles) if step.kind == "principle" else ("Relational track", framework.tracks)
        )
        state = model.state(step)
        status = f"[dim]{group} {step.number} of {len(steps)}[/dim]   [b]{escape(status_text(state))}[/b]"
        if state == SET_ASIDE and record.set_aside_reasons.get(step.id):
            status += f": {escape(record.set_aside_reasons[step.id])}"
        official = step.title if step.kind == "principle" and step.title != step.short_title else ""
        why = "Hide" if why_shown else "Why this matters"
        links = f"[@click=screen.toggle_why]▸ {why} F3[/]   [@click=screen.mark_step]▸ Mark step F5[/]"
        self.show(status, step.short_title, official, links)

    def show(self, status: str, title: str, official: str = "", links: str = "") -> None:
        shown = (status, title, official, links)
        if self._shown == shown:
            return
        self._shown = shown
        # a save changes the status words ("Not started" to "Reflected"): redrawn without laying
        # the screen out again, which would land in the middle of the typing that caused the save
        update_quietly(self.query_one(".step-status", Static), status)
        update_quietly(self.query_one(".step-title", Static), title)
        official_line = self.query_one(".step-official", Static)
        update_quietly(official_line, official)
        official_line.set_class(not official, "-empty")
        links_line = self.query_one(".step-links", Static)
        update_quietly(links_line, links)
        links_line.set_class(not links, "-empty")


class GroupHeading(Static):
    """A track's lens ("Consistency"), or the part of a move its next prompts ask about."""

    DEFAULT_CSS = """
    GroupHeading { text-style: bold; color: $secondary; height: auto; padding: 0 1; margin-top: 1; }
    GroupHeading.-move { text-style: italic; color: $text-muted; margin-top: 0; }
    """
