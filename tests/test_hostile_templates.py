"""F5 of the hostile review: a template cannot hang reflect or eat its memory.

Each template below is one the tester ran (or a close cousin): before the
bounds they ran for tens of seconds and took gigabytes; now each is refused
at once with ``file:line: not allowed in a template: …``, and ``reflect check``
rejects a pack that holds one. No test here times anything: the refusals are
checked by their message, and the time budget by a budget made tiny.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reflect.core.errors import ReflectError
from reflect.core.notes import sandbox
from reflect.core.notes.render import environment, load_template, render_template
from reflect.core.pack_check import check_framework

REPO = Path(__file__).resolve().parents[1]
CONTEXT = {"case": {"label": "DEMO-Sam"}, "answer": "a" * 2000}

COSTLY = {
    "strmul": "{{ 'a'*10**9 }}",
    "strmul10": "{{ 'a'*10**10 }}",
    "listmul": "{{ [1]*10**8 }}",
    "fmtpad": "{{ '%0999999999d'|format(1) }}",
    "fmtpad_binop": "{{ '%0999999999d' % 1 }}",
    "fmtstar": "{{ '%*d' % (10**9, 1) }}",
    "strformat": "{{ '{:>999999999}'.format(1) }}",
    "strformat_nested": "{{ '{:{}}'.format(1, 10**9) }}",
    "concatmul": "{{ (case.label ~ 'x') * 100000000 }}",
    "blockindent": "{{ case.label|block(10**9) }}",
    "center": "{{ case.label|center(10**9) }}",
    "ljust": "{{ case.label.ljust(10**9) }}",
    "bigpow": "{{ 10**(10**10) }}",
    "replace_filter": "{{ answer|replace('', 'x' * 1000) }}",
    "replace_method": "{{ answer.replace('a', 'x' * 1000) }}",
    "join": "{{ ('x' * 100000).join(range(100000)|map('string')|list) }}",
    "doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
        "{{ ns.s|length }}"
    ),
    "listdoubling": (
        "{% set ns = namespace(s=[1]) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}"
        "{{ ns.s|length }}"
    ),
    "macro_buffer": (
        "{% macro m() %}{% for i in range(100000) %}{% for j in range(100) %}{{ 'y' * 1000 }}{% endfor %}"
        "{% endfor %}{% endmacro %}{{ m()|length }}"
    ),
}


def render_file(tmp_path: Path, name: str, source: str, context=CONTEXT) -> str:
    path = tmp_path / f"{name}.md.j2"
    path.write_text(source + "\n", encoding="utf-8")
    env = environment((str(tmp_path),))
    return render_template(load_template(env, path.name, str(path)), context, str(path))


@pytest.mark.parametrize("name", sorted(COSTLY))
def test_a_costly_template_is_refused_with_its_file_and_line(tmp_path, name):
    with pytest.raises(ReflectError) as refused:
        render_file(tmp_path, name, COSTLY[name])
    message = str(refused.value)
    assert message.startswith(f"{tmp_path / name}.md.j2:1: "), message
    assert "not allowed in a template" in message, message
    assert len(message) < 300


def test_nested_loops_stop_at_the_time_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_BUDGET", 0.2)
    source = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}done"
    with pytest.raises(ReflectError, match="took longer than 0.2 seconds"):
        render_file(tmp_path, "nested", source)


def test_recursion_through_macros_stops_at_the_time_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_BUDGET", 0.2)
    source = "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}"
    with pytest.raises(ReflectError, match="took longer than"):
        render_file(tmp_path, "twice", source)


def test_ordinary_templates_are_untouched(tmp_path):
    source = (
        "{{ case.label }} {{ '%05.1f' % 3.14159 }} {{ '{:>8}'.format('x') }} {{ 'ab' * 3 }} {{ 2 ** 10 }}"
        " {{ [1, 2] + [3] }} {{ '%-20s|'|format('left') }} {{ answer|truncate(20) }} {{ 7 % 3 }}"
        "{% for i in range(3) %}{{ loop.index }}/{{ loop.length }} {% endfor %}{{ 'a-b'.replace('-', '+') }}"
        " {{ '%d'|format(123456789) }} {{ '{:,}'.format(123456789) }} {{ 123456789|filesizeformat }}"
        "{% macro year(n) %}{{ n }}{% endmacro %} {{ year(20260) }} {{ 99999|round }}"
    )
    out = render_file(tmp_path, "fine", source)
    big_numbers = ("123456789 123,456,789 123.5 MB 20260 99999",)
    for piece in ("DEMO-Sam 003.1 ", " x ababab 1024 1; 2; 3 left", "1/3 2/3 3/3", "a+b", *big_numbers):
        assert piece in out, out


def test_reflect_check_rejects_a_pack_with_a_costly_template(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(REPO / "principles.yaml", pack)
    shutil.copytree(REPO / "prompts", pack / "prompts")
    shutil.copytree(REPO / "templates", pack / "templates")
    assert check_framework(pack) == []
    (pack / "templates" / "supervision.md.j2").write_text('{{ "a"*10**9 }}\n', encoding="utf-8")
    problems = check_framework(pack)
    assert any("supervision.md.j2:1: not allowed in a template" in p for p in problems), problems
