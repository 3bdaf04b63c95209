"""The Jinja2 side of the notes: the sandbox, finding a template, rendering it.

Three built-in templates live in the content's ``templates/`` folder
(``preparation``, ``supervision``, ``workshop``); a framework pack may
override or add to them in its own ``templates/``, and a user may point at
any ``.j2`` file. Every template runs in Jinja2's sandbox with
``StrictUndefined``, so a typo is an error with the template's file and
line, never a silently empty section. Every Jinja error becomes one
:class:`ReflectError` naming that file and line, never a traceback.

What a template is given is described in :mod:`reflect.core.notes.contract`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from reflect.core import markdown_safe as md
from reflect.core.errors import ReflectError
from reflect.core.files import read_user_text
from reflect.core.framework import Framework
from reflect.core.notes import sandbox
from reflect.core.paths import cache_dir, ensure_private_dir
from reflect.core.words import MODES, longdate

if TYPE_CHECKING:
    from reflect.core.notes.contract import NoteContext

TEMPLATE_SUFFIX = ".md.j2"
BUILTIN_TEMPLATES = {"preparation": "preparation", "supervision": "supervision", "workshop": "workshop"}
MAX_TEMPLATE_BYTES = 1024 * 1024


def template_for(mode: str) -> str:
    """The built-in template for a session's mode."""
    try:
        return BUILTIN_TEMPLATES[mode]
    except KeyError:
        raise ReflectError(f"unknown mode {mode!r} (use {', '.join(MODES)})") from None


def _finalize(value: Any) -> Any:
    """Anything printed without a filter is escaped as one line of text."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return Markup("yes" if value else "no")
    return md.inline(value)


def _filter_block(value: Any, indent: int = 0) -> Markup:
    return md.block(value, indent)


def _filter_inline(value: Any, limit: int = 0) -> Markup:
    return md.inline(value, limit)


def _filter_cell(value: Any, limit: int = 0) -> Markup:
    return md.cell(value, limit)


@lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, so ``reflect note`` starts fast.

    Jinja keys each entry by the template's name and a checksum of its source,
    so an edited template is compiled again. The folder holds compiled
    templates only, never a user's answers; it is private (0700) like the data
    directory. If it cannot be made, templates are simply compiled each time.
    """
    try:
        folder = ensure_private_dir(ensure_private_dir(cache_dir()) / "templates")
        return jinja2.FileSystemBytecodeCache(str(folder), sandbox.CACHE_PATTERN)
    except (ReflectError, OSError):
        return None


@lru_cache(maxsize=16)
def environment(search_path: tuple[str, ...]) -> SandboxedEnvironment:
    """The sandbox for one template search path, kept: it caches the templates it has compiled."""
    env = sandbox.BoundedSandbox(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(list(search_path), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=True,  # with _finalize: unfiltered values are escaped for Markdown, not HTML
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
        cache_size=64,
    )
    env.filters.update(block=_filter_block, inline=_filter_inline, cell=_filter_cell, longdate=longdate)
    env.bound_filters()  # every filter's numbers capped (F5)
    return env


def read_source(path: Path) -> str:
    """A template file's text; an unreadable, huge or non-UTF-8 file is one clear error."""
    return read_user_text(path, what="template file", max_bytes=MAX_TEMPLATE_BYTES)


def looks_like_path(template: str) -> bool:
    """Whether ``--template`` was given a file rather than the name of a template."""
    return (
        os.sep in template
        or "/" in template
        or template.endswith(".j2")
        or template.startswith(".")
        or template.startswith("~")
    )


def resolve(framework: Framework, template: str) -> tuple[SandboxedEnvironment, str, str]:
    """(environment, loader name, label for messages) of a template NAME or PATH."""
    dirs = [str(d) for d in framework.template_dirs]
    if not looks_like_path(template):
        for directory in framework.template_dirs:
            candidate = directory / f"{template}{TEMPLATE_SUFFIX}"
            if candidate.is_file():
                return environment(tuple(dirs)), candidate.name, str(candidate)
        if not Path(template).is_file():
            names = sorted(
                {
                    p.name[: -len(TEMPLATE_SUFFIX)]
                    for d in framework.template_dirs
                    for p in d.glob(f"*{TEMPLATE_SUFFIX}")
                    if not p.name.startswith("_")
                }
            )
            raise ReflectError(
                f"no template named {template!r} (use {', '.join(names) or 'a template file'}, "
                "or the path of a .j2 file)"
            )
    path = Path(template).expanduser()
    if not path.exists() and template.endswith(TEMPLATE_SUFFIX) and "/" not in template and os.sep not in template:
        for directory in framework.template_dirs:  # "supervision.md.j2" as a name
            if (directory / template).is_file() and not template.startswith("_"):
                return environment(tuple(dirs)), template, str(directory / template)
    if not path.exists():
        raise ReflectError("no such template file", path)
    if path.is_dir():
        raise ReflectError("is a directory, not a template file", path)
    path = path.resolve()
    read_source(path)  # a clear error for unreadable or non-UTF-8 files
    return environment((str(path.parent), *dirs)), path.name, str(path)


def load_template(env: SandboxedEnvironment, name: str, label: str) -> jinja2.Template:
    """A compiled template; a syntax error or a missing file is one ReflectError naming it."""
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise ReflectError(exc.message or "syntax error", exc.filename or label, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise ReflectError(f"template not found: {exc.name}", label) from None
    except UnicodeDecodeError:
        raise ReflectError("the template is not UTF-8 text", label) from None
    except OSError as exc:
        raise ReflectError(f"cannot read the template: {exc.strerror or exc}", label) from None


def _template_frame(exc: BaseException, label: str) -> tuple[str, int | None]:
    """The template file and line an error was raised from (Jinja rewrites the traceback)."""
    import traceback  # only on an error: a note that renders never needs it

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == label:
            return frame.filename, frame.lineno
    return label, None


_BLANK_RUNS = re.compile(r"\n{3,}")


def _normalise(text: str) -> str:
    """Tidy a rendered note: no control characters, no trailing spaces, single blank lines."""
    text = md.strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    return text + "\n"


def render_template(tmpl: jinja2.Template, context: NoteContext, label: str) -> str:
    """The rendered, tidied note; any error in the template is one ReflectError at its file and line."""
    try:
        text = sandbox.render(tmpl, context)  # bounded in size and time (F5)
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc, label)
        raise ReflectError(f"unknown variable: {exc.message}", path, line) from None
    except SecurityError as exc:
        path, line = _template_frame(exc, label)
        raise ReflectError(f"not allowed in a template: {exc}", path, line) from None
    except jinja2.TemplateSyntaxError as exc:  # an include or import with a syntax error
        raise ReflectError(exc.message or "syntax error", exc.filename or label, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        path, line = _template_frame(exc, label)
        raise ReflectError(f"template not found: {exc.name}", path, line) from None
    except RecursionError:
        raise ReflectError("the template calls itself without end", label) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        ZeroDivisionError,
        OverflowError,
    ) as exc:
        path, line = _template_frame(exc, label)
        raise ReflectError(f"{type(exc).__name__}: {exc}", path, line) from None
    return _normalise(text)
