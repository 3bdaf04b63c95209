"""The rules for writing a note to a file: its name, the places refused, and never a silent overwrite."""

from __future__ import annotations

import os

import pytest
from portable import assert_mode, posix_modes

from reflect.core.errors import ReflectError
from reflect.core.note_export import (
    NoteExists,
    default_note_path,
    download_name,
    note_filename,
    note_path,
    write_note,
)


def test_the_name_says_whose_which_day_which_session_and_whether_personal():
    assert note_filename("YP-A", "2026-11-20", "preparation") == "YP-A-2026-11-20-preparation.md"
    assert (
        note_filename("YP-A", "2026-11-20", "supervision", personal=True) == "YP-A-2026-11-20-supervision-personal.md"
    )


@pytest.mark.parametrize(
    "label, safe",
    [
        ("../Child K/", "Child-K"),
        ("..", "case"),
        ("", "case"),
        ("a/b\\c", "a-b-c"),
        ("Zoë", "Zo"),
        (".hidden", "hidden"),
    ],
)
def test_a_label_can_never_reach_outside_the_folder(label, safe):
    name = note_filename(label, "2026-11-20", "workshop")
    assert name == f"{safe}-2026-11-20-workshop.md"
    assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_the_default_place_is_the_documents_folder_unless_given(tmp_path, monkeypatch):
    assert (
        default_note_path("YP-A", "2026-11-20", "preparation", folder=tmp_path)
        == tmp_path / "YP-A-2026-11-20-preparation.md"
    )
    monkeypatch.setattr("reflect.core.note_export.default_export_dir", lambda: tmp_path / "docs")
    assert (
        default_note_path("YP-A", "2026-11-20", "preparation", personal=True)
        == tmp_path / "docs" / "YP-A-2026-11-20-preparation-personal.md"
    )


def test_a_usable_path_is_returned_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert note_path("  ~/note.md ") == tmp_path / "note.md"
    assert note_path(str(tmp_path / "new.md")) == tmp_path / "new.md"


@pytest.mark.parametrize(
    "raw, says",
    [
        ("", "say where to save the note"),
        ("   ", "say where to save the note"),
        ("{tmp}", "that is a folder"),
        ("{tmp}/missing/note.md", "does not exist"),
        ("{tmp}/" + "n" * 300 + ".md", "cannot use that file name"),
        ("{tmp}/bad\0name.md", "cannot use that file name"),
    ],
)
def test_a_bad_place_is_one_plain_line(tmp_path, raw, says):
    with pytest.raises(ReflectError) as caught:
        note_path(raw.replace("{tmp}", str(tmp_path)))
    message = str(caught.value)
    assert says in message
    assert "\n" not in message


def test_a_new_note_is_written_readable_only_by_its_owner(tmp_path):
    path = tmp_path / "note.md"
    write_note(path, "# Note\n")
    assert path.read_text(encoding="utf-8") == "# Note\n"
    assert_mode(path, 0o600)


def test_an_existing_file_is_replaced_only_when_asked(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("earlier note", encoding="utf-8")
    with pytest.raises(NoteExists) as caught:
        write_note(path, "new note")
    assert "already there" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == "earlier note"
    write_note(path, "new note", replace=True)
    assert path.read_text(encoding="utf-8") == "new note"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]  # no -2 copies, no temporary file left


@posix_modes
def test_a_file_that_cannot_be_written_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ReflectError) as caught:
            write_note(locked / "note.md", "text")
        assert "cannot write the file" in str(caught.value)
    finally:
        locked.chmod(0o700)


def test_a_download_keeps_only_a_file_name():
    assert download_name("YP-A-note.md", "default.md") == "YP-A-note.md"
    assert download_name("/some/folder/mine.md", "default.md") == "mine.md"
    assert download_name("  ", "default.md") == "default.md"
    assert download_name("/", "default.md") == "default.md"
