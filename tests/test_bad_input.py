"""Malformed and hostile input: framework packs, bundles and note templates.

Every case goes through the real command line and must exit 2 with exactly
one line on standard error that names the file and the problem, without a
traceback, and without changing the store (its bytes and its contents are
compared before and after). Most cases call ``reflect.cli.main`` in-process
for speed; a handful run ``python -m reflect`` in a child process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from reliability_support import (
    MINI_PROMPTS_ONE,
    assert_one_clean_line,
    db_dump,
    file_digests,
    good_bundle,
    prepared_store,
    run_reflect,
    write_mini_pack,
)

from reflect.cli import main

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""

FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture
def world(tmp_path):
    """A valid pack, a store holding one case, and a way to check it is untouched."""
    pack = write_mini_pack(tmp_path / "pack")
    data = tmp_path / "data"
    prepared_store(data)

    class World:
        def __init__(self):
            self.pack, self.data, self.tmp = pack, data, tmp_path
            self.before = (file_digests(data), db_dump(data / "reflect.db"))

        def run(self, capsys, *args: str) -> tuple[int, str]:
            capsys.readouterr()
            rc = main(["--data-dir", str(data), *args])
            gc.collect()  # let go of any store the command left open
            return rc, capsys.readouterr().err

        def assert_untouched(self):
            assert db_dump(data / "reflect.db") == self.before[1], "the store's contents changed"
            assert file_digests(data).get("reflect.db") == self.before[0]["reflect.db"], "the database file changed"
            assert not any(name.startswith("reflect.db.bak") for name in os.listdir(data))

    return World()


# =========================================================================== framework packs


def _edit(rel: str, fn: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(pack: Path) -> None:
        path = pack / rel
        path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def _data(rel: str, fn: Callable[[dict], object]) -> Callable[[Path], None]:
    """Load a pack file, change its data, write it back as YAML."""

    def apply(pack: Path) -> None:
        path = pack / rel
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = fn(doc) or doc
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    return apply


def _write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(pack: Path) -> None:
        path = pack / rel
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def _set(obj, path, value):
    *head, last = path
    for key in head:
        obj = obj[key]
    obj[last] = value


def _delete(obj, path):
    *head, last = path
    for key in head:
        obj = obj[key]
    del obj[last]


def _huge(rel: str) -> Callable[[Path], None]:
    def apply(pack: Path) -> None:
        with open(pack / rel, "wb") as fh:  # sparse: the size is real, the disk is not used
            fh.truncate(FIFTY_MB)

    return apply


def _huge_real(pack: Path) -> None:
    """A prompt file of real text, just over the size limit (~2.5 MB)."""
    line = "# " + "padding " * 15 + "\n"
    with open(pack / "prompts" / "p-one.yaml", "w", encoding="utf-8") as fh:
        fh.write(MINI_PROMPTS_ONE)
        fh.write(line * (2_600_000 // len(line)))


def _remove(rel: str) -> Callable[[Path], None]:
    def apply(pack: Path) -> None:
        target = pack / rel
        if target.is_dir():
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
        else:
            target.unlink()

    return apply


def _as_dir(rel: str) -> Callable[[Path], None]:
    def apply(pack: Path) -> None:
        (pack / rel).unlink()
        (pack / rel).mkdir()

    return apply


PACK_CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    # (id, how to break the pack, file named in the message, words in the message)
    (
        "yaml-syntax-principles",
        _edit("principles.yaml", lambda t: t.replace("summary: A short summary.", "summary: [unclosed")),
        "principles.yaml",
        "YAML error",
    ),
    (
        "yaml-syntax-prompts",
        _edit("prompts/p-one.yaml", lambda t: t.replace("    kind: scale", "   kind: scale\n  - : :")),
        "p-one.yaml",
        "YAML error",
    ),
    (
        "yaml-tab-indent",
        _edit("prompts/p-two.yaml", lambda t: t.replace("  - {id: p-two.a", "\t- {id: p-two.a")),
        "p-two.yaml",
        "YAML error",
    ),
    ("top-level-list", _write("principles.yaml", "- just\n- a list\n"), "principles.yaml", "must be a mapping"),
    ("empty-principles", _write("principles.yaml", ""), "principles.yaml", "must be a mapping"),
    (
        "principles-not-list",
        _data("principles.yaml", lambda d: _set(d, ["principles"], "eight of them")),
        "principles.yaml",
        "'principles' must be a list",
    ),
    (
        "principle-without-title",
        _data("principles.yaml", lambda d: _delete(d, ["principles", 0, "title"])),
        "principles.yaml",
        "missing 'title'",
    ),
    (
        "title-wrong-type",
        _data("principles.yaml", lambda d: _set(d, ["principles", 1, "title"], ["a", "list"])),
        "principles.yaml",
        "'title' must be text",
    ),
    (
        "number-not-number",
        _data("principles.yaml", lambda d: _set(d, ["principles", 0, "number"], "one")),
        "principles.yaml",
        "whole 'number'",
    ),
    (
        "number-out-of-order",
        _data("principles.yaml", lambda d: _set(d, ["principles", 0, "number"], 7)),
        "principles.yaml",
        "out of order",
    ),
    (
        "duplicate-principle-id",
        _data("principles.yaml", lambda d: _set(d, ["principles", 1, "id"], "p-one")),
        "principles.yaml",
        "duplicate id",
    ),
    (
        "duplicate-prompt-id",
        _edit("prompts/p-two.yaml", lambda t: t.replace("id: p-two.a", "id: p-one.text")),
        "p-two.yaml",
        "duplicate prompt id",
    ),
    (
        "duplicate-yaml-key",
        _edit(
            "principles.yaml", lambda t: t.replace("    summary: A short summary.", "    summary: A.\n    summary: B.")
        ),
        "principles.yaml",
        "duplicate key",
    ),
    (
        "unknown-prompt-kind",
        _edit("prompts/p-one.yaml", lambda t: t.replace("kind: text", "kind: essay", 1)),
        "p-one.yaml",
        "unknown prompt kind",
    ),
    (
        "modes-not-list",
        _edit(
            "prompts/p-one.yaml",
            lambda t: t.replace("modes: [preparation, supervision, workshop]", "modes: preparation"),
        ),
        "p-one.yaml",
        "'modes' must be a list",
    ),
    (
        "unknown-mode",
        _edit(
            "prompts/p-one.yaml", lambda t: t.replace("modes: [preparation, supervision, workshop]", "modes: [therapy]")
        ),
        "p-one.yaml",
        "'modes' must be a list",
    ),
    (
        "private-not-bool",
        _edit("prompts/p-one.yaml", lambda t: t.replace("private: true", "private: perhaps")),
        "p-one.yaml",
        "'private' must be true or false",
    ),
    (
        "scale-min-above-max",
        _edit("prompts/p-one.yaml", lambda t: t.replace("{min: 1, max: 5", "{min: 9, max: 5")),
        "p-one.yaml",
        "scale",
    ),
    (
        "choice-without-options",
        _edit("prompts/p-one.yaml", lambda t: t.replace("    options: [a parent, a teacher, a youth worker]\n", "")),
        "p-one.yaml",
        "at least two 'options'",
    ),
    (
        "text-is-mapping",
        _edit("prompts/p-two.yaml", lambda t: t.replace("text: What have they told you?", "text: {a: b}")),
        "p-two.yaml",
        "'text' must be text",
    ),
    (
        "unknown-step",
        _edit("prompts/p-two.yaml", lambda t: t.replace("step: p-two", "step: p-nine")),
        "p-two.yaml",
        "'step' must name",
    ),
    ("empty-prompt-list", _write("prompts/p-two.yaml", "step: p-two\nprompts: []\n"), "p-two.yaml", "non-empty list"),
    (
        "bad-id",
        _edit("prompts/p-two.yaml", lambda t: t.replace("id: p-two.a", "id: 'Has Spaces!'")),
        "p-two.yaml",
        "needs an 'id'",
    ),
    (
        "unknown-key",
        _edit("principles.yaml", lambda t: t + "colour: blue\n"),
        "principles.yaml",
        "unknown key 'colour'",
    ),
    (
        "link-to-nowhere",
        _edit("principles.yaml", lambda t: t.replace("links: [p-one]", "links: [p-zero]")),
        "principles.yaml",
        "unknown principle 'p-zero'",
    ),
    (
        "track-prompt-without-lens",
        _edit("prompts/t-one.yaml", lambda t: t.replace("lens: consistency, ", "")),
        "t-one.yaml",
        "needs a 'lens'",
    ),
    (
        "too-few-prompts",
        _write("prompts/p-two.yaml", "step: p-two\nprompts:\n  - {id: p-two.a, text: Only one}\n"),
        "principles.yaml",
        "at least 5",
    ),
    ("non-text-key", _edit("principles.yaml", lambda t: t + "? [a, b]\n: c\n"), "principles.yaml", "plain text"),
    (
        "binary-tag-title",
        _edit("principles.yaml", lambda t: t.replace("title: Listen to young people", "title: !!binary aGVsbG8=")),
        "principles.yaml",
        "'title' must be text",
    ),
    ("fifty-megabytes-sparse", _huge("principles.yaml"), "principles.yaml", "too large"),
    ("over-limit-real-text", _huge_real, "p-one.yaml", "too large"),
    ("anchor-bomb", _write("prompts/p-two.yaml", BOMB), "p-two.yaml", "aliases"),
    (
        "merge-key-alias",
        _write(
            "prompts/p-two.yaml", "base: &b {kind: text}\nstep: p-two\nprompts:\n  - {<<: *b, id: p-two.a, text: x}\n"
        ),
        "p-two.yaml",
        "YAML",
    ),
    (
        "python-apply-os-system",
        _write("principles.yaml", "framework: !!python/object/apply:os.system ['touch PWNED']\n"),
        "principles.yaml",
        "unsupported YAML tag",
    ),
    (
        "python-name",
        _write("prompts/p-two.yaml", "step: !!python/name:os.system ''\nprompts: []\n"),
        "p-two.yaml",
        "unsupported YAML tag",
    ),
    (
        "python-object-new",
        _write("principles.yaml", "x: !!python/object/new:subprocess.Popen [['touch', 'PWNED']]\n"),
        "principles.yaml",
        "unsupported YAML tag",
    ),
    ("python-module", _write("principles.yaml", "x: !!python/module:os\n"), "principles.yaml", "unsupported YAML tag"),
    ("not-utf8", _write("principles.yaml", "title: caf\xe9\n".encode("latin-1")), "principles.yaml", "not UTF-8"),
    ("nul-byte", _write("prompts/p-two.yaml", b"step: p-two\x00\n"), "p-two.yaml", "NUL"),
    ("deep-nesting", _write("principles.yaml", "x: " + "[" * 5000 + "]" * 5000 + "\n"), "principles.yaml", ""),
    ("missing-principles", _remove("principles.yaml"), "principles.yaml", "no such file"),
    ("principles-is-dir", _as_dir("principles.yaml"), "principles.yaml", "directory"),
    ("no-prompts-dir", _remove("prompts"), "prompts", "no prompt files"),
]


@pytest.mark.parametrize("name,breaker,where,words", PACK_CASES, ids=[c[0] for c in PACK_CASES])
def test_bad_framework_pack(world, capsys, name, breaker, where, words):
    breaker(world.pack)
    bundle = world.tmp / "good.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    # a command that would write to the store if the pack were accepted
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(bundle))
    assert rc == 2, err
    assert_one_clean_line(err, where, words)
    world.assert_untouched()
    assert not (world.tmp / "PWNED").exists() and not Path("PWNED").exists()


@pytest.mark.parametrize("name,breaker,where,words", PACK_CASES[:12], ids=[c[0] for c in PACK_CASES[:12]])
def test_check_reports_bad_pack_as_file_line_message(world, capsys, name, breaker, where, words):
    """'reflect check' lists every problem (one per line, file:line: message) and exits 2."""
    breaker(world.pack)
    rc, err = world.run(capsys, "check", "--framework", str(world.pack))
    assert rc == 2
    lines = err.splitlines()
    assert lines and "Traceback" not in err
    if len(lines) > 1:  # several problems end with a count
        assert lines[-1].endswith(f"problems in {world.pack}"), err
        lines = lines[:-1]
    for line in lines:
        assert where in line or "principles.yaml" in line, line
        assert line.count(":") >= 2, f"not file:line: message: {line}"
    assert any(words.lower() in line.lower() for line in lines), err


def test_framework_folder_not_found(world, capsys):
    rc, err = world.run(capsys, "--framework", str(world.tmp / "nowhere"), "principles")
    assert rc == 2
    assert_one_clean_line(err, "nowhere", "not found")


def test_hostile_pack_through_a_real_process(world):
    """The same guarantees when run as a program, with nothing executed by a YAML tag."""
    marker = world.tmp / "PWNED"
    (world.pack / "principles.yaml").write_text(
        f"framework: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = run_reflect("--data-dir", str(world.data), "--framework", str(world.pack), "principles")
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "principles.yaml", "unsupported YAML tag")
    assert not marker.exists()
    world.assert_untouched()


def test_anchor_bomb_through_a_real_process_is_quick(world):
    (world.pack / "principles.yaml").write_text(BOMB, encoding="utf-8")
    result = run_reflect("--data-dir", str(world.data), "--framework", str(world.pack), "check", timeout=20)
    assert result.returncode == 2
    assert "aliases" in result.stderr and "Traceback" not in result.stderr


# =========================================================================== bundles


def _bundle_edit(fn: Callable[[str], str]) -> Callable[[], str]:
    return lambda: fn(good_bundle())


def _bundle_data(fn: Callable[[dict], object]) -> Callable[[], str]:
    def make() -> str:
        doc = yaml.safe_load(good_bundle())
        doc = fn(doc) or doc
        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)

    return make


def _session(fn):
    return _bundle_data(lambda d: fn(d["sessions"][0]))


BUNDLE_CASES: list[tuple[str, Callable[[], str | bytes], str]] = [
    (
        "version-2",
        _bundle_edit(lambda t: t.replace("reflect_bundle: 1", "reflect_bundle: 2")),
        "version 2 is not supported",
    ),
    (
        "version-text",
        _bundle_edit(lambda t: t.replace("reflect_bundle: 1", "reflect_bundle: 'one'")),
        "is not supported",
    ),
    ("no-version", _bundle_edit(lambda t: t.replace("reflect_bundle: 1\n", "")), "not a reflect bundle"),
    ("a-list", lambda: "- reflect_bundle: 1\n", "not a reflect bundle"),
    ("empty-file", lambda: "", "not a reflect bundle"),
    ("plain-text", lambda: "Dear supervisor, here are my notes.\n", "not a reflect bundle"),
    ("no-case", _bundle_data(lambda d: _delete(d, ["case"])), "'case'"),
    ("case-is-text", _bundle_data(lambda d: _set(d, ["case"], "YP-Z")), "'case'"),
    ("no-label", _bundle_data(lambda d: _delete(d, ["case", "label"])), "label"),
    ("label-too-long", _bundle_data(lambda d: _set(d, ["case", "label"], "Y" * 500)), "at most"),
    ("label-escape-codes", _bundle_data(lambda d: _set(d, ["case", "label"], "YP-\x1b[31mRED")), "control characters"),
    ("label-is-list", _bundle_data(lambda d: _set(d, ["case", "label"], ["a"])), "must be text"),
    (
        "context-not-mapping",
        _bundle_data(lambda d: _set(d, ["case", "context"], [1, 2])),
        "'context' must be a mapping",
    ),
    ("harms-not-list", _bundle_data(lambda d: _set(d, ["case", "context", "harms"], "exploitation")), "'harms'"),
    ("moved-not-a-state", _bundle_data(lambda d: _set(d, ["case", "context", "moved"], "perhaps")), "'moved'"),
    ("sessions-not-list", _bundle_data(lambda d: _set(d, ["sessions"], {"a": 1})), "'sessions' must be a list"),
    (
        "session-not-mapping",
        _bundle_data(lambda d: _set(d, ["sessions", 0], "yesterday's session")),
        "must be a mapping",
    ),
    ("bad-mode", _session(lambda s: _set(s, ["mode"], "therapy")), "'mode' must be one of"),
    ("no-date", _session(lambda s: _delete(s, ["date"])), "no 'date'"),
    ("date-impossible", _session(lambda s: _set(s, ["date"], "2026-13-45")), "is not a date"),
    ("date-words", _session(lambda s: _set(s, ["date"], "last tuesday")), "is not a date"),
    ("date-number", _session(lambda s: _set(s, ["date"], 20261120)), "is not a date"),
    ("date-list", _session(lambda s: _set(s, ["date"], [2026, 11, 20])), "is not a date"),
    ("action-by-not-date", _session(lambda s: _set(s, ["actions", 0, "by"], "soon")), "is not a date"),
    (
        "answer-unknown-prompt",
        _session(lambda s: _set(s, ["answers", "no.such.prompt"], "text")),
        "unknown prompt 'no.such.prompt'",
    ),
    ("answer-mapping", _session(lambda s: _set(s, ["answers", "p-one.text"], {"a": "b"})), "must be text"),
    ("answer-bool", _session(lambda s: _set(s, ["answers", "p-one.text"], True)), "must be text, a number or a list"),
    ("answer-fraction", _session(lambda s: _set(s, ["answers", "p-one.scale"], 2.5)), "whole number"),
    (
        "answer-list-of-mappings",
        _session(lambda s: _set(s, ["answers", "p-one.checklist"], [{"x": 1}])),
        "must be text",
    ),
    ("answers-not-mapping", _session(lambda s: _set(s, ["answers"], ["p-one.text"])), "'answers' must be a mapping"),
    ("enormous-answer", _session(lambda s: _set(s, ["answers", "p-one.text"], "w" * 1_000_001)), "too long"),
    ("enormous-context", _bundle_data(lambda d: _set(d, ["case", "context", "notes"], "w" * 1_000_001)), "too long"),
    ("enormous-summary", _session(lambda s: _set(s, ["summary", "x"], "w" * 1_000_001)), "too long"),
    ("flag-unknown-prompt", _session(lambda s: _set(s, ["flags"], ["p-nine.x"])), "unknown prompt 'p-nine.x'"),
    ("flags-not-list", _session(lambda s: _set(s, ["flags"], "p-one.text")), "'flags' must be a list"),
    ("status-unknown-value", _session(lambda s: _set(s, ["status", "p-one"], "ticked")), "must be one of"),
    (
        "status-unknown-step",
        _session(lambda s: _set(s, ["status", "p-nine"], "reflected")),
        "unknown principle or track 'p-nine'",
    ),
    ("reasons-not-mapping", _session(lambda s: _set(s, ["set_aside_reasons"], "because")), "must be a mapping"),
    (
        "action-not-mapping",
        _session(lambda s: _set(s, ["actions", 0], "phone school")),
        "each action must be a mapping",
    ),
    ("action-without-what", _session(lambda s: _delete(s, ["actions", 0, "what"])), "no 'what'"),
    ("action-done-text", _session(lambda s: _set(s, ["actions", 0, "done"], "yes")), "'done' must be true or false"),
    (
        "action-review-unknown",
        _session(lambda s: _set(s, ["actions", 0, "review"], "maybe")),
        "'review' must be one of",
    ),
    ("summary-value-list", _session(lambda s: _set(s, ["summary", "x"], ["a"])), "must be text"),
    ("dismissed-wrong", _session(lambda s: _set(s, ["dismissed"], {"p-one.text": "all"})), "'dismissed'"),
    (
        "duplicate-answer-key",
        _bundle_edit(lambda t: t.replace("      p-one.scale: 3\n", "      p-one.scale: 3\n      p-one.scale: 4\n")),
        "duplicate key",
    ),
    ("yaml-syntax", _bundle_edit(lambda t: t.replace("answers:", "answers: {")), "YAML error"),
    (
        "python-tag",
        lambda: "reflect_bundle: 1\ncase: !!python/object/apply:os.system ['touch PWNED']\n",
        "unsupported YAML tag",
    ),
    (
        "python-object",
        lambda: "reflect_bundle: !!python/object:reflect.core.models.Case {id: 1}\n",
        "unsupported YAML tag",
    ),
    ("anchor-bomb", lambda: BOMB, "aliases"),
    (
        "not-utf8",
        lambda: good_bundle().replace("drawing", "dr\udce9wing").encode("utf-8", "surrogateescape"),
        "not UTF-8",
    ),
    ("nul-byte", lambda: good_bundle().encode() + b"\x00", "NUL"),
    ("label-already-exists", lambda: good_bundle("YP-EXIST"), "already exists"),
]


@pytest.mark.parametrize("name,make,words", BUNDLE_CASES, ids=[c[0] for c in BUNDLE_CASES])
def test_bad_bundle(world, capsys, name, make, words):
    content = make()
    path = world.tmp / "bad-bundle.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(path))
    assert rc == 2, err
    assert_one_clean_line(err, "bad-bundle.yaml", words)
    world.assert_untouched()
    assert not Path("PWNED").exists()


def test_the_good_bundle_is_good(world, capsys):
    """The base every bad bundle is made from imports cleanly (so the failures above mean something)."""
    path = world.tmp / "good.yaml"
    path.write_text(good_bundle(), encoding="utf-8")
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(path))
    assert rc == 0, err
    from reflect.core.store import Store

    with Store.open(world.data) as store:
        case = store.get_case("YP-NEW")
        record = store.get_session(store.latest_session(case.id).id)
    assert record.answers["p-one.checklist"] == ["streetwise"]
    assert record.actions[0].by == "2026-12-01"


def test_fifty_megabyte_bundle_is_refused_quickly(world, capsys):
    path = world.tmp / "huge.yaml"
    with open(path, "wb") as fh:
        fh.write(b"reflect_bundle: 1\n")
        fh.truncate(FIFTY_MB)
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(path))
    assert rc == 2
    assert_one_clean_line(err, "huge.yaml", "too large")
    world.assert_untouched()


@pytest.mark.parametrize("target", ["missing", "directory"])
def test_bundle_that_is_not_a_file(world, capsys, target):
    path = world.tmp / "where.yaml"
    if target == "directory":
        path.mkdir()
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(path))
    assert rc == 2
    assert_one_clean_line(err, "where.yaml")
    world.assert_untouched()


@pytest.mark.parametrize("name", ["version-2", "python-tag", "anchor-bomb", "enormous-answer"])
def test_bad_bundle_through_a_real_process(world, name):
    make, words = next((m, w) for n, m, w in BUNDLE_CASES if n == name)
    path = world.tmp / "bad-bundle.yaml"
    path.write_text(make(), encoding="utf-8")
    result = run_reflect("--data-dir", str(world.data), "--framework", str(world.pack), "import", str(path))
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "bad-bundle.yaml", words)
    assert result.stdout == ""
    world.assert_untouched()


# =========================================================================== note templates


def _notes_or_skip():
    from reflect.core import notes

    return notes


TEMPLATE_CASES: list[tuple[str, str, str]] = [
    ("syntax-unclosed-block", "# Note\n{% if true %}\nnever closed\n", ""),
    ("syntax-bad-expression", "# Note\n{{ case.label + }}\n", ""),
    ("unknown-filter", "# Note\n{{ case.label | explode }}\n", "explode"),
    ("unknown-tag", "# Note\n{% exec 'id' %}\n", ""),
    ("dunder-class", "# Note\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", ""),
    ("dunder-globals", "# Note\n{{ self.__init__.__globals__ }}\n", ""),
    ("cycler-os", "# Note\n{{ cycler.__init__.__globals__.os.system('touch PWNED') }}\n", ""),
    ("lipsum-os", "# Note\n{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}\n", ""),
    ("format-escape", "# Note\n{{ '{0.__class__.__init__.__globals__}'.format(case) }}\n", ""),
    ("mro-attr-filter", "# Note\n{{ (case|attr('__class__')).__mro__ }}\n", ""),
    ("include-etc-passwd", "# Note\n{% include '/etc/passwd' %}\n", ""),
    ("import-os", "# Note\n{% import 'os' as os %}\n", ""),
    ("huge-range", "# Note\n{% for i in range(10**9) %}x{% endfor %}\n", ""),
    ("divide-by-zero", "# Note\n{{ 1 // 0 }}\n", ""),
    ("not-utf8", b"# Note caf\xe9\n", "UTF-8"),
    ("recursion", "# Note\n{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", ""),
]


@pytest.mark.parametrize("name,content,words", TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_bad_template(world, capsys, name, content, words):
    _notes_or_skip()
    path = world.tmp / "bad-template.md.j2"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = world.tmp / "note.md"
    rc, err = world.run(
        capsys, "--framework", str(world.pack), "note", "YP-EXIST", "--template", str(path), "-o", str(out)
    )
    assert rc == 2, err
    assert_one_clean_line(err, "bad-template.md.j2", words)
    assert not out.exists(), "a note was written from a template that failed"
    assert not Path("PWNED").exists() and not (world.tmp / "PWNED").exists()
    world.assert_untouched()


@pytest.mark.parametrize("target", ["missing", "directory"])
def test_template_that_is_not_a_file(world, capsys, target):
    _notes_or_skip()
    path = world.tmp / "tpl.md.j2"
    if target == "directory":
        path.mkdir()
    rc, err = world.run(capsys, "--framework", str(world.pack), "note", "YP-EXIST", "--template", str(path))
    assert rc == 2
    assert_one_clean_line(err, "tpl.md.j2")
    world.assert_untouched()


def test_sandbox_escape_through_a_real_process(world):
    _notes_or_skip()
    marker = world.tmp / "PWNED"
    path = world.tmp / "bad-template.md.j2"
    path.write_text(f"# Note\n{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n", encoding="utf-8")
    result = run_reflect(
        "--data-dir", str(world.data), "--framework", str(world.pack), "note", "YP-EXIST", "--template", str(path)
    )
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "bad-template.md.j2")
    assert result.stdout == ""
    assert not marker.exists()
    world.assert_untouched()


# =========================================================================== stored fixtures (tests/data/bad)

FIXTURES = Path(__file__).resolve().parent / "data" / "bad"


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.split("expect:", 1)[1].strip(" #}").strip()


@pytest.mark.parametrize("path", sorted((FIXTURES / "bundles").glob("*.yaml")), ids=lambda p: p.stem)
def test_stored_bad_bundle(world, capsys, path):
    rc, err = world.run(capsys, "--framework", str(world.pack), "import", str(path))
    assert rc == 2, err
    assert_one_clean_line(err, path.name, _expected(path))
    world.assert_untouched()
    assert not Path("PWNED").exists()


@pytest.mark.parametrize("path", sorted((FIXTURES / "templates").glob("*.j2")), ids=lambda p: p.stem)
def test_stored_bad_template(world, capsys, path):
    _notes_or_skip()
    rc, err = world.run(capsys, "--framework", str(world.pack), "note", "YP-EXIST", "--template", str(path))
    assert rc == 2, err
    assert_one_clean_line(err, path.name, _expected(path))
    world.assert_untouched()
    assert not Path("PWNED").exists()


def test_there_are_stored_fixtures():
    assert len(list((FIXTURES / "bundles").glob("*.yaml"))) >= 5
    assert len(list((FIXTURES / "templates").glob("*.j2"))) >= 3
