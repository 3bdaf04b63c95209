"""The end of a session: what was covered, the text checks, the note and its export.

The overview says which principles and tracks were reflected on, which were
set aside (with the reasons) or not relevant, and what was flagged. Below it
are any text-check findings not yet dismissed, the export box (the record
note, the practitioner's personal note or a family note, to a file of the
user's choice) and the note itself, rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from reflect.core.audiences import FAMILY, PRACTITIONER, RECORD
from reflect.core.errors import ReflectError
from reflect.core.family_share import left_out, left_out_message
from reflect.core.models import Case, SessionRecord
from reflect.core.session import SessionModel
from reflect.core.words import short_date
from reflect.tui.dialogs.export_note import (
    ExportedNote,
    ExportNoteDialog,
    NoteToExport,
    audience_choice,
    audiences_for,
)
from reflect.tui.widgets.editors import MarkedRadioSet
from reflect.tui.widgets.findings import describe, load_text_rules, scan_text
from reflect.tui.widgets.marked_toggle import MarkedRadio


@dataclass(frozen=True)
class GoToStep:
    """What the summary returns when the user wants to see an answer again: the step to open."""

    step_id: str


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
        self.prompt_id = prompt_id  # the answer's id: a prompt's, or a summary field's
        self.finding = finding

    def compose(self) -> ComposeResult:
        yield Static(f"{self.where}\n  {describe(self.finding)}", markup=False)
        with Vertical():
            yield Button("Go to it", compact=True, classes="goto")
            yield Button("Dismiss", compact=True, classes="dismiss")


class SummaryScreen(Screen[GoToStep | None]):
    """What the session covered, the checks before sharing, and the note; returns a ``GoToStep`` or None."""

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
        Binding("f9", "export", "Export", tooltip="Export the note: record, personal or family, to a file you choose"),
        Binding(
            "ctrl+r",
            "toggle_personal",
            "Record / personal",
            tooltip="Switch between the record note and a personal note",
        ),
    ]

    def __init__(self, model: SessionModel, *, checks_enabled: bool = True, focus_export: bool = False) -> None:
        super().__init__()
        self.model = model
        self.checks_enabled = checks_enabled
        self.focus_export = focus_export
        self.audience = RECORD
        self.note_text = ""
        self.findings: list[tuple[str, str, str, Any, bool]] = []

    @property
    def case(self) -> Case:
        return self.model.case

    @property
    def record(self) -> SessionRecord:
        return self.model.record

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        try:  # the marks may have changed in another copy since the session opened
            self.model.refresh()
        except ReflectError as exc:
            self.notify(str(exc), title="The session could not be read again", severity="error", markup=False)
        self.title = "reflect"
        self.sub_title = f"{self.case.label} · {self.record.mode} · {short_date(self.record.date)} · finishing"
        self.audience = RECORD
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static("What this session covered", classes="part-title")
            yield Static(self.model.overview(), classes="overview", markup=False, id="overview")
            with Vertical(id="checks"):
                yield Static("", id="checks-title", classes="part-title")
                yield Vertical(id="checks-list")
            with Vertical(id="export-box"):
                yield Static("Export the note", classes="part-title")
                with MarkedRadioSet(id="note-kind"):
                    for audience in audiences_for(self.record.mode):
                        yield MarkedRadio(
                            audience_choice(self.record.mode, audience),
                            value=audience == self.audience,
                            name=audience,
                        )
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
        from reflect.core.notes import render_case_note  # the templates load only once a note is shown

        try:
            self.note_text = render_case_note(
                self.model.store,
                self.model.framework,
                self.case,
                self.record.id,
                audience=self.audience,
                checks=self.checks_enabled,
            )
        except ReflectError as exc:
            self.note_text = ""
            self.query_one("#preview-kind", Static).update(f"The note could not be written: {exc}")
            return
        kind = {
            PRACTITIONER: "Personal note: includes private answers; not for the child's record.",
            FAMILY: "Family note: only what you wrote to share with the family, and the actions you chose to share.",
        }.get(self.audience, "Record note: private answers are left out.")
        left = left_out_message(left_out(self.record.actions), in_app=True) if self.audience == FAMILY else ""
        if left:  # the actions not chosen to share: said before the note is exported, with how to share one
            kind += f"\n{left}."
        self.query_one("#preview-kind", Static).update(kind)
        await self.query_one("#preview", Markdown).update(self.note_text)

    # ------------------------------------------------------------------ text checks

    def _start_checks(self) -> None:
        if not self.checks_enabled:
            return
        texts = self.model.written_texts()
        dismissed = {k: list(v) for k, v in self.record.dismissed.items()}
        framework = self.model.framework

        def work() -> list[tuple[str, str, str, Any, bool]]:
            rules = load_text_rules(framework)
            return [
                (t.where, t.step_id, t.answer_id, finding, t.private)
                for t in texts
                for finding in scan_text(t.text, rules, dismissed.get(t.answer_id, ()))
            ]

        self.run_worker(work, thread=True, group="summary-checks", exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "summary-checks" and event.state == WorkerState.SUCCESS:
            self.findings = list(event.worker.result or ())
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
        await listing.mount_all(
            [FindingItem(where, step_id, key, finding) for where, step_id, key, finding, _ in shown]
        )

    @on(Button.Pressed, ".dismiss")
    async def _dismiss(self, event: Button.Pressed) -> None:
        item = event.button.parent.parent if event.button.parent else None
        if not isinstance(item, FindingItem):
            return
        try:
            self.model.dismiss_finding(item.prompt_id, item.finding.key)
        except ReflectError as exc:
            self.notify(str(exc), title="The finding was not dismissed", severity="error", markup=False)
            return
        self.findings = [f for f in self.findings if not (f[2] == item.prompt_id and f[3].key == item.finding.key)]
        await self._show_findings()
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, ".goto")
    def _goto(self, event: Button.Pressed) -> None:
        item = event.button.parent.parent if event.button.parent else None
        if isinstance(item, FindingItem):
            self.dismiss(GoToStep(item.step_id))

    # ------------------------------------------------------------------ export

    @property
    def personal(self) -> bool:
        """Whether the note previewed is the practitioner's own (it holds private answers)."""
        return self.audience == PRACTITIONER

    @on(RadioSet.Changed, "#note-kind")
    async def _kind_changed(self, event: RadioSet.Changed) -> None:
        audience = event.pressed.name or RECORD
        if audience == self.audience:
            return
        self.audience = audience
        await self._render_preview()
        await self._show_findings()

    def action_toggle_personal(self) -> None:
        radios = list(self.query_one("#note-kind", RadioSet).query(RadioButton))
        target = radios[0] if self.personal else radios[1]
        target.value = True

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """The export dialog, on the kind of note now previewed; what it did is told in the export box."""
        from reflect.core.notes import render_case_note

        store, framework, case, session_id = self.model.store, self.model.framework, self.case, self.record.id
        checks = self.checks_enabled

        def render(audience: str) -> str:
            return render_case_note(store, framework, case, session_id, audience=audience, checks=checks)

        def exported(result: ExportedNote | None) -> None:
            if result is not None:
                self.query_one("#export-message", Static).update(result.message)

        encrypted = store.encrypted
        note = NoteToExport(
            case.label,
            self.record.date,
            self.record.mode,
            render,
            from_encrypted_store=encrypted,
            family_left_out=left_out(self.record.actions),
        )
        self.app.push_screen(ExportNoteDialog(note, audience=self.audience), exported)

    def action_back(self) -> None:
        self.dismiss(None)
