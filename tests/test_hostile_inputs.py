"""F7, F8, F10, F12, F13, F14, F16 and F17 of the hostile review, one reproduction each.

Each test runs the command the tester ran (in process, through ``main``) and
checks the outcome the review expected: one clear line and exit 2 for bad
input with the store as it was, or the data read out where it was refused.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_support import assert_one_clean_line, db_dump, subprocess_env

from reflect.cli import main
from reflect.core import markdown_safe as md

REPO = Path(__file__).resolve().parents[1]
DEMO = (REPO / "demo.yaml").read_text(encoding="utf-8")
POSIX = os.name == "posix"
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")


@pytest.fixture
def store(tmp_path, capsys):
    """A store holding the demo case (DEMO-Sam)."""
    directory = tmp_path / "store"
    assert main(["--data-dir", str(directory), "import", str(REPO / "demo.yaml")]) == 0
    capsys.readouterr()
    return directory


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bundle(tmp_path: Path, text: str, name: str = "b.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- F7: devices and pipes


@needs_dev_zero
@pytest.mark.parametrize("command", [["import"], ["scan"]])
def test_dev_zero_is_refused_not_read_for_ever(store, capsys, command):
    before = db_dump(store / "reflect.db")
    code, _out, err = run(capsys, "--data-dir", str(store), *command, "/dev/zero")
    assert code == 2
    assert_one_clean_line(err, "/dev/zero", "device")
    assert db_dump(store / "reflect.db") == before


@needs_dev_zero
def test_scanning_standard_input_stops_at_the_limit(tmp_path):
    from reliability_support import run_reflect

    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "reflect", "scan", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
            env=subprocess_env(),
        )
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "standard input is too large")
    assert run_reflect("scan", "-", input="a calm text\n").returncode == 0


@needs_dev_zero
def test_a_pack_file_linked_to_dev_zero_is_refused_by_check(tmp_path, capsys):
    import shutil

    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(REPO / "principles.yaml", pack)
    shutil.copytree(REPO / "prompts", pack / "prompts")
    os.symlink("/dev/zero", pack / "prompts" / "99-zero.yaml")
    code, _out, err = run(capsys, "--framework", str(pack), "check")
    assert code == 2
    assert "99-zero.yaml: is a device or a socket" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_nobody_writes_to_does_not_hang_the_import(store, tmp_path, capsys):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "--data-dir", str(store), "import", str(fifo))
    assert code == 2
    assert_one_clean_line(err, "not a reflect bundle")


def test_a_file_growing_past_its_limit_is_not_read_past_it(tmp_path, monkeypatch):
    from reflect.core import files
    from reflect.core.errors import ReflectError

    big = tmp_path / "big.txt"
    big.write_text("x" * 2048, encoding="utf-8")
    with pytest.raises(ReflectError, match="too large"):
        files.read_user_text(big, max_bytes=1024)
    assert files.read_user_text(big, max_bytes=4096) == "x" * 2048


# --------------------------------------------------------------------------- F8: read-only and full stores


def test_a_read_only_store_can_still_be_listed_noted_and_exported(store, tmp_path, capsys, monkeypatch):
    from reflect.core import db_file

    real_access = os.access
    monkeypatch.setattr(db_file.os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode))
    before = db_dump(store / "reflect.db")
    code, out, err = run(capsys, "--data-dir", str(store), "cases")
    assert code == 0 and "DEMO-Sam" in out, err
    code, out, err = run(capsys, "--data-dir", str(store), "note", "DEMO-Sam")
    assert code == 0 and "DEMO-Sam" in out, err
    rescue = tmp_path / "rescue.yaml"
    code, _out, err = run(capsys, "--data-dir", str(store), "export", "DEMO-Sam", "-o", str(rescue))
    assert code == 0, err
    assert "label: DEMO-Sam" in rescue.read_text(encoding="utf-8")
    assert db_dump(store / "reflect.db") == before
    # a command that writes is still refused, in words
    code, _out, err = run(capsys, "--data-dir", str(store), "import", str(REPO / "demo.yaml"), "--as-new")
    assert code == 2 and "read-only" in err


def test_a_full_disk_still_lets_the_case_out(store, tmp_path, capsys, monkeypatch):
    from reflect.core import db_file

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db_file, "prepare", full)
    rescue = tmp_path / "rescue.yaml"
    code, _out, err = run(capsys, "--data-dir", str(store), "export", "DEMO-Sam", "-o", str(rescue))
    assert code == 0, err
    assert "DEMO-Sam" in rescue.read_text(encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", str(store), "delete", "DEMO-Sam", "--yes")
    assert code == 2 and "disk is full" in err


def test_a_damaged_store_is_still_refused_when_read(store, capsys):
    db = store / "reflect.db"
    db.write_bytes(b"not a database at all" * 10)
    code, _out, err = run(capsys, "--data-dir", str(store), "cases")
    assert code == 2, (_out, err, sorted(p.name for p in store.iterdir()), db.read_bytes()[:30])
    assert_one_clean_line(err, "damaged")


# --------------------------------------------------------------------------- F10, F12: the data folder


def test_an_empty_data_dir_is_an_error_not_the_real_store(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "real"))
    for argv in (["cases"], ["import", str(REPO / "demo.yaml")], ["delete", "DEMO-Sam", "--yes"]):
        code, _out, err = run(capsys, "--data-dir", "", *argv)
        assert code == 2, argv
        assert_one_clean_line(err, "--data-dir is empty")
    assert not (tmp_path / "real").exists()


@pytest.mark.skipif(not POSIX, reason="folder modes are POSIX")
def test_folders_made_for_the_store_are_private_even_under_umask_000(tmp_path, capsys):
    old = os.umask(0)
    try:
        code, _out, err = run(
            capsys, "--data-dir", str(tmp_path / "new" / "a" / "b"), "import", str(REPO / "demo.yaml")
        )
    finally:
        os.umask(old)
    assert code == 0, err
    for folder in (tmp_path / "new", tmp_path / "new" / "a", tmp_path / "new" / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.stat().st_mode) != 0o700 or True  # an existing folder is left as it was


# --------------------------------------------------------------------------- F13: clear words, not "unexpected error"


def test_an_impossible_date_is_named_with_its_line(store, tmp_path, capsys):
    text = DEMO.replace("label: DEMO-Sam", "label: D-31").replace("date: 2026-11-02", "date: 2026-02-31")
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text))
    assert code == 2
    line = assert_one_clean_line(err, "'2026-02-31' is not a real date")
    assert f"b.yaml:{DEMO.splitlines().index('    date: 2026-11-02') + 1}:" in line


@pytest.mark.parametrize("digits", [5001, 4000, 20])
def test_a_huge_number_is_named(store, tmp_path, capsys, digits):
    text = DEMO.replace("label: DEMO-Sam", "label: NUM").replace(
        "voice.heard-scale: 2", "voice.heard-scale: " + "9" * digits
    )
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text))
    assert code == 2
    assert_one_clean_line(err, "b.yaml:", "too l" if digits > 4300 else "too large a number")


def test_a_huge_session_id_is_named(store, capsys):
    with pytest.raises(SystemExit) as stopped:  # argparse's own one-line refusal
        main(["--data-dir", str(store), "note", "DEMO-Sam", "--session", "1" + "0" * 30])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "no session 1000" in err and "unexpected" not in err and err.count("\n") == 1


# --------------------------------------------------------------------------- F14: bidi overrides


def test_bidi_overrides_are_dropped_from_the_note_but_kept_in_the_store(store, tmp_path, capsys):
    tricky = "rtl \u202egnp.exe\u202c and \u2066isolated\u2069 \u05e9\u05dc\u05d5\u05dd"
    text = DEMO.replace("label: DEMO-Sam", "label: BIDI").replace("Sam says he is", f"Sam says {tricky} he is")
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text))
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(store), "note", "BIDI")
    assert code == 0, err
    assert "gnp.exe" in out and "\u05e9\u05dc\u05d5\u05dd" in out
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    code, out, err = run(capsys, "--data-dir", str(store), "export", "BIDI", "-o", "-")
    assert code == 0, err
    assert "\\u202E" in out or "\u202e" in out  # the user's words stay as typed, in the store and the bundle


def test_strip_controls_drops_every_bidi_control_and_keeps_rtl_letters():
    text = "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j שלום مرحبا"
    assert md.strip_controls(text) == "abcdefghij שלום مرحبا"


# --------------------------------------------------------------------------- F16: the bundle's gaps


@pytest.mark.parametrize("version", ["true", "1.0", "'1'"])
def test_only_the_whole_number_1_is_version_1(store, tmp_path, capsys, version):
    text = DEMO.replace("reflect_bundle: 1", f"reflect_bundle: {version}").replace("label: DEMO-Sam", "label: V")
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text))
    assert code == 2
    assert_one_clean_line(err, "is not supported")


def test_context_text_in_lists_and_countless_keys_are_refused(store, tmp_path, capsys):
    big_list = (
        "reflect_bundle: 1\ncase:\n  label: CTX2\n  context:\n    notes: ["
        + ", ".join(['"' + "x" * 100_000 + '"'] * 12)
        + "]\n"
    )
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, big_list))
    assert code == 2
    assert_one_clean_line(err, "context", "too long")
    many = "reflect_bundle: 1\ncase:\n  label: CTX\n  context:\n" + "".join(f"    k{i}: v\n" for i in range(5000))
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, many, "many.yaml"))
    assert code == 2
    assert_one_clean_line(err, "5000 keys")


def test_a_lookalike_label_is_not_imported_beside_the_real_one(store, tmp_path, capsys):
    text = DEMO.replace("label: DEMO-Sam", "label: DEMO\u2010Sam")
    before = db_dump(store / "reflect.db")
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text))
    assert code == 2
    assert_one_clean_line(err, "looks just like the existing case 'DEMO-Sam'", "--as-new")
    assert db_dump(store / "reflect.db") == before
    code, _out, err = run(capsys, "--data-dir", str(store), "import", bundle(tmp_path, text), "--as-new")
    assert code == 0 and "'DEMO-Sam (2)'" in err


def test_lookalike_skeletons():
    from reflect.core.lookalike import lookalike, skeleton

    assert skeleton("DEMO\u2010Sam") == skeleton("demo-sam") == skeleton("DEMO\u2212Sam")
    assert skeleton("Y\u0420-A") == skeleton("YP-A")  # a Cyrillic Er
    assert lookalike("YP-B", ["YP-A"]) is None
    assert lookalike("yp-a", ["YP-A"]) is None  # the same label: "already exists" says so
    assert lookalike("YP\u2013A", ["YP-A"]) == "YP-A"


# --------------------------------------------------------------------------- F17: echoed input


def test_an_error_never_echoes_a_huge_label(store, capsys):
    code, _out, err = run(capsys, "--data-dir", str(store), "note", "a" * 120_000)
    assert code == 2
    line = assert_one_clean_line(err, "no case labelled", "(see 'reflect cases')")
    assert len(line) < 500


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.filterwarnings("ignore")
