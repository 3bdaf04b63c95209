"""The case screen: its details, its sessions, and what was agreed last time.

From here a session starts (preparation, supervision or workshop), an
earlier session opens, and the note of the latest session is exported
(through the same dialog as the summary's).

A case may hold hundreds of sessions after a few years, so the screen reads
the ``PAGE`` most recent (``reflect.core.session_page``) and ``m`` adds the
next page; the look back and the open actions read only the sessions they
name. Opening a case takes the same time at ten sessions as at a thousand.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, DataTable, Footer, Header, Label, Static

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.models import Case, SessionInfo, SessionRecord
from reflect.core.session.since_last import since_last
from reflect.core.session_page import latest_sessions, session_page, sessions_by_id
from reflect.core.store import Store
from reflect.core.words import SHARED_MARK, mode_title, short_date
from reflect.tui.typed import reflect_app

#: sessions the table holds at first; ``m`` shows that many more
PAGE = 50


def describe_context(case: Case) -> list[str]:
    """The case's context as short lines of plain words."""
    ctx = case.context
    lines = []
    age = ctx.get("age_band")
    lines.append(f"Age band: {age}" if age else "Age band: not stated")
    harms = ctx.get("harms") or []
    lines.append("Kinds of harm: " + (", ".join(str(h) for h in harms) if harms else "none recorded"))
    home = ctx.get("home_area") or "home area not recorded"
    placement = ctx.get("placement_area") or "placement area not recorded"
    if case.move == "moved":
        lines.append(f"Moved: yes — from {home} to {placement}")
    elif case.move == "considering":
        where = "".join(
            f" {word} {ctx[key]}" for word, key in (("from", "home_area"), ("to", "placement_area")) if ctx.get(key)
        )
        lines.append(f"Moved: not yet — a move is being considered{where}")
    else:
        lines.append("Moved: no")
    return lines


def since_last_lines(framework: Framework, then: SessionRecord, now: SessionRecord) -> list[str]:
    """What was said then beside now, step by step (no private answer), and then's actions with outcomes."""
    found = since_last(framework, then, now)
    lines = []
    for step in found.steps:
        lines.append(f"{step.title}: {step.state_then} → {step.state_now}")
        lines += [f"  then: {text}" for text in step.then] or ["  then: nothing written"]
        lines += [f"  now:  {text}" for text in step.now] or ["  now:  nothing written"]
    if not found.steps:
        lines.append("Neither session has answers to show here (private answers are not shown).")
    if found.actions:
        lines.append(f"Actions agreed on {short_date(found.date)}:")
        lines += [f"  • {a.what} — {a.outcome_label}" for a in found.actions]
    return lines


class CaseScreen(Screen[None]):
    """One case."""

    AUTO_FOCUS = None  # focused in on_mount without scrolling the case's title out of view
    BINDINGS = [
        Binding("p", "start('preparation')", "Prepare", tooltip="Start a preparation session, dated today"),
        Binding("s", "start('supervision')", "Supervise", tooltip="Start a supervision session, dated today"),
        Binding("w", "start('workshop')", "Workshop", tooltip="Start a workshop session, dated today"),
        Binding("enter", "open_session", "Open", tooltip="Open the highlighted session"),
        Binding("e", "edit", "Details", tooltip="Edit the label, age band, harms and moves"),
        Binding("m", "more", "More sessions", tooltip=f"Show {PAGE} more of the older sessions"),
        Binding("x", "export_note", "Note", tooltip="Write the note of the latest session as Markdown"),
        Binding("escape", "back", "Back", tooltip="Back to all cases"),
    ]

    def __init__(self, case_id: int, *, store: Store, framework: Framework) -> None:
        super().__init__()  # no fixed id: two cases' screens can be open at once (one opened from the palette)
        self.case_id = case_id
        self.store = store
        self.framework = framework
        self.case: Case | None = None  # read from the store on mount, and again on coming back
        self._sessions: list[SessionInfo] = []  # the page on screen, newest first
        self._limit = PAGE
        self._hidden = 0  # older sessions not in the table yet
        self._loaded = False

    @property
    def help_title(self) -> str:
        return f"case {self.case.label}" if self.case else "a case"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="case-body"):
            with Horizontal(id="case-head"):
                yield Static("", id="case-title", classes="screen-title")
                yield Button("Edit details (e)", id="edit", compact=True)
            yield Static("", id="case-context")
            with Collapsible(title="The case story", id="case-story", collapsed=True):
                yield Static("", id="case-story-text")
            with Horizontal(id="start-row"):
                yield Label("Start a session:", id="start-label")
                yield Button("Preparation (p)", id="start-preparation", compact=True)
                yield Button("Supervision (s)", id="start-supervision", compact=True)
                yield Button("Workshop (w)", id="start-workshop", compact=True)
            yield Static("Sessions", id="sessions-title", classes="section-title")
            sessions: DataTable[str] = DataTable(id="sessions", cursor_type="row")
            sessions.add_column("Date", key="date")
            sessions.add_column("Mode", key="mode")
            sessions.add_column("Session", key="id")
            yield sessions
            yield Static("", id="more-sessions", classes="calm-message")
            yield Static(
                "No sessions yet. Press p to prepare for supervision, s to record a supervision, or w for a workshop.",
                id="no-sessions",
                classes="calm-message",
            )
            with Collapsible(title="What changed since last time", id="since-last", collapsed=False):
                yield Static("", id="since-last-text")
            yield Static("Open actions from earlier sessions", id="actions-title", classes="section-title")
            yield Static("", id="open-actions")
            yield Static(
                "No open actions. Actions agreed in a session appear here until the next session reviews them.",
                id="no-actions",
                classes="calm-message",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self._loaded = True
        if self._sessions:
            self.query_one("#sessions", DataTable).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.reload()  # back from a session or the details form

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        store = self.store
        try:
            case = store.get_case(self.case_id)
        except ReflectError:
            self.notify("This case is no longer in the store.", severity="warning")
            self.dismiss()
            return
        self.case = case
        self.sub_title = case.label
        self.query_one("#case-title", Static).update(Text(f"Case {case.label}"))
        self.query_one("#case-context", Static).update(Text("\n".join(describe_context(case))))
        story = str(case.context.get("vignette") or "").strip()
        self.query_one("#case-story-text", Static).update(Text(story))
        self.query_one("#case-story").display = bool(story)

        self._show_sessions()
        self._show_since_last()

        open_actions = store.open_actions(self.case_id)
        agreed = sessions_by_id(store, {a.session_id for a in open_actions})
        dates = {s.id: (s.date, s.mode) for s in agreed.values()}
        actions = self.query_one("#open-actions", Static)
        lines = []
        for action in open_actions:
            when, mode = dates.get(action.session_id, ("", ""))
            who = action.who or "who: not agreed"
            by = f"by {action.by}" if action.by else "no date agreed"
            shared = f"; {SHARED_MARK}" if action.shared else ""  # in words, as every action list says it
            lines.append(f"• {action.what} — {who}; {by} (agreed {when}, {mode}{shared})")
        actions.update(Text("\n".join(lines)))
        actions.display = bool(open_actions)
        self.query_one("#no-actions").display = not open_actions
        self.query_one("#actions-title", Static).update(
            f"Open actions from earlier sessions ({len(open_actions)})"
            if open_actions
            else "Open actions from earlier sessions"
        )
        if not self._sessions and not self._loaded:
            self.query_one("#start-preparation", Button).focus(scroll_visible=False)

    def _show_sessions(self) -> None:
        """The page of sessions (newest first), keeping the cursor where it was."""
        page = session_page(self.store, self.case_id, self._limit)
        self._sessions, self._hidden = page.sessions, page.hidden
        table = self.query_one("#sessions", DataTable)
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        for info in self._sessions:
            table.add_row(info.date, mode_title(info.mode), f"#{info.id}", key=str(info.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        table.display = bool(self._sessions)
        self.query_one("#no-sessions").display = not self._sessions
        self.query_one("#sessions-title", Static).update(
            f"Sessions ({page.total}, newest first)" if self._sessions else "Sessions"
        )
        more = self.query_one("#more-sessions", Static)
        more.display = self._hidden > 0
        if self._hidden:
            step = min(PAGE, self._hidden)
            more.update(
                f"Showing the {len(self._sessions)} most recent; {self._hidden} older "
                f"{'session is' if self._hidden == 1 else 'sessions are'} not shown. "
                f"Press m to show {step} more."
            )
        self.refresh_bindings()

    def _show_since_last(self) -> None:
        """The last session beside the one before it, step by step, and the actions agreed then with outcomes."""
        real = latest_sessions(self.store, self.case_id, 2, skip_mode="workshop")  # a workshop's case is fictional
        box = self.query_one("#since-last", Collapsible)
        box.display = len(real) >= 2
        if len(real) < 2:
            return
        now, then = self.store.get_session(real[0].id), self.store.get_session(real[1].id)
        box.title = (
            f"What changed since last time: {mode_title(then.mode).lower()} {short_date(then.date)} "
            f"beside {mode_title(now.mode).lower()} {short_date(now.date)}"
        )
        self.query_one("#since-last-text", Static).update(Text("\n".join(since_last_lines(self.framework, then, now))))

    # ------------------------------------------------------------------ events

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("start-"):
            self.action_start(button.removeprefix("start-"))
        elif button == "edit":
            self.action_edit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "sessions" and event.row_key.value is not None:
            reflect_app(self.app).open_session(self.case_id, int(event.row_key.value))

    # ------------------------------------------------------------------ actions

    def action_start(self, mode: str) -> None:
        reflect_app(self.app).begin_session(self.case_id, mode)

    def action_open_session(self) -> None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            self.notify("No sessions yet: press p, s or w to start one.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            reflect_app(self.app).open_session(self.case_id, int(key))

    def action_more(self) -> None:
        """The next page of older sessions, below those shown (the cursor stays where it is)."""
        if self._hidden:
            self._limit += PAGE
            self._show_sessions()

    @property
    def more_title(self) -> str:
        """The palette's words for ``action_more``, or "" when every session is shown already."""
        return f"Show {min(PAGE, self._hidden)} more sessions" if self._hidden else ""

    def action_edit(self) -> None:
        from reflect.tui.screens.case_form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(self.case_id, store=self.store, framework=self.framework))

    def action_back(self) -> None:
        self.dismiss()

    def action_export_note(self) -> None:
        """Export the note of the latest session (the dialog asks which kind, and where)."""
        latest = self.store.latest_session(self.case_id)
        if latest is None or self.case is None:
            self.notify("No sessions yet, so there is no note to write. Start one with p, s or w.")
            return
        # imported on first use: the dialog brings the answer editors' module, which the case screen does not need
        from reflect.core.family_share import left_out
        from reflect.tui.dialogs.export_note import ExportedNote, ExportNoteDialog, NoteToExport

        store, framework, case = self.store, self.framework, self.case
        # the note says the text checks were off when the user turned them off (REFLECT_CHECKS=0)
        checks = getattr(getattr(self.app, "options", None), "checks_enabled", True)

        def render(audience: str) -> str:
            # imported when a note is written: the app opens without the templates (and Jinja) loaded
            from reflect.core.notes import render_case_note

            return render_case_note(store, framework, case, session_id=latest.id, audience=audience, checks=checks)

        def exported(result: ExportedNote | None) -> None:
            if result is not None:
                self.notify(result.message, title="Note exported", timeout=10, markup=False)

        left = left_out(store.actions(latest.id))  # the family note leaves these out: the dialog says so
        note = NoteToExport(
            case.label, latest.date, latest.mode, render, from_encrypted_store=store.encrypted, family_left_out=left
        )
        self.app.push_screen(ExportNoteDialog(note), exported)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_session", "export_note") and self._loaded and not self._sessions:
            return None
        if action == "more":  # only while some older sessions are not in the table
            return self._hidden > 0
        return True
