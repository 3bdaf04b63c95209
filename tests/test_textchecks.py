"""Tests of the text checks (reflect.core.textchecks) and the built-in checks.yaml.

All text here is invented: the names, numbers and places are fictional.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from reflect.core import textchecks as tc
from reflect.core.textchecks import ChecksError, Finding, load_rules, scan, summarise
from reflect.core.textchecks.language import quote_spans

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "scan_corpus.yaml"

# phrases of the framework, as the app passes them (principle, track and lens
# titles; shortened here)
VOCABULARY = [
    "Put children and young people first",
    "Recognise and challenge inequalities, exclusion and discrimination",
    "Respect the voice, experiences and expertise of young people",
    "Be strengths-based and relationship-based",
    "Recognise and respond to trauma",
    "Be curious, evidence-informed and knowledgeable",
    "Approach parents and carers as partners",
    "Create safer spaces and places",
    "Trusted relationships between the young person and practitioners",
    "Relationships with parents, carers and family",
    "Relationships with peers, school and community",
    "Consistency",
    "Collaboration",
    "Creating safety",
    "adultification",
]


@pytest.fixture(scope="module")
def rules():
    return load_rules(vocabulary=VOCABULARY)


def kinds(text: str, rules) -> list[str]:
    return [f.kind for f in scan(text, rules)]


def texts(text: str, rules, kind: str | None = None) -> list[str]:
    return [f.text for f in scan(text, rules) if kind is None or f.kind == kind]


# ---------------------------------------------------------------------------
# identifying details, one kind at a time


@pytest.mark.parametrize(
    "text, found",
    [
        ("Her number is 07700 900461.", "07700 900461"),
        ("Her number is 07700900461.", "07700900461"),
        ("Ring 0161 496 0732 first.", "0161 496 0732"),
        ("Ring (0161) 496 0732 first.", "(0161) 496 0732"),
        ("Tel: 020 7946 0321.", "020 7946 0321"),
        ("Mum: +44 7700 900218.", "+44 7700 900218"),
        ("Mum: +44 (0)7700 900218.", "+44 (0)7700 900218"),
    ],
)
def test_phone_numbers(rules, text, found):
    assert texts(text, rules, "phone") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Call Childline on 0800 1111 any time.",  # a helpline, and too short for a UK number
        "The case reference 2024/0117 is on the form.",
        "She scored 1234 567 890 points.",  # no leading zero
        "Bus routes 42 and 118 pass the school.",
    ],
)
def test_not_phone_numbers(rules, text):
    assert "phone" not in kinds(text, rules)


def test_email(rules):
    assert texts("Write to k.hollis@example.sch.uk today.", rules, "email") == ["k.hollis@example.sch.uk"]
    assert texts("Email a.begum@council.example.gov.uk.", rules, "email") == ["a.begum@council.example.gov.uk"]
    assert "email" not in kinds("We met @ the cafe, then at 3.30.", rules)


def test_postcode(rules):
    assert texts("The flat is near LS6 2QT.", rules, "postcode") == ["LS6 2QT"]
    assert texts("Nan lives at B12 9RT now.", rules, "postcode") == ["B12 9RT"]
    assert texts("Post code: SE15 4QT", rules, "postcode") == ["SE15 4QT"]
    assert texts("postcode n1 9gu", rules, "postcode") == ["n1 9gu"]


@pytest.mark.parametrize(
    "text",
    [
        "The charger, product code XR10 4TB, was new.",  # XR is not a postcode area
        "A4 2PK paper was bought.",  # A is not an area; K cannot end a postcode
        "She was seen near the M62 junction.",
        "Serial QX7 2ZZ on the box.",
    ],
)
def test_postcode_near_misses(rules, text):
    assert "postcode" not in kinds(text, rules)


def test_nhs_number_checks_the_check_digit(rules):
    assert texts("NHS number 943 476 5919.", rules, "nhs-number") == ["943 476 5919"]
    assert texts("NHS no. 9434765919.", rules, "nhs-number") == ["9434765919"]
    assert "nhs-number" not in kinds("NHS number 943 476 5918.", rules)  # wrong check digit
    assert "nhs-number" not in kinds("Ref 000 000 0000.", rules)


def test_ni_number(rules):
    assert texts("NI number JG 10 37 29 B on file.", rules, "ni-number") == ["JG 10 37 29 B"]
    assert texts("NI: JG103729B.", rules, "ni-number") == ["JG103729B"]
    for bad in ("GB103729B", "QQ103729B", "JG103729E", "jg103729b"):
        assert "ni-number" not in kinds(f"NI: {bad}.", rules), bad


@pytest.mark.parametrize(
    "text, found",
    [
        ("DOB 14/02/2011, in Year 9.", "14/02/2011"),
        ("D.O.B.: 14.02.11", "14.02.11"),
        ("She was born on 3rd November 2009.", "3rd November 2009"),
        ("Her date of birth is 7 July 2010.", "7 July 2010"),
        ("Date of Birth - 12 Apr 2011", "12 Apr 2011"),
        ("Her birthday is on 4 June.", "4 June"),
        ("The log gives 2010-06-21 (DOB) only.", "2010-06-21"),
        ("born March 4, 2010", "March 4, 2010"),
    ],
)
def test_dates_of_birth(rules, text, found):
    assert texts(text, rules, "date-of-birth") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 the family moved to the area.",  # a year, not a birth date
        "She was born in 2010 and is the eldest.",  # a year of birth alone is not flagged
        "The meeting on 4 March 2024 agreed a safety plan.",  # a full date, but not a birth date
        "Her birthday is coming up.",
        "DOB unknown.",
    ],
)
def test_dates_that_are_not_birth_dates(rules, text):
    assert "date-of-birth" not in kinds(text, rules)


@pytest.mark.parametrize(
    "text, found",
    [
        ("He is staying at 27 Lindon Crescent with his aunt.", "27 Lindon Crescent"),
        ("She lives at 5a Kingfisher Way.", "5a Kingfisher Way"),
        ("Flat 3, 14 Mill Lane", "Flat 3, 14 Mill Lane"),
        ("The party was at Flat 4, Marlowe House, on Friday.", "Flat 4, Marlowe House"),
        ("Seen outside 102 Upper Vale Rd last night.", "102 Upper Vale Rd"),
    ],
)
def test_addresses(rules, text, found):
    assert texts(text, rules, "address") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "She is in Year 10 at the academy.",
        "The group meets at North Park after school.",
        "She went to 3 parties on Elm Road.",
        "We met at 10 Downing-ish times, whatever that means.",
    ],
)
def test_not_addresses(rules, text):
    assert "address" not in kinds(text, rules)


@pytest.mark.parametrize(
    "text, found",
    [
        ("I met Tamsin Okoro after school.", "Tamsin Okoro"),
        ("Kyle Brannigan collects her.", "Kyle Brannigan"),
        ("Mrs Dubois said he had not slept at home.", "Mrs Dubois"),
        ("Dr. Lindqvist completed the medical.", "Dr. Lindqvist"),
        ("Ask Ms Jane Carter about it.", "Ms Jane Carter"),
        ("Spoke with Hollie Stringer's mum.", "Hollie Stringer"),
        ("Tyrell Osei-Mensah was arrested.", "Tyrell Osei-Mensah"),
        ("The youth worker thinks Jordan McKenzie sends them.", "Jordan McKenzie"),
        ("Her friend Jamie Green was there.", "Jamie Green"),  # a first name makes a place word a surname
        ("Mr Hall rang.", "Mr Hall"),
        ("Dad (Gary Pritchard) rang.", "Gary Pritchard"),
        # a first name on its own, when the words around it make it a person
        ("Jamie's mum asked about the plan.", "Jamie"),
        ("Monday Jamie came to the office.", "Jamie"),
        ("Sam said he was scared.", "Sam"),
        ("I spoke with Kacper about it.", "Kacper"),
        # any alphabet
        ("Siân Öztürk was at the meeting.", "Siân Öztürk"),
        ("Łukasz Nowak drove.", "Łukasz Nowak"),
        ("She is staying with Zoë O'Neill.", "Zoë O'Neill"),
        ("Thi Nguyễn collected her.", "Thi Nguyễn"),
    ],
)
def test_names(rules, text, found):
    assert texts(text, rules, "name") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Youth Offending were not invited.",
        "Social Care have agreed to a review.",
        "Early Help Services offered a group.",
        "The group often meets at North Park.",
        "We met at Riverside Academy.",
        "St Mary's Church runs a youth club.",
        "New Cross Gate station is where she was last seen.",
        "Creating Safety was the lens we used.",
        "Trusted Relationships and Creating Safety were our focus.",
        "We looked at Be Curious, Evidence-Informed and Knowledgeable.",
        "Supervisor Notes: explore what keeps her safe.",
        "Children's Services and Greater Manchester Police will co-chair.",
        "Black girls are too often seen as older than they are.",
        "Risk Assessment completed with the Missing Person Coordinator.",
        "Summer Holidays are a worry for mum.",
        "Her Snapchat name changed again.",
        "Hope is what keeps her going.",  # a first name that is also a word, alone
        "We met at Hackney Wick, then walked to Canary Wharf.",  # places that read like names
    ],
)
def test_not_names(rules, text):
    assert "name" not in kinds(text, rules)


def test_a_word_used_in_lower_case_is_not_a_name(rules):
    # "Sable Lantern" would pass as a name, but "lantern" appears in lower case
    assert texts("Sable Lantern opened. The lantern was lit.", rules, "name") == []
    assert texts("Sable Lantern opened.", rules, "name") == ["Sable Lantern"]


def test_vocabulary_is_never_a_name():
    text = "We talked about Kestrel Lines in supervision."
    assert "name" in kinds(text, load_rules())
    assert "name" not in kinds(text, load_rules(vocabulary=["Kestrel Lines"]))


def test_identifying_details_inside_quotes_are_still_flagged(rules):
    found = scan('She said "ring me on 07700 900461" and laughed.', rules)
    assert [f.kind for f in found] == ["phone"]


# ---------------------------------------------------------------------------
# language

LANGUAGE_EXAMPLES = {
    "putting-self-at-risk": [
        "She is putting herself at risk by going to the flat.",
        "He keeps placing himself in dangerous situations.",
        "She put herself in harm's way again.",
        "He got himself involved with the people running the line.",
        "She allowed herself to be taken to the hotel.",
    ],
    "lifestyle-choice": [
        "Staff feel this is a lifestyle choice.",
        "He has chosen this lifestyle.",
        "Her chaotic lifestyle worries school.",
    ],
    "choosing-to-go-missing": ["She chose to go missing again.", "He decided to run away from the placement."],
    "consent": ["Mum believes she consented.", "It was consensual, he says.", "She went with him willingly."],
    "relationship-with-adult": [
        "She is in a relationship with a 23-year-old man.",
        "She is in a sexual relationship with a man aged 31.",
        "He is dating a woman in her twenties.",
        "She says her boyfriend is 22.",
    ],
    "adult-boyfriend": ["Her older boyfriend picks her up.", "Her 19-year-old boyfriend drives."],
    "associating": [
        "He is associating with known gang members.",
        "He is a known associate of the group.",
        "He's been hanging around with older lads.",
    ],
    "associated-with-offenders": ["He has been associated with gang nominals."],
    "recruiting-peers": [
        "He recruited peers from his year group.",
        "He is recruiting other children from the unit.",
        "The referral names him as a recruiter.",
    ],
    "adultification": [
        "At fourteen she is very streetwise.",
        "She can look after herself.",
        "She is mature for her age.",
        "He knows what he is doing.",
        "She knew what she was doing.",
        "He is older than his years.",
    ],
    "involved-in-exploitation": ["He is involved in county lines.", "She was engaging in CSE at the time."],
    "sexualised-labels": [
        "The referral describes her as promiscuous.",
        "She has been sleeping around.",
        "He is prostituting himself for drugs.",
    ],
    "exchange-as-choice": ["She has been exchanging sex for somewhere to stay.", "He sold himself for a phone."],
    "gang-labels": ["He is a young offender.", "He became a gang member at 13.", "A gang-associated boy."],
    "risk-taking": ["Her risk-taking has grown.", "Staff list his risky behaviours."],
    "recruited-working": ["She was recruited by the group.", "He is working for the line."],
    "contacting-adults": ["He has been contacting adult males online.", "She met up with older men."],
    "failing-to-protect": [
        "Mum is failing to protect her.",
        "There is a lack of parental control at home.",
        "Workers suspect disguised compliance.",
    ],
    "parent-engagement-blame": ["Mum is unwilling to engage with the plan.", "His parents refused to engage."],
    "parent-allows": ["Mum allows him to stay out all night.", "Her dad has let her go to the flat."],
    "known-to-police": ["He is known to police.", "A known dealer collected him.", "He is a prolific shoplifter."],
    "high-risk-label": ["She is a high risk young person.", "He was flagged as high-risk."],
    "failed-placement": ["After the placement breakdown she moved.", "Another failed placement followed."],
    "adult-partner-in-text": ["Her boyfriend, 19, collects her.", "She has a boyfriend. He is 21."],
    "absconding": ["She absconded from the placement."],
    "engagement-blame": [
        "He refuses to engage with the youth worker.",
        "She didn't engage with the nurse.",
        "The young person is non-compliant.",
        "She has been hard to reach.",
        "He has disengaged from school.",
    ],
    "behaviour-labels": ["Staff think she is manipulative.", "She is attention-seeking.", "He is out of control."],
}


def test_every_language_check_has_examples(rules):
    assert set(rules.language_ids) == set(LANGUAGE_EXAMPLES)


@pytest.mark.parametrize(
    "rule_id, text", [(rule_id, text) for rule_id, items in LANGUAGE_EXAMPLES.items() for text in items]
)
def test_language_examples_are_flagged(rules, rule_id, text):
    found = [f for f in scan(text, rules) if f.category == "language"]
    assert found, text
    rule = next(r for r in rules.language if r.id == rule_id)
    assert any(f.suggestion == rule.suggestion for f in found), (rule_id, [f.format() for f in found])


@pytest.mark.parametrize(
    "text",
    [
        "She consented to the referral to the specialist service.",
        "Mum consented to information being shared with the school.",
        "She gave her consent to the assessment.",
        "She is in a relationship with a boy in her class.",
        "She has a relationship with her youth worker that she values.",
        "Her sister's boyfriend is 21 and has been supportive.",
        "Her boyfriend is 15.",
        "The risks associated with the park have been mapped.",
        "We are worried that older males are putting him at risk.",
        "The adults exploiting her made her bring friends to the flat.",
        "The CSE team involved in the disruption plan met.",
        "She engaged well with the mentor.",
        "The exploitation he experienced involved older men.",
        "She chose to tell me about the flat.",
        "He is at risk of criminal exploitation.",
    ],
)
def test_language_near_misses(rules, text):
    assert [f.format() for f in scan(text, rules) if f.category == "language"] == []


# ---------------------------------------------------------------------------
# quotation marks


@pytest.mark.parametrize(
    "text",
    [
        'She told me, "I was putting myself at risk, but I didn\'t see it then."',
        "The police notes call it a 'lifestyle choice', which we challenged.",
        "He said it was “his choice” and that he had “consented” to going.",
        "He told me the older lads call him a ‘drug runner’ now.",
        "Mum's words were \"she knows what she's doing\".",
        "(‘She is streetwise’, the report says.)",
        '"Putting herself at risk" is how the old file put it.',
    ],
)
def test_quoted_words_are_not_flagged_for_language(rules, text):
    assert [f.format() for f in scan(text, rules) if f.category == "language"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Jamie's mum thinks she is putting herself at risk.",  # apostrophe, not a quote
        "She doesn't see it, but staff say it's a lifestyle choice.",
        "The boys' older boyfriend story is unclear.",  # a plural possessive
        'She said "no" and then consented.',  # the quote has closed
        'She wrote "I am fine\n\nShe is putting herself at risk.',  # a blank line ends a quote
        'An unclosed " quote: she is streetwise.',
    ],
)
def test_apostrophes_and_closed_quotes_do_not_hide_language(rules, text):
    assert any(f.category == "language" for f in scan(text, rules)), text


def test_quote_spans():
    text = "a \"b c\" d “e” f ‘g’ h 'i j' k don't l"
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ['"b c"', "“e”", "‘g’", "'i j'"]


# ---------------------------------------------------------------------------
# findings, format, summary


def test_finding_format_and_position(rules):
    text = "First line is fine.\nThen she is putting herself at risk, says Kyle Brannigan."
    found = scan(text, rules)
    assert [(f.line, f.column, f.kind, f.category, f.text) for f in found] == [
        (2, 13, "language", "language", "putting herself at risk"),
        (2, 43, "name", "identifying", "Kyle Brannigan"),
    ]
    first = found[0]
    assert first.format() == f"2:13: language: putting herself at risk \u2014 {first.suggestion}"
    assert first.key == "language:putting herself at risk"
    assert first.reason and "\n" not in first.reason
    assert found[1].suggestion.startswith("use an initial")


def test_findings_across_line_breaks_fold_whitespace(rules):
    found = scan("She keeps putting herself\n  at risk.", rules)
    assert [(f.line, f.column, f.text) for f in found] == [(1, 11, "putting herself at risk")]


def test_findings_are_sorted_and_keys_are_stable(rules):
    text = "Kyle Brannigan rang 07700 900461.\nShe is streetwise. KYLE BRANNIGAN is in capitals."
    found = scan(text, rules)
    assert found == sorted(found, key=lambda f: (f.line, f.column))
    assert [f.key for f in found] == ["name:kyle brannigan", "phone:07700 900461", "language:streetwise"]


def test_empty_and_clean_text(rules):
    assert scan("", rules) == []
    assert scan("She came to the session and we talked about school.", rules) == []


def test_summarise(rules):
    text = "Kyle Brannigan rang 07700 900461. She is streetwise and hard to reach."
    assert summarise(scan(text, rules)) == {"identifying": 2, "language": 2}
    assert summarise([]) == {"identifying": 0, "language": 0}


def test_finding_is_frozen():
    finding = Finding(1, 1, "phone", "identifying", "07700 900461", "remove it", "why")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 2  # type: ignore[misc]


# ---------------------------------------------------------------------------
# the built-in checks.yaml


def test_builtin_checks_are_one_line_and_cite_research(rules):
    cite = re.compile(r"\([A-Z][\w' &,.-]+(?:et al\.)?,? \d{4}[a-z]?(?:; [A-Z][\w' &,.-]+,? \d{4}[a-z]?)*\)")
    for rule in rules.language:
        assert "\n" not in rule.reason and "\n" not in rule.suggestion
        assert cite.search(rule.reason), f"{rule.id}: the reason should cite the research (Author, YEAR)"
    for pattern in rules.identifying:
        assert pattern.suggestion and pattern.reason
    assert {p.kind for p in rules.identifying} | {"name"} == set(tc.IDENTIFYING_KINDS)


def test_rules_are_cached():
    assert load_rules() is load_rules()
    assert load_rules(vocabulary=["A b"]) is load_rules(vocabulary=["A b"])


def test_core_does_not_import_textual():
    code = "import sys, reflect.core.textchecks as t; t.scan('x', t.load_rules()); print('textual' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# a pack's own checks.yaml


def write_pack(tmp_path: Path, text: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "checks.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return pack


def test_pack_entries_are_added(tmp_path):
    pack = write_pack(
        tmp_path,
        """\
        groups:
          self: [yourself]            # added to the built-in group
        identifying:
          - kind: case-ref
            pattern: 'CR-\\d{6}'
            suggestion: use the case label instead
            reason: Our case references lead to the full record.
        names:
          not_names: [Kestrel]
          first_names: [Zephyrine]
        language:
          - id: bad-apple
            match: ["bad apple|apples"]
            suggestion: describe what is happening to them
            reason: Labels the child instead of the harm (Our Team, 2024).
        """,
    )
    base = load_rules()
    extended = load_rules(pack)
    assert len(extended.language) == len(base.language) + 1
    assert len(extended.identifying) == len(base.identifying) + 1
    text = "Ref CR-123456. He is a bad apple. Kestrel Varga came. Zephyrine Hale rang. Stop putting yourself at risk."
    found = {(f.kind, f.text) for f in scan(text, extended)}
    assert ("case-ref", "CR-123456") in found
    assert ("language", "bad apple") in found
    assert ("language", "putting yourself at risk") in found
    assert ("name", "Zephyrine Hale") in found
    assert not any(kind == "name" and "Kestrel" in t for kind, t in found)
    # built-in checks still run, and the base rules are untouched
    assert ("language", "streetwise") in {(f.kind, f.text) for f in scan("She is streetwise.", extended)}
    assert not any(f.text == "bad apple" for f in scan(text, base))


def test_pack_without_checks_uses_builtin(tmp_path):
    (tmp_path / "empty").mkdir()
    assert load_rules(tmp_path / "empty") is load_rules()


def test_pack_edits_are_picked_up(tmp_path):
    entry = """\
    language:
      - id: extra
        match: ["{word}"]
        suggestion: say it another way
        reason: Because (Someone, 2020).
    """
    pack = write_pack(tmp_path, entry.replace("{word}", "grumpy"))
    assert texts("He was grumpy.", load_rules(pack)) == ["grumpy"]
    path = pack / "checks.yaml"
    path.write_text(textwrap.dedent(entry.replace("{word}", "sulky")), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert texts("He was grumpy, then sulky.", load_rules(pack)) == ["sulky"]


# ---------------------------------------------------------------------------
# a bad checks.yaml


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("language: [\n  - id: x\n", 2, "YAML"),
        ("colours: [red]\n", 1, "unknown key 'colours'"),
        ("version: 2\n", 1, "version must be 1"),
        ("identifying:\n  - kind: ref\n    pattern: 'CR-(\\d'\n    suggestion: s\n    reason: r\n", 3, "bad pattern"),
        (
            "identifying:\n  - kind: ref\n    pattern: '(\\w+)+x'\n    suggestion: s\n    reason: r\n",
            3,
            "repeats a repetition",
        ),
        (
            "identifying:\n  - kind: ref\n    pattern: 'CR'\n    validate: luhn\n    suggestion: s\n    reason: r\n",
            4,
            "validate",
        ),
        ("identifying:\n  - kind: ref\n    pattern: 'CR'\n    reason: r\n", 2, "suggestion: is required"),
        ("language:\n  - id: x\n    match: ['{nosuch} thing']\n    suggestion: s\n    reason: r\n", 3, "unknown group"),
        ("language:\n  - id: x\n    match: ['a|']\n    suggestion: s\n    reason: r\n", 3, "empty alternative"),
        (
            "language:\n  - id: x\n    match:\n      - fine\n      - 're:(oops'\n    suggestion: s\n    reason: r\n",
            5,
            "bad pattern",
        ),
        ("language:\n  - id: x\n    match: ['maybe?']\n    suggestion: s\n    reason: r\n", 3, "not optional"),
        ("language:\n  - id: x\n    match: [word]\n    within: 99\n    suggestion: s\n    reason: r\n", 4, "within"),
        (
            "language:\n  - id: streetwise-2\n    match: [word]\n    suggestion: s\n"
            "    reason: r\n  - id: streetwise-2\n    match: [w]\n    suggestion: s\n"
            "    reason: r\n",
            6,
            "already defined",
        ),
        (
            "language:\n  - id: adultification\n    match: [word]\n    suggestion: s\n    reason: r\n",
            2,
            "already defined",
        ),
        ("names:\n  suggestion: call them by name\n", 2, "built-in"),
        ("names:\n  not_names: [Yes, Off]\n", 2, "quotes"),
        ("names:\n  not_names: [Two Words]\n", 2, "one word"),
        ("groups:\n  self: oneself\n", 2, "non-empty list"),
        ("fragments:\n  date: '\\d+'\n", 2, "already defined"),
        (
            "language:\n  - id: x\n    match: [w]\n    suggestion: s\n    reason: |\n      two\n      lines\n",
            5,
            "one line",
        ),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_bad_checks_yaml(tmp_path, text, line, message):
    pack = write_pack(tmp_path, text)
    with pytest.raises(ValueError) as caught:
        load_rules(pack)
    error = str(caught.value)
    assert isinstance(caught.value, ChecksError)
    assert "\n" not in error
    assert error.startswith(f"{pack / 'checks.yaml'}:{line}: "), error
    assert message in error


# ---------------------------------------------------------------------------
# scanning is safe on any text

if given is not None:

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
    def test_scan_never_fails_and_positions_point_at_the_text(text):
        rules = load_rules(vocabulary=VOCABULARY)
        lines = text.split("\n")
        for finding in scan(text, rules):
            assert finding.line >= 1 and finding.column >= 1
            assert finding.category in ("identifying", "language")
            rest = "\n".join(lines[finding.line - 1 :])[finding.column - 1 :]
            assert " ".join(rest.split()).startswith(finding.text)

    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "She",
                    "is",
                    "putting",
                    "herself",
                    "at",
                    "risk",
                    "Kyle",
                    "Brannigan",
                    '"',
                    "'",
                    "“",
                    "”",
                    "07700",
                    "900461",
                    "LS6",
                    "2QT",
                    "\n",
                    "\n\n",
                    ",",
                    ".",
                    "North",
                    "Park",
                    "Mr",
                    "lifestyle",
                    "choice",
                ]
            ),
            max_size=60,
        )
    )
    def test_scan_on_shuffled_case_words(words):
        text = " ".join(words)
        rules = load_rules(vocabulary=VOCABULARY)
        found = scan(text, rules)
        assert found == sorted(found, key=lambda f: (f.line, f.column, f.category != "identifying", f.kind, f.text))


# ---------------------------------------------------------------------------
# the corpus: recall and precision


def test_corpus_recall_and_precision(rules, capsys):
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert len(entries) >= 60
    flagged = sum(1 for e in entries if e["flag"])
    assert abs(flagged - (len(entries) - flagged)) <= len(entries) // 10, "about half should be flagged"

    tp = fp = fn = tn = 0
    wrong = []
    for entry in entries:
        found = scan(entry["text"], rules)
        expected_kind = entry.get("kind")
        if entry["flag"]:
            if found and (expected_kind is None or expected_kind in {f.kind for f in found}):
                tp += 1
            else:
                fn += 1
                wrong.append(f"missed: {entry['text']!r} {[f.format() for f in found]}")
        elif found:
            fp += 1
            wrong.append(f"false alarm: {entry['text']!r} {[f.format() for f in found]}")
        else:
            tn += 1
    recall = tp / (tp + fn)
    precision = tp / (tp + fp) if tp + fp else 0.0
    with capsys.disabled():
        print(
            f"\nscan corpus: {len(entries)} sentences, recall {recall:.2f}, precision {precision:.2f} "
            f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})"
        )
        for line in wrong:
            print("  " + line)
    assert recall >= 0.9, wrong
    assert precision >= 0.9, wrong


def test_corpus_covers_every_kind():
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert {e.get("kind") for e in entries if e["flag"]} >= set(tc.IDENTIFYING_KINDS)
    assert {e["family"] for e in entries if e["flag"]} >= {"child-blame", "parent-blame", "reputation", "adult-child"}
