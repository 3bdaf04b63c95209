"""Exporting a note through the one dialog: from the case screen (x) and from the summary (F9).

The rules (file name, overwrite policy, path checks) are tested directly in
``tests/test_note_export.py``; these tests check the dialog applies them and
tells the user what happened.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from portable import assert_mode
from session_harness import SessionHarness, make_case, settle
from textual.app import App
from textual.widgets import Input, Label, RadioButton

from reflect.core.errors import ReflectError
from reflect.core.store import Store
from reflect.tui.dialogs.export_note import ExportedNote, ExportNoteDialog, NoteToExport
from reflect.tui.screens.case import CaseScreen

PRIVATE = "children-first.my-reaction"  # a private prompt of the built-in framework
PRIVATE_TEXT = "I felt out of my depth on the doorstep."
DOCS = Path("/home/you/Documents")


@pytest.fixture(autouse=True)
def _documents_folder(monkeypatch):
    """The suggested folder, the same on every machine (it is never written to here)."""
    monkeypatch.setattr("reflect.core.note_export.default_export_dir", lambda: DOCS)


def _message(dialog: ExportNoteDialog) -> str:
    return str(dialog.query_one("#export-message").render())


def _path(dialog: ExportNoteDialog) -> Input:
    return dialog.query_one("#export-path", Input)


async def _open_dialog(app, pilot, case_id: int) -> ExportNoteDialog:
    await pilot.pause()
    app.open_case_screen(case_id)
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, ExportNoteDialog)
    return app.screen


@pytest.fixture
def with_private_answer(populated_store):
    with Store.open(populated_store.data_dir) as store:
        store.save_answer(populated_store.session_id, PRIVATE, PRIVATE_TEXT)
    return populated_store


async def test_the_dialog_opens_on_the_record_note_in_the_documents_folder(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_dialog(app, pilot, populated_store.case_id)
        field = _path(dialog)
        assert field.value == str(DOCS / "YP-A-2026-01-12-preparation.md")
        assert app.focused is field
        assert field.cursor_position == len(field.value)  # the file name, at the end, is in view
        assert [r.value for r in dialog.query(RadioButton)] == [True, False, False]  # record, personal, family
        assert not dialog.personal
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)


async def test_the_suggested_name_follows_the_kind_but_a_typed_one_is_kept(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_dialog(app, pilot, populated_store.case_id)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert dialog.personal
        assert _path(dialog).value == str(DOCS / "YP-A-2026-01-12-preparation-personal.md")
        _path(dialog).value = "/elsewhere/mine.md"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not dialog.personal
        assert _path(dialog).value == "/elsewhere/mine.md"


async def test_the_record_note_leaves_private_answers_out_and_the_personal_note_keeps_them(
    app_factory, with_private_answer, tmp_path
):
    app = app_factory(with_private_answer.data_dir)
    record, personal = tmp_path / "record.md", tmp_path / "personal.md"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_dialog(app, pilot, with_private_answer.case_id)
        _path(dialog).value = str(record)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog)
        await pilot.press("ctrl+r")
        _path(dialog).value = str(personal)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
    assert "football" in record.read_text(encoding="utf-8")
    assert PRIVATE_TEXT not in record.read_text(encoding="utf-8")
    assert PRIVATE_TEXT in personal.read_text(encoding="utf-8")
    for path in (record, personal):
        assert_mode(path, 0o600)


async def test_a_bad_place_is_explained_and_nothing_is_written(app_factory, populated_store, tmp_path):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(app, pilot, populated_store.case_id)
        for value, says in (
            (str(tmp_path), "that is a folder"),
            (str(tmp_path / "missing" / "note.md"), "does not exist"),
            ("", "say where to save the note"),
        ):
            _path(dialog).value = value
            await pilot.press("f9")
            await pilot.pause()
            assert app.screen is dialog
            assert says in _message(dialog) and _message(dialog).startswith("Error:")
        _path(dialog).value = str(tmp_path / "fine.md")  # typing clears the message
        await pilot.pause()
        assert _message(dialog) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


async def test_an_existing_file_is_replaced_only_on_the_second_press(app_factory, populated_store, tmp_path):
    target = tmp_path / "note.md"
    target.write_text("an earlier note", encoding="utf-8")
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(app, pilot, populated_store.case_id)
        _path(dialog).value = str(target)
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is dialog
        assert "note.md is already there. Press Export again to replace it" in _message(dialog)
        assert target.read_text(encoding="utf-8") == "an earlier note"
        await pilot.press("ctrl+r")  # changing the kind asks again
        await pilot.pause()
        assert _message(dialog) == ""
        await pilot.press("f9")
        await pilot.pause()
        assert "already there" in _message(dialog)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
    assert "YP-A" in target.read_text(encoding="utf-8")


async def test_in_a_browser_the_note_is_a_download(app_factory, populated_store, monkeypatch):
    app = app_factory(populated_store.data_dir)
    delivered: dict[str, object] = {}

    def deliver_text(fileobj, **kw):
        delivered["text"] = fileobj.read()
        delivered.update(kw)

    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_dialog(app, pilot, populated_store.case_id)
        assert "browser" in str(dialog.query_one(Label).render())
        assert _path(dialog).value == "YP-A-2026-01-12-preparation.md"  # a name, no folder
        _path(dialog).value = "/not/a/folder/here/YP-A-note.md"
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
    assert delivered["save_filename"] == "YP-A-note.md"
    assert delivered["mime_type"] == "text/markdown"
    assert "YP-A" in str(delivered["text"])


class _DialogApp(App[None]):
    """Only the dialog, on a note that cannot be rendered (a broken template)."""

    def __init__(self, note: NoteToExport) -> None:
        super().__init__()
        self.note = note
        self.results: list[ExportedNote | None] = []

    def on_mount(self) -> None:
        self.push_screen(ExportNoteDialog(self.note, folder=Path("/tmp")), self.results.append)


async def test_a_note_that_cannot_be_rendered_is_one_line_and_nothing_is_written(tmp_path):
    def broken(personal: bool) -> str:
        raise ReflectError("unknown variable 'x'", "my-template.md", 3)

    app = _DialogApp(NoteToExport("YP-A", "2026-11-20", "preparation", broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog)
        _path(dialog).value = str(tmp_path / "note.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert _message(dialog) == "The note could not be written: my-template.md:3: unknown variable 'x'"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert not (tmp_path / "note.md").exists()


def test_what_was_exported_is_told_the_same_way_everywhere():
    saved = ExportedNote(personal=False, kind="record note", path=Path("/d/YP-A.md"), name="YP-A.md")
    assert saved.message == "✓ The record note was saved to /d/YP-A.md (readable only by you)."
    download = ExportedNote(personal=True, kind="personal note", path=None, name="YP-A.md")
    assert download.message == "Your browser will download YP-A.md."
    note = NoteToExport("YP-A", "2026-11-20", "workshop", lambda personal: "")
    assert (note.kind(False), note.kind(True)) == ("workshop summary", "personal note")
    assert note.filename(True) == "YP-A-2026-11-20-workshop-personal.md"


# --------------------------------------------------------------------------- from the summary (F9)


async def test_f9_on_the_summary_exports_the_note_it_previews(data, pack, tmp_path, note_clock):
    """The file is the note previewed; only its checks' time is the export's, when they ran again.

    The clock is the notes' own seam (``safeguards.clock``), held still while the
    preview is written and moved on a minute before the export, as once happened
    at 17:08/17:09 and failed this test.
    """
    case_id, session_id = make_case(data)
    with Store.open(data) as store:
        store.save_answer(session_id, "children-first.describe", "He talks about football and his gran.")
        store.save_answer(session_id, "children-first.feel", "I feel worried and a bit helpless.")  # private
    target = tmp_path / "personal.md"
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")  # from the session: the summary
        await settle(pilot)
        summary = app.screen
        await pilot.press("ctrl+r")  # preview the personal note
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog)
        assert dialog.personal  # the kind previewed is the kind offered
        assert _path(dialog).value == str(DOCS / "YP-A-2026-11-20-preparation-personal.md")
        _path(dialog).value = str(target)
        note_clock.move_to(datetime(2026, 11, 20, 17, 9, 5))  # the minute turns before the export
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is summary
        assert "at 17:08" in summary.note_text and "17:09" not in summary.note_text
        assert target.read_text(encoding="utf-8") == summary.note_text.replace("at 17:08", "at 17:09")
        assert "worried and a bit helpless" in summary.note_text
        told = str(summary.query_one("#export-message").render())
        assert told == f"✓ The personal note was saved to {target} (readable only by you)."


async def test_export_from_the_palette_opens_the_summary_on_its_export_button(data, pack):
    case_id, session_id = make_case(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.action_export_note()
        await settle(pilot)
        export = app.screen.query_one("#export")
        assert app.focused is export
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportNoteDialog)
