"""A session: the eight principles, the three relational tracks, actions and summary.

The screen observes a :class:`~reflect.core.session.SessionModel` and keeps
only layout, focus and scrolling. Every change the user makes goes through
one intent of the model (``self._apply(self.model.set_flag(...))``), which
writes it and says what to redraw; the rules (what a step's state is, which
preparation a supervision shows, the carry-forward of actions) are the
core's. What is typed is saved as it is typed (``widgets/saving.py``):
nothing waits for a save button, and typing never waits for the disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Button, Footer, Header

from reflect.core.errors import ReflectError
from reflect.core.framework import Prompt, Step, SummaryField
from reflect.core.models import Action
from reflect.core.session import ACTIONS_STEP, SUMMARY_STEP, Change, Conflict, SessionModel, format_answer
from reflect.core.words import FLAG, short_date
from reflect.tui.binding_cache import CachedBindingChain
from reflect.tui.dialogs.action import ActionDialog, ActionFields
from reflect.tui.dialogs.conflict import ConflictDialog, conflict_notice
from reflect.tui.dialogs.step_status import StepMark, StepStatusDialog
from reflect.tui.screens.summary import GoToStep, SummaryScreen
from reflect.tui.widgets.actions import ActionList, ReviewItem
from reflect.tui.widgets.findings import FindingsView
from reflect.tui.widgets.prompt_card import AnswerCard, PromptCard, SummaryCard
from reflect.tui.widgets.saving import AnswerSaver
from reflect.tui.widgets.sidebar import StepSidebar
from reflect.tui.widgets.status import status_text
from reflect.tui.widgets.step_content import actions_step, prompt_step, step_end, summary_step
from reflect.tui.widgets.step_pane import StepPane

__all__ = ["ACTIONS_STEP", "SUMMARY_STEP", "SessionScreen"]

NARROW = 90  # below this many columns the sidebar starts hidden (F4 shows it): the question keeps the room
WIDE = 130  # from this many columns the preparation sits beside the editor
NOT_DISMISSED = "The finding was not dismissed"


class SessionScreen(CachedBindingChain):
    """One session on one case. ``jump_to_step`` and ``action_export_note`` are public (the palette's)."""

    DEFAULT_CSS = """
    SessionScreen #session-body { height: 1fr; }
    SessionScreen #step-pane { width: 1fr; height: 1fr; padding: 0 1 0 1; }
    SessionScreen .step-note {
        color: $text-muted; height: auto; padding: 0 1; margin-bottom: 1;
    }
    SessionScreen .prep-block {
        border-left: thick $secondary; padding: 0 1; margin: 0 1 1 1; height: auto;
    }
    SessionScreen .part-title { text-style: bold; padding: 0 1; margin-top: 1; height: auto; }
    SessionScreen .actions-box { height: auto; padding: 0 1; }
    SessionScreen .actions-buttons { height: auto; margin: 1 0; }
    SessionScreen .actions-buttons Button { margin-right: 1; }
    SessionScreen .step-end { height: auto; padding: 0 1; margin-bottom: 1; color: $text-muted; }
    SessionScreen.-narrow StepHead > .step-official { display: none; }
    SessionScreen.-wide AnswerCard .answer-row { layout: horizontal; }
    SessionScreen.-wide AnswerCard .answer-row > PreparationAnswer { width: 1fr; margin: 0 1 0 0; }
    SessionScreen.-wide AnswerCard .answer-row > * { width: 1fr; }
    """

    BINDINGS = [
        # the keys that open a step are priority keys: see _move
        Binding("ctrl+n", "next_step", "Next", priority=True, tooltip="Go to the next principle or track"),
        Binding("ctrl+b", "previous_step", "Back", priority=True, tooltip="Go back to the previous principle or track"),
        Binding("ctrl+f", "toggle_flag", "Flag", tooltip="Flag the question you are on: bring it to supervision"),
        Binding("f3", "toggle_why", "Why", tooltip="Show or hide 'Why this matters' for this step"),
        Binding("f4", "toggle_sidebar", "Steps", tooltip="Show or hide the list of steps"),
        Binding("f5", "mark_step", "Mark", tooltip="Mark this step reflected, set aside (with why) or not relevant"),
        Binding(
            "ctrl+r", "toggle_deeper", "Deeper", tooltip="Today's focus: show or hide this step's deeper questions"
        ),
        Binding("f9", "finish", "Finish", tooltip="See what was covered and export the note"),
        Binding("ctrl+down", "next_step", "Next step", show=False, priority=True, tooltip="As ctrl+n (for browsers)"),
        Binding("ctrl+up", "previous_step", "Previous step", show=False, priority=True, tooltip="The same as ctrl+b"),
        Binding("f8", "add_action", "Add action", show=False, tooltip="Add an action: what, who, by when"),
        Binding("ctrl+g", "go_to_step", "Go to step", show=False, tooltip="Move to the list of steps to pick one"),
        Binding("ctrl+s", "save_now", "Save now", show=False, tooltip="Everything saves as you type; this at once"),
        Binding("ctrl+o", "show_conflict", "Other copy's text", show=False, tooltip="See what another copy saved"),
        Binding("escape", "close_session", "Close", show=False, tooltip="Back to the case (everything is saved)"),
    ]

    #: from this many columns the list of steps starts shown
    SIDEBAR_FROM = NARROW

    def __init__(self, model: SessionModel, *, checks_enabled: bool = True, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.model = model
        self.case_id, self.session_id = model.case_id, model.session_id  # what the app and the palette ask
        self.checks_enabled = checks_enabled
        self.current_step_id = model.step_ids[0]
        self._target_step = ""  # where the last move asked to go (it may still be opening)
        self.cards: dict[str, AnswerCard] = {}  # by answer id: a prompt's id, or a summary field's
        self._saver = AnswerSaver(self, model, self._apply, checks_enabled=checks_enabled)
        self._switch_lock = asyncio.Lock()
        self._sidebar_forced: bool | None = None
        self._last_conflict: tuple[AnswerCard | None, Conflict] | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self.title = "reflect"
        self.sub_title = f"{self.model.case.label} · {self.model.mode} · {short_date(self.model.record.date)}"
        yield Header()
        yield from self.compose_bars()
        with Horizontal(id="session-body"):
            entries = self.model.step_entries()
            yield StepSidebar(entries, self.current_step_id, id="sidebar")
            yield StepPane(id="step-pane")
        yield Footer()

    def compose_bars(self) -> ComposeResult:
        """Bars between the title and the steps: none in a plain session (a workshop adds its own)."""
        yield from ()

    async def on_mount(self) -> None:
        self._apply_width(self.size.width)
        await self._show_step(self.current_step_id)
        self.after_open()

    def after_open(self) -> None:
        """The first step is on screen: nothing more in a plain session (a workshop shows its story)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for actions this screen does not have (a workshop's, elsewhere) are not offered."""
        if action == "toggle_deeper":
            return self.model.focus is not None  # the full walk shows every question
        return hasattr(self, f"action_{action}")

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        self.set_class(width < 100, "-narrow")
        try:
            self.query_one(Footer).compact = width < 100
        except NoMatches:  # a resize before the screen is composed
            pass
        if self._sidebar_forced is None:
            self.query_one(StepSidebar).display = width >= self.SIDEBAR_FROM

    # ------------------------------------------------------------------ steps

    def jump_to_step(self, step_id: str) -> None:
        """Open a step by id (a principle, a track, "actions" or "summary")."""
        if step_id not in self.model.step_ids:
            step = self.model.step(step_id)
            if step is not None:  # a step of the framework that today's focus left for another day
                self.notify(f"{step.short_title} is not in today's focus: it is left for another day.", timeout=4)
            else:
                self.notify(f"There is no step {step_id!r} in this framework.", severity="warning")
            return
        self._target_step = step_id
        self.run_worker(self._show_step(step_id), group="steps")

    async def _show_step(self, step_id: str, focus: bool = True) -> None:
        async with self._switch_lock:
            self.flush_saves()
            self.current_step_id = step_id
            self._saver.cancel_checks()
            pane = self.query_one(StepPane)
            step = self.model.step(step_id)
            if step is not None:
                widgets = prompt_step(self.model, step, self._prompt_card)
            elif step_id == ACTIONS_STEP:
                widgets = actions_step(self.model)
            else:
                widgets = summary_step(self.model, self._summary_card)
            self.cards = {w.answer_id: w for w in widgets if isinstance(w, AnswerCard)}
            with self.app.batch_update():
                await pane.show([*widgets, step_end(self.model, step_id)])
                self.query_one(StepSidebar).set_current(step_id)
                pane.set_why(step if pane.why_shown else None, self.model.framework, move_focus=False)
                self._update_head()
            pane.scroll_home(animate=False)
            if focus:
                pane.focus_first()
            for card in self.cards.values():
                if isinstance(card.value, str) and card.value.strip():
                    self._saver.check(card)

    def _prompt_card(self, prompt: Prompt, position: int, total: int) -> PromptCard:
        answer, flagged = prompt.answer_in(self.model.record.answers), prompt.id in self.model.record.flags
        prep = self.model.prep_beside(prompt)
        return PromptCard(prompt, answer, position=position, total=total, flagged=flagged, preparation=prep)

    def _summary_card(self, field: SummaryField, position: int, total: int) -> SummaryCard:
        return SummaryCard(field, self.model.record.summary.get(field.id, ""), position=position, total=total)

    def _update_head(self) -> None:
        try:
            self.query_one(StepPane).show_head(self.model, self.current_step_id)
        except NoMatches:  # the screen is closing
            pass

    # ------------------------------------------------------------------ what an intent changed

    def _apply(self, change: Change) -> None:
        """Redraw what the model says changed: lines in the list of steps, the head, flags, actions, a conflict."""
        if change.conflict is not None:
            self._show_conflict(change.conflict)
        try:
            sidebar = self.query_one(StepSidebar)
        except NoMatches:  # the screen is closing: the store already has everything
            return
        lines = {line.id: line for line in self.model.step_entries()}
        for step_id in change.lines:
            sidebar.update_entry(lines[step_id])
        for prompt_id in change.flags:
            card = self.cards.get(prompt_id)
            if card is not None and card.is_attached:
                card.set_flagged(prompt_id in self.model.record.flags)
        if change.actions:
            for listing in self.query("#action-list").results(ActionList):
                listing.show_actions(self.model.record.actions)
        self._update_head()

    def _attempt(self, intent: Callable[[], Change], failed: str) -> bool:
        """Run one intent of the model and redraw what it changed; a refused write is one calm message."""
        try:
            change = intent()
        except ReflectError as exc:
            self.notify(str(exc), title=failed, severity="error", markup=False)
            return False
        self._apply(change)
        return True

    # ------------------------------------------------------------------ moving

    async def _move(self, offset: int, at_the_end: str) -> None:
        """Open the next or previous step from a key, and only then let the app read the keys typed after it.

        ctrl+n and ctrl+b are priority bindings, so this runs as the app reads
        the key; awaiting the step (rather than starting a worker) holds back
        the keys typed straight after until the new step's first answer has
        the focus (see widgets/focus_keys.py). Otherwise they land in the step
        being left.
        """
        ids = self.model.step_ids
        index = ids.index(self._target_step or self.current_step_id) + offset
        if 0 <= index < len(ids):
            self._target_step = ids[index]
            await self._show_step(ids[index])
        else:
            self.notify(at_the_end)

    async def action_next_step(self) -> None:
        await self._move(+1, "This is the last step. Press F9 to finish and see the note.")

    async def action_previous_step(self) -> None:
        await self._move(-1, "This is the first step.")

    @on(StepSidebar.StepChosen)
    def _step_chosen(self, event: StepSidebar.StepChosen) -> None:
        self.jump_to_step(event.step_id)

    def action_go_to_step(self) -> None:
        sidebar = self.query_one(StepSidebar)
        if not sidebar.display:
            sidebar.display = True
            self._sidebar_forced = True
            self.call_after_refresh(sidebar.focus)
        else:
            sidebar.focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(StepSidebar)
        sidebar.display = not sidebar.display
        self._sidebar_forced = sidebar.display
        if not sidebar.display and self.focused is sidebar:
            self.query_one(StepPane).focus_first()

    def action_toggle_why(self) -> None:
        step = self.model.step(self.current_step_id)
        if step is None:
            self.notify("'Why this matters' belongs to the principles and tracks.")
            return
        pane = self.query_one(StepPane)
        pane.set_why(None if pane.why_shown else step, self.model.framework)
        self._update_head()

    def action_toggle_deeper(self) -> None:
        """Today's focus: show this step's deeper questions (the first takes the focus), or hide them again."""
        step = self.model.step(self.current_step_id)
        if step is None or not self.model.has_deeper(step):
            self.notify("This step has no deeper questions to show.", timeout=3)
            return
        self.flush_saves()  # an answer typed to a deeper question keeps it shown
        before = set(self.cards)
        self._apply(self.model.toggle_deeper(step.id))
        self.run_worker(self._reshow_deeper(step.id, before), group="steps")

    async def _reshow_deeper(self, step_id: str, before: set[str]) -> None:
        await self._show_step(step_id, focus=False)
        new = [card for answer_id, card in self.cards.items() if answer_id not in before]
        if new:
            new[0].focus_editor(scroll_visible=False)
            self.query_one(StepPane).call_after_refresh(self.query_one(StepPane).reveal, new[0])
        else:
            self.query_one(StepPane).focus_first()

    def action_close_session(self) -> None:
        self.flush_saves()
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def action_finish(self) -> None:
        self._open_summary(focus_export=False)

    def action_export_note(self) -> None:
        """Open the summary with the export box ready (the palette's "Export note")."""
        self._open_summary(focus_export=True)

    def _open_summary(self, focus_export: bool) -> None:
        self.flush_saves()
        summary = SummaryScreen(self.model, checks_enabled=self.checks_enabled, focus_export=focus_export)
        self.app.push_screen(summary, self._back_from_summary)

    def _back_from_summary(self, result: GoToStep | None) -> None:
        if result is not None:
            self.jump_to_step(result.step_id)

    # ------------------------------------------------------------------ saving

    def flush_saves(self) -> None:
        """Write everything still waiting for the typing pause, now."""
        self._saver.flush_all()

    def action_save_now(self) -> None:
        self.flush_saves()
        self.notify("Saved. (Everything is saved as you type; there is no need to press anything.)")

    @on(AnswerCard.AnswerChanged)
    def _answer_changed(self, event: AnswerCard.AnswerChanged) -> None:
        self._saver.changed(event.card)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        card = AnswerCard.of(event.widget, self)
        if card is not None:
            self.call_after_refresh(self.query_one(StepPane).reveal, card)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        card = AnswerCard.of(event.widget, self)
        if card is not None and self._saver.pending(card.answer_id):
            self._saver.flush(card.answer_id)

    def on_screen_suspend(self) -> None:
        self.flush_saves()

    def on_screen_resume(self) -> None:
        """Back from the summary or a dialog: the marks there (or in another copy) may have changed."""
        self._attempt(self.model.refresh, "The session could not be read again")

    def on_unmount(self) -> None:
        # the app is closing or the screen was popped: nothing typed may be left behind
        self.flush_saves()
        self._saver.cancel_checks()

    # ------------------------------------------------------------------ another copy's text

    def _show_conflict(self, conflict: Conflict) -> None:
        card = self.cards.get(conflict.prompt_id)
        if card is not None and card.is_attached:
            card.show_conflict(conflict.other)
        self._last_conflict = (card, conflict)
        other = format_answer(self.model.framework.prompt(conflict.prompt_id), conflict.other)
        self.notify(conflict_notice(other), title="Two copies of reflect", severity="warning", timeout=20, markup=False)

    def action_show_conflict(self) -> None:
        card = AnswerCard.of(self.focused, self)
        if card is None or card.conflict_text is None:
            card = self._last_conflict[0] if self._last_conflict is not None else None
        if card is not None and card.is_attached and card.conflict_text is not None:
            card.open_conflict()
        elif self._last_conflict is not None:  # its step is closed: the text, read-only
            self.app.push_screen(ConflictDialog(self._last_conflict[1].other))
        else:
            self.notify("No other copy has changed an answer here.")

    # ------------------------------------------------------------------ marks and flags

    def action_toggle_flag(self) -> None:
        card = AnswerCard.of(self.focused, self)
        if not isinstance(card, PromptCard):
            self.notify("Move to a question first (Tab), then press ctrl+f to flag it for supervision.")
            return
        self._set_flag(card, not card.flagged)

    @on(AnswerCard.FlagToggled)
    def _flag_clicked(self, event: AnswerCard.FlagToggled) -> None:
        if isinstance(event.card, PromptCard):
            self._set_flag(event.card, event.flagged)

    def _set_flag(self, card: PromptCard, flagged: bool) -> None:
        if self._attempt(lambda: self.model.set_flag(card.prompt.id, flagged), "The flag was not saved"):
            self.notify(f"{FLAG} Flagged: bring to supervision." if flagged else "Flag removed.", timeout=3)

    def action_mark_step(self) -> None:
        step = self.model.framework.step(self.current_step_id)
        if step is None:
            self.notify("Only principles and tracks can be marked.")
            return

        self.app.push_screen(StepStatusDialog.for_step(step, self.model.record), partial(self._apply_mark, step))

    def _apply_mark(self, step: Step, mark: StepMark | None) -> None:
        if mark is None:
            return
        if self._attempt(lambda: self.model.mark_step(step.id, mark.status, mark.reason), "The mark was not saved"):
            self.notify(f"{step.short_title}: {status_text(self.model.state(step))}.", timeout=3)

    # ------------------------------------------------------------------ text checks

    @on(FindingsView.Dismissed)
    async def _dismiss_finding(self, event: FindingsView.Dismissed) -> None:
        card, key = AnswerCard.of(event.view, self), event.finding.key
        if card is None or not self._attempt(partial(self.model.dismiss_finding, card.answer_id, key), NOT_DISMISSED):
            return
        card.focus_editor()
        await card.findings.show([f for f in card.findings.findings if f.key != key])

    # ------------------------------------------------------------------ actions

    @on(Button.Pressed, "#add-action")
    def action_add_action(self) -> None:
        self._edit_action(None)

    @on(ActionList.EditRequested)
    def _edit_requested(self, event: ActionList.EditRequested) -> None:
        self._edit_action(event.action)

    def _edit_action(self, action: Action | None) -> None:
        def done(fields: ActionFields | None) -> None:
            if fields is None:
                return
            model = self.model
            if action is None:
                intent = partial(model.add_action, fields.what, fields.who, fields.by, shared=fields.shared)
                message = "Action added."
            elif fields.remove:
                intent, message = partial(model.remove_action, action.id), "Action removed."
            else:
                intent = partial(
                    model.edit_action,
                    action.id,
                    what=fields.what,
                    who=fields.who,
                    by=fields.by,
                    done=fields.done,
                    shared=fields.shared,
                )
                message = "Action saved."
            if self._attempt(intent, "The action was not saved"):
                self.notify(message, timeout=3)

        self.app.push_screen(ActionDialog.for_action(action), done)

    @on(ActionList.DoneToggled)
    def _toggle_done(self, event: ActionList.DoneToggled) -> None:
        self._attempt(lambda: self.model.toggle_done(event.action.id), "The action was not saved")

    @on(ActionList.ShareToggled)
    def _toggle_shared(self, event: ActionList.ShareToggled) -> None:
        if self._attempt(lambda: self.model.toggle_shared(event.action.id), "The action was not saved"):
            now_shared = not event.action.shared
            said = (
                "Shared with the family: their note lists it."
                if now_shared
                else "Not shared: the family note leaves it out."
            )
            self.notify(said, timeout=3)

    @on(ReviewItem.Reviewed)
    def _reviewed(self, event: ReviewItem.Reviewed) -> None:
        self._attempt(lambda: self.model.review_action(event.action.id, event.review), "The review was not saved")
