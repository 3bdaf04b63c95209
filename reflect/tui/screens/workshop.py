"""Workshop mode: the session screen as a trainer runs it with a group.

``WorkshopSessionScreen`` is a :class:`~reflect.tui.screens.session.SessionScreen`
(the app picks it for a session whose mode is "workshop"). On top of the
usual steps it has:

* the case's story (its vignette) on its own screen when the session opens,
  and again on F12;
* the facilitator's notes under each prompt, hidden at first so a shared
  screen shows only the question, shown and hidden again with F10 (or
  ctrl+l, for terminals that keep F10 for their own menu);
* an optional step timer (ctrl+t): a quiet countdown that only says when
  time is up, and stops when the group moves to another step;
* a one-line workshop bar above the step with the timer and these keys,
  each clickable (a web browser keeps ctrl+t for itself);
* the text answers labelled "Group's answer";
* the list of steps folded away on screens narrower than 100 columns, so
  the question and the answer have the room (F4 brings it back).

Its keys and CSS are its own (Textual merges ``BINDINGS`` and
``DEFAULT_CSS`` along the class's bases); what differs from a plain session
is written as overrides of the session screen's methods. What it remembers
while the app runs (notes shown, story seen, the last timer) is a
``WorkshopState`` the app keeps per session and hands in.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches

from reflect.core.framework import Prompt, SummaryField
from reflect.core.session import SessionModel
from reflect.core.workshop_library import step_note
from reflect.tui.dialogs.timer import TimerDialog
from reflect.tui.dialogs.vignette import VignetteScreen
from reflect.tui.screens.session import SessionScreen
from reflect.tui.widgets.editors import TextAnswer
from reflect.tui.widgets.prompt_card import AnswerCard, PromptCard, SummaryCard
from reflect.tui.widgets.workshop_bar import WorkshopBar
from reflect.tui.widgets.workshop_timer import DEFAULT_MINUTES, TIME_UP, StepTimer

#: below this many columns a workshop session starts with the list of steps folded away
WORKSHOP_NARROW = 100
GROUP_LABEL = "Group's answer"
GROUP_PLACEHOLDER = "What the group says (saved as you type)"

STORY_KEY, NOTES_KEY, NOTES_ALT_KEY, TIMER_KEY = "f12", "f10", "ctrl+l", "ctrl+t"

NOTES_TIP = (
    "Workshops: show or hide the facilitator's notes (hidden at first, for a shared screen; "
    "ctrl+l is there for terminals that keep F10 for their menu)"
)

WORKSHOP_BINDINGS = [
    Binding(STORY_KEY, "show_story", "Story", show=False, tooltip="Workshops: read the case's story again"),
    Binding(NOTES_KEY, "toggle_facilitator", "Facilitator notes", show=False, tooltip=NOTES_TIP),
    Binding(NOTES_ALT_KEY, "toggle_facilitator", "Facilitator notes", show=False, tooltip=NOTES_TIP),
    Binding(
        TIMER_KEY,
        "set_timer",
        "Step timer",
        show=False,
        tooltip="Workshops: a quiet countdown for this step, 1 to 60 minutes, or off",
    ),
]


@dataclass
class WorkshopState:
    """What the app remembers about one workshop session while it runs."""

    notes_shown: bool = False
    story_seen: bool = False
    minutes: int = DEFAULT_MINUTES


def as_the_groups(card: AnswerCard) -> AnswerCard:
    """Label a card's text answer as the group's."""
    if isinstance(card.editor, TextAnswer):
        card.editor.placeholder = GROUP_PLACEHOLDER
        card.editor.border_title = GROUP_LABEL
    return card


class WorkshopSessionScreen(SessionScreen):
    """A workshop session (see the module's docstring)."""

    DEFAULT_CSS = """
    WorkshopSessionScreen .prompt-facilitator { display: none; }
    WorkshopSessionScreen.-facilitator .prompt-facilitator {
        display: block; color: $text; border-left: thick $accent; padding: 0 1;
    }
    """

    BINDINGS = [*WORKSHOP_BINDINGS]
    SIDEBAR_FROM = WORKSHOP_NARROW

    def __init__(
        self,
        model: SessionModel,
        *,
        state: WorkshopState | None = None,
        fictional: bool = False,
        checks_enabled: bool = True,
    ) -> None:
        state = state if state is not None else WorkshopState()
        super().__init__(model, checks_enabled=checks_enabled, classes="-facilitator" if state.notes_shown else "")
        self.workshop = state
        #: the case is the built-in fictional one (the story says so)
        self.fictional = fictional

    @property
    def step_timer(self) -> StepTimer | None:
        try:
            return self.query_one("#step-timer", StepTimer)
        except NoMatches:
            return None

    # ------------------------------------------------------------------ a session, as a workshop has it

    def compose_bars(self) -> ComposeResult:
        yield WorkshopBar(id="workshop-bar")

    def after_open(self) -> None:
        """The first step is on screen: the group reads the story first (once per session while the app runs)."""
        if self.model.story and not self.workshop.story_seen:
            self.workshop.story_seen = True
            self.action_show_story()

    def _apply_width(self, width: int) -> None:
        super()._apply_width(width)
        self._update_workshop_links()
        timer = self.step_timer
        if timer is not None:
            self.call_after_refresh(timer.tick)  # the time-up line may need its shorter form

    async def _show_step(self, step_id: str, focus: bool = True) -> None:
        timer = self.step_timer
        if timer is not None and timer.running and timer.step_id != step_id:
            was_up = timer.is_up
            timer.stop()
            if not was_up:
                self.notify("The step timer stopped with the move to a new step. Ctrl+t sets another.", timeout=4)
        await super()._show_step(step_id, focus)
        self._update_workshop_links()

    def _prompt_card(self, prompt: Prompt, position: int, total: int) -> PromptCard:
        card = super()._prompt_card(prompt, position, total)
        case_note = step_note(self.model.case.context, prompt.step) if position == 1 else ""
        case_note = f"On this case: {case_note}" if case_note else ""  # the case's own note first
        card.facilitator = "\n".join(n for n in (case_note, prompt.facilitator) if n)
        as_the_groups(card)
        return card

    def _summary_card(self, field: SummaryField, position: int, total: int) -> SummaryCard:
        card = super()._summary_card(field, position, total)
        as_the_groups(card)
        return card

    def on_step_timer_time_up(self, message: StepTimer.TimeUp) -> None:
        self.notify(TIME_UP, title="Step timer", timeout=10)

    # ------------------------------------------------------------------ the workshop's keys

    def action_show_story(self) -> None:
        if not self.model.story:
            self.notify("This case has no story written down.", timeout=4)
            return
        if not isinstance(self.app.screen, VignetteScreen):
            self.app.push_screen(VignetteScreen(self.model.case.label, self.model.story, fictional=self.fictional))

    def action_toggle_facilitator(self) -> None:
        shown = not self.workshop.notes_shown
        self.workshop.notes_shown = shown
        self.set_class(shown, "-facilitator")
        self._update_workshop_links()
        if not shown:
            self.notify("Facilitator notes hidden.", timeout=3)
        elif any(card.facilitator for card in self.cards.values()):
            self.notify("Facilitator notes shown. F10 hides them before the screen is shared.", timeout=4)
        else:
            self.notify("Facilitator notes shown. This step has none.", timeout=4)

    def action_set_timer(self) -> None:
        timer = self.step_timer
        if timer is None:
            return

        def done(minutes: int | None) -> None:
            if minutes is None or not timer.is_attached:
                return
            if minutes == 0:
                if timer.running:
                    timer.stop()
                    self.notify("Step timer off.", timeout=3)
                return
            self.workshop.minutes = minutes
            timer.start(minutes, self.current_step_id)

        self.app.push_screen(TimerDialog(self.workshop.minutes, running=timer.running), done)

    def _update_workshop_links(self) -> None:
        try:
            bar = self.query_one("#workshop-bar", WorkshopBar)
        except NoMatches:
            return
        bar.show_keys(self.workshop.notes_shown, self.size.width)
