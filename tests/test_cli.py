"""The command line contract: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core.store import Store

REPO = Path(__file__).resolve().parents[1]
TITLES = [
    "put children and young people first",
    "recognise and challenge inequalities, exclusion and discrimination",
    "respect the voice, experiences and expertise of children and young people",
    "be strengths-based and relationship-based",
    "recognise and respond to trauma",
    "be curious, evidence-informed and knowledgeable",
    "approach parents and carers as partners, wherever possible",
    "create safer spaces and places for children and young people",
]
STEM = "Responses to child exploitation and extra-familial harm must... "


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_principles_json_shape(capsys):
    code, out, err = run(capsys, "principles", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["title"] for p in data["principles"]] == [STEM + t for t in TITLES]
    assert [p["number"] for p in data["principles"]] == list(range(1, 9))
    assert len(data["tracks"]) == 3
    prompt = data["principles"][0]["prompts"][0]
    assert {"id", "kind", "text", "modes", "private"} <= set(prompt)
    assert all(t["prompts"] for t in data["tracks"])


def test_principles_text(capsys):
    code, out, _ = run(capsys, "principles")
    assert code == 0 and "1. " + STEM + TITLES[0] in out


def test_check_builtin_ok(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0, err
    assert out.startswith("ok: ") and "8 principles, 3 tracks" in out


def test_cases_on_empty_store(capsys, tmp_path):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "none"), "cases")
    assert code == 0 and "No cases yet" in out
    assert not (tmp_path / "none").exists()  # reading never creates a store
    code, out, _ = run(capsys, "cases", "--format", "json", "--data-dir", str(tmp_path / "none"))
    assert json.loads(out) == []


def test_cases_lists_cases(capsys, tmp_path):
    with Store.open(tmp_path) as s:
        c = s.create_case("YP-A")
        s.create_session(c.id, "preparation", "2026-11-20")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "cases", "--format", "json")
    assert json.loads(out) == [{"label": "YP-A", "sessions": 1, "last_session": "2026-11-20", "open_actions": 0}]


def test_export_import_via_cli(capsys, tmp_path):
    with Store.open(tmp_path / "a") as s:
        c = s.create_case("YP-A", {"moved": False, "harms": ["criminal exploitation"]})
        sess = s.create_session(c.id, "preparation", "2026-11-20")
        s.save_answer(sess.id, "voice.heard", "text")  # not a known prompt: export does not care
    out = tmp_path / "yp-a.yaml"
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "a"), "export", "YP-A", "-o", str(out))
    assert code == 0 and out.exists(), err
    # with the built-in framework the unknown prompt id is refused, naming file and line
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "b"), "import", str(out))
    assert code == 2 and err.startswith(f"reflect: {out}:") and "unknown prompt 'voice.heard'" in err
    assert not (tmp_path / "b").exists()  # nothing was created


def test_import_existing_label_needs_as_new(capsys, tmp_path):
    bundle = tmp_path / "b.yaml"
    bundle.write_text("reflect_bundle: 1\ncase: {label: YP-A}\nsessions: []\n")
    assert run(capsys, "--data-dir", str(tmp_path / "s"), "import", str(bundle))[0] == 0
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "s"), "import", str(bundle))
    assert code == 2 and "already exists" in err and "--as-new" in err
    assert run(capsys, "--data-dir", str(tmp_path / "s"), "import", str(bundle), "--as-new")[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "s"), "cases", "--format", "json")
    assert sorted(c["label"] for c in json.loads(out)) == ["YP-A", "YP-A (2)"]


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["note", "NOBODY"], "no case labelled 'NOBODY'"),
        (["export", "NOBODY", "-o", "x.yaml"], "no case labelled 'NOBODY'"),
        (["import", "missing.yaml"], "missing.yaml: no such file"),
        (["check", "--framework", "no-such-dir"], "framework folder not found"),
        (["frobnicate"], "invalid choice"),
        (["note"], "required"),
        (["delete", "NOBODY", "--yes"], "no case labelled"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, tmp_path, monkeypatch, argv, needle):
    monkeypatch.chdir(tmp_path)
    with Store.open(tmp_path / "s") as s:
        s.create_case("SOMEONE")
    try:
        code, out, err = run(capsys, "--data-dir", str(tmp_path / "s"), *argv)
    except SystemExit as exc:  # argparse usage errors
        code, err = exc.code, capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_delete_needs_confirmation_without_a_terminal(capsys, tmp_path, monkeypatch):
    with Store.open(tmp_path) as s:
        s.create_case("YP-A")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "delete", "YP-A")
    assert code == 2 and "--yes" in err
    assert run(capsys, "--data-dir", str(tmp_path), "delete", "YP-A", "--yes")[0] == 0
    assert json.loads(run(capsys, "--data-dir", str(tmp_path), "cases", "--format", "json")[1]) == []


def test_version_and_help_in_a_real_process():
    out = subprocess.run([sys.executable, "-m", "reflect", "--version"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0 and out.stdout.startswith("reflect ")
    out = subprocess.run([sys.executable, "-m", "reflect", "--help"], capture_output=True, text=True, cwd=REPO)
    for command in ("demo", "principles", "cases", "note", "export", "import", "check", "scan", "delete", "serve"):
        assert command in out.stdout


def test_corrupt_store_is_one_line(tmp_path):
    (tmp_path / "reflect.db").write_bytes(b"garbage" * 100)
    out = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", str(tmp_path), "cases"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "damaged" in out.stderr
    assert (tmp_path / "reflect.db").read_bytes() == b"garbage" * 100


@pytest.mark.parametrize("command", [["export", "YP-A"], ["note", "YP-A"]])
def test_an_existing_file_is_replaced_only_with_force(capsys, tmp_path, command):
    with Store.open(tmp_path / "s") as s:
        c = s.create_case("YP-A")
        s.create_session(c.id, "preparation", "2026-11-20")
    target = tmp_path / "existing.txt"
    target.write_text("the user's own file\n", encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "s"), *command, "-o", str(target))
    assert code == 2 and str(target) in err and "--force" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "the user's own file\n"
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "s"), *command, "-o", str(target), "--force")
    assert code == 0, err
    assert "YP-A" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.txt", "s"], "temporary files left"


@pytest.mark.parametrize("command, needle", [(["note", "YP-A"], "# Preparation"), (["export", "YP-A"], "label: YP-A")])
def test_dash_writes_to_standard_output(capsys, tmp_path, monkeypatch, command, needle):
    with Store.open(tmp_path / "s") as s:
        c = s.create_case("YP-A")
        s.create_session(c.id, "preparation", "2026-11-20")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "s"), *command, "-o", "-")
    assert code == 0, err
    assert needle in out
    assert list(work.iterdir()) == [], "a file named '-' was written"


def test_only_the_command_run_has_its_arguments_built_and_help_still_lists_every_command(capsys):
    from reflect.cli import build_parser, command_in

    assert command_in(["--data-dir", "cases", "note", "YP-1"]) == "note"  # "cases" is the option's value
    assert command_in(["--data-dir=/tmp/x", "-h"]) is None
    parser = build_parser(["cases"])
    assert parser.parse_args(["cases", "--format", "json"]).format == "json"
    with pytest.raises(SystemExit):
        parser.parse_args(["note", "YP-1"])  # note's arguments were not built for this run
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("demo", "cases", "note", "export", "watch", "encrypt", "where"))
    full = build_parser()
    assert full.parse_args(["note", "YP-1", "--for", "family"]).audience == "family"
