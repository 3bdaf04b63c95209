"""Text out is UTF-8 whatever the console's code page or the locale says.

A note piped to a file or a clipboard tool on a UK Windows laptop gets the
ANSI code page (cp1252), which has no ŵ, ŷ or Ł, and a C locale elsewhere can
mean ASCII. ``PYTHONIOENCODING=cp1252`` and ``LC_ALL=C`` (with Python's own
UTF-8 mode off) reproduce both on any machine; the real program runs in a
child process with its output on a pipe, as ``reflect note CASE | cat``.

With UTF-8 mode off under a C locale, Python also decodes the command line
as ASCII, so a Welsh case label typed there cannot reach reflect intact; that
setting is tried only with commands that take no such argument. Python turns
UTF-8 mode on by itself under a C locale (PEP 540), which the "C locale" case
keeps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reliability_support import REPO, subprocess_env

from reflect.core.store import Store

NAMES = "Siân Łukasz 👩‍👧 ŵ ŷ"
LABEL = "YP-Gŵen"

LOCALES = {
    "cp1252 code page": {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""},
}
ALL_LOCALES = {**LOCALES, "C locale, UTF-8 mode off": {**LOCALES["C locale"], "PYTHONUTF8": "0"}}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, framework) -> Path:
    folder = tmp_path_factory.mktemp("Siân's data")
    prompt = next(p for p in framework.principles[0].prompts_for("preparation") if p.kind == "text")
    with Store.open(folder) as store:
        case = store.create_case(LABEL)
        session = store.create_session(case.id, "preparation", "2026-11-01")
        store.save_answer(session.id, prompt.id, f"Met {NAMES} at school.")
    return folder


def run(env_extra: dict[str, str], *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = subprocess_env(**env_extra)
    if not env_extra.get("PYTHONIOENCODING", "x"):
        env.pop("PYTHONIOENCODING", None)
    return subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.parametrize("where", LOCALES)
def test_a_piped_note_keeps_every_letter(where, store_dir):
    done = run(LOCALES[where], "--data-dir", str(store_dir), "note", LABEL)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # strict: the bytes are UTF-8
    assert NAMES in text and LABEL in text
    assert "?" not in text.split(NAMES)[0][-5:], "a letter was replaced before the names"


@pytest.mark.parametrize("where", ALL_LOCALES)
def test_the_case_list_and_scan_keep_every_letter(where, store_dir):
    cases = run(ALL_LOCALES[where], "--data-dir", str(store_dir), "cases")
    assert cases.returncode == 0 and LABEL in cases.stdout.decode("utf-8"), cases.stderr
    scanned = run(ALL_LOCALES[where], "scan", "-", stdin=f"Ring {NAMES} on 07700 900123.\n".encode())
    assert scanned.returncode == 1, scanned.stderr  # something was found
    assert "07700 900123" in scanned.stdout.decode("utf-8")


def test_a_note_written_to_a_file_under_a_code_page_is_utf8(store_dir, tmp_path):
    target = tmp_path / "Nodyn Siân.md"
    done = run(LOCALES["cp1252 code page"], "--data-dir", str(store_dir), "note", LABEL, "-o", str(target))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert NAMES in target.read_text(encoding="utf-8")
    assert str(target) in done.stderr.decode("utf-8")  # "wrote …" names the file, letters intact


def test_standard_input_that_is_not_utf8_is_one_clear_line():
    done = run(LOCALES["cp1252 code page"], "scan", "-", stdin="Siân".encode("cp1252"))
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").strip() == "reflect: standard input is not UTF-8 text"
