"""A first name alone at the start of a sentence (names.py): a person, unless it is also an everyday word.

The corpus (tests/data/scan_corpus.yaml) measures the rule on whole
sentences; these pin its edges. Every name and sentence is invented.
"""

from __future__ import annotations

import pytest

from reflect.core.textchecks import load_rules, scan
from reflect.core.textchecks.names import WORD_NAMES_FILE, _vendored_word_names


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def names_in(text: str, rules) -> list[str]:
    return [f.text for f in scan(text, rules) if f.kind == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "Kai loves football.",
        "We met at the café. Kai loves football.",
        "She left early!  Kai stayed.",
        'He said "no." Kai laughed.',
        "- Kai to see the nurse",
        "* Kai to see the nurse",
        "Notes\nKai seemed tired today.",
        "Kai's bike was taken.",
    ],
)
def test_a_first_name_that_opens_a_sentence_is_a_name(text, rules):
    assert names_in(text, rules) == ["Kai"]


@pytest.mark.parametrize(
    "text",
    [
        "Will you ring the school?",
        "May we share the plan?",
        "Grace periods have run out.",
        "Mark the review date.",
        "Bill payments are behind.",
        "Hope came up a lot.",
    ],
)
def test_a_name_that_is_also_an_everyday_word_opens_a_sentence_as_a_word(text, rules):
    assert names_in(text, rules) == []


def test_inside_a_sentence_the_start_rule_does_not_apply(rules):
    assert names_in("The plan for Kai looks new.", rules) == []  # "for" makes no one a person
    assert names_in("The report on Kai arrived late.", rules) == []


def test_a_word_the_text_also_uses_in_lower_case_is_ordinary(rules):
    # "Zara" is a first name; a text that also says "zara" (a shop, in lower case) means the word
    assert names_in("Zara sells cheap jackets. She likes zara best.", rules) == []


def test_context_still_names_an_everyday_word_name_inside_a_sentence(rules):
    # "Tom" is a word in SCOWL ("a male cat") so opening a sentence it is left alone, but "Tom said" is a person
    assert names_in("Tom cats roam the estate.", rules) == []
    assert names_in("We met. Tom said he was scared.", rules) == ["Tom"]


def test_the_everyday_word_list_is_first_names_only_and_read_whole(rules):
    words = _vendored_word_names()
    assert {"grace", "mark", "bill", "hope", "amber"} <= words
    assert not words & {"kai", "zara", "mia", "hamza"}
    assert words <= rules.names.every_first_name
    header = [line for line in WORD_NAMES_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("SCOWL" in line for line in header) and not any(line.startswith("#") for line in words)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Grace said she would help.", "Grace"),
        ("Then Grace said she would help.", "Grace"),
        ("I met Grace at school.", "Grace"),
        ("Max's mum rang.", "Max"),
        ("We told Max about it.", "Max"),
        ("Mark said no.", "Mark"),
    ],
)
def test_a_name_that_is_also_a_word_is_a_name_where_the_words_beside_it_leave_no_doubt(text, name, rules):
    assert names_in(text, rules) == [name]


@pytest.mark.parametrize(
    "text",
    ["May was hard.", "We hope to finish by May.", "Hope is important.", "Will you come?", "Review in May."],
)
def test_the_same_words_beside_weaker_words_stay_words(text, rules):
    assert names_in(text, rules) == []


@pytest.mark.parametrize(
    "text",
    ["Davis and Marsh (2022) describe it.", "Firmin & Lloyd, 2020 say so.", "Hallett et al. followed them."],
)
def test_a_citation_that_opens_a_sentence_names_no_one(text, rules):
    assert names_in(text, rules) == []
