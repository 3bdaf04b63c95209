"""The text checks' facade: which files apply, results remembered per text, compiled when needed, labels.

The detectors themselves are pinned by tests/test_textchecks.py and the
scan corpus; these tests pin what the facade adds. All text is invented.
"""

from __future__ import annotations

import os
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from reflect.core import textchecks
from reflect.core.content import content_root
from reflect.core.textchecks import ChecksError, check_rules, label_findings, load_rules, rules_for, scan
from reflect.core.textchecks.build import build_rules
from reflect.core.textchecks.config import Config, read
from reflect.core.textchecks.loading import builtin_checks
from reflect.core.textchecks.rules import ResultCache

CORPUS = Path(__file__).resolve().parent / "data" / "scan_corpus.yaml"
SAMPLE = "Kyle Brannigan rang 07700 900461. She is streetwise and says she consented."


@dataclass(frozen=True)
class Pack:
    """Just what the checks ask of a framework."""

    root: Path
    words: tuple[str, ...] = ()

    def vocabulary(self) -> list[str]:
        return list(self.words)


def write_checks(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "checks.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


EXTRA = """\
    language:
      - id: bad-apple
        match: ["bad apple"]
        suggestion: describe what is happening to them
        reason: Labels the child instead of the harm (Our Team, 2024).
    """


def fresh_builtin():
    """Rules built anew (not shared), so what is compiled can be watched."""
    config = Config()
    config.add(builtin_checks(), read(builtin_checks()), is_pack=False)
    return build_rules(config, ())


# --------------------------------------------------------------------------- which files apply


def test_the_framework_decides_the_files_and_its_words(framework):
    rules = rules_for(framework)
    assert rules.sources == (str(builtin_checks()),)
    assert rules is rules_for(framework)  # kept and shared
    assert rules is load_rules(content_root(), framework.vocabulary())
    name = "We talked about Kestrel Lines."
    assert [f.kind for f in scan(name, rules_for(Pack(content_root())))] == ["name"]
    assert scan(name, rules_for(Pack(content_root(), ("Kestrel Lines",)))) == []


def test_a_pack_adds_its_own_list(tmp_path):
    rules = rules_for(Pack(write_checks(tmp_path / "pack", EXTRA)))
    assert rules.sources == (str(builtin_checks()), str(tmp_path / "pack" / "checks.yaml"))
    assert [f.text for f in scan("He is a bad apple.", rules)] == ["bad apple"]
    assert scan("He is a bad apple.", rules_for(None)) == []


def test_the_builtin_list_reached_by_a_symlink_is_not_added_twice(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    try:
        os.symlink(builtin_checks(), pack / "checks.yaml")
    except OSError:  # pragma: no cover - a file system without symlinks
        pytest.skip("symlinks not available")
    assert rules_for(Pack(pack)).sources == (str(builtin_checks()),)
    assert len(rules_for(Pack(pack)).language) == len(rules_for(None).language)


def test_check_rules_tells_every_problem_in_one_line(tmp_path, framework):
    assert check_rules(framework) == []
    bad = write_checks(
        tmp_path / "bad", "language:\n  - id: x\n    match: ['re:(oops']\n    suggestion: s\n    reason: r\n"
    )
    problems = check_rules(Pack(bad))
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{bad / 'checks.yaml'}:3: x: bad pattern")


def test_a_bad_pack_pattern_is_refused_when_read_not_when_scanned(tmp_path):
    bad = write_checks(
        tmp_path / "bad", "identifying:\n  - kind: ref\n    pattern: 'CR-(\\d'\n    suggestion: s\n    reason: r\n"
    )
    with pytest.raises(ChecksError, match=r"checks\.yaml:3: ref: bad pattern"):
        rules_for(Pack(bad))


# --------------------------------------------------------------------------- compiled when needed


def test_patterns_compile_on_first_use_and_find_the_same():
    lazy = fresh_builtin()
    assert not any(rule.regex.compiled for rule in lazy.language)
    assert not any(pattern.regex.compiled for pattern in lazy.identifying)
    assert scan("We talked about school.", lazy) == []
    # a text without any rule's words compiles only the rules whose words cannot be known
    compiled = {rule.id for rule in lazy.language if rule.regex.compiled}
    assert compiled == {rule.id for rule in lazy.language if rule.exact is None}
    assert len(compiled) < len(lazy.language) // 4
    eager = fresh_builtin().check()
    assert all(rule.regex.compiled for rule in eager.language)
    texts = [entry["text"] for entry in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))] + [SAMPLE]
    for text in texts:
        assert scan(text, lazy) == scan(text, eager), text


def test_compile_all_leaves_nothing_for_the_first_scan():
    rules = fresh_builtin()
    rules.compile_all()
    assert all(rule.regex.compiled for rule in rules.language)
    assert all(pattern.regex.compiled for pattern in rules.identifying)
    assert rules.names is not None and len(rules.names._compiled) == 6  # three patterns, ASCII and any text


# --------------------------------------------------------------------------- results remembered per text


def test_results_are_remembered_on_the_rules(monkeypatch):
    rules = fresh_builtin()
    first = scan(SAMPLE, rules)
    assert [f.kind for f in first] == ["name", "phone", "language", "language"]
    monkeypatch.setattr(type(rules), "detectors", lambda self, *args: pytest.fail("scanned again"))
    again = scan(SAMPLE, rules)
    assert again == first
    again.clear()  # a caller's list is its own
    assert scan(SAMPLE, rules) == first


def test_clear_caches_forgets_results(monkeypatch, framework):
    rules = rules_for(framework)
    scan(SAMPLE, rules)
    textchecks.clear_caches()
    calls = []
    original = type(rules).detectors
    monkeypatch.setattr(type(rules), "detectors", lambda self, *args: calls.append(1) or original(self, *args))
    scan(SAMPLE, rules)
    assert calls == [1]


def test_the_result_cache_is_bounded_and_keeps_the_recent():
    cache = ResultCache(size=2)
    computed = []

    def compute(text):
        return lambda: computed.append(text) or ()

    for text in ("a", "b", "a", "c", "a", "b"):
        cache.get(text, compute(text))
    assert computed == ["a", "b", "c", "b"]  # "a" was used last, so "b" left first


def test_scanning_from_many_threads_gives_what_one_thread_gives():
    rules = fresh_builtin()
    texts = [f"{SAMPLE} Visit {n}: she is putting herself at risk near LS6 2QT." for n in range(60)]
    expected = [scan(text, fresh_builtin()) for text in texts]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(len(texts)):
                j = (i + offset) % len(texts)
                assert scan(texts[j], rules) == expected[j]
            results[offset] = [1]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 7,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(results) == 6


# --------------------------------------------------------------------------- case labels


@pytest.mark.parametrize("label", ["YP-A", "Child K", "DEMO-Sam", "  ", "Boy 14", "YP streetwise"])
def test_pseudonyms_are_not_flagged(label):
    assert label_findings(label, rules_for(None)) == []


def test_label_findings_from_the_checks(framework):
    found = label_findings("  Sam Jones ", rules_for(framework))
    assert [(f.kind, f.text, f.column) for f in found] == [("name", "Sam Jones", 1)]
    found = label_findings("07700 900123", rules_for(framework))
    assert [(f.kind, f.text) for f in found] == [("phone", "07700 900123")]


@pytest.mark.parametrize(
    "label, kind, text",
    [
        ("Jay 12/03/2011", "label-date", "12/03/2011"),  # any date, not only one said to be a birth date
        ("YP 2011-03-12", "label-date", "2011-03-12"),
        ("YP 1234567", "label-long-number", "1234567"),
        ("Boy 1234 567 890", "label-phone", "1234 567 890"),  # no UK prefix, but a label has no need of it
        ("YP XR10 4TB", "label-postcode", "XR10 4TB"),
        ("YP jo@mail_box.uk", "label-email", "jo@mail_box.uk"),  # an address the checks' pattern would not take
    ],
)
def test_a_label_has_checks_of_its_own(label, kind, text):
    found = label_findings(label, rules_for(None))
    assert [(f.kind, f.text) for f in found] == [(kind, text)]
    assert found[0].kind in textchecks.LABEL_KINDS
    assert found[0].reason.startswith("it contains")


def test_one_detail_in_a_label_is_told_once():
    found = label_findings("943 476 5919", rules_for(None))
    assert [f.kind for f in found] == ["nhs-number"]  # not also "a phone number"
    found = label_findings("JG103729B", rules_for(None))
    assert [f.kind for f in found] == ["ni-number"]  # not also "a long number"
    found = label_findings("Sam Jones 12/03/2011 ref 1234567", rules_for(None))
    assert [f.kind for f in found] == ["name", "label-date", "label-long-number"]
