"""The language rules as a practitioner meets them: families, age-aware wording, honest suggestions, sources."""

from __future__ import annotations

import re

import pytest

from reflect.core.textchecks import load_rules, scan, under_sixteen
from reflect.core.textchecks.corpus import FAMILIES

LANGUAGE_FAMILIES = set(FAMILIES) - {"identifying"}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def language(text: str, rules, age_band: str | None = None):
    return [f for f in scan(text, rules, age_band=age_band) if f.category == "language"]


def test_every_rule_has_a_family_a_why_a_suggestion_and_a_source(rules):
    cite = re.compile(r"\([A-Z][^()]*\d{4}\)\.?$")
    for rule in rules.language:
        assert rule.family in LANGUAGE_FAMILIES, rule.id
        assert rule.suggestion and rule.reason
        assert cite.search(rule.reason), f"{rule.id}: the reason ends with its source (Author, YEAR)"


def test_no_suggestion_writes_a_fact_into_the_record(rules):
    # a suggestion says how to rephrase; it never offers words such as "was sexually abused by",
    # which would assert what the worker did not write
    for rule in rules.language:
        for text in (rule.suggestion, *(rule.under_16 or ())):
            assert "abused by" not in text and "groomed/exploited by" not in text, rule.id


def test_the_citations_the_content_review_found_wrong_are_gone(rules):
    reasons = {rule.id: rule.reason for rule in rules.language}
    assert "Firmin, Manister & Peace" not in reasons["absconding"]  # F1: that review never discusses it
    for rule_id in ("sexualised-labels", "behaviour-labels"):  # F2
        assert "Warrington" not in reasons[rule_id] and "Levenson" not in reasons[rule_id]


@pytest.mark.parametrize(
    "text",
    [
        "Her boyfriend, 19, collects her.",
        "She has a boyfriend. He is 21 and drives.",
        "A 24-year-old man is her boyfriend now.",
        "The police say it is consensual; he is 24.",
    ],
)
def test_an_adult_age_anywhere_in_the_text_makes_the_relationship_a_finding(rules, text):
    found = language(text, rules)
    assert found and all(f.family == "adult-child" for f in found), [f.format() for f in found]
    assert any("age and power" in f.reason for f in found)


def test_consent_with_a_child_under_16_says_why_it_cannot_apply(rules):
    plain = language("The officer said it was consensual.", rules)
    under = language("The officer said it was consensual.", rules, age_band="14-15")
    in_text = language("She is 14. The officer said it was consensual.", rules)
    assert "under 16" not in plain[0].reason
    for found in (under, in_text):
        assert "under 16" in found[0].reason and "Sexual Offences Act 2003" in found[0].reason
    assert language("The officer said it was consensual.", rules, age_band="16-17")[0].reason == plain[0].reason


@pytest.mark.parametrize(
    "band, under", [("14-15", True), ("10-13", True), ("under 16", True), ("16-17", False), ("16+", False), ("", False)]
)
def test_age_bands(band, under):
    assert under_sixteen(band) is under


@pytest.mark.parametrize(
    "text, family",
    [
        ("Mum is failing to protect her.", "parent-blame"),
        ("Mum is unwilling to engage with the plan.", "parent-blame"),  # the longer, parent, match wins
        ("He refuses to engage.", "child-blame"),
        ("A known dealer gave him the phone.", "reputation"),
        ("He comes across as older than his years.", "child-blame"),
        ("She is a high risk young person.", "reputation"),
    ],
)
def test_families(rules, text, family):
    assert [f.family for f in language(text, rules)] == [family]


def test_quoted_words_stay_unflagged_in_every_family(rules):
    for text in (
        "The police summary calls him 'a known dealer' and 'older than his years'.",
        'Mum said, "they say I am failing to protect her".',
        "She calls him “my boyfriend”; he is 23.",
    ):
        assert language(text, rules) == [], text
