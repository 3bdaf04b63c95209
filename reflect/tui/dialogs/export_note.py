"""Export a session's note: for the record, for the practitioner or for the family, to a file.

One dialog for every place a note is exported from (the case screen's ``x``,
the summary's F9), so the choice, the file name and what happens to an
existing file are the same everywhere. The rules themselves (the name, the
overwrite policy, the path checks) are in :mod:`reflect.core.note_export`.

In a browser (``reflect serve``) there is no folder to choose: the note is
delivered as a download under the name in the box.

The note can be saved as Markdown, plain text, a web page or a Word document
(:mod:`reflect.core.note_formats` converts the one rendered note), or copied
to the clipboard as plain text, ready to paste into a case system's text box.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Select, Static

from reflect.core.audiences import FAMILY, PRACTITIONER, RECORD
from reflect.core.errors import ReflectError
from reflect.core.family_share import left_out_message
from reflect.core.note_export import NoteExists, default_note_path, download_name, note_filename, note_path, write_note
from reflect.core.note_formats import convert, format_for_path, known_format, mime_type, with_format_suffix
from reflect.core.note_formats.clipboard import clipboard_reach
from reflect.core.words import longdate, mode_title
from reflect.tui.dialogs.note_format import NoteFormatChoice
from reflect.tui.widgets.editors import MarkedRadioSet
from reflect.tui.widgets.marked_toggle import MarkedRadio


def audience_of(personal: bool | str) -> str:
    """An audience from the older yes/no "personal" (True is the practitioner's note) or its own name."""
    if isinstance(personal, str):
        return personal
    return PRACTITIONER if personal else RECORD


def audiences_for(mode: str) -> tuple[str, ...]:
    """The notes a session offers: a workshop has no family to write to."""
    return (RECORD, PRACTITIONER) if mode == "workshop" else (RECORD, PRACTITIONER, FAMILY)


def audience_choice(mode: str, audience: str) -> str:
    """The words of one audience's radio button, the same in the summary and in this dialog."""
    if audience == PRACTITIONER:
        return "Personal note: adds your private answers, not for the record"
    if audience == FAMILY:
        return "Family note: plain words for the young person or family"
    if mode == "workshop":
        return "Workshop summary: for the group, without private answers"
    return "Record note: for the case record, without private answers"


@dataclass(frozen=True)
class NoteToExport:
    """Which session's note, and how to render it (``render(audience)`` gives the Markdown).

    The caller renders, so the dialog needs no store and the app opens
    without the note templates loaded. ``audience`` is "record",
    "practitioner" or "family".
    """

    label: str
    day: str
    mode: str
    render: Callable[[str], str]
    #: the store is encrypted: the dialog says an export is not (issue 18)
    from_encrypted_store: bool = False
    #: how many actions the family note leaves out (not shared with the family): the dialog says so
    family_left_out: int = 0

    def kind(self, personal: bool | str) -> str:
        """What the note is called in sentences: "record note", "personal note", "family note", "workshop summary"."""
        audience = audience_of(personal)
        if audience == PRACTITIONER:
            return "personal note"
        if audience == FAMILY:
            return "family note"
        return "workshop summary" if self.mode == "workshop" else "record note"

    def filename(self, personal: bool | str) -> str:
        return note_filename(self.label, self.day, self.mode, audience_of(personal))


@dataclass(frozen=True)
class ExportedNote:
    """What was exported: the dialog's result (``None`` when the user cancels)."""

    personal: bool
    kind: str
    #: the file written; ``None`` when a browser was given the note as a download
    path: Path | None
    name: str
    audience: str = RECORD
    #: the note went to the clipboard, as plain text (keyword-only, so other fields can follow ``name``)
    copied: bool = dataclasses.field(default=False, kw_only=True)
    #: a caveat about the clipboard here (e.g. inside tmux)
    caveat: str = dataclasses.field(default="", kw_only=True)

    @property
    def message(self) -> str:
        """One line for the user, the same wherever the note was exported from."""
        if self.copied:
            line = (
                f"✓ The {self.kind} was copied to the clipboard as plain text. If nothing pastes, export it to a file."
            )
            return line + (f" Note: {self.caveat}." if self.caveat else "")
        if self.path is None:
            return f"Your browser will download {self.name}."
        return f"✓ The {self.kind} was saved to {self.path} (readable only by you)."


class ExportNoteDialog(ModalScreen[ExportedNote | None]):
    """Record, personal or family note, and where to save it; Enter or F9 exports, escape cancels."""

    # its own frame, not the shared ``.dialog`` box (72 columns, which cut the path at 80), and the rest of
    # its style too, so it looks the same in any app that shows it (the test harness has no stylesheet)
    DEFAULT_CSS = """
    ExportNoteDialog { align: center middle; background: $background 70%; }
    ExportNoteDialog > #export-dialog {
        width: 100%; max-width: 84; height: auto; max-height: 100%;
        margin: 0 1; padding: 0 2; border: thick $primary; background: $surface;
    }
    ExportNoteDialog #export-title { text-style: bold; margin-top: 1; }
    ExportNoteDialog #export-session { color: $text-muted; margin-bottom: 1; }
    ExportNoteDialog #note-kind { width: 1fr; height: auto; border: none; padding: 0; }
    ExportNoteDialog #note-kind:focus { border: none; }
    ExportNoteDialog #family-left-out { color: $warning; margin-top: 1; display: none; }
    ExportNoteDialog #family-left-out.-shown { display: block; }
    ExportNoteDialog #export-where { margin-top: 1; }
    ExportNoteDialog #export-path { background: $boost; padding: 0 1; }
    ExportNoteDialog #export-message { margin-top: 1; display: none; }
    ExportNoteDialog #export-message.-shown { display: block; }
    ExportNoteDialog #export-buttons { height: auto; margin: 1 0; }
    ExportNoteDialog #export-buttons Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without exporting"),
        Binding("f9", "export", "Export", tooltip="Write the note to the file named here"),
        Binding("ctrl+y", "copy", "Copy", tooltip="Copy the note to the clipboard, ready to paste"),
        Binding(
            "ctrl+r",
            "toggle_personal",
            "Record / personal",
            show=False,
            tooltip="Switch between the record note and a personal note",
        ),
    ]

    def __init__(
        self,
        note: NoteToExport,
        *,
        personal: bool = False,
        audience: str | None = None,
        folder: Path | None = None,
    ) -> None:
        # the app's stylesheet makes every Screen opaque; its dialog-screen class keeps the backdrop see-through
        super().__init__(classes="dialog-screen")
        self.note = note
        self.audience = audience or audience_of(personal)
        self._folder = folder
        self._replace: Path | None = None  # the existing file the user was told about: the next export replaces it
        self.fmt = "markdown"

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        note = self.note
        with Vertical(id="export-dialog"):
            yield Static(Text(f"Export the note of {note.label}"), id="export-title")
            yield Static(f"{mode_title(note.mode)} session, {longdate(note.day)}", id="export-session")
            with MarkedRadioSet(id="note-kind"):
                for audience in audiences_for(note.mode):
                    yield MarkedRadio(
                        audience_choice(note.mode, audience), value=audience == self.audience, name=audience
                    )
            yield Static(left_out_message(note.family_left_out, in_app=True) + ".", id="family-left-out", markup=False)
            yield NoteFormatChoice(self.fmt, id="note-format")
            where = (
                "File name (your browser will download it)" if self.app.is_web else "Save as (a file only you can read)"
            )
            if note.from_encrypted_store:
                where += " — not encrypted, unlike the store"
            yield Label(where, id="export-where")
            yield Input(self._default_path(), id="export-path", compact=True, select_on_focus=False)
            yield Static("", id="export-message", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export (F9)", id="export", variant="primary", compact=True)
                yield Button("Copy (ctrl+y)", id="copy", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._show_left_out()
        path = self.query_one("#export-path", Input)
        path.focus()
        path.action_end()  # the file name, at the end, is what the user checks

    @property
    def personal(self) -> bool:
        """Whether the note chosen is the practitioner's own (it holds private answers)."""
        return self.audience == PRACTITIONER

    def _default_path(self) -> str:
        if self.app.is_web:
            return with_format_suffix(self.note.filename(self.audience), self.fmt)
        path = default_note_path(self.note.label, self.note.day, self.note.mode, self.audience, self._folder)
        return with_format_suffix(str(path), self.fmt)

    def _say(self, text: str, kind: str = "warning") -> None:
        message = self.query_one("#export-message", Static)
        message.update(text)
        message.set_class(bool(text), "-shown")
        message.set_class(kind == "warning", "warning")
        message.set_class(kind == "error", "error")

    # ------------------------------------------------------------------ events

    @on(RadioSet.Changed, "#note-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        audience = event.pressed.name or RECORD
        if audience == self.audience:
            return
        field = self.query_one("#export-path", Input)
        untouched = field.value == self._default_path()
        self.audience = audience
        if untouched:  # the suggested name follows the kind; a name the user typed is kept
            field.value = self._default_path()
            field.action_end()
        self._replace = None
        self._say("")
        self._show_left_out()

    def _show_left_out(self) -> None:
        """The family note leaves out the actions not shared: say how many, and how to share one."""
        shown = self.audience == FAMILY and self.note.family_left_out > 0
        self.query_one("#family-left-out", Static).set_class(shown, "-shown")

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._replace = None
        self._say("")
        typed = known_format(event.value)
        if typed is not None and typed != self.fmt:  # a name ending .txt, .html, .docx chooses its format
            self.fmt = typed
            self.query_one(NoteFormatChoice).value = typed

    @on(Select.Changed, "#note-format-select")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        self.fmt = fmt
        field = self.query_one("#export-path", Input)
        if format_for_path(field.value) != fmt:  # the name follows the format; its stem stays the user's
            field.value = with_format_suffix(field.value, fmt)
            field.action_end()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # ------------------------------------------------------------------ actions

    def action_toggle_personal(self) -> None:
        """ctrl+r: between the record note and the personal note (the family note is one more radio button)."""
        radios = list(self.query_one("#note-kind", RadioSet).query(MarkedRadio))
        radios[0 if self.personal else 1].value = True

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        """The note on the clipboard as plain text, whatever file format is chosen, where it can get there.

        Plain text is what a case system's text box takes; Markdown pasted there
        would leave its marks on the child's record.
        """
        reach = clipboard_reach(os.environ, web=self.app.is_web, platform=sys.platform)
        if not reach.can_copy:
            self._say(f"{reach.why}: export the note to a file instead (F9).")
            self.query_one("#export-path", Input).focus()
            return
        text = self._note_text("text")
        if not isinstance(text, str):
            return
        self.app.copy_to_clipboard(text)
        self.dismiss(
            ExportedNote(
                self.personal, self.note.kind(self.audience), None, "", self.audience, copied=True, caveat=reach.why
            )
        )

    def action_export(self) -> None:
        raw = self.query_one("#export-path", Input).value
        kind = self.note.kind(self.audience)
        if self.app.is_web:
            content = self._note_text(self.fmt)
            if content is None:
                return
            name = download_name(raw, with_format_suffix(self.note.filename(self.audience), self.fmt))
            if isinstance(content, bytes):
                self.app.deliver_binary(io.BytesIO(content), save_filename=name, mime_type=mime_type(self.fmt))
            else:
                self.app.deliver_text(io.StringIO(content), save_filename=name, mime_type=mime_type(self.fmt))
            self.dismiss(ExportedNote(self.personal, kind, None, name, self.audience))
            return
        try:
            path = note_path(raw)
        except ReflectError as exc:
            self._say(f"Error: {exc.message}", "error")
            return
        text = self._note_text(self.fmt)
        if text is None:
            return
        try:
            write_note(path, text, replace=path == self._replace)
        except NoteExists:
            self._replace = path
            self._say(f"{path.name} is already there. Press Export again to replace it, or change the name.")
            return
        except ReflectError as exc:
            self._say(f"Error: {exc}", "error")
            return
        self.dismiss(ExportedNote(self.personal, kind, path, path.name, self.audience))

    def _note_text(self, fmt: str) -> str | bytes | None:
        """The note in ``fmt`` (bytes for Word), or ``None`` (and the reason on screen) when it cannot be written."""
        try:
            return convert(self.note.render(self.audience), fmt)
        except ReflectError as exc:
            self._say(f"The note could not be written: {exc}", "error")
            return None
