"""``reflect note --format``: the format from the flag or the file's extension; Word only where it can go."""

from __future__ import annotations

import io

import docx
import pytest

from reflect.cli import main
from reflect.core.store import Store


@pytest.fixture
def one_case(data_dir):
    with Store.open(data_dir) as store:
        case = store.create_case("YP-F", {})
        session = store.create_session(case.id, "preparation", "2026-11-02")
        store.save_answer(session.id, "children-first.whole-person", "She said: **not** a # heading | <b>bold</b>")
    return data_dir


def _note(capsys, data_dir, *argv):
    code = main(["--data-dir", str(data_dir), "note", "YP-F", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_format_text_prints_plain_text(capsys, one_case):
    code, out, err = _note(capsys, one_case, "--format", "text")
    assert code == 0, err
    assert out.startswith("PREPARATION FOR SUPERVISION: YP-F\n")
    assert "She said: **not** a # heading | <b>bold</b>" in out and "\\" not in out


@pytest.mark.parametrize(("name", "start"), [("n.txt", "PREPARATION"), ("n.html", "<!DOCTYPE html>"), ("n.md", "# ")])
def test_the_format_follows_the_output_file(capsys, one_case, tmp_path, name, start):
    code, _, err = _note(capsys, one_case, "-o", str(tmp_path / name))
    assert code == 0, err
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_an_explicit_format_wins_over_the_extension(capsys, one_case, tmp_path):
    code, _, err = _note(capsys, one_case, "--format", "text", "-o", str(tmp_path / "n.md"))
    assert code == 0, err
    assert (tmp_path / "n.md").read_text(encoding="utf-8").startswith("PREPARATION")


def test_a_word_note_to_a_file_and_down_a_pipe(capsysbinary, one_case, tmp_path):
    assert main(["--data-dir", str(one_case), "note", "YP-F", "-o", str(tmp_path / "n.docx")]) == 0
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "n.docx")).paragraphs)
    assert "She said: **not** a # heading | <b>bold</b>" in words
    capsysbinary.readouterr()
    assert main(["--data-dir", str(one_case), "note", "YP-F", "--format", "docx"]) == 0  # stdout is not a terminal
    data = capsysbinary.readouterr().out
    assert data[:2] == b"PK" and docx.Document(io.BytesIO(data)).paragraphs[0].style.name == "Heading 1"


def test_a_word_note_is_refused_on_a_terminal(capsys, one_case, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = _note(capsys, one_case, "--format", "docx")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "-o FILE.docx" in err


def test_without_python_docx_one_line_says_what_to_install(capsys, one_case, tmp_path, monkeypatch):
    monkeypatch.setattr("reflect.core.note_formats.choose.docx_available", lambda: False)
    code, _, err = _note(capsys, one_case, "-o", str(tmp_path / "n.docx"))
    assert code == 2 and err.count("\n") == 1 and "pip install 'reflect[docx]'" in err
    assert not (tmp_path / "n.docx").exists()


def test_an_unknown_format_is_one_line(capsys, one_case):
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(one_case), "note", "YP-F", "--format", "pdf"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "markdown" in err and "docx" in err
