"""Each text-check module on its own: the phrase language, lazy patterns, validators, names, language, spans.

tests/test_textchecks.py pins what a scan finds end to end; these pin the
parts a contributor changes when adding a detector or a rule-file key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reflect.core.textchecks import ChecksError
from reflect.core.textchecks.identifying import IdentifyingDetector, IdentifyingPattern, nhs_checksum, uk_phone
from reflect.core.textchecks.language import LanguageDetector, LanguageRule
from reflect.core.textchecks.names import name_detector
from reflect.core.textchecks.phrases import PhraseBook
from reflect.core.textchecks.regex import LazyRegex
from reflect.core.textchecks.spans import IDENTIFYING, LANGUAGE, Hit, Positions, Spans

HERE = Path("checks.yaml")


def book() -> PhraseBook:
    groups = {
        "self": [("herself", HERE, 1), ("himself", HERE, 1)],
        "danger": [("risk", HERE, 2), ("harm's way", HERE, 2)],
        "age": [("re:aged \\d+", HERE, 3)],
    }
    return PhraseBook(groups, {"num": ("\\d+", HERE, 4)})


def matches(phrase: str, text: str) -> bool:
    return re.fullmatch(book().phrase(phrase, HERE, 9), text, re.IGNORECASE) is not None


# --------------------------------------------------------------------------- the phrase language


@pytest.mark.parametrize(
    "phrase, text, found",
    [
        ("putting {self} at {danger}", "putting herself at risk", True),
        ("putting {self} at {danger}", "Putting  himself\nat harm’s way", True),  # any space, either apostrophe
        ("putting {self} at {danger}", "putting themselves at risk", False),
        ("a? willing", "willing", True),
        ("a? willing", "a willing", True),
        ("went willing*", "went willingly", True),
        ("risk-taking", "risk taking", True),
        ("risk-taking", "risktaking", True),
        ("chose|decided to go", "decided to go", True),
        ("re:aged {num}", "aged 31", True),
    ],
)
def test_phrases(phrase, text, found):
    assert matches(phrase, text) is found


@pytest.mark.parametrize(
    "phrase, message",
    [
        ("a|", "empty alternative"),
        ("maybe?", "not optional"),
        ("{nosuch} thing", "unknown group"),
        ("wh{at", "cannot read"),
    ],
)
def test_phrases_that_cannot_be_read(phrase, message):
    with pytest.raises(ChecksError, match=message) as caught:
        book().phrase(phrase, HERE, 9)
    assert str(caught.value).startswith("checks.yaml:9: ")


def test_anchors_are_the_words_a_text_must_hold():
    exact, prefixes = book().anchors([("putting {self} at risk", 1), ("self-harm* again", 2)])
    assert exact == frozenset({"putting"})
    assert prefixes == ("self",)
    assert book().anchors([("{age}", 1)]) == (None, ())  # a group with a regular expression: unknown
    assert book().anchors([("{age} man", 1)]) == (frozenset({"man"}), ())  # but "man" must be there
    # an everyday word is a poor anchor: the rule would compile for every text that says "her"
    assert book().anchors([("her|his boyfriend", 1)]) == (frozenset({"boyfriend"}), ())
    assert book().anchors([("re:x+", 1)]) == (None, ())


# --------------------------------------------------------------------------- patterns compiled on first use


def test_a_lazy_pattern_compiles_once_on_use():
    regex = LazyRegex("ab+", 0, HERE, 3, "x")
    assert not regex.compiled
    assert regex.get().fullmatch("abb")
    assert regex.compiled and regex.get() is regex.get()


def test_a_bad_phrase_is_reported_at_its_own_line_whenever_it_compiles():
    parts = (("fine", 4), ("(oops", 5))
    source = "|".join(f"(?:{part})" for part, _line in parts)
    for use in (LazyRegex.get, LazyRegex.check):
        regex = LazyRegex(source, 0, HERE, 4, "rule", parts)
        with pytest.raises(ChecksError, match="rule: bad pattern") as caught:
            use(regex)
        assert str(caught.value).startswith("checks.yaml:5: ")


def test_a_repeated_repetition_is_refused_before_compiling():
    with pytest.raises(ChecksError, match="repeats a repetition"):
        LazyRegex("x(?:ok)|(\\w+)+y", 0, HERE, 2, "rule")
    with pytest.raises(ChecksError, match="checks.yaml:7: .*repeats a repetition"):
        LazyRegex("(?:a)|(?:b)", 0, HERE, 6, "rule", parts=(("a", 6), ("(b+)*", 7)), guarded=True)


# --------------------------------------------------------------------------- identifying details


def test_validators():
    assert nhs_checksum("943 476 5919")
    assert not nhs_checksum("943 476 5918")  # wrong check digit
    assert not nhs_checksum("000 000 0000")
    assert uk_phone("07700 900461") and uk_phone("+44 (0)7700 900218") and uk_phone("0161 496 0732")
    assert not uk_phone("0800 1111")  # too short
    assert not uk_phone("+1 212 555 0100")  # not a UK number
    assert not uk_phone("0900 123 4567")  # no UK area or mobile prefix


def test_the_first_pattern_to_find_a_span_reports_it_and_a_hit_group_narrows_it():
    ref = IdentifyingPattern("ref", LazyRegex(r"ref (?P<hit>\d+)", 0, HERE, 1, "ref"), None, "drop it", "why")
    nhs = IdentifyingPattern("nhs-number", LazyRegex(r"\d{10}", 0, HERE, 2, "nhs"), "nhs-checksum", "drop", "why")
    hits = list(IdentifyingDetector((ref, nhs)).find("ref 9434765919 and 9434765918"))
    # the detector reports both patterns' hits; scan keeps the first for an overlapping span
    assert [(h.kind, h.start, h.end) for h in hits] == [("ref", 4, 14), ("nhs-number", 4, 14)]
    assert all(h.category == IDENTIFYING for h in hits)


# --------------------------------------------------------------------------- names


def names(vocabulary=()):
    lists = {
        "titles": ["Mr", "Dr"],
        "first_names": ["Jamie"],
        "not_names": ["The"],
        "places": ["Academy"],
        "place_openers": ["North"],
        "place_like": ["Green"],
        "word_endings": ["ness"],
    }
    detector = name_detector(lists, {}, vocabulary)
    assert detector is not None
    return detector


def spans_of(text: str, vocabulary=()) -> list[str]:
    return [text[h.start : h.end] for h in names(vocabulary).find(text)]


def test_the_name_heuristic():
    assert spans_of("I met Tamsin Okoro and Mr Hall.") == ["Tamsin Okoro", "Mr Hall"]
    assert spans_of("Jamie Green came; Riverside Academy and North Park did not.") == ["Jamie Green"]
    assert spans_of("Sable Lantern opened. The lantern was lit.") == []  # a word also used in lower case
    assert spans_of("We spoke of Kestrel Lines.", ["Kestrel Lines"]) == []  # the framework's own words
    assert (
        name_detector(
            {
                key: []
                for key in (
                    "titles",
                    "first_names",
                    "not_names",
                    "places",
                    "place_openers",
                    "place_like",
                    "word_endings",
                )
            },
            {},
            (),
        )
        is None
    )


# --------------------------------------------------------------------------- language


def rule(match: str, followed_by: str | None = None, unless: str | None = None) -> LanguageRule:
    b = book()

    def lazy(phrase: str | None) -> LazyRegex | None:
        if phrase is None:
            return None
        return LazyRegex(rf"(?<!\w)(?:{b.phrase(phrase, HERE, 1)})(?!\w)", re.IGNORECASE, HERE, 1, "r")

    regex = lazy(match)
    assert regex is not None
    return LanguageRule(
        "r", regex, lazy(followed_by), 4, lazy(unless), "say it otherwise", "why", *b.anchors([(match, 1)])
    )


def found(detector_rule: LanguageRule, text: str) -> list[str]:
    return [text[h.start : h.end] for h in LanguageDetector((detector_rule,)).find(text)]


def test_language_followed_by_unless_and_quotes():
    consented = rule("consented", followed_by="man|men|older")
    assert found(consented, "She consented. The older man came later.") == []  # the context ends with the sentence
    assert found(consented, "She consented to the older man.") == ["consented"]
    assert found(consented, "She consented to the visit with the older man present.") == []  # beyond 4 words
    at_risk = rule("at {danger}", unless="known at risk")
    assert found(at_risk, "She is at risk.") == ["at risk"]
    assert found(at_risk, "She is known at risk.") == []
    assert found(at_risk, 'She said "at risk" herself.') == []
    assert all(h.category == LANGUAGE for h in LanguageDetector((at_risk,)).find("at risk"))


def test_a_rule_whose_words_are_absent_is_never_compiled():
    absent = rule("putting {self} at risk")
    assert found(absent, "She came to school.") == []
    assert not absent.regex.compiled
    assert found(absent, "She is putting herself at risk.") == ["putting herself at risk"]


# --------------------------------------------------------------------------- spans


def test_spans_and_positions():
    spans = Spans([(5, 9)])
    assert spans.overlaps(8, 12) and spans.overlaps(0, 6) and not spans.overlaps(9, 12)
    spans.add(0, 2)
    assert spans.overlaps(1, 3)
    positions = Positions("ab\ncd\n\nef")
    assert [positions.of(i) for i in (0, 1, 3, 7)] == [(1, 1), (1, 2), (2, 1), (4, 1)]
    assert Hit(0, 1, "k", IDENTIFYING, "s", "r").kind == "k"


def test_phone_numbers_are_possible_numbers_of_any_country_but_not_service_lines():
    from reflect.core.textchecks.identifying import possible_phone

    for number in ("07700 900461", "0161 496 0732", "+44 (0)7700 900218", "+33 6 12 34 56 78", "0048 512 345 678"):
        assert possible_phone(number), number
    for number in ("0800 1111", "0300 123 4567", "0900 123 4567", "0000 000 0000", "+44 12"):
        assert not possible_phone(number), number  # helplines and service lines name no one
