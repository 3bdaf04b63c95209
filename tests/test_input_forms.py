"""Input as people write it: UK dates, and YAML's yes/no that silently turn into true/false.

Practitioners write 01/12/2026, and a pack author writes ``options: [yes,
no, not sure]`` or ``low: no``; YAML 1.1 reads an unquoted yes, no, on or
off as a boolean. Each is either read as meant or refused with one line that
names the file and line and says what to do.
"""

from __future__ import annotations

import pytest
from reliability_support import MINI_PROMPTS_ONE, write_mini_pack

from reflect.core.errors import ReflectError
from reflect.core.pack_check import check_framework
from reflect.core.validate import check_date, clean_value


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("01/12/2026", "2026-12-01"),
        ("1/12/2026", "2026-12-01"),
        ("29/02/2028", "2028-02-29"),
        ("2026-12-01", "2026-12-01"),
    ],
)
def test_a_date_in_the_uk_form_or_iso_is_kept_as_iso(typed, kept):
    assert check_date(typed) == kept


@pytest.mark.parametrize("typed", ["31/02/2026", "12/2026", "2026/12/01", "1.12.2026", "01/13/2026"])
def test_anything_else_is_one_line_that_shows_both_forms(typed):
    with pytest.raises(ReflectError, match=r"is not a date \(use DD/MM/YYYY or YYYY-MM-DD\)"):
        check_date(typed)


def _pack_with(tmp_path, old: str, new: str) -> tuple[list[str], int]:
    """The pack's problems with ``old`` replaced by ``new``, and the line where ``new``'s last line is."""
    pack = write_mini_pack(tmp_path / "pack")
    assert old in MINI_PROMPTS_ONE
    text = MINI_PROMPTS_ONE.replace(old, new)
    (pack / "prompts" / "p-one.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index(new) + len(new)].count("\n") + 1
    return check_framework(pack), line


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("options: [a parent, a teacher, a youth worker]", "options: [yes, no, not sure]"),
        ("low: not at all", "low: no"),
        ("text: How does this work leave you feeling?", "text: on"),
        ("modes: [preparation, supervision, workshop]", "modes: [preparation, supervision, workshop]\n    hint: Yes"),
    ],
)
def test_yes_and_no_in_a_pack_are_one_line_naming_the_place(tmp_path, old, new):
    problems, line = _pack_with(tmp_path, old, new)
    quoted = [p for p in problems if "put the words in quotes" in p]
    assert len(quoted) == 1, problems
    assert f"p-one.yaml:{line}: " in quoted[0]


def test_quoted_yes_and_no_are_text(tmp_path):
    problems, _ = _pack_with(tmp_path, "options: [a parent, a teacher, a youth worker]", 'options: ["yes", "no"]')
    assert problems == []


def test_a_bundle_answer_of_yes_says_to_quote_it():
    with pytest.raises(ReflectError, match="put yes, no, on or off in quotes"):
        clean_value(True, "the answer to p-one.choice")
