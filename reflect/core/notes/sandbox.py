"""What a note template may cost: bounded text, numbers and time.

Jinja2's sandbox stops a template reaching Python's insides, but not from
asking for a billion of something: ``{{ 'a'*10**9 }}``, ``'%0999999999d'|format(1)``,
``x|block(10**9)`` or two nested 100 000-step loops each hang ``reflect note``
or eat gigabytes (F5 of the hostile review), and a pack's template does the same
to the app and to ``reflect check``. :class:`BoundedSandbox` adds the bounds:

* ``*``, ``**``, ``+`` and ``%`` are intercepted: a string or list longer than
  :data:`MAX_SEQUENCE`, a whole number of more than :data:`MAX_INT_BITS` bits, or
  a printf width or precision over :data:`MAX_WIDTH` is refused before it is made;
* ``str.format`` and the ``format`` filter get the same width check;
  ``replace`` and ``join`` are refused when their result would be too long;
* a width, length or count above :data:`MAX_FILTER_NUMBER` given to a filter
  that makes that much (:data:`SIZED_FILTERS`), or above :data:`MAX_CALL_NUMBER`
  to a string method that does (:data:`SIZED_METHODS`), is refused
  (``block(10**9)``, ``'x'.ljust(10**9)``); other numbers are values, and free;
* every loop step, call and printed value checks a time budget
  (:data:`TIME_BUDGET` seconds) and counts what the template has printed, in
  buffers too, against :data:`MAX_OUTPUT` characters.

Each refusal is a :class:`TemplateTooCostly` (a Jinja ``SecurityError``), so
the note's renderer reports it as ``file:line: not allowed in a template: …``
like any other sandbox refusal, and ``reflect check`` rejects the pack.
Templates compiled with these bounds are cached under their own name
(:data:`CACHE_PATTERN`), never mixed with ones compiled without.
"""

from __future__ import annotations

import functools
import re
import string
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

#: longest string or list an operator may make
MAX_SEQUENCE = 1_000_000
#: the most characters a template may print in one note (a long note is ~100 000)
MAX_OUTPUT = 5_000_000
#: the largest whole number an operator may make, in bits (about 1 200 digits)
MAX_INT_BITS = 4_000
#: the widest printf or format field
MAX_WIDTH = 1_000
#: the largest width, length or count a sized filter takes
MAX_FILTER_NUMBER = 10_000
#: the largest width a sized string method takes (``range`` has its own limit)
MAX_CALL_NUMBER = 10_000
#: seconds one note may take to render (the built-in ones take milliseconds)
TIME_BUDGET = 5.0
#: compiled templates with these bounds are cached apart from any others
CACHE_PATTERN = "__reflect_bounded_v1_%s.cache"


class TemplateTooCostly(SecurityError):
    """A template asked for more text, a bigger number or more time than a note may take."""


@dataclass
class _Budget:
    deadline: float
    printed: int = 0
    ticks: int = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("reflect_template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.ticks += 1
    if budget.ticks & 63 == 0 and time.monotonic() > budget.deadline:
        raise TemplateTooCostly(f"the template took longer than {TIME_BUDGET:g} seconds")


def _count(text: str) -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.printed += len(text)
    if budget.printed > MAX_OUTPUT:
        raise TemplateTooCostly(f"the note would be longer than {MAX_OUTPUT:,} characters")


def _too_long(what: str, size: int) -> TemplateTooCostly:
    return TemplateTooCostly(f"{what} would make {size:,} items (the limit is {MAX_SEQUENCE:,})")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBER = re.compile(r"\d+")


def check_printf(fmt: str) -> None:
    """Refuse a ``%`` format whose width or precision is a star or over :data:`MAX_WIDTH`."""
    for match in _PRINTF.finditer(fmt):
        for part in match.groups():
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise TemplateTooCostly(f"a format width over {MAX_WIDTH} ({match.group(0)!r})")


def check_format(fmt: str) -> None:
    """Refuse a ``str.format`` string with a nested or over-wide field."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format will say what is wrong
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise TemplateTooCostly("a format field whose width comes from another field")
        if any(int(n) > MAX_WIDTH for n in _NUMBER.findall(spec)):
            raise TemplateTooCostly(f"a format width over {MAX_WIDTH} ({spec!r})")


def _check_numbers(values: Iterable[Any], limit: int, where: str) -> None:
    for value in values:
        if _is_int(value) and abs(value) > limit:
            raise TemplateTooCostly(f"{where} was given {value:,} (the limit is {limit:,})")


def _check_replace(text: Any, args: tuple[Any, ...]) -> None:
    if not isinstance(text, str) or len(args) < 2:
        return
    old, new = str(args[0]), str(args[1])
    hits = len(text) + 1 if not old else text.count(old)
    if len(args) > 2 and _is_int(args[2]) and args[2] >= 0:
        hits = min(hits, args[2])
    size = len(text) + hits * max(len(new) - len(old), 0)
    if size > MAX_SEQUENCE:
        raise _too_long("replace", size)


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(items, (list, tuple, str)):
        size = len(str(separator)) * len(items)
        if size > MAX_SEQUENCE:
            raise _too_long("join", size)


#: filters whose numbers are widths, lengths or counts of what they make (``format``'s are values)
SIZED_FILTERS = frozenset({"block", "inline", "cell", "center", "indent", "truncate", "wordwrap", "batch", "slice"})
#: ``str`` methods whose number is the width of what they make
SIZED_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def _bounded_filter(name: str, func: Any) -> Any:
    """``func`` with its size arguments capped (the value itself is not an argument)."""
    skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1
    sized = name in SIZED_FILTERS

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        if sized:
            _check_numbers((*args[skip:], *kwargs.values()), MAX_FILTER_NUMBER, f"the filter {name!r}")
        value = args[skip - 1] if len(args) >= skip else None
        if name == "format" and isinstance(value, str):
            check_printf(value)
        elif name == "replace":
            _check_replace(value, tuple(args[skip:]) + tuple(kwargs.values()))
        elif name == "join" and len(args) > skip:
            items = value if isinstance(value, (list, tuple, str)) else None
            _check_join(args[skip], items)
        return func(*args, **kwargs)

    return bounded


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with a budget check on each loop step and each printed value."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:  # noqa: N802 - Jinja's visitor name
        if not getattr(node, "reflect_bounded", False):
            node.iter = nodes.Call(nodes.EnvironmentAttribute("reflect_steps"), [node.iter], [], None, None)
            node.reflect_bounded = True  # type: ignore[attr-defined]  # visited once, wrapped once
        super().visit_For(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.reflect_printed(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 - Jinja's visitor name
        self.write("environment.reflect_printed(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with bounds on size, numbers and time (see the module's docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # makes any amount of text; no note needs it

    def bound_filters(self) -> None:
        """Cap every filter's numbers; call once the environment's filters are all added."""
        for name, func in list(self.filters.items()):
            self.filters[name] = _bounded_filter(name, func)

    @staticmethod
    def reflect_steps(iterable: Any) -> Iterator[Any]:
        """A loop's items, with the budget checked at each step."""
        for item in iterable:
            _tick()
            yield item

    @staticmethod
    def reflect_printed(value: Any) -> Any:
        """A printed value or joined text, counted against the note's size."""
        if isinstance(value, str):
            _count(value)
        _tick()
        return value

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and _is_int(times) and len(seq) * max(times, 0) > MAX_SEQUENCE:
                    raise _too_long("'*'", len(seq) * times)
            if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateTooCostly(f"'*' would make a number of more than {MAX_INT_BITS:,} bits")
        elif operator == "**":
            if _is_int(left) and _is_int(right) and right > 0 and max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise TemplateTooCostly(f"'**' would make a number of more than {MAX_INT_BITS:,} bits")
        elif operator == "+":
            both = isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple))
            if both and len(left) + len(right) > MAX_SEQUENCE:
                raise _too_long("'+'", len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            check_printf(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, str):
            if name in SIZED_METHODS:
                _check_numbers((*args, *kwargs.values()), MAX_CALL_NUMBER, f"{name}()")
            elif name in ("format", "format_map"):
                check_format(owner)
            elif name == "replace":
                _check_replace(owner, args)
            elif name == "join" and args:
                _check_join(owner, args[0])
        return super().call(__context, __obj, *args, **kwargs)


def render(template: jinja2.Template, context: Any) -> str:
    """``template`` rendered within the budget; a :class:`TemplateTooCostly` when it is blown."""
    token = _BUDGET.set(_Budget(deadline=time.monotonic() + TIME_BUDGET))
    try:
        parts = []
        for chunk in template.generate(context):
            _count(chunk)
            _tick()
            parts.append(chunk)
        return "".join(parts)
    finally:
        _BUDGET.reset(token)
