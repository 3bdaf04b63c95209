"""``reflect where``: the helpdesk's screen. It says where things are and never fails or changes anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from reflect import __version__
from reflect.cli import main
from reflect.core import where
from reflect.core.store import Store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_where_names_the_store_the_framework_and_the_versions(tmp_path, capsys):
    data = tmp_path / "Siân Jones" / "my data"  # a space and a Welsh letter, as in a real user name
    with Store.open(data) as store:
        store.create_case("YP-A")
    code, out, err = run(capsys, "--data-dir", str(data), "where")
    assert code == 0 and err == ""
    lines = dict(line.split(":", 1) for line in out.splitlines() if not line.startswith("warning"))
    lines = {k: v.strip() for k, v in lines.items()}
    assert lines["reflect"] == __version__
    assert lines["python"].startswith(sys.version.split()[0])
    assert lines["textual"][0].isdigit()
    assert lines["data folder"] == f"{data.resolve()} (from --data-dir)"
    assert lines["store file"].startswith(str((data / "reflect.db").resolve()) + " (")
    assert "KB" in lines["store file"] or "bytes" in lines["store file"]
    assert lines["store encrypted"] == "no"
    assert lines["framework"].startswith("Practice Principles") and "built-in" in lines["framework"]
    assert lines["templates"].endswith("templates")


def test_where_before_any_case_creates_nothing(tmp_path, capsys, monkeypatch):
    data = tmp_path / "not yet"
    monkeypatch.setenv("REFLECT_DATA_DIR", str(data))
    code, out, _ = run(capsys, "where")
    assert code == 0
    assert f"{data.resolve()} (from REFLECT_DATA_DIR)" in out
    assert "not made yet" in out
    assert "REFLECT_DATA_DIR" in out  # the settings line names what is set
    assert not data.exists()


def test_where_with_a_broken_pack_still_reports(tmp_path, capsys):
    pack = tmp_path / "our pack"
    pack.mkdir()
    (pack / "principles.yaml").write_text("principles: [\n", encoding="utf-8")
    code, out, _ = run(capsys, "--framework", str(pack), "where")
    assert code == 0
    framework = next(line for line in out.splitlines() if line.startswith("framework:"))
    assert "does not load" in framework and "templates:" not in out


def test_where_as_json_for_scripts(tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "where", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["store_encrypted"] == "no" and data["reflect"] == __version__
    assert data["data_folder"].startswith(str(tmp_path.resolve()))
    assert data["warnings"] == []


@pytest.mark.parametrize(
    ("folder", "warning"),
    [
        (Path.home() / "OneDrive - Council" / "reflect", "synchronised"),
        (Path.home() / "Library" / "Mobile Documents" / "reflect", "synchronised"),
    ],
)
def test_where_warns_about_a_synchronised_data_folder(folder, warning, capsys):
    code, out, _ = run(capsys, "--data-dir", str(folder), "where")
    assert code == 0
    assert any(line.startswith("warning:") and warning in line for line in out.splitlines()), out


def test_where_warns_about_the_microsoft_store_python(monkeypatch):
    store_python = r"C:\Users\sian\AppData\Local\Microsoft\WindowsApps\PythonSoftwareFoundation.Python.3.12\python.exe"
    monkeypatch.setattr(where.sys, "executable", store_python)
    found = where.report()
    assert any("Microsoft Store" in w for w in found.warnings)
    assert "Microsoft Store" in found.text()


def test_on_windows_the_profile_is_what_keeps_the_store_private(tmp_path):
    home = tmp_path / "Users" / "Siân Jones"
    inside = where._privacy(home / "AppData" / "Local" / "reflect", windows=True, home=home)
    assert "user profile's permissions" in inside
    outside = where._privacy(tmp_path / "H-drive" / "reflect", windows=True, home=home)
    assert "outside your user profile" in outside and str(home) in outside


def test_where_says_when_the_store_is_encrypted(capsys, tmp_path, monkeypatch):
    pytest.importorskip("sqlcipher3", reason="the encrypted store needs reflect[secure]")
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.create_case("YP-A")
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a long enough passphrase")
    assert run(capsys, "--data-dir", str(data), "encrypt")[0] == 0
    code, out, _err = run(capsys, "--data-dir", str(data), "where")
    assert code == 0 and "store encrypted: yes" in out.replace("  ", " ")
