"""A session: the eight principles, the three relational tracks, actions and summary.

The screen observes a :class:`~reflect.core.session.SessionModel` and keeps
only layout, focus and scrolling. Every change the user makes goes through
one intent of the model (``self._apply(self.model.set_flag(...))``), which
writes it and says what to redraw; the rules (what a step's state is, which
preparation a supervision shows, the carry-forward of actions) are the
core's. Text answers are saved half a second after typing pauses, and at
once when the user leaves the field, the step, the screen or the app.
Nothing waits for a save button, and typing never waits for the disk or the
checks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header

from reflect.core.errors import ReflectError
from reflect.core.framework import Prompt, Step, SummaryField
from reflect.core.models import Action
from reflect.core.session import ACTIONS_STEP, SUMMARY_STEP, Change, Conflict, SessionModel, format_answer
from reflect.core.words import FLAG, short_date
from reflect.tui.dialogs.action import ActionDialog, ActionFields
from reflect.tui.dialogs.conflict import ConflictDialog, conflict_notice
from reflect.tui.dialogs.step_status import StepMark, StepStatusDialog
from reflect.tui.screens.summary import GoToStep, SummaryScreen
from reflect.tui.widgets.actions import ActionList, ReviewItem
from reflect.tui.widgets.autosave import Debouncer
from reflect.tui.widgets.findings import FindingsView
from reflect.tui.widgets.prompt_card import AnswerCard, PromptCard, SummaryCard
from reflect.tui.widgets.scrolling import reveal
from reflect.tui.widgets.sidebar import StepEntry, StepSidebar
from reflect.tui.widgets.status import status_text
from reflect.tui.widgets.step_content import actions_step, prompt_step, step_end, summary_step
from reflect.tui.widgets.step_head import StepHead
from reflect.tui.widgets.why import WhyPanel

__all__ = ["ACTIONS_STEP", "SUMMARY_STEP", "SessionScreen"]

SAVE_DELAY = 0.5  # seconds of quiet before a text answer is saved
SAVE_MAX_WAIT = 0.8  # ...and at least this often while typing goes on without a pause
CHECK_DELAY = 0.6  # seconds of quiet before the text checks run
NARROW = 72  # below this many columns the sidebar starts hidden
WIDE = 130  # from this many columns the preparation sits beside the editor


class SessionScreen(Screen[None]):
    """One session on one case. ``jump_to_step`` and ``action_export_note`` are public (the palette's)."""

    DEFAULT_CSS = """
    SessionScreen #session-body { height: 1fr; }
    SessionScreen #step-pane { width: 1fr; height: 1fr; padding: 0 1 0 1; }
    SessionScreen #step-content { height: auto; }
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
    SessionScreen.-narrow StepSidebar { width: 28; }
    SessionScreen.-wide AnswerCard .answer-row { layout: horizontal; }
    SessionScreen.-wide AnswerCard .answer-row > PreparationAnswer { width: 1fr; margin: 0 1 0 0; }
    SessionScreen.-wide AnswerCard .answer-row > * { width: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next", tooltip="Go to the next principle or track"),
        Binding("ctrl+b", "previous_step", "Back", tooltip="Go back to the previous principle or track"),
        Binding("ctrl+f", "toggle_flag", "Flag", tooltip="Flag the question you are on: bring it to supervision"),
        Binding("f3", "toggle_why", "Why", tooltip="Show or hide 'Why this matters' for this step"),
        Binding("f4", "toggle_sidebar", "Steps", tooltip="Show or hide the list of steps"),
        Binding("f5", "mark_step", "Mark",
                tooltip="Mark this step reflected, set aside (with a reason) or not relevant"),
        Binding("f9", "finish", "Finish", tooltip="See what was covered and export the note"),
        Binding("ctrl+down", "next_step", "Next step", show=False,
                tooltip="The same as ctrl+n (which a web browser keeps for itself)"),
        Binding("ctrl+up", "previous_step", "Previous step", show=False, tooltip="The same as ctrl+b"),
        Binding("f8", "add_action", "Add action", show=False, tooltip="Add an action: what, who, by when"),
        Binding("ctrl+g", "go_to_step", "Go to step", show=False, tooltip="Move to the list of steps to pick one"),
        Binding("ctrl+s", "save_now", "Save now", show=False,
                tooltip="Everything saves as you type; this saves at once"),
        Binding("ctrl+o", "show_conflict", "Other copy's text", show=False,
                tooltip="See the text another copy of reflect saved for this answer"),
        Binding("escape", "close_session", "Close", show=False, tooltip="Back to the case (everything is saved)"),
    ]

    #: from this many columns the list of steps starts shown
    SIDEBAR_FROM = NARROW

    def __init__(self, model: SessionModel, *, checks_enabled: bool = True, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.model = model
        self.checks_enabled = checks_enabled
        self.current_step_id = model.step_ids[0]
        self._target_step = ""  # where the last move asked to go (it may still be opening)
        self.cards: dict[str, AnswerCard] = {}  # by answer id: a prompt's id, or a summary field's
        self._saver = Debouncer(self, SAVE_DELAY, max_wait=SAVE_MAX_WAIT)
        self._checker = Debouncer(self, CHECK_DELAY)
        self._switch_lock = asyncio.Lock()
        self._sidebar_forced: bool | None = None
        self._why_shown = False
        self._why_return: Widget | None = None
        self._save_error_shown = False
        self._last_conflict: tuple[AnswerCard | None, Conflict] | None = None

    @property
    def case_id(self) -> int:
        return self.model.case_id

    @property
    def session_id(self) -> int:
        return self.model.session_id

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self.title = "reflect"
        self.sub_title = f"{self.model.case.label} · {self.model.mode} · {short_date(self.model.record.date)}"
        yield Header()
        yield from self.compose_bars()
        with Horizontal(id="session-body"):
            entries = [StepEntry(**vars(line)) for line in self.model.step_entries()]
            yield StepSidebar(entries, self.current_step_id, id="sidebar")
            with VerticalScroll(id="step-pane"):
                yield StepHead(id="step-head")
                yield WhyPanel(id="why")
                yield Vertical(id="step-content")
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
            self.notify(f"There is no step {step_id!r} in this framework.", severity="warning")
            return
        self._target_step = step_id
        self.run_worker(self._show_step(step_id), group="steps")

    async def _show_step(self, step_id: str, focus: bool = True) -> None:
        async with self._switch_lock:
            self.flush_saves()
            self.current_step_id = step_id
            self.cards = {}
            self._checker.cancel_all()
            content = self.query_one("#step-content", Vertical)
            step = self.model.framework.step(step_id)
            with self.app.batch_update():
                await content.remove_children()
                if step is not None:
                    widgets = prompt_step(self.model, step, self._prompt_card)
                elif step_id == ACTIONS_STEP:
                    widgets = actions_step(self.model)
                else:
                    widgets = summary_step(self.model, self._summary_card)
                self.cards = {w.answer_id: w for w in widgets if isinstance(w, AnswerCard)}
                await content.mount_all([*widgets, step_end(self.model, step_id)])
                self.query_one(StepSidebar).set_current(step_id)
                self._update_head()
                self._set_why(self._why_shown and step is not None, move_focus=False)
            self.query_one("#step-pane", VerticalScroll).scroll_home(animate=False)
            if focus:
                self._focus_first()
            for card in self.cards.values():
                if isinstance(card.value, str) and card.value.strip():
                    self._check(card)

    def _focus_first(self) -> None:
        if self.cards:
            card = next(iter(self.cards.values()))
            card.focus_editor(scroll_visible=False)
            self.call_after_refresh(self._reveal, card, from_top=True)
            return
        for widget in self.query_one("#step-content").query("*"):
            if widget.focusable:
                widget.focus()
                return

    def _prompt_card(self, prompt: Prompt, position: int, total: int) -> PromptCard:
        record = self.model.record
        return PromptCard(prompt, record.answers.get(prompt.id), position=position, total=total,
                          flagged=prompt.id in record.flags, preparation=self.model.prep_beside(prompt))

    def _summary_card(self, field: SummaryField, position: int, total: int) -> SummaryCard:
        return SummaryCard(field, self.model.record.summary.get(field.id, ""), position=position, total=total)

    def _update_head(self) -> None:
        try:
            head = self.query_one(StepHead)
        except NoMatches:  # the screen is closing
            return
        head.show_step(self.model, self.current_step_id, self._why_shown)

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
        for step_id in (*change.steps, *([ACTIONS_STEP] if change.actions else []),
                        *([SUMMARY_STEP] if change.summary else [])):
            line = lines[step_id]
            sidebar.update_entry(step_id, state=line.state, flags=line.flags, note=line.note)
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

    def _step_at(self, offset: int) -> str | None:
        ids = self.model.step_ids
        index = ids.index(self._target_step or self.current_step_id) + offset
        return ids[index] if 0 <= index < len(ids) else None

    def action_next_step(self) -> None:
        step_id = self._step_at(+1)
        if step_id is None:
            self.notify("This is the last step. Press F9 to finish and see the note.")
        else:
            self.jump_to_step(step_id)

    def action_previous_step(self) -> None:
        step_id = self._step_at(-1)
        if step_id is None:
            self.notify("This is the first step.")
        else:
            self.jump_to_step(step_id)

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
            self._focus_first()

    def action_toggle_why(self) -> None:
        if self.model.framework.step(self.current_step_id) is None:
            self.notify("'Why this matters' belongs to the principles and tracks.")
            return
        self._set_why(not self._why_shown)

    def _set_why(self, shown: bool, move_focus: bool = True) -> None:
        why = self.query_one(WhyPanel)
        was, self._why_shown = self._why_shown, shown
        if shown:
            why.show_step(self.model.framework.step(self.current_step_id), self.model.framework)
        why.set_class(shown, "-shown")
        if move_focus and shown and not was:
            self._why_return = self.focused
            self.query_one("#step-pane", VerticalScroll).scroll_home(animate=False)
            why.focus(scroll_visible=False)
        elif move_focus and not shown and was:
            target, self._why_return = self._why_return, None
            if target is not None and target.is_attached:
                target.focus(scroll_visible=False)
                card = self._card_of(target)
                if card is not None:
                    self.call_after_refresh(self._reveal, card)
            else:
                self._focus_first()
        self._update_head()

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
        card = event.card
        self._saver.schedule(card.answer_id, lambda: self._save_card(card))
        if self.checks_enabled and card.checkable:
            self._checker.schedule(card.answer_id, lambda: self._check(card))

    def _save_card(self, card: AnswerCard) -> None:
        try:
            if isinstance(card, SummaryCard):
                change = self.model.save_summary(card.field.id, card.value)
            else:
                change = self.model.save_answer(card.answer_id, card.value)
        except ReflectError as exc:
            # keep the text on screen and try again on the next change or when leaving
            self._saver.keep(card.answer_id, lambda: self._save_card(card))
            if not self._save_error_shown:
                self._save_error_shown = True
                self.notify(f"{exc}. Your text is still on screen; reflect will try again.",
                            title="Not saved yet", severity="error", timeout=12, markup=False)
            return
        self._save_error_shown = False
        self._apply(change)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        card = self._card_of(event.widget)
        if card is not None:
            self.call_after_refresh(self._reveal, card)

    def _reveal(self, card: AnswerCard, from_top: bool = False) -> None:
        """Keep the question in view with its answer (if the focus is still there)."""
        widget = self.focused
        if widget is not None and card.is_attached and self._card_of(widget) is card:
            reveal(self.query_one("#step-pane", VerticalScroll), widget, card, from_top)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        card = self._card_of(event.widget)
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
        self._checker.cancel_all()

    # ------------------------------------------------------------------ another copy's text

    def _show_conflict(self, conflict: Conflict) -> None:
        card = self.cards.get(conflict.prompt_id)
        if card is not None and card.is_attached:
            card.show_conflict(conflict.other)
        self._last_conflict = (card, conflict)
        other = format_answer(self.model.framework.prompt(conflict.prompt_id), conflict.other)
        self.notify(conflict_notice(other), title="Two copies of reflect", severity="warning", timeout=20,
                    markup=False)

    def action_show_conflict(self) -> None:
        card = self._focused_card()
        if card is not None and card.conflict_text is not None:
            self._open_conflict(card, card.conflict_text)
        elif self._last_conflict is not None:
            self._open_conflict(self._last_conflict[0], self._last_conflict[1].other)
        else:
            self.notify("No other copy has changed an answer here.")

    @on(AnswerCard.ConflictShown)
    def _conflict_clicked(self, event: AnswerCard.ConflictShown) -> None:
        self._open_conflict(event.card, event.card.conflict_text)

    def _open_conflict(self, card: AnswerCard | None, other: Any) -> None:
        def done(choice: str | None) -> None:
            if card is not None and card.is_attached:
                if choice == "append":
                    card.add_other_text(other)
                    self._saver.flush(card.answer_id)
                card.clear_conflict()

        self.app.push_screen(ConflictDialog(other), done)

    # ------------------------------------------------------------------ marks and flags

    def _card_of(self, widget: Widget | None) -> AnswerCard | None:
        for node in widget.ancestors_with_self if widget is not None else ():
            if isinstance(node, AnswerCard):
                return node
            if node is self:
                break
        return None

    def _focused_card(self) -> AnswerCard | None:
        return self._card_of(self.focused)

    def action_toggle_flag(self) -> None:
        card = self._focused_card()
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

        def done(mark: StepMark | None) -> None:
            if mark is not None:
                self._apply_mark(step, mark)

        current, reason = self.model.record.status.get(step.id, ""), self.model.record.set_aside_reasons.get(step.id, "")
        self.app.push_screen(StepStatusDialog(step.short_title, current, reason), done)

    def _apply_mark(self, step: Step, mark: StepMark) -> None:
        if self._attempt(lambda: self.model.mark_step(step.id, mark.status, mark.reason), "The mark was not saved"):
            self.notify(f"{step.short_title}: {status_text(self.model.state(step))}.", timeout=3)

    # ------------------------------------------------------------------ text checks

    def _check(self, card: AnswerCard) -> None:
        if self.checks_enabled:
            card.check(self.model.framework, self.model.dismissed(card.answer_id))

    @on(FindingsView.Dismissed)
    async def _dismiss_finding(self, event: FindingsView.Dismissed) -> None:
        card = self._card_of(event.view)
        key = event.finding.key
        if card is None or not self._attempt(lambda: self.model.dismiss_finding(card.answer_id, key),
                                             "The finding was not dismissed"):
            return
        card.focus_editor()
        await card.findings.show([f for f in card.findings.findings if f.key != key])

    # ------------------------------------------------------------------ actions

    def action_add_action(self) -> None:
        self._edit_action(None)

    @on(Button.Pressed, "#add-action")
    def _add_pressed(self) -> None:
        self._edit_action(None)

    @on(ActionList.EditRequested)
    def _edit_requested(self, event: ActionList.EditRequested) -> None:
        self._edit_action(event.action)

    def _edit_action(self, action: Action | None) -> None:
        def done(fields: ActionFields | None) -> None:
            if fields is None:
                return
            if action is None:
                intent, message = (lambda: self.model.add_action(fields.what, fields.who, fields.by)), "Action added."
            elif fields.remove:
                intent, message = (lambda: self.model.remove_action(action.id)), "Action removed."
            else:
                intent, message = (lambda: self.model.edit_action(
                    action.id, what=fields.what, who=fields.who, by=fields.by, done=fields.done)), "Action saved."
            if self._attempt(intent, "The action was not saved"):
                self.notify(message, timeout=3)

        if action is None:
            self.app.push_screen(ActionDialog("New action"), done)
        else:
            self.app.push_screen(ActionDialog("Edit action", action.what, action.who, action.by, action.done), done)

    @on(ActionList.DoneToggled)
    def _toggle_done(self, event: ActionList.DoneToggled) -> None:
        self._attempt(lambda: self.model.toggle_done(event.action.id), "The action was not saved")

    @on(ReviewItem.Reviewed)
    def _reviewed(self, event: ReviewItem.Reviewed) -> None:
        self._attempt(lambda: self.model.review_action(event.action.id, event.review), "The review was not saved")
