"""A session: the eight principles, the three relational tracks, actions and summary.

The sidebar lists the steps and where each stands; the main pane shows the
step's prompts one after another, each with its editor. Every change is saved
as it is made: a text answer half a second after typing pauses, and at once
when the user leaves the field, the step, the screen or the app. Nothing
waits for a save button, and typing never waits for the disk or the checks.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Static
from textual.worker import Worker, WorkerState

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework, Prompt, Step
from reflect.core.models import Action, Case, SessionRecord
from reflect.tui.widgets.actions import ActionList, ReviewItem
from reflect.tui.widgets.autosave import Debouncer
from reflect.tui.widgets.dialogs import (
    ActionDialog,
    ActionFields,
    ConflictDialog,
    StepMark,
    StepStatusDialog,
)
from reflect.tui.widgets.findings import FindingsView, load_text_rules, scan_text
from reflect.tui.widgets.prompt_card import PromptCard
from reflect.tui.widgets.sidebar import StepEntry, StepSidebar
from reflect.tui.widgets.status import (
    FLAG,
    SET_ASIDE,
    answered,
    format_answer,
    group_heading,
    ordered_prompts,
    status_text,
    step_flags,
    step_state,
)
from reflect.tui.widgets.why import WhyPanel
from reflect.tui.screens.workshop import WORKSHOP_BINDINGS, WORKSHOP_CSS, WorkshopMixin  # workshop mode

SAVE_DELAY = 0.5  # seconds of quiet before a text answer is saved
SAVE_MAX_WAIT = 0.8  # ...and at least this often while typing goes on without a pause
CHECK_DELAY = 0.6  # seconds of quiet before the text checks run
NARROW = 90  # below this many columns the sidebar starts hidden (F4 shows it): the question keeps the room
WIDE = 130  # from this many columns the preparation sits beside the editor

ACTIONS_STEP = "actions"
SUMMARY_STEP = "summary"
SUMMARY_PREFIX = "summary:"


def nice_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%b %Y}"


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

    def compose(self) -> ComposeResult:
        yield Static("", classes="step-status")
        yield Static("", classes="step-title", markup=False)
        yield Static("", classes="step-official", markup=False)
        yield Static("", classes="step-links")

    def show(self, status: str, title: str, official: str = "", links: str = "") -> None:
        # called after every save: an unchanged head must not lay the screen out again
        shown = (status, title, official, links)
        if getattr(self, "_shown", None) == shown:
            return
        self._shown = shown
        self.query_one(".step-status", Static).update(status)
        self.query_one(".step-title", Static).update(title)
        official_line = self.query_one(".step-official", Static)
        official_line.update(official)
        official_line.set_class(not official, "-empty")
        links_line = self.query_one(".step-links", Static)
        links_line.update(links)
        links_line.set_class(not links, "-empty")


class GroupHeading(Static):
    DEFAULT_CSS = """
    GroupHeading { text-style: bold; color: $secondary; height: auto; padding: 0 1; margin-top: 1; }
    GroupHeading.-move { text-style: italic; color: $text-muted; margin-top: 0; }
    """


class SessionScreen(WorkshopMixin, Screen[None]):  # WorkshopMixin: workshop mode (screens/workshop.py)
    """One session on one case. ``jump_to_step`` and ``action_export_note`` are public."""

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
    SessionScreen.-wide PromptCard .answer-row { layout: horizontal; }
    SessionScreen.-wide PromptCard .answer-row > PreparationAnswer { width: 1fr; margin: 0 1 0 0; }
    SessionScreen.-wide PromptCard .answer-row > * { width: 1fr; }
    """ + WORKSHOP_CSS  # workshop mode

    BINDINGS = [
        # the keys that open a step are priority keys: see _open_step
        Binding("ctrl+n", "next_step", "Next", priority=True, tooltip="Go to the next principle or track"),
        Binding("ctrl+b", "previous_step", "Back", priority=True, tooltip="Go back to the previous principle or track"),
        Binding("ctrl+f", "toggle_flag", "Flag", tooltip="Flag the question you are on: bring it to supervision"),
        Binding("f3", "toggle_why", "Why", tooltip="Show or hide 'Why this matters' for this step"),
        Binding("f4", "toggle_sidebar", "Steps", tooltip="Show or hide the list of steps"),
        Binding("f5", "mark_step", "Mark", tooltip="Mark this step reflected, set aside (with a reason) or not relevant"),
        Binding("f9", "finish", "Finish", tooltip="See what was covered and export the note"),
        Binding("ctrl+down", "next_step", "Next step", show=False, priority=True,
                tooltip="The same as ctrl+n (which a web browser keeps for itself)"),
        Binding("ctrl+up", "previous_step", "Previous step", show=False, priority=True, tooltip="The same as ctrl+b"),
        Binding("f8", "add_action", "Add action", show=False, tooltip="Add an action: what, who, by when"),
        Binding("ctrl+g", "go_to_step", "Go to step", show=False, tooltip="Move to the list of steps to pick one"),
        Binding("ctrl+s", "save_now", "Save now", show=False, tooltip="Everything saves as you type; this saves at once"),
        Binding("ctrl+o", "show_conflict", "Other copy's text", show=False,
                tooltip="See the text another copy of reflect saved for this answer"),
        Binding("escape", "close_session", "Close", show=False, tooltip="Back to the case (everything is saved)"),
        *WORKSHOP_BINDINGS,  # workshop mode: story, facilitator notes, step timer
    ]

    def __init__(self, case_id: int, session_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.session_id = session_id
        self.current_step_id: str = ""
        self._target_step: str = ""  # where the last move asked to go (it may still be opening)
        self.cards: dict[str, PromptCard] = {}
        self._saver = Debouncer(self, SAVE_DELAY, max_wait=SAVE_MAX_WAIT)
        self._checker = Debouncer(self, CHECK_DELAY)
        self._scan_seq: dict[str, int] = {}
        self._switch_lock = asyncio.Lock()
        self._sidebar_forced: bool | None = None
        self._why_shown = False
        self._why_return: Widget | None = None
        self._save_error_shown = False
        self.case: Case
        self.record: SessionRecord
        self.prep: SessionRecord | None = None
        self.review: list[tuple[Action, str]] = []

    # ------------------------------------------------------------------ loading

    @property
    def framework(self) -> Framework:
        return self.app.framework  # type: ignore[attr-defined]

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    @property
    def mode(self) -> str:
        return self.record.mode

    @property
    def checks_enabled(self) -> bool:
        return bool(self.app.options.checks_enabled)  # type: ignore[attr-defined]  # transitional

    def _load(self) -> None:
        store = self.store
        self.case = store.get_case(self.case_id)
        self.record = store.get_session(self.session_id)
        self.prep = None
        if self.mode == "supervision":
            # the practitioner's preparation since the last supervision (as the note has it)
            prep = store.previous_session(self.session_id, mode="preparation")
            last = store.previous_session(self.session_id, mode="supervision")
            if prep is not None and not (last and (prep.date, prep.id) < (last.date, last.id)):
                self.prep = store.get_session(prep.id)
        self._load_review()

    def _load_review(self) -> None:
        """Earlier actions this session reviews: still open, or already reviewed from here."""
        store = self.store
        self.review = []
        if self.mode == "workshop":
            return
        found: dict[int, Action] = {a.id: a for a in store.open_actions(self.case_id, before_session=self.session_id)}
        previous = store.previous_session(self.session_id)
        carried = {a.carried_from for a in self.record.actions if a.carried_from}
        dates = {s.id: s.date for s in store.list_sessions(self.case_id)}
        for session_id in dates:
            if session_id == self.session_id or not (carried or (previous and session_id == previous.id)):
                continue
            for action in store.actions(session_id):
                if action.id in carried or (previous and session_id == previous.id and action.review):
                    found.setdefault(action.id, action)
        self.review = [(a, nice_date(dates.get(a.session_id, ""))) for a in found.values()]

    def _entries(self) -> list[StepEntry]:
        entries = [
            StepEntry(s.id, s.kind, s.number, s.short_title, step_state(self.record, s), step_flags(self.record, s))
            for s in self.framework.steps
        ]
        entries.append(StepEntry(ACTIONS_STEP, "actions", 0, "Actions", note=self._actions_note()))
        entries.append(StepEntry(SUMMARY_STEP, "summary", 0, "Summary", note=self._summary_note()))
        return entries

    def _actions_note(self) -> str:
        count = len(self.record.actions)
        note = f"{count} action{'s' if count != 1 else ''}" if count else "none yet"
        to_review = sum(1 for a, _ in self.review if not a.review)
        if self.mode == "supervision" and to_review:
            note += f", {to_review} to review"
        return note

    def _summary_note(self) -> str:
        fields = self.framework.summary_fields_for(self.mode)
        filled = sum(1 for f in fields if answered(self.record.summary.get(f.id)))
        return f"{filled} of {len(fields)} written"

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.framework.steps] + [ACTIONS_STEP, SUMMARY_STEP]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self._load()
        self.current_step_id = self.step_ids[0]
        self.title = "reflect"
        self.sub_title = f"{self.case.label} · {self.mode} · {nice_date(self.record.date)}"
        yield Header()
        with Horizontal(id="session-body"):
            yield StepSidebar(self._entries(), self.current_step_id, id="sidebar")
            with VerticalScroll(id="step-pane"):
                yield StepHead(id="step-head")
                yield WhyPanel(id="why")
                yield Vertical(id="step-content")
        yield Footer()

    async def on_mount(self) -> None:
        self._apply_width(self.size.width)
        await self._show_step(self.current_step_id)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        self.set_class(width < 100, "-narrow")
        try:
            self.query_one(Footer).compact = width < 100
        except NoMatches:
            pass
        if self._sidebar_forced is None:
            self.query_one(StepSidebar).display = width >= self.workshop_sidebar_min(NARROW)  # workshop hook

    # ------------------------------------------------------------------ steps

    def jump_to_step(self, step_id: str) -> None:
        """Open a step by id (a principle, a track, "actions" or "summary")."""
        if step_id not in self.step_ids:
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
            with self.app.batch_update():
                await content.remove_children()
                step = self.framework.step(step_id)
                if step is not None:
                    widgets = self._prompt_widgets(step)
                elif step_id == ACTIONS_STEP:
                    widgets = self._actions_widgets()
                else:
                    widgets = self._summary_widgets()
                widgets.append(self._step_end())
                await content.mount_all(widgets)
                self.workshop_step_shown(step_id)  # workshop hook: group's answers, step timer
                self.query_one(StepSidebar).set_current(step_id)
                self._update_head()
                self._set_why(self._why_shown and step is not None, move_focus=False)
            self.query_one("#step-pane", VerticalScroll).scroll_home(animate=False)
            if focus:
                self._focus_first()
            if self.checks_enabled:
                for card in self.cards.values():
                    if isinstance(card.value, str) and card.value.strip():
                        self._scan(card)

    def _focus_first(self) -> None:
        if self.cards:
            card = next(iter(self.cards.values()))
            card.focus_editor(scroll_visible=False)
            self.call_after_refresh(self._reveal, card, from_top=True)
            return
        for widget in self.query_one("#step-content").query("*"):
            if widget.focusable:
                self.set_focus(widget)  # now, not on the app's next turn: keys typed next belong here
                return

    def _prompt_widgets(self, step: Step) -> list[Widget]:
        prompts = step.prompts_for(self.mode, moved=self.case.moved)
        lens_titles = {lens.id: lens.title for lens in self.framework.lenses}
        prompts = ordered_prompts(step, prompts, [lens.id for lens in self.framework.lenses])
        widgets: list[Widget] = []
        if self.prep is not None:
            if step is self.framework.steps[0]:
                widgets += self._prep_overview()
            widgets += self._prep_only_block(step, {p.id for p in prompts})
        if not prompts:
            widgets.append(Static(
                f"There are no questions for this step in a {self.mode} session. "
                "You can still mark it (F5).", classes="step-note", markup=False))
        last_lens, last_move = None, None
        for index, prompt in enumerate(prompts, start=1):
            if step.kind == "track":
                lens, move = group_heading(prompt, lens_titles)
                if lens != last_lens:
                    widgets.append(GroupHeading(lens, markup=False))
                    last_lens, last_move = lens, None
                if move and move != last_move:
                    widgets.append(GroupHeading(move, classes="-move", markup=False))
                last_move = move
            card = PromptCard(
                prompt,
                self.record.answers.get(prompt.id),
                position=index,
                total=len(prompts),
                flagged=prompt.id in self.record.flags,
                show_facilitator=self.mode == "workshop",
                **self._prep_for(prompt),
            )
            self.cards[prompt.id] = card
            widgets.append(card)
        return widgets

    def _prep_for(self, prompt: Prompt) -> dict[str, Any]:
        if self.prep is None:
            return {}
        value = self.prep.answers.get(prompt.id)
        flagged = prompt.id in self.prep.flags
        label = f"From the preparation ({nice_date(self.prep.date)})" + (f"  {FLAG} flagged for supervision" if flagged else "")
        if not answered(value) and not flagged:
            return {}
        if prompt.private and answered(value):
            text = "(a private answer: not shown here)"
        else:
            text = format_answer(prompt, value) or "(flagged, not answered)"
        return {"preparation": text, "preparation_label": label + ":"}

    def _prep_overview(self) -> list[Widget]:
        """At the start of a supervision: what the practitioner wants to bring."""
        assert self.prep is not None
        lines = []
        questions = self.prep.summary.get("questions-for-supervision", "")
        if answered(questions):
            lines.append(f"What they want to bring:\n  {questions}")
        flagged = [p for p in (self.framework.prompt(pid) for pid in self.prep.flags) if p is not None]
        if flagged:
            lines.append(f"{FLAG} Flagged for supervision ({len(flagged)}):")
            for prompt in flagged:
                step = self.framework.step(prompt.step)
                text = prompt.text if len(prompt.text) <= 80 else prompt.text[:79] + "…"
                lines.append(f"  • {step.short_title if step else ''}: {text}")
        if not lines:
            return []
        head = f"The practitioner's preparation ({nice_date(self.prep.date)}), read-only:"
        return [Static("\n".join([head, *lines]), classes="prep-block", markup=False)]

    def _prep_only_block(self, step: Step, shown: set[str]) -> list[Widget]:
        """Preparation answers to prompts that are not asked in supervision."""
        assert self.prep is not None
        lines = []
        for prompt in step.prompts:
            if prompt.id in shown or prompt.private:
                continue
            value = self.prep.answers.get(prompt.id)
            if answered(value):
                flag = f" {FLAG}" if prompt.id in self.prep.flags else ""
                lines.append(f"• {prompt.text}{flag}\n  {format_answer(prompt, value)}")
        if not lines:
            return []
        text = f"From the preparation ({nice_date(self.prep.date)}), read-only:\n" + "\n".join(lines)
        return [Static(text, classes="prep-block", markup=False)]

    def _summary_widgets(self) -> list[Widget]:
        fields = self.framework.summary_fields_for(self.mode)
        widgets: list[Widget] = []
        if self.prep is not None:
            prep_lines = []
            for field in self.framework.summary_fields_for("preparation"):
                value = self.prep.summary.get(field.id)
                if answered(value) and not field.private:
                    prep_lines.append(f"• {field.label}\n  {value}")
            if prep_lines:
                widgets.append(Static(
                    f"From the preparation ({nice_date(self.prep.date)}), read-only:\n" + "\n".join(prep_lines),
                    classes="prep-block", markup=False))
        if not fields:
            widgets.append(Static("There are no summary fields in this mode.", classes="step-note"))
        for index, field in enumerate(fields, start=1):
            prompt = Prompt(
                id=SUMMARY_PREFIX + field.id, step=SUMMARY_STEP, kind="text", text=field.label,
                modes=(self.mode,), private=field.private,
            )
            card = PromptCard(prompt, self.record.summary.get(field.id, ""), position=index, total=len(fields),
                              flaggable=False)
            self.cards[prompt.id] = card
            widgets.append(card)
        return widgets

    def _actions_widgets(self) -> list[Widget]:
        widgets: list[Widget] = []
        if self.review:
            title = "Actions from earlier sessions: how did they go?" if self.mode == "supervision" \
                else "Actions still open from earlier sessions"
            widgets.append(Static(title, classes="part-title"))
            if self.mode == "supervision":
                box = Vertical(*[ReviewItem(a, when) for a, when in self.review], classes="actions-box")
            else:
                from reflect.tui.widgets.actions import action_line

                box = Static("\n".join(f"• {action_line(a)} (from {when})" for a, when in self.review),
                             classes="actions-box", markup=False)
            widgets.append(box)
        widgets.append(Static("Actions agreed in this session: what, who, by when", classes="part-title"))
        widgets.append(Static(
            "Enter edits the highlighted action, Space marks it done, a (or F8) adds one.",
            classes="step-note", markup=False))
        widgets.append(ActionList(self.record.actions, id="action-list", classes="actions-box"))
        widgets.append(Horizontal(
            Button("Add action (F8)", id="add-action", variant="primary", compact=True),
            classes="actions-buttons actions-box",
        ))
        return widgets

    def _step_end(self) -> Widget:
        ids = self.step_ids
        index = ids.index(self.current_step_id)
        if index + 1 < len(ids):
            nxt = ids[index + 1]
            step = self.framework.step(nxt)
            name = step.short_title if step else nxt.capitalize()
            text = f"Next: {name} — ctrl+n (or [@click=screen.next_step]go on[/])"
        else:
            text = "This is the last step. [@click=screen.finish]Finish and see the note[/] (F9)"
        return Static(text, classes="step-end")

    def _update_head(self) -> None:
        try:
            head = self.query_one(StepHead)
        except NoMatches:
            return
        step = self.framework.step(self.current_step_id)
        if step is not None:
            group = "Principle" if step.kind == "principle" else "Relational track"
            total = len(self.framework.principles) if step.kind == "principle" else len(self.framework.tracks)
            state = step_state(self.record, step)
            status = f"[dim]{group} {step.number} of {total}[/dim]   [b]{_escape(status_text(state))}[/b]"
            if state == SET_ASIDE and self.record.set_aside_reasons.get(step.id):
                status += f": {_escape(self.record.set_aside_reasons[step.id])}"
            official = step.title if step.kind == "principle" and step.title != step.short_title else ""
            why = "Hide" if self._why_shown else "Why this matters"
            links = f"[@click=screen.toggle_why]▸ {why} F3[/]   [@click=screen.mark_step]▸ Mark step F5[/]"
            head.show(status, step.short_title, official, links)
        elif self.current_step_id == ACTIONS_STEP:
            head.show("[dim]Finish[/dim]", "Actions", "", "What will be done, by whom, and by when.")
        else:
            head.show("[dim]Finish[/dim]", "Summary", "",
                      f"The closing questions of this {self.mode} session. Then F9 to see the note.")

    # ------------------------------------------------------------------ moving

    async def action_next_step(self) -> None:
        ids = self.step_ids
        index = ids.index(self._target_step or self.current_step_id)
        if index + 1 >= len(ids):
            self.notify("This is the last step. Press F9 to finish and see the note.")
            return
        await self._open_step(ids[index + 1])

    async def action_previous_step(self) -> None:
        ids = self.step_ids
        index = ids.index(self._target_step or self.current_step_id)
        if index == 0:
            self.notify("This is the first step.")
            return
        await self._open_step(ids[index - 1])

    async def _open_step(self, step_id: str) -> None:
        """Open a step from a key, and only then let the app read the keys typed after it.

        ctrl+n and ctrl+b are priority bindings, so this runs as the app reads
        the key; awaiting the step (rather than a worker) holds back the keys
        typed straight after until the new step's first answer has the focus
        (see widgets/focus_keys.py). Otherwise they land in the step being left.
        """
        self._target_step = step_id
        await self._show_step(step_id)

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
        if self.framework.step(self.current_step_id) is None:
            self.notify("'Why this matters' belongs to the principles and tracks.")
            return
        self._set_why(not self._why_shown)

    def _set_why(self, shown: bool, move_focus: bool = True) -> None:
        why = self.query_one(WhyPanel)
        was = self._why_shown
        self._why_shown = shown
        if shown:
            why.show_step(self.framework.step(self.current_step_id), self.framework)
        why.set_class(shown, "-shown")
        if move_focus and shown and not was:
            self._why_return = self.focused
            self.query_one("#step-pane", VerticalScroll).scroll_home(animate=False)
            why.focus(scroll_visible=False)
        elif move_focus and not shown and was:
            target = self._why_return
            self._why_return = None
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
        self.flush_saves()
        from reflect.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.case_id, self.session_id))

    def action_export_note(self) -> None:
        """Open the summary with the export box ready (the palette's "Export note")."""
        self.flush_saves()
        from reflect.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.case_id, self.session_id, focus_export=True))

    # ------------------------------------------------------------------ saving

    def flush_saves(self) -> None:
        """Write everything still waiting for the typing pause, now."""
        self._saver.flush_all()

    def action_save_now(self) -> None:
        self.flush_saves()
        self.notify("Saved. (Everything is saved as you type; there is no need to press anything.)")

    @on(PromptCard.AnswerChanged)
    def _answer_changed(self, event: PromptCard.AnswerChanged) -> None:
        card = event.card
        key = card.prompt.id
        self._saver.schedule(key, lambda: self._save_card(card))
        if self.checks_enabled and card.prompt.kind == "text":
            self._checker.schedule(key, lambda: self._scan(card))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        card = self._card_of(event.widget)
        if card is not None:
            self.call_after_refresh(self._reveal, card)

    def _reveal(self, card: PromptCard, from_top: bool = False) -> None:
        """Keep the question in view with its answer: the answer first, then the question above it."""
        widget = self.focused
        if widget is None or self._card_of(widget) is not card or not card.is_attached:
            return
        pane = self.query_one("#step-pane", VerticalScroll)
        view = pane.content_region
        w, c = widget.region, card.region
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
            dy = -pane.scroll_y  # the step's title and the first question both fit: show them from the top
        if dy:
            pane.scroll_to(y=pane.scroll_y + dy, animate=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        card = self._card_of(event.widget)
        if card is not None and self._saver.pending(card.prompt.id):
            self._saver.flush(card.prompt.id)

    def on_screen_suspend(self) -> None:
        self.flush_saves()

    def on_screen_resume(self) -> None:
        # the summary screen (or another copy) may have changed things: refresh the marks
        if hasattr(self, "record"):
            try:
                fresh = self.store.get_session(self.session_id)
            except ReflectError:
                return
            self.record.status = fresh.status
            self.record.set_aside_reasons = fresh.set_aside_reasons
            self.record.dismissed = fresh.dismissed
            self._refresh_marks()

    def on_unmount(self) -> None:
        # the app is closing or the screen was popped: nothing typed may be left behind
        self.flush_saves()
        self._checker.cancel_all()

    def _save_card(self, card: PromptCard) -> None:
        key = card.prompt.id
        value = card.value
        if isinstance(value, str) and not value.strip():
            value = ""
        if value is None:
            value = ""
        try:
            if key.startswith(SUMMARY_PREFIX):
                field = key[len(SUMMARY_PREFIX):]
                if (self.record.summary.get(field) or "") == value:
                    return
                self.store.save_summary(self.session_id, field, value)
                if value:
                    self.record.summary[field] = value
                else:
                    self.record.summary.pop(field, None)
                self._refresh_marks()
                return
            saved = self.record.answers.get(key)
            if (saved if saved is not None else "") == value:
                return
            result = self.store.save_answer(self.session_id, key, value, base_rev=self.record.answer_revs.get(key, 0))
        except ReflectError as exc:
            # keep the text on screen and try again on the next change or when leaving
            self._saver.keep(key, lambda: self._save_card(card))
            if not self._save_error_shown:
                self._save_error_shown = True
                self.notify(f"{exc}. Your text is still on screen; reflect will try again.",
                            title="Not saved yet", severity="error", timeout=12)
            return
        self._save_error_shown = False
        if answered(value):
            self.record.answers[key] = value
        else:
            self.record.answers.pop(key, None)
        self.record.answer_revs[key] = result.rev
        if result.conflict:
            self._conflict(card, result.overwritten)
        self._refresh_marks()

    def _conflict(self, card: PromptCard, other: Any) -> None:
        text = format_answer(card.prompt, other) or "(empty)"
        snippet = " ".join(text.split())
        if len(snippet) > 80:
            snippet = snippet[:79] + "…"
        if card.is_attached:
            card.show_conflict(other)
        self._last_conflict = (card, other)
        self.notify(
            f"Another copy of reflect changed this answer; yours was kept — the other text is “{snippet}”. "
            "Press ctrl+o to see it in full.",
            title="Two copies of reflect", severity="warning", timeout=20, markup=False,
        )

    def action_show_conflict(self) -> None:
        card = self._focused_card()
        if card is None or card.conflict_text is None:
            last = getattr(self, "_last_conflict", None)
            if last is None:
                self.notify("No other copy has changed an answer here.")
                return
            card = last[0]
        self._open_conflict(card)

    @on(PromptCard.ConflictShown)
    def _conflict_clicked(self, event: PromptCard.ConflictShown) -> None:
        self._open_conflict(event.card)

    def _open_conflict(self, card: PromptCard) -> None:
        other = card.conflict_text if card.conflict_text is not None else getattr(self, "_last_conflict", (None, None))[1]

        def done(choice: str | None) -> None:
            if choice == "append" and card.is_attached and card.prompt.kind == "text":
                from reflect.tui.widgets.editors import TextAnswer

                editor = card.editor
                if isinstance(editor, TextAnswer):
                    addition = "\n".join(other) if isinstance(other, list) else str(other or "")
                    editor.text = editor.text.rstrip("\n") + "\n\n" + addition
                    self._saver.flush(card.prompt.id)
            if card.is_attached:
                card.clear_conflict()

        self.app.push_screen(ConflictDialog(other), done)

    # ------------------------------------------------------------------ marks and flags

    def _refresh_marks(self) -> None:
        try:
            sidebar = self.query_one(StepSidebar)
        except NoMatches:  # the screen is closing: the store already has everything
            return
        for step in self.framework.steps:
            sidebar.update_entry(step.id, state=step_state(self.record, step), flags=step_flags(self.record, step))
        sidebar.update_entry(ACTIONS_STEP, note=self._actions_note())
        sidebar.update_entry(SUMMARY_STEP, note=self._summary_note())
        self._update_head()

    def _card_of(self, widget: Widget | None) -> PromptCard | None:
        node = widget
        while node is not None and node is not self:
            if isinstance(node, PromptCard):
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    def _focused_card(self) -> PromptCard | None:
        return self._card_of(self.focused)

    def action_toggle_flag(self) -> None:
        card = self._focused_card()
        if card is None or not card.flaggable:
            self.notify("Move to a question first (Tab), then press ctrl+f to flag it for supervision.")
            return
        self._set_flag(card, not card.flagged)

    @on(PromptCard.FlagToggled)
    def _flag_clicked(self, event: PromptCard.FlagToggled) -> None:
        self._set_flag(event.card, event.flagged)

    def _set_flag(self, card: PromptCard, flagged: bool) -> None:
        pid = card.prompt.id
        try:
            self.store.set_flag(self.session_id, pid, flagged)
        except ReflectError as exc:
            self.notify(str(exc), title="The flag was not saved", severity="error")
            return
        if flagged and pid not in self.record.flags:
            self.record.flags.append(pid)
        elif not flagged and pid in self.record.flags:
            self.record.flags.remove(pid)
        card.set_flagged(flagged)
        self._refresh_marks()
        self.notify(f"{FLAG} Flagged: bring to supervision." if flagged else "Flag removed.", timeout=3)

    def action_mark_step(self) -> None:
        step = self.framework.step(self.current_step_id)
        if step is None:
            self.notify("Only principles and tracks can be marked.")
            return
        current = self.record.status.get(step.id, "")
        reason = self.record.set_aside_reasons.get(step.id, "")

        def done(mark: StepMark | None) -> None:
            if mark is not None:
                self._apply_mark(step, mark)

        self.app.push_screen(StepStatusDialog(step.short_title, current, reason), done)

    def _apply_mark(self, step: Step, mark: StepMark) -> None:
        try:
            self.store.set_status(self.session_id, step.id, mark.status or None, mark.reason)
        except ReflectError as exc:
            self.notify(str(exc), title="The mark was not saved", severity="error")
            return
        if mark.status:
            self.record.status[step.id] = mark.status
        else:
            self.record.status.pop(step.id, None)
        if mark.status == SET_ASIDE:
            self.record.set_aside_reasons[step.id] = mark.reason
        else:
            self.record.set_aside_reasons.pop(step.id, None)
        self._refresh_marks()
        self.notify(f"{step.short_title}: {status_text(step_state(self.record, step))}.", timeout=3)

    # ------------------------------------------------------------------ text checks

    def _scan(self, card: PromptCard) -> None:
        if not self.checks_enabled or not card.is_attached:
            return
        key = card.prompt.id
        text = card.value if isinstance(card.value, str) else ""
        seq = self._scan_seq.get(key, 0) + 1
        self._scan_seq[key] = seq
        dismissed = list(self.record.dismissed.get(key, []))
        framework = self.framework

        def work() -> tuple[str, int, list]:
            return key, seq, scan_text(text, load_text_rules(framework), dismissed)

        self.run_worker(work, thread=True, group="checks", exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "checks" or event.state != WorkerState.SUCCESS:
            return
        key, seq, findings = worker.result
        card = self.cards.get(key)
        if card is None or not card.is_attached or self._scan_seq.get(key) != seq:
            return
        await card.findings.show(findings)

    @on(FindingsView.Dismissed)
    async def _dismiss_finding(self, event: FindingsView.Dismissed) -> None:
        card = self._card_of(event.view)
        if card is None:
            return
        key = card.prompt.id
        try:
            self.store.dismiss_finding(self.session_id, key, event.finding.key)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.record.dismissed.setdefault(key, []).append(event.finding.key)
        card.focus_editor()
        await card.findings.show([f for f in card.findings.findings if f.key != event.finding.key])

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
            try:
                if action is None:
                    self.store.add_action(self.session_id, fields.what, fields.who, fields.by)
                    message = "Action added."
                elif fields.remove:
                    self.store.delete_action(action.id)
                    message = "Action removed."
                else:
                    self.store.update_action(action.id, what=fields.what, who=fields.who, by=fields.by, done=fields.done)
                    message = "Action saved."
            except ReflectError as exc:
                self.notify(str(exc), title="The action was not saved", severity="error")
                return
            self._reload_actions()
            self.notify(message, timeout=3)

        if action is None:
            self.app.push_screen(ActionDialog("New action"), done)
        else:
            self.app.push_screen(ActionDialog("Edit action", action.what, action.who, action.by, action.done), done)

    @on(ActionList.DoneToggled)
    def _toggle_done(self, event: ActionList.DoneToggled) -> None:
        action = event.action
        try:
            self.store.update_action(action.id, done=not action.done)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self._reload_actions()

    @on(ReviewItem.Reviewed)
    def _reviewed(self, event: ReviewItem.Reviewed) -> None:
        action, review = event.action, event.review
        store = self.store
        try:
            copies = [a for a in store.actions(self.session_id) if a.carried_from == action.id]
            if review == "carried-forward":
                if not copies:
                    store.carry_forward(action.id, self.session_id)
                else:
                    store.update_action(action.id, review="carried-forward")
            else:
                for copy in copies:
                    store.delete_action(copy.id)
                store.update_action(action.id, done=(review == "done"), review=review)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        action.review = review
        action.done = review == "done"
        self._reload_actions()

    def _reload_actions(self) -> None:
        self.record.actions = self.store.actions(self.session_id)
        try:
            self.query_one("#action-list", ActionList).show_actions(self.record.actions)
        except Exception:
            pass
        self._refresh_marks()


def _escape(text: str) -> str:
    return text.replace("[", "\\[")
