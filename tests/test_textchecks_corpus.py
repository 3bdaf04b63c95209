"""The labelled corpus: recall and precision of at least 0.9 for every family of finding.

A correctness test, not a timed one: benchmarks/checks_corpus.py prints the
same figures. The corpus is tests/data/scan_corpus.yaml.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from reflect.core.textchecks import IDENTIFYING_KINDS, load_rules, scan
from reflect.core.textchecks.corpus import FAMILIES, Score, family_of, score

CORPUS = Path(__file__).resolve().parent / "data" / "scan_corpus.yaml"
GOAL = 0.9


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def test_the_corpus_is_big_enough_and_covers_every_family(entries):
    assert len(entries) >= 150
    counts = Counter(entry["family"] for entry in entries)
    assert set(counts) == set(FAMILIES) | {"clean"}
    assert all(counts[family] >= 10 for family in FAMILIES), counts
    assert counts["clean"] >= 60, "near misses keep precision honest"
    kinds = {entry.get("kind") for entry in entries if entry["family"] == "identifying"}
    assert kinds >= set(IDENTIFYING_KINDS), set(IDENTIFYING_KINDS) - kinds


@pytest.mark.parametrize("family", FAMILIES)
def test_recall_and_precision_per_family(entries, family, capsys):
    scores = score(entries, load_rules())
    s = scores[family]
    with capsys.disabled():
        print(f"\n{family}: recall {s.recall:.2f}, precision {s.precision:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    assert s.recall >= GOAL, s.wrong
    assert s.precision >= GOAL, s.wrong


def test_no_finding_falls_outside_the_families(entries):
    stray = {family for family in score(entries, load_rules()) if family not in FAMILIES}
    assert not stray, stray


def test_the_identifying_kind_named_is_the_one_found(entries):
    rules = load_rules()
    for entry in entries:
        if entry["family"] == "identifying":
            found = {f.kind for f in scan(entry["text"], rules)}
            assert entry["kind"] in found, (entry["text"], found)


def test_scoring_counts_misses_and_false_alarms():
    rules = load_rules()
    scores = score(
        [
            {"text": "She is putting herself at risk.", "family": "child-blame"},
            {"text": "Nothing to see here.", "family": "child-blame"},  # a miss
            {"text": "Mum is failing to protect her.", "family": "clean"},  # a false alarm
        ],
        rules,
    )
    assert (scores["child-blame"].tp, scores["child-blame"].fn) == (1, 1)
    assert scores["parent-blame"].fp == 1 and scores["parent-blame"].precision == 0.0
    assert Score().recall == 1.0 and Score().precision == 1.0


def test_family_of_a_finding():
    rules = load_rules()
    (finding,) = scan("Call 07700 900461.", rules)
    assert family_of(finding) == "identifying"
    (finding,) = scan("There is a lack of parental control.", rules)
    assert family_of(finding) == "parent-blame"
