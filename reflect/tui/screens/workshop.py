"""Workshop mode: what a session adds when a trainer runs it with a group.

A session whose mode is "workshop" gets, on top of the usual steps:

* the case's story (its vignette) on its own screen when the session opens,
  and again on F12;
* the facilitator's notes under each prompt, hidden at first so a shared
  screen shows only the question, shown and hidden again with F10 (or
  ctrl+l, for terminals that keep F10 for their own menu); the choice is
  remembered while the app runs;
* an optional step timer (ctrl+t): a quiet countdown that only says when
  time is up, and stops when the group moves to another step;
* a one-line workshop bar above the step with the timer and these keys,
  each clickable (a web browser keeps ctrl+t for itself);
* the text answers labelled "Group's answer";
* the sidebar folded away on screens narrower than 100 columns, so the
  question and the answer have the room (F4 brings it back).

``WorkshopMixin`` is mixed into :class:`~reflect.tui.screens.session.SessionScreen`,
which calls two hooks (``workshop_step_shown`` and ``workshop_sidebar_min``)
and adds ``WORKSHOP_BINDINGS`` and ``WORKSHOP_CSS``. The mixin's ``on_mount``
and ``on_resize`` run after the session screen's own (Textual calls the
handlers of every class in the MRO). Outside workshop mode the mixin does
nothing and its keys are disabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual.binding import Binding
from textual.css.query import NoMatches

from reflect.tui.widgets.workshop_bar import WorkshopBar
from reflect.tui.widgets.workshop_timer import DEFAULT_MINUTES, TIME_UP, StepTimer, TimerDialog
from reflect.tui.widgets.workshop_vignette import VignetteScreen, case_story

if TYPE_CHECKING:
    from textual.app import App

WORKSHOP = "workshop"
#: below this many columns a workshop session starts with the list of steps folded away
WORKSHOP_NARROW = 100
GROUP_LABEL = "Group's answer"
GROUP_PLACEHOLDER = "What the group says (saved as you type)"

STORY_KEY, NOTES_KEY, NOTES_ALT_KEY, TIMER_KEY = "f12", "f10", "ctrl+l", "ctrl+t"

NOTES_TIP = ("Workshops: show or hide the facilitator's notes (hidden at first, for a shared screen; "
             "ctrl+l is there for terminals that keep F10 for their menu)")

WORKSHOP_BINDINGS = [
    Binding(STORY_KEY, "show_story", "Story", show=False, tooltip="Workshops: read the case's story again"),
    Binding(NOTES_KEY, "toggle_facilitator", "Facilitator notes", show=False, tooltip=NOTES_TIP),
    Binding(NOTES_ALT_KEY, "toggle_facilitator", "Facilitator notes", show=False, tooltip=NOTES_TIP),
    Binding(TIMER_KEY, "set_timer", "Step timer", show=False,
            tooltip="Workshops: a quiet countdown for this step, 1 to 60 minutes, or off"),
]
WORKSHOP_ACTIONS = frozenset(b.action for b in WORKSHOP_BINDINGS)

WORKSHOP_CSS = """
SessionScreen .prompt-facilitator { display: none; }
SessionScreen.-facilitator .prompt-facilitator {
    display: block; color: $text; border-left: thick $accent; padding: 0 1;
}
"""


@dataclass
class WorkshopState:
    """What the app remembers about one workshop session while it runs."""

    notes_shown: bool = False
    story_seen: bool = False
    minutes: int = DEFAULT_MINUTES


_remembered: "WeakKeyDictionary[App[Any], dict[int, WorkshopState]]" = WeakKeyDictionary()


def workshop_state(app: "App[Any]", session_id: int) -> WorkshopState:
    return _remembered.setdefault(app, {}).setdefault(session_id, WorkshopState())


class WorkshopMixin:
    """Workshop mode for the session screen (see the module's docstring)."""

    # provided by SessionScreen
    mode: str
    session_id: int
    current_step_id: str
    cards: dict[str, Any]
    case: Any

    # ------------------------------------------------------------------ state

    @property
    def _screen(self) -> Any:
        """This screen, typed loosely (the mixin knows the session screen only by its parts)."""
        return self

    @property
    def is_workshop(self) -> bool:
        record = getattr(self, "record", None)
        return record is not None and record.mode == WORKSHOP

    @property
    def workshop(self) -> WorkshopState:
        return workshop_state(self._screen.app, self.session_id)

    @property
    def facilitator_notes_shown(self) -> bool:
        return self.is_workshop and self.workshop.notes_shown

    @property
    def step_timer(self) -> StepTimer | None:
        try:
            return self._screen.query_one("#step-timer", StepTimer)
        except NoMatches:
            return None

    # ------------------------------------------------------------------ hooks called by SessionScreen

    def workshop_sidebar_min(self, narrow: int) -> int:
        """The width from which the list of steps starts shown."""
        return max(narrow, WORKSHOP_NARROW) if self.is_workshop else narrow

    def workshop_step_shown(self, step_id: str) -> None:
        """A step has just been shown: label the group's answers; a timer for another step stops."""
        if not self.is_workshop:
            return
        from reflect.tui.widgets.editors import TextAnswer

        for card in self.cards.values():
            editor = getattr(card, "editor", None)
            if isinstance(editor, TextAnswer):
                editor.placeholder = GROUP_PLACEHOLDER
                editor.border_title = GROUP_LABEL
        timer = self.step_timer
        if timer is not None and timer.running and timer.step_id != step_id:
            was_up = timer.is_up
            timer.stop()
            if not was_up:
                self._screen.notify("The step timer stopped with the move to a new step. Ctrl+t sets another.",
                                    timeout=4)
        self._update_workshop_links()

    # ------------------------------------------------------------------ handlers (after SessionScreen's own)

    def on_mount(self) -> None:
        if not self.is_workshop:
            return
        screen = self._screen
        screen.add_class("-workshop")
        screen.set_class(self.workshop.notes_shown, "-facilitator")
        screen.mount(WorkshopBar(id="workshop-bar"), before=screen.query_one("#session-body"))
        screen.call_after_refresh(self._update_workshop_links)
        screen.refresh_bindings()
        if case_story(self.case) and not self.workshop.story_seen:
            self.workshop.story_seen = True
            self.action_show_story()

    def on_step_timer_time_up(self, message: StepTimer.TimeUp) -> None:
        self._screen.notify(TIME_UP, title="Step timer", timeout=10)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WORKSHOP_ACTIONS:
            return self.is_workshop
        return True

    # ------------------------------------------------------------------ actions

    def action_show_story(self) -> None:
        if not self.is_workshop:
            return
        story = case_story(self.case)
        if not story:
            self._screen.notify("This case has no story written down.", timeout=4)
            return
        app = self._screen.app
        if isinstance(app.screen, VignetteScreen):
            return
        app.push_screen(VignetteScreen(self.case.label, story, fictional=bool(app.options.demo)))

    def action_toggle_facilitator(self) -> None:
        if not self.is_workshop:
            return
        shown = not self.workshop.notes_shown
        self.workshop.notes_shown = shown
        screen = self._screen
        screen.set_class(shown, "-facilitator")
        self._update_workshop_links()
        if not shown:
            self._screen.notify("Facilitator notes hidden.", timeout=3)
        elif any(getattr(card.prompt, "facilitator", "") for card in self.cards.values()):
            self._screen.notify("Facilitator notes shown. F10 hides them before the screen is shared.",
                                timeout=4)
        else:
            self._screen.notify("Facilitator notes shown. This step has none.", timeout=4)

    def action_set_timer(self) -> None:
        timer = self.step_timer
        if not self.is_workshop or timer is None:
            return

        def done(minutes: int | None) -> None:
            if minutes is None or not timer.is_attached:
                return
            if minutes == 0:
                if timer.running:
                    timer.stop()
                    self._screen.notify("Step timer off.", timeout=3)
                return
            self.workshop.minutes = minutes
            timer.start(minutes, self.current_step_id)

        self._screen.app.push_screen(TimerDialog(self.workshop.minutes, running=timer.running), done)

    # ------------------------------------------------------------------ drawing

    def _update_workshop_links(self) -> None:
        screen = self._screen
        try:
            bar = screen.query_one("#workshop-bar", WorkshopBar)
        except NoMatches:
            return
        bar.show_keys(self.workshop.notes_shown, screen.size.width)

    def on_resize(self) -> None:  # after SessionScreen's own
        self._update_workshop_links()
        timer = self.step_timer
        if timer is not None:
            self._screen.call_after_refresh(timer.tick)  # the time-up line may need its shorter form
