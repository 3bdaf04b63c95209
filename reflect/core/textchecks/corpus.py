"""Recall and precision of the checks per family, on a labelled corpus (benchmarks and tests).

A corpus entry names the one family a sentence should be flagged for
(``identifying``, ``child-blame``, ``parent-blame``, ``reputation``,
``adult-child``) or ``clean``. A sentence counts for a family when a finding
of that family is among its findings; any finding of a family the sentence
is not labelled with is a false alarm for that family.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reflect.core.textchecks.finding import Finding
from reflect.core.textchecks.rules import Rules
from reflect.core.textchecks.spans import IDENTIFYING

FAMILIES = ("identifying", "child-blame", "parent-blame", "reputation", "adult-child")


def family_of(finding: Finding) -> str:
    """The family a finding counts for: ``identifying``, or its language rule's family."""
    return IDENTIFYING if finding.category == IDENTIFYING else (finding.family or "language")


@dataclass
class Score:
    """Counts for one family."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def score(entries: Iterable[Mapping[str, Any]], rules: Rules) -> dict[str, Score]:
    """Per family: which labelled sentences were found, missed, or flagged by mistake."""
    from reflect.core.textchecks import scan

    scores = {family: Score() for family in FAMILIES}
    for entry in entries:
        text = entry["text"]
        expected = entry.get("family", "clean")
        findings = scan(text, rules, age_band=entry.get("age_band"))
        found = {family_of(f) for f in findings}
        shown = [f.format() for f in findings]
        if expected in scores:
            if expected in found:
                scores[expected].tp += 1
            else:
                scores[expected].fn += 1
                scores[expected].wrong.append(f"missed: {text!r} {shown}")
        for family in found - {expected}:
            scores.setdefault(family, Score())
            scores[family].fp += 1
            scores[family].wrong.append(f"false alarm: {text!r} {shown}")
    return scores
