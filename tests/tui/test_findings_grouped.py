"""The same words found again in one answer are one thing to look at, and one row on screen."""

from __future__ import annotations

from reflect.core import textchecks
from reflect.core.loader import load_framework
from reflect.tui.widgets.findings import describe, grouped


def test_a_name_written_three_times_is_one_row_that_says_so():
    rules = textchecks.rules_for(load_framework())
    text = "Safe at football with Kai. Home late with Kai.\nStill out with Kai and the coach."
    findings = textchecks.scan(text, rules)
    names = [f for f in findings if f.text == "Kai"]
    assert len(names) == 3, findings
    rows = grouped(findings)
    kai = [(f, times) for f, times in rows if f.text == "Kai"]
    assert len(kai) == 1 and kai[0][1] == 3
    assert kai[0][0].line == 1  # shown where it first comes up
    assert "(and 2 more times)" in describe(*kai[0])
    assert "more time" not in describe(kai[0][0])


def test_different_findings_keep_their_own_rows_in_order():
    rules = textchecks.rules_for(load_framework())
    findings = textchecks.scan("He is streetwise. With Kai. He is streetwise again, with Kai.", rules)
    keys = [f.key for f, _times in grouped(findings)]
    assert len(keys) == len(set(keys)) >= 2
    assert keys == list(dict.fromkeys(f.key for f in findings))
