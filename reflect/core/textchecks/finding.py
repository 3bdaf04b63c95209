"""What a scan reports: one :class:`Finding` per thing found, and their counts.

Kept apart from the detectors so the app, the notes and the command line can
name a finding without pulling in any pattern.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: the kinds of identifying finding the built-in checks produce (a pack may add its own)
IDENTIFYING_KINDS = (
    "phone",
    "email",
    "postcode",
    "nhs-number",
    "ni-number",
    "date-of-birth",
    "address",
    "school",
    "vehicle-registration",
    "social-handle",
    "name",
)


@dataclass(frozen=True)
class Finding:
    """One thing found in a text."""

    line: int  # 1-based
    column: int  # 1-based, in characters
    kind: str  # "phone" | "email" | ... | "name" | "language"
    category: str  # "identifying" | "language"
    text: str  # the matched text (whitespace folded to single spaces)
    suggestion: str  # what to write instead
    reason: str  # one line, why
    family: str = ""  # language: "child-blame", "parent-blame", "reputation", "adult-child" (a pack may add more)
    watched: bool = False  # a name the practitioner asked to watch for: always shown, never dismissed

    @property
    def key(self) -> str:
        """A stable key for dismissing this finding (same text, same key)."""
        return f"{self.kind}:{' '.join(self.text.lower().split())}"

    def format(self) -> str:
        """``line:column: kind: text — suggestion`` (the ``reflect scan`` line)."""
        return f"{self.line}:{self.column}: {self.kind}: {self.text} \u2014 {self.suggestion}"


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by category, for note headers: ``{"identifying": n, "language": m}``."""
    counts = {"identifying": 0, "language": 0}
    for finding in findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    return counts
