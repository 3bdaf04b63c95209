"""The end of a session: what was covered, the text checks, the note and its export.

The overview says which principles and tracks were reflected on, which were
set aside (with the reasons) or not relevant, and what was flagged. Below it
are any text-check findings not yet dismissed, the export box (record note or
personal note, to a file of the user's choice) and the note itself, rendered.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.models import Case, SessionRecord
from reflect.core.notes import render_case_note
from reflect.tui.dialogs.export_note import ExportedNote, ExportNoteDialog, NoteToExport
from reflect.tui.screens.session import nice_date
from reflect.tui.widgets.editors import MarkedRadio, MarkedRadioSet
from reflect.tui.widgets.findings import describe, load_text_rules, scan_text
from reflect.tui.widgets.status import (
    FLAG,
    NOT_RELEVANT,
    NOT_STARTED,
    REFLECTED,
    SET_ASIDE,
    answered,
    status_text,
    step_state,
)

SUMMARY_PREFIX = "summary:"


def render_preview(store: Any, framework: Framework, case: Case, record: SessionRecord, private: bool) -> tuple[str, bool]:
    """The note as Markdown, and whether it is the real note (False: a plain fallback)."""
    try:
        from reflect.core import notes
    except ImportError:
        return _plain_note(framework, case, record, private), False
    render_case = getattr(notes, "render_case_note", None)
    if render_case is not None:
        return render_case(store, framework, case, record.id, private=private), True
    return notes.render_note(framework, case, record, private=private), True  # pragma: no cover


def _plain_note(framework: Framework, case: Case, record: SessionRecord, private: bool) -> str:
    """A plain preview while the notes module is not available."""
    lines = [f"{case.label}: {record.mode} session, {record.date}", ""]
    for step in framework.steps:
        lines.append(f"{step.number}. {step.short_title}: {status_text(step_state(record, step))}")
        for prompt in step.prompts:
            value = record.answers.get(prompt.id)
            if answered(value) and (private or not prompt.private):
                lines.append(f"    {prompt.text}\n    {value}")
    return "\n".join(lines)


class FindingItem(Horizontal):
    DEFAULT_CSS = """
    FindingItem { height: auto; margin-bottom: 1; }
    FindingItem > Static { width: 1fr; height: auto; }
    FindingItem > Vertical { width: auto; height: auto; }
    FindingItem Button { margin-left: 1; min-width: 10; }
    """

    def __init__(self, where: str, step_id: str, prompt_id: str, finding: Any) -> None:
        super().__init__()
        self.where = where
        self.step_id = step_id
        self.prompt_id = prompt_id
        self.finding = finding

    def compose(self) -> ComposeResult:
        yield Static(f"{self.where}\n  {describe(self.finding)}", markup=False)
        with Vertical():
            yield Button("Go to it", compact=True, classes="goto")
            yield Button("Dismiss", compact=True, classes="dismiss")


class SummaryScreen(Screen[None]):
    DEFAULT_CSS = """
    SummaryScreen #summary-body { padding: 0 2; height: 1fr; }
    SummaryScreen .part-title { text-style: bold; margin-top: 1; height: auto; color: $primary; }
    SummaryScreen .overview { height: auto; }
    SummaryScreen .muted { color: $text-muted; height: auto; }
    SummaryScreen #checks-list { height: auto; }
    SummaryScreen #checks > .part-title, SummaryScreen #export-box > .part-title { margin-top: 0; }
    SummaryScreen #checks { height: auto; border-left: thick $warning; padding: 0 1; margin-top: 1; display: none; }
    SummaryScreen #checks.-shown { display: block; }
    SummaryScreen #export-box { height: auto; border: round $primary; padding: 0 1; margin-top: 1; }
    SummaryScreen #note-kind { width: 1fr; border: none; padding: 0; height: auto; }
    SummaryScreen #note-kind:focus { border: none; }
    SummaryScreen #export-message { height: auto; }
    SummaryScreen #preview { height: auto; border: round $panel-lighten-2; padding: 0 1; margin: 1 0 1 0; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back to session", tooltip="Back to the session (nothing is lost)"),
        Binding("f9", "export", "Export", tooltip="Export the note: record or personal, to a file you choose"),
        Binding("ctrl+r", "toggle_personal", "Record / personal", tooltip="Switch between the record note and a personal note"),
    ]

    def __init__(self, case_id: int, session_id: int, *, focus_export: bool = False) -> None:
        super().__init__()
        self.case_id = case_id
        self.session_id = session_id
        self.focus_export = focus_export
        self.personal = False
        self.note_text = ""
        self.findings: list[tuple[str, str, str, Any]] = []

    # ------------------------------------------------------------------ data

    @property
    def framework(self) -> Framework:
        return self.app.framework  # type: ignore[attr-defined]

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    def _load(self) -> None:
        self.case = self.store.get_case(self.case_id)
        self.record = self.store.get_session(self.session_id)

    def _overview(self) -> str:
        """One line per kind of mark, so the export box stays in view."""
        rec, fw = self.record, self.framework
        groups: dict[str, list[str]] = {REFLECTED: [], SET_ASIDE: [], NOT_RELEVANT: [], NOT_STARTED: []}
        for step in fw.steps:
            code = f"{'P' if step.kind == 'principle' else 'T'}{step.number}"
            state = step_state(rec, step)
            if state == NOT_STARTED:
                groups[state].append(code)
            elif state == SET_ASIDE and rec.set_aside_reasons.get(step.id):
                groups[state].append(f"{code} {step.short_title} (why: {rec.set_aside_reasons[step.id]})")
            else:
                groups.setdefault(state, []).append(f"{code} {step.short_title}")
        lines = []
        for state in (REFLECTED, SET_ASIDE, NOT_RELEVANT, NOT_STARTED):
            items = groups.get(state) or []
            joiner = ", " if state == NOT_STARTED else "; "
            lines.append(f"{status_text(state)} ({len(items)})" + (": " + joiner.join(items) if items else ""))
        flagged = [p for p in (fw.prompt(pid) for pid in rec.flags) if p is not None]
        flagged_for = "flagged for discussion" if rec.mode == "workshop" else "flagged for supervision"
        lines.append(f"{FLAG} {flagged_for} ({len(flagged)})" + (":" if flagged else ""))
        for prompt in flagged:
            step = fw.step(prompt.step)
            code = f"{'P' if step and step.kind == 'principle' else 'T'}{step.number if step else ''}"
            text = prompt.text if len(prompt.text) <= 70 else prompt.text[:69] + "…"
            lines.append(f"    {code} “{text}”")
        done = sum(1 for a in rec.actions if a.done)
        lines.append(f"Actions ({len(rec.actions)}, {done} done)" + (":" if rec.actions else ""))
        for a in rec.actions:
            who = f" — {a.who}" if a.who else ""
            by = f", by {a.by}" if a.by else ""
            lines.append(f"    {'☑ done' if a.done else '☐ to do'}  {a.what}{who}{by}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self._load()
        self.title = "reflect"
        self.sub_title = f"{self.case.label} · {self.record.mode} · {nice_date(self.record.date)} · finishing"
        self.personal = False
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static("What this session covered", classes="part-title")
            yield Static(self._overview(), classes="overview", markup=False, id="overview")
            with Vertical(id="checks"):
                yield Static("", id="checks-title", classes="part-title")
                yield Vertical(id="checks-list")
            with Vertical(id="export-box"):
                yield Static("Export the note", classes="part-title")
                with MarkedRadioSet(id="note-kind"):
                    workshop = self.record.mode == "workshop"
                    yield MarkedRadio("Workshop summary (for the group)" if workshop else "Record note (for the case record)",
                                      value=not self.personal, name="record")
                    yield MarkedRadio("Personal note (adds private answers)", value=self.personal, name="personal")
                yield Button("Export… (F9)", variant="primary", id="export", compact=True)
                yield Static("", id="export-message", markup=False)
            yield Static("The note", classes="part-title")
            yield Static("", classes="muted", id="preview-kind", markup=False)
            yield Markdown("", id="preview")
        yield Footer()

    async def on_mount(self) -> None:
        await self._render_preview()
        self._start_checks()
        if self.focus_export:
            self.query_one("#export", Button).focus()
            self.call_after_refresh(self.query_one("#export-box").scroll_visible, animate=False)
        else:
            self.query_one("#summary-body").focus()

    async def _render_preview(self) -> None:
        try:
            self.note_text, real = render_preview(self.store, self.framework, self.case, self.record, self.personal)
        except ReflectError as exc:
            self.note_text, real = "", False
            self.query_one("#preview-kind", Static).update(f"The note could not be written: {exc}")
            return
        kind = "Personal note: includes private answers; not for the child's record." if self.personal \
            else "Record note: private answers are left out."
        if not real:
            kind += " (plain preview)"
        self.query_one("#preview-kind", Static).update(kind)
        await self.query_one("#preview", Markdown).update(self.note_text)

    # ------------------------------------------------------------------ text checks

    def _texts(self) -> list[tuple[str, str, str, str, bool]]:
        """(where, step id, key, text, private) for every written answer and summary field."""
        out = []
        rec, fw = self.record, self.framework
        for step in fw.steps:
            for prompt in step.prompts:
                value = rec.answers.get(prompt.id)
                if isinstance(value, str) and value.strip():
                    short = prompt.text if len(prompt.text) <= 60 else prompt.text[:59] + "…"
                    out.append((f"{step.short_title}: {short}", step.id, prompt.id, value, prompt.private))
        for field in fw.summary_fields:
            value = rec.summary.get(field.id)
            if value and value.strip():
                out.append((f"Summary: {field.label}", "summary", SUMMARY_PREFIX + field.id, value, field.private))
        return out

    def _start_checks(self) -> None:
        if not self.app.options.checks_enabled:  # type: ignore[attr-defined]  # transitional
            return
        texts = self._texts()
        dismissed = {k: list(v) for k, v in self.record.dismissed.items()}
        framework = self.framework

        def work() -> list[tuple[str, str, str, Any, bool]]:
            rules = load_text_rules(framework)
            found = []
            for where, step_id, key, text, private in texts:
                for finding in scan_text(text, rules, dismissed.get(key, ())):
                    found.append((where, step_id, key, finding, private))
            return found

        self.run_worker(work, thread=True, group="summary-checks", exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "summary-checks" and event.state == WorkerState.SUCCESS:
            self.findings = list(event.worker.result)
            await self._show_findings()

    async def _show_findings(self) -> None:
        shown = [f for f in self.findings if self.personal or not f[4]]
        box = self.query_one("#checks")
        box.set_class(bool(shown), "-shown")
        count = len(shown)
        self.query_one("#checks-title", Static).update(
            f"⚠ Before you share this note: the text checks found {count} thing{'s' if count != 1 else ''} to look at"
        )
        listing = self.query_one("#checks-list")
        await listing.remove_children()
        await listing.mount_all([FindingItem(where, step_id, key, finding) for where, step_id, key, finding, _ in shown])

    @on(Button.Pressed, ".dismiss")
    async def _dismiss(self, event: Button.Pressed) -> None:
        item = event.button.parent.parent if event.button.parent else None
        if not isinstance(item, FindingItem):
            return
        try:
            self.store.dismiss_finding(self.session_id, item.prompt_id, item.finding.key)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.findings = [f for f in self.findings if not (f[2] == item.prompt_id and f[3].key == item.finding.key)]
        await self._show_findings()
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, ".goto")
    def _goto(self, event: Button.Pressed) -> None:
        item = event.button.parent.parent if event.button.parent else None
        if not isinstance(item, FindingItem):
            return
        self.app.pop_screen()
        session = self.app.screen
        jump = getattr(session, "jump_to_step", None)
        if callable(jump):
            jump(item.step_id)

    # ------------------------------------------------------------------ export

    @on(RadioSet.Changed, "#note-kind")
    async def _kind_changed(self, event: RadioSet.Changed) -> None:
        personal = (event.pressed.name == "personal")
        if personal == self.personal:
            return
        self.personal = personal
        await self._render_preview()
        await self._show_findings()

    def action_toggle_personal(self) -> None:
        radios = list(self.query_one("#note-kind", RadioSet).query(RadioButton))
        target = radios[0] if self.personal else radios[1]
        target.value = True

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """The export dialog, on the kind of note now previewed; what it did is told in the export box."""
        store, framework, case, session_id = self.store, self.framework, self.case, self.session_id

        def render(personal: bool) -> str:
            return render_case_note(store, framework, case, session_id, private=personal)

        def exported(result: ExportedNote | None) -> None:
            if result is not None:
                self.query_one("#export-message", Static).update(result.message)

        note = NoteToExport(case.label, self.record.date, self.record.mode, render)
        self.app.push_screen(ExportNoteDialog(note, personal=self.personal), exported)

    def action_back(self) -> None:
        self.app.pop_screen()
