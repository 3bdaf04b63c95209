"""The export dialog's formats and its copy to the clipboard, from the summary screen and the case screen."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from session_harness import SessionHarness, settle
from test_summary_flows import SIZE, filled_session, open_summary
from textual.widgets import Input, Select

from reflect.core.note_formats import convert
from reflect.tui.dialogs.export_note import ExportNoteDialog

TERMINAL_VARS = ("TERM_PROGRAM", "VTE_VERSION", "TMUX", "STY", "WT_SESSION")


@pytest.fixture
def a_terminal_with_a_clipboard(monkeypatch):
    """A terminal that honours OSC 52 (e.g. kitty), whatever terminal runs the tests."""
    for name in TERMINAL_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    from reflect.core.note_formats.clipboard import clipboard_reach

    def on_linux(environ, *, web, platform):  # sys.platform itself stays as it is
        return clipboard_reach(environ, web=web, platform="linux")

    monkeypatch.setattr("reflect.tui.dialogs.export_note.clipboard_reach", on_linux)


async def _open_export(app, pilot) -> ExportNoteDialog:
    screen = await open_summary(app, pilot)
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(app.screen, ExportNoteDialog)
    return screen, app.screen


async def test_copy_puts_the_note_on_the_clipboard_as_plain_text(data, pack, a_terminal_with_a_clipboard, note_clock):
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # the app's one clipboard call (OSC 52 to the terminal)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await _open_export(app, pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen is screen  # the dialog closed
        assert copied == [convert(screen.note_text, "text")]
        assert "football and his gran" in copied[0] and "**" not in copied[0] and "\\" not in copied[0]
        assert "worried and a bit helpless" not in copied[0]  # the record note: no private answer
        message = str(screen.query_one("#export-message").render())
        assert "copied to the clipboard" in message and "as plain text" in message


async def test_copy_is_plain_text_whatever_the_file_format_and_works_from_the_button(
    data, pack, a_terminal_with_a_clipboard, monkeypatch, note_clock
):
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await _open_export(app, pilot)
        dialog.query_one("#note-format-select", Select).value = "html"
        await settle(pilot)
        dialog.query_one("#copy").press()
        await settle(pilot)
        assert copied == [convert(screen.note_text, "text")]
        assert "tmux" in str(screen.query_one("#export-message").render())  # the caveat is passed on


@pytest.mark.parametrize(
    ("env", "says"),
    [({"TERM_PROGRAM": "Apple_Terminal"}, "macOS Terminal"), ({"VTE_VERSION": "7600"}, "GNOME Terminal")],
)
async def test_where_the_terminal_cannot_take_it_the_dialog_says_so_and_offers_the_file(
    data, pack, a_terminal_with_a_clipboard, monkeypatch, env, says
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        _, dialog = await _open_export(app, pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert copied == []
        assert app.screen is dialog
        message = str(dialog.query_one("#export-message").render())
        assert says in message and "export the note to a file instead (F9)" in message
        assert app.focused is dialog.query_one("#export-path", Input)


async def test_choosing_a_format_renames_the_file_and_writes_that_format(data, pack, tmp_path):
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await _open_export(app, pilot)
        field = dialog.query_one("#export-path", Input)
        select = dialog.query_one("#note-format-select", Select)
        select.value = "text"
        await settle(pilot)
        assert field.value.endswith("YP-A-2026-11-20-preparation.txt")
        field.value = str(tmp_path / "for-the-record.md")  # a name the user types chooses its format
        await settle(pilot)
        assert select.value == "markdown" and dialog.fmt == "markdown"
        select.value = "docx"
        await settle(pilot)
        assert field.value == str(tmp_path / "for-the-record.docx")
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is screen
        document = docx.Document(io.BytesIO((tmp_path / "for-the-record.docx").read_bytes()))
        assert document.paragraphs[0].style.name == "Heading 1"
        assert any("football and his gran" in p.text for p in document.paragraphs)

        await pilot.press("f9")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#export-path", Input).value = str(tmp_path / "page.html")
        await settle(pilot)
        assert dialog.fmt == "html"
        await pilot.press("f9")
        await settle(pilot)
        page = Path(tmp_path / "page.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "football and his gran" in page


async def test_a_word_note_without_python_docx_says_what_to_install(data, pack, tmp_path, monkeypatch):
    monkeypatch.setattr("reflect.core.note_formats.docx_available", lambda: False)
    case_id, session_id = filled_session(data)
    app = SessionHarness(data, pack, case_id, session_id)
    async with app.run_test(size=SIZE) as pilot:
        _, dialog = await _open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "note.docx")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is dialog
        assert "pip install 'reflect[docx]'" in str(dialog.query_one("#export-message").render())
        assert not (tmp_path / "note.docx").exists()


async def test_in_a_browser_a_word_note_is_a_binary_download_and_copy_is_not_offered(
    app_factory, populated_store, monkeypatch
):
    app = app_factory(populated_store.data_dir)
    delivered: dict[str, object] = {}

    def deliver_binary(fileobj, **kw):
        delivered["data"] = fileobj.read()
        delivered.update(kw)

    copied: list[str] = []
    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_binary", deliver_binary)
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportNoteDialog)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert copied == [] and "In a browser" in str(dialog.query_one("#export-message").render())
        dialog.query_one("#note-format-select", Select).value = "docx"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value == "YP-A-2026-01-12-preparation.docx"
        await pilot.press("f9")
        await pilot.pause()
    assert delivered["save_filename"] == "YP-A-2026-01-12-preparation.docx"
    assert str(delivered["mime_type"]).endswith("wordprocessingml.document")
    assert docx.Document(io.BytesIO(delivered["data"])).paragraphs[0].text.startswith("Preparation")
