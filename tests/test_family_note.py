"""The family note's own words are easy to read (Flesch reading ease of at least 70).

The measure is of the template's fixed wording: its Jinja tags, comments
and Markdown marks taken out. What the practitioner types is theirs to word;
what the app says to a young person or a parent must be plain.
"""

from __future__ import annotations

import re

import pytest

from reflect.core.content import content_root

FLOOR = 70.0


def syllables(word: str) -> int:
    """A small English syllable count: groups of vowels, less a silent final e (never under 1)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    groups = re.findall(r"[aeiouy]+", w)
    count = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def flesch(text: str) -> float:
    sentences = [s for s in re.split(r"[.!?:]+(?:\s|$)|\n\s*\n", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z']+", text)
    total = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / len(sentences)) - 84.6 * (total / len(words))


def fixed_wording(source: str) -> str:
    """A template's own words: no comments, tags or expressions, no Markdown marks."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"^#+\s*(.*)$", r"\1.", text, flags=re.M)  # a heading reads as a sentence
    return re.sub(r"[*_#|()\-;]", " ", text)


def test_the_syllable_counter_is_sane():
    assert [syllables(w) for w in ("note", "agreed", "meeting", "contact", "family", "question")] == [1, 2, 2, 2, 3, 2]
    assert flesch("The cat sat on the mat. It was glad.") > 90
    assert flesch("Multidisciplinary safeguarding considerations necessitate comprehensive contextual evaluation.") < 0


def test_the_family_template_reads_easily():
    source = (content_root() / "templates" / "family.md.j2").read_text(encoding="utf-8")
    words = fixed_wording(source)
    assert len(re.findall(r"[A-Za-z']+", words)) > 60, "the measure needs the template's words"
    score = flesch(words)
    assert score >= FLOOR, f"the family note's own words score {score:.0f} (need {FLOOR:.0f} or more)"


@pytest.mark.parametrize("word", ["principle", "risk", "exploitation", "safeguard", "supervision", "harm", "track"])
def test_the_family_template_has_no_framework_or_risk_words(word):
    source = (content_root() / "templates" / "family.md.j2").read_text(encoding="utf-8")
    words = fixed_wording(source).lower()
    assert not re.search(rf"\b{word}", words), word
