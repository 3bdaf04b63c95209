"""Dates typed by people: DD/MM/YYYY or YYYY-MM-DD, stored as YYYY-MM-DD; a wrong one is one clear line."""

from __future__ import annotations

import shutil

import pytest

from reflect.core.content import content_root
from reflect.core.dates import parse_day, summary_value
from reflect.core.errors import ReflectError
from reflect.core.pack_check import check_framework


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("07/12/2026", "2026-12-07"),
        ("7/12/2026", "2026-12-07"),
        ("07-12-2026", "2026-12-07"),
        ("07.12.2026", "2026-12-07"),
        ("2026-12-07", "2026-12-07"),
        (" 29/02/2028 ", "2028-02-29"),
        ("", ""),
    ],
)
def test_a_real_date_is_stored_as_iso(typed, stored):
    assert parse_day(typed) == stored


@pytest.mark.parametrize(
    "typed,reason",
    [
        ("31/02/2027", "February 2027 has 28 days"),
        ("29/02/2027", "February 2027 has 28 days"),
        ("31/04/2027", "April 2027 has 30 days"),
        ("12/13/2027", "there is no month 13"),
        ("2027-02-30", "February 2027 has 28 days"),
        ("next Tuesday", "is not a date (use DD/MM/YYYY or YYYY-MM-DD"),
        ("07/12/26", "is not a date"),
    ],
)
def test_a_wrong_date_says_why_in_one_line(typed, reason):
    with pytest.raises(ReflectError) as exc:
        parse_day(typed)
    assert reason in str(exc.value) and "\n" not in str(exc.value)


def test_old_free_text_survives_an_import_but_a_date_shaped_mistake_does_not():
    assert summary_value("date", "in four weeks", "review", keep_old_text=True) == "in four weeks"
    assert summary_value("date", "07/12/2026", "review", keep_old_text=True) == "2026-12-07"
    with pytest.raises(ReflectError):
        summary_value("date", "31/02/2027", "review", keep_old_text=True)
    with pytest.raises(ReflectError):
        summary_value("date", "in four weeks", "review")
    assert summary_value("text", "31/02/2027", "notes") == "31/02/2027"


def test_a_pack_with_an_unknown_summary_kind_is_reported(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(content_root() / "prompts", pack / "prompts")
    text = (content_root() / "principles.yaml").read_text(encoding="utf-8")
    (pack / "principles.yaml").write_text(text.replace("    kind: date\n", "    kind: time\n"), encoding="utf-8")
    problems = check_framework(pack)
    assert any("'kind' must be one of text, date" in p for p in problems)
