"""Helpers shared by the reliability, privacy and bad-input tests.

Not a conftest: the tests import what they need from here, so the lead's
conftest stays the only one.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- a small, valid framework pack

MINI_PRINCIPLES = """\
framework:
  id: mini
  name: Mini pack for tests
  version: "1"
principles:
  - id: p-one
    number: 1
    title: Put children and young people first
    summary: A short summary.
  - id: p-two
    number: 2
    title: Listen to young people
    summary: Another summary.
    links: [p-one]
tracks:
  - id: t-one
    number: 1
    title: Trusted relationships
    summary: A track summary.
"""

MINI_PROMPTS_ONE = """\
step: p-one
prompts:
  - id: p-one.text
    kind: text
    text: Describe the young person apart from the worries.
    modes: [preparation, supervision, workshop]
  - id: p-one.scale
    kind: scale
    text: How well do you know them?
    scale: {min: 1, max: 5, low: not at all, high: very well}
  - id: p-one.choice
    kind: choice
    text: Who knows them best?
    options: [a parent, a teacher, a youth worker]
  - id: p-one.checklist
    kind: checklist
    text: Which words have you seen in records?
    options: [streetwise, not engaging, lifestyle choice]
  - id: p-one.feel
    kind: text
    text: How does this work leave you feeling?
    private: true
"""

MINI_PROMPTS_TWO = """\
step: p-two
prompts:
  - {id: p-two.a, text: What have they told you?}
  - {id: p-two.b, text: What have they not been asked?}
  - {id: p-two.c, text: Who speaks for them in meetings?}
  - {id: p-two.d, text: What would they want changed?}
  - {id: p-two.e, text: How do you know?}
"""

MINI_PROMPTS_TRACK = """\
step: t-one
prompts:
  - {id: t-one.consistency, lens: consistency, text: Who has stayed the same for them?}
  - {id: t-one.collaboration, lens: collaboration, text: Who works together with them?}
  - {id: t-one.safety, lens: safety, text: Where do they feel safe?}
  - {id: t-one.moved, lens: safety, moved_only: true, phase: after, text: What happened after the move?}
"""

MINI_PROMPT_IDS = [
    "p-one.text",
    "p-one.scale",
    "p-one.choice",
    "p-one.checklist",
    "p-one.feel",
    "p-two.a",
    "p-two.b",
    "p-two.c",
    "p-two.d",
    "p-two.e",
    "t-one.consistency",
    "t-one.collaboration",
    "t-one.safety",
    "t-one.moved",
]


def write_mini_pack(root: Path) -> Path:
    """A complete, valid framework pack in ``root`` (small, so tests are fast)."""
    (root / "prompts").mkdir(parents=True, exist_ok=True)
    (root / "principles.yaml").write_text(MINI_PRINCIPLES, encoding="utf-8")
    (root / "prompts" / "p-one.yaml").write_text(MINI_PROMPTS_ONE, encoding="utf-8")
    (root / "prompts" / "p-two.yaml").write_text(MINI_PROMPTS_TWO, encoding="utf-8")
    (root / "prompts" / "t-one.yaml").write_text(MINI_PROMPTS_TRACK, encoding="utf-8")
    return root


def good_bundle(label: str = "YP-NEW") -> str:
    return textwrap.dedent(f"""\
        reflect_bundle: 1
        case:
          label: {label}
          context: {{age_band: 14-15, harms: [criminal exploitation], moved: false}}
        sessions:
          - mode: preparation
            date: 2026-11-20
            answers:
              p-one.text: "Likes football and drawing."
              p-one.scale: 3
              p-one.checklist: [streetwise]
            status: {{p-one: reflected, p-two: set-aside}}
            set_aside_reasons: {{p-two: "next time"}}
            flags: [p-one.text]
            actions:
              - {{what: "Ask school about lunchtimes", who: "me", by: 2026-12-01, done: false}}
            summary: {{questions-for-supervision: "What next?"}}
        """)


# --------------------------------------------------------------------------- the store, seen from outside


def file_digests(directory: Path) -> dict[str, str]:
    """sha256 of every file in a directory (by name)."""
    out = {}
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.is_file():
                out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def db_dump(db: Path) -> str:
    """Everything in a SQLite file as SQL text, read through a separate connection.

    (A read-write connection, so that closing it removes the -wal and -shm files
    a reader of a WAL database creates; it writes nothing.)"""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def prepared_store(directory: Path, label: str = "YP-EXIST", answer: str = "Already here.") -> int:
    """A store with one case and one session holding one answer; returns the session id."""
    from reflect.core.store import Store

    with Store.open(directory) as store:
        case = store.create_case(label, {"age_band": "14-15"})
        session = store.create_session(case.id, "preparation", "2026-11-01")
        store.save_answer(session.id, "p-one.text", answer)
        return session.id


# --------------------------------------------------------------------------- running the command line


def assert_one_clean_line(stderr: str, *fragments: str) -> str:
    """stderr is exactly one 'reflect: ...' line, no traceback, naming each fragment."""
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    line = lines[0]
    assert line.startswith("reflect: "), line
    assert "Traceback" not in stderr and "unexpected error" not in line, line
    for fragment in fragments:
        assert fragment.lower() in line.lower(), f"{fragment!r} not in: {line}"
    return line


def subprocess_env(extra_path: Path | None = None, **env: str) -> dict:
    full = dict(os.environ)
    paths = [str(REPO)]
    if extra_path is not None:
        paths.insert(0, str(extra_path))
    full["PYTHONPATH"] = os.pathsep.join(paths)
    full.pop("REFLECT_DEBUG", None)
    full.update(env)
    return full


def run_reflect(
    *args: str,
    env: dict | None = None,
    timeout: float = 60,
    input: str | None = None,
) -> subprocess.CompletedProcess:
    """``python -m reflect ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        input=input,
        env=env if env is not None else subprocess_env(),
    )


def fill_with_answers(directory: Path, answers: int = 200) -> Path:
    """A store of one case whose answers fill many pages (for damaging one of them)."""
    from reflect.core.store import Store

    with Store.open(directory) as store:
        case = store.create_case("YP-A")
        sid = store.create_session(case.id, "preparation", "2026-11-20").id
        for i in range(answers):
            store.save_answer(sid, f"p.{i}", "words " * 40)
    return directory


def smash_page(db: Path, page: int) -> None:
    """Overwrite one 4 KB page of a store file (past its first bytes) with a fixed pattern."""
    raw = bytearray(db.read_bytes())
    start = (page - 1) * 4096
    raw[start + 8 : start + 4096] = bytes((i * 37 + 11) % 251 for i in range(4096 - 8))
    db.write_bytes(bytes(raw))
