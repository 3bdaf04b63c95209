"""Notes: a session written out as Markdown through a Jinja2 template.

Three built-in templates live in the content's ``templates/`` folder
(``preparation``, ``supervision``, ``workshop``); a framework pack may
override or add to them in its own ``templates/``, and a user may point at
any ``.j2`` file.  Every template runs in Jinja2's sandbox with
``StrictUndefined``, so a typo is an error with the template's file and
line, never a silently empty section.

What a template sees (all plain data; user text is *raw* and must go
through a filter):

``note``        kind ("record" | "personal"), personal, mode, mode_title,
                template, date, date_long, title
``case``        label, age_band, harms (list), moved, home_area, placement_area
``framework``   id, name, version
``principles``  / ``tracks``: steps, each with id, kind, number, title,
                short_title, status ("" | reflected | set-aside | not-relevant),
                reason, answered, answers, flagged_first
``answers``     (inside a step) id, prompt, kind, text, ticked (checklist), value,
                flagged, private, lens, lens_title, phase, area, step_title
``flagged``     answers flagged to bring to supervision (answered or not)
``relational``  lenses, rows (one per track: cells per lens with summary and
                answered), moved, areas, area_rows, any_answered
``summary``     every summary field id of the framework -> text ("" if none)
``fields``      the summary fields answered and included, with id, label, text, private
``change_first`` {label, text} or None
``actions``     this session's actions: what, who, by, by_long, done, carried
``previous``    None or {date, date_long, mode, mode_title, actions (+ review, review_label)}
``preparation`` None or {date, date_long, questions, change_first, flagged}
``unanswered``  steps with nothing answered, and steps set aside or not relevant
``personal``    private summary fields (only in a personal note)
``safeguards``  checked, identifying, language, total, findings (where, kind,
                category, text, suggestion, reason)

Filters: ``block`` (paragraphs), ``inline`` (one line), ``cell`` (a table
cell; ``cell(160)`` shortens), ``longdate``.  Any value printed without one
of them is escaped as ``inline`` anyway, so user text never becomes
structure, whatever a template does.

The core never imports Textual.
"""

from __future__ import annotations

import os
import re
import threading
import traceback
from collections import OrderedDict
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from reflect.core import markdown_safe as md
from reflect.core.content import content_root
from reflect.core.errors import ReflectError
from reflect.core.framework import MODES, Framework
from reflect.core.models import Action, Case, SessionInfo, SessionRecord
from reflect.core.progress import answered

__all__ = [
    "render_case_note",
    "render_note",
    "template_for",
    "check_templates",
    "build_context",
    "BUILTIN_TEMPLATES",
]

TEMPLATE_SUFFIX = ".md.j2"
BUILTIN_TEMPLATES = {"preparation": "preparation", "supervision": "supervision", "workshop": "workshop"}
MODE_TITLES = {"preparation": "Preparation", "supervision": "Supervision", "workshop": "Workshop"}
STATUS_LABELS = {
    "reflected": "reflected on",
    "set-aside": "set aside",
    "not-relevant": "not relevant to this case",
    "": "not discussed",
}
REVIEW_LABELS = {"done": "done", "not-done": "not done", "carried-forward": "carried forward", "": "not yet reviewed"}
PHASE_TITLES = {"before": "Before the move", "during": "During the move", "after": "After the move"}
AREA_TITLES = {"home": "Home area", "placement": "Placement area"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
CELL_LIMIT = 160
MAX_TEMPLATE_BYTES = 1024 * 1024


# --------------------------------------------------------------------------- public API


def template_for(mode: str) -> str:
    """The built-in template for a session's mode."""
    try:
        return BUILTIN_TEMPLATES[mode]
    except KeyError:
        raise ReflectError(f"unknown mode {mode!r} (use {', '.join(MODES)})") from None


def render_case_note(store, framework: Framework, case: Case, session_id: int | None = None,
                     template: str | None = None, private: bool = False) -> str:
    """The note of one session on a case (default: its latest session).

    Gathers the session, the session before it on the case (whose actions
    this one reviews) and, for a supervision note, the practitioner's
    preparation since the last supervision.
    """
    if session_id is None:
        info = store.latest_session(case.id)
        if info is None:
            raise ReflectError(f"case {case.label!r} has no sessions yet")
    else:
        info = store.session_info(session_id)
        if info.case_id != case.id:
            raise ReflectError(f"session {session_id} is not a session of case {case.label!r}")
    record = store.get_session(info.id)
    prev_info = store.previous_session(info.id)
    previous = store.get_session(prev_info.id) if prev_info else None
    preparation = None
    if info.mode == "supervision" or template == "supervision":
        prep_info = store.previous_session(info.id, mode="preparation")
        last_sup = store.previous_session(info.id, mode="supervision")
        if prep_info and not (last_sup and (prep_info.date, prep_info.id) < (last_sup.date, last_sup.id)):
            preparation = store.get_session(prep_info.id)
    return render_note(framework, case, record, previous=previous, preparation=preparation,
                       template=template, private=private)


def render_note(framework: Framework, case: Case, record: SessionRecord, *,
                previous: SessionRecord | None = None, preparation: SessionRecord | None = None,
                template: str | None = None, private: bool = False) -> str:
    """Render a note from records alone (no store): the app's live preview uses this."""
    wanted = template or template_for(record.mode)
    env, name, label = _resolve(framework, wanted)
    try:
        tmpl = _get_template(env, name, label)
        context = build_context(framework, case, record, previous=previous, preparation=preparation,
                                private=private, template_name=label)
        return _render(tmpl, context, label)
    except ReflectError as exc:
        if exc.path == label and _looks_like_path(wanted) and Path(wanted).expanduser().exists():
            raise ReflectError(exc.message, wanted, exc.line) from None  # the path as the user gave it
        raise


def check_templates(framework: Framework) -> list[str]:
    """Every template of the pack (and the built-in ones), checked.

    Each file is parsed; a full template (not a ``_partial``) is also
    rendered against a made-up session with every prompt answered, as a
    record and as a personal note, so an unknown variable is caught too.
    Problems come back as ``file:line: message``.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for directory in framework.template_dirs:
        env = _environment((str(directory),))
        for path in sorted(directory.glob("*.j2")):
            name = path.name
            if name in seen:  # shadowed by the pack's own template of that name
                continue
            seen.add(name)
            try:
                source = _read_source(path)
                env.parse(source, name, str(path))
            except ReflectError as exc:
                problems.append(str(exc))
                continue
            except jinja2.TemplateSyntaxError as exc:
                problems.append(str(ReflectError(exc.message or "syntax error", exc.filename or path, exc.lineno)))
                continue
            if name.startswith("_"):
                continue
            pack_env = _environment(tuple(str(d) for d in framework.template_dirs))
            try:
                tmpl = _get_template(pack_env, name, str(path))
                for personal in (False, True):
                    for ctx in _sample_contexts(framework, personal, name):
                        _render(tmpl, ctx, str(path))
            except ReflectError as exc:
                problems.append(str(exc))
    return problems


# --------------------------------------------------------------------------- context


def longdate(value: Any) -> str:
    """2026-11-02 -> '2 November 2026' (British order; no locale needed)."""
    if not value:
        return ""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _answer_text(prompt, value: Any) -> str:
    """A stored answer as plain text for the note."""
    if prompt is not None and prompt.kind == "scale" and isinstance(value, int) and prompt.scale:
        lo, hi, low, high = prompt.scale
        ends = f" ({low} to {high})" if low and high else ""
        return f"{value} on a scale of {lo} to {hi}{ends}"
    return md.as_text(value)


def _answer_ctx(framework: Framework, step, prompt, value: Any, flagged: bool) -> dict:
    lens = framework.lens(prompt.lens) if prompt.lens else None
    items = [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, (list, tuple)) else []
    return {
        "id": prompt.id,
        "prompt": prompt.text,
        "kind": prompt.kind,
        "value": value,
        "text": _answer_text(prompt, value),
        "ticked": items,
        "answered": answered(value),
        "flagged": flagged,
        "private": prompt.private,
        "stage": prompt.stage,
        "lens": prompt.lens,
        "lens_title": lens.title if lens else "",
        "moved_only": prompt.moved_only,
        "phase": prompt.phase,
        "phase_title": PHASE_TITLES.get(prompt.phase, ""),
        "area": prompt.area,
        "area_title": AREA_TITLES.get(prompt.area, ""),
        "step_id": step.id,
        "step_kind": step.kind,
        "step_number": step.number,
        "step_title": step.short_title,
    }


def _steps_ctx(framework: Framework, record: SessionRecord, private: bool) -> tuple[list[dict], list[dict], list[dict]]:
    """Principles and tracks with their included answers; and the flagged list."""
    flags = set(record.flags)
    out: dict[str, list[dict]] = {"principle": [], "track": []}
    flagged: list[dict] = []
    for step in framework.steps:
        answers = []
        for prompt in step.prompts:
            if prompt.private and not private:
                continue
            value = record.answers.get(prompt.id)
            is_flagged = prompt.id in flags
            if answered(value):
                answers.append(_answer_ctx(framework, step, prompt, value, is_flagged))
            elif is_flagged:
                flagged.append(_answer_ctx(framework, step, prompt, None, True))
        status = record.status.get(step.id, "")
        status = status if status in STATUS_LABELS else ""
        if not status and answers:
            status = "reflected"  # as the app shows it: an answered step counts as reflected unless marked
        out[step.kind].append({
            "id": step.id,
            "kind": step.kind,
            "number": step.number,
            "title": step.title,
            "short_title": step.short_title,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "reason": record.set_aside_reasons.get(step.id, "") if status in ("set-aside", "not-relevant") else "",
            "answered": bool(answers),
            "answers": answers,
            "flagged_first": sorted(answers, key=lambda a: not a["flagged"]),
        })
        flagged.extend(a for a in answers if a["flagged"])
    order = {p.id: i for i, p in enumerate(p for s in framework.steps for p in s.prompts)}
    flagged.sort(key=lambda a: order.get(a["id"], 0))
    return out["principle"], out["track"], flagged


def _relational(framework: Framework, tracks: list[dict], moved: bool, context: dict) -> dict:
    lenses = [{"id": lens.id, "title": lens.title} for lens in framework.lenses]
    rows, area_rows = [], []
    for track in tracks:
        cells = []
        for lens in framework.lenses:
            texts = [a["text"] for a in track["answers"] if a["lens"] == lens.id and not a["area"]]
            summary = md.join_texts(texts)
            cells.append({"lens": lens.id, "title": lens.title, "summary": summary, "answered": bool(summary)})
        rows.append({"id": track["id"], "number": track["number"], "title": track["title"],
                     "short_title": track["short_title"], "status": track["status"], "cells": cells})
        area_cells = []
        for area in ("home", "placement"):
            texts = [
                (f"{a['phase_title']}: " if a["phase_title"] else "") + " ".join(a["text"].split())
                for a in track["answers"] if a["area"] == area
            ]
            summary = md.join_texts(texts)
            area_cells.append({"area": area, "title": AREA_TITLES[area], "summary": summary, "answered": bool(summary)})
        area_rows.append({"id": track["id"], "number": track["number"], "short_title": track["short_title"],
                          "cells": area_cells})
    areas = [
        {"id": "home", "title": AREA_TITLES["home"], "place": str(context.get("home_area") or "")},
        {"id": "placement", "title": AREA_TITLES["placement"], "place": str(context.get("placement_area") or "")},
    ]
    any_area = any(c["answered"] for r in area_rows for c in r["cells"])
    return {
        "lenses": lenses,
        "rows": rows,
        "moved": bool(moved or any_area),
        "areas": areas,
        "area_rows": area_rows,
        "any_answered": any(c["answered"] for r in rows for c in r["cells"]) or any_area,
    }


def _action_ctx(action: Action) -> dict:
    review = action.review if action.review in REVIEW_LABELS else ""
    if not review and action.done:
        review = "done"
    return {
        "what": action.what,
        "who": action.who,
        "by": action.by,
        "by_long": longdate(action.by),
        "done": action.done,
        "review": review,
        "review_label": REVIEW_LABELS[review],
        "carried": action.carried_from is not None,
    }


def _summary_ctx(framework: Framework, record: SessionRecord, private: bool) -> tuple[dict, list[dict], list[dict]]:
    summary = {f.id: "" for f in framework.summary_fields}
    fields, personal = [], []
    for f in framework.summary_fields:
        text = record.summary.get(f.id, "")
        if not str(text).strip():
            continue
        item = {"id": f.id, "label": f.label, "text": text, "private": f.private}
        if f.private:
            if private:
                summary[f.id] = text
                personal.append(item)
            continue
        summary[f.id] = text
        fields.append(item)
    # fields a pack no longer defines are still the user's words: keep them (not private ones)
    for key, text in record.summary.items():
        if key not in summary and str(text).strip():
            summary[key] = text
            fields.append({"id": key, "label": key, "text": text, "private": False})
    return summary, fields, personal


def _unanswered(steps: list[dict]) -> list[dict]:
    return [s for s in steps if not s["answered"] or s["status"] in ("set-aside", "not-relevant")]


def _note_title(mode: str, mode_title: str, private: bool) -> str:
    if private:
        return f"personal {mode_title.lower()} note, not for the child's record"
    if mode == "workshop":
        return "workshop summary (private reflections left out)"
    return f"{mode_title.lower()} note for the case record (private reflections left out)"


def _session_title(info: SessionInfo) -> str:
    return MODE_TITLES.get(info.mode, info.mode.title())


def build_context(framework: Framework, case: Case, record: SessionRecord, *,
                  previous: SessionRecord | None = None, preparation: SessionRecord | None = None,
                  private: bool = False, template_name: str = "") -> dict:
    """Everything a template sees, as plain data (see the module docstring)."""
    context = case.context if isinstance(case.context, dict) else {}
    harms = context.get("harms") or []
    harms = [h for h in harms if isinstance(h, str) and h.strip()] if isinstance(harms, list) else [str(harms)]
    principles, tracks, flagged = _steps_ctx(framework, record, private)
    summary, fields, personal = _summary_ctx(framework, record, private)
    change_field = framework.summary_field("change-first")
    change_first = None
    if summary.get("change-first", "").strip():
        change_first = {
            "label": change_field.label if change_field else
            "Which relationship or context needs to change first for safety to increase?",
            "text": summary["change-first"],
        }
    mode_title = MODE_TITLES.get(record.mode, record.mode.title())
    ctx: dict[str, Any] = {
        "note": {
            "kind": "personal" if private else "record",
            "personal": bool(private),
            "mode": record.mode,
            "mode_title": mode_title,
            "template": template_name,
            "date": record.date,
            "date_long": longdate(record.date),
            "title": _note_title(record.mode, mode_title, private),
        },
        "case": {
            "label": case.label,
            "age_band": str(context.get("age_band") or ""),
            "harms": harms,
            "moved": bool(context.get("moved")),
            "home_area": str(context.get("home_area") or ""),
            "placement_area": str(context.get("placement_area") or ""),
        },
        "framework": {"id": framework.id, "name": framework.name, "version": framework.version},
        "principles": principles,
        "tracks": tracks,
        "flagged": flagged,
        "relational": _relational(framework, tracks, bool(context.get("moved")), context),
        "summary": summary,
        "fields": fields,
        "change_first": change_first,
        "actions": [_action_ctx(a) for a in record.actions],
        "previous": None,
        "preparation": None,
        "unanswered": _unanswered(principles) + _unanswered(tracks),
        "personal": personal,
    }
    if previous is not None:
        ctx["previous"] = {
            "date": previous.date,
            "date_long": longdate(previous.date),
            "mode": previous.mode,
            "mode_title": _session_title(previous.info),
            "actions": [_action_ctx(a) for a in previous.actions],
        }
    if preparation is not None:
        _, _, prep_flagged = _steps_ctx(framework, preparation, private)
        prep_summary, _, _ = _summary_ctx(framework, preparation, private)
        ctx["preparation"] = {
            "date": preparation.date,
            "date_long": longdate(preparation.date),
            "questions": prep_summary.get("questions-for-supervision", ""),
            "change_first": prep_summary.get("change-first", ""),
            "flagged": prep_flagged,
        }
    ctx["safeguards"] = _safeguards(framework, case, ctx, record, preparation, private)
    return ctx


# --------------------------------------------------------------------------- safeguards


def _texts_in_note(ctx: dict, record: SessionRecord, preparation: SessionRecord | None) -> list[tuple[str, str, str]]:
    """(where, dismissal key, text) for every piece of user text the note can show."""
    out: list[tuple[str, str, str]] = []
    case = ctx["case"]
    for key in ("home_area", "placement_area"):
        if case[key]:
            out.append(("the case details", "", case[key]))
    for step in ctx["principles"] + ctx["tracks"]:
        for a in step["answers"]:
            out.append((step["short_title"], a["id"], "\n".join(a["ticked"]) if a["ticked"] else a["text"]))
        if step["reason"]:
            out.append((step["short_title"], step["id"], step["reason"]))
    for f in ctx["fields"] + ctx["personal"]:
        out.append((f["label"], f["id"], f["text"]))
    for label, actions in (("the agreed actions", ctx["actions"]),
                           ("the actions from the last session", (ctx["previous"] or {}).get("actions", []))):
        for a in actions:
            out.append((label, "", a["what"]))
            if a["who"]:
                out.append((label, "", a["who"]))
    prep = ctx["preparation"]
    if prep:
        if prep["questions"]:
            out.append(("the preparation", "questions-for-supervision", prep["questions"]))
        for a in prep["flagged"]:
            if a["answered"]:
                out.append(("the preparation", a["id"], "\n".join(a["ticked"]) if a["ticked"] else a["text"]))
    return out


_SCAN_CACHE: "OrderedDict[str, list]" = OrderedDict()
_SCAN_CACHE_MAX = 2048
_SCAN_RULES: list = [None]
_SCAN_LOCK = threading.Lock()


def _scan(textchecks, rules, text: str) -> list:
    """textchecks.scan, remembered per text: a live preview re-renders the note on
    every keystroke, and only the answer being typed has changed."""
    with _SCAN_LOCK:
        if _SCAN_RULES[0] is not rules:  # other rules (another pack, an edited checks.yaml)
            _SCAN_CACHE.clear()
            _SCAN_RULES[0] = rules
        found = _SCAN_CACHE.get(text)
        if found is not None:
            _SCAN_CACHE.move_to_end(text)
            return found
    found = textchecks.scan(text, rules)
    with _SCAN_LOCK:
        if _SCAN_RULES[0] is rules:
            _SCAN_CACHE[text] = found
            while len(_SCAN_CACHE) > _SCAN_CACHE_MAX:
                _SCAN_CACHE.popitem(last=False)
    return found


def clear_caches() -> None:
    """Forget remembered text-check results (for benchmarks and tests)."""
    with _SCAN_LOCK:
        _SCAN_CACHE.clear()


def _safeguards(framework: Framework, case: Case, ctx: dict, record: SessionRecord,
                preparation: SessionRecord | None, private: bool) -> dict:
    result: dict[str, Any] = {"checked": False, "identifying": 0, "language": 0, "total": 0, "findings": []}
    try:
        from reflect.core import textchecks
    except ImportError:  # pragma: no cover - only while the project is being assembled
        return result
    pack = framework.root if framework.root.resolve() != content_root().resolve() else None
    rules = textchecks.load_rules(pack, framework.vocabulary())
    dismissed = {k: set(v) for k, v in record.dismissed.items()}
    if preparation is not None:
        for k, v in preparation.dismissed.items():
            dismissed.setdefault(k, set()).update(v)
    findings = []
    seen: set[tuple[str, str, str]] = set()
    for where, key, text in _texts_in_note(ctx, record, preparation):
        for finding in _scan(textchecks, rules, md.clean(str(text))):
            if key and finding.key in dismissed.get(key, ()):
                continue
            mark = (where, finding.kind, finding.key)
            if mark in seen:
                continue
            seen.add(mark)
            findings.append(finding)
            result["findings"].append({
                "where": where, "kind": finding.kind, "category": finding.category,
                "text": finding.text, "suggestion": finding.suggestion, "reason": finding.reason,
            })
    counts = textchecks.summarise(findings)
    result.update(checked=True, identifying=counts.get("identifying", 0), language=counts.get("language", 0),
                  total=len(findings))
    result["findings"].sort(key=lambda f: f["category"] != "identifying")
    return result


# --------------------------------------------------------------------------- templates


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
    from reflect.core.paths import cache_dir, ensure_private_dir

    try:
        folder = ensure_private_dir(ensure_private_dir(cache_dir()) / "templates")
        return jinja2.FileSystemBytecodeCache(str(folder))
    except (ReflectError, OSError):
        return None


@lru_cache(maxsize=16)
def _environment(search_path: tuple[str, ...]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
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
    return env


def _read_source(path: Path) -> str:
    from reflect.core.files import read_user_text

    return read_user_text(path, what="template file", max_bytes=MAX_TEMPLATE_BYTES)


def _looks_like_path(template: str) -> bool:
    return (os.sep in template or "/" in template or template.endswith(".j2") or template.startswith(".")
            or template.startswith("~"))


def _resolve(framework: Framework, template: str) -> tuple[SandboxedEnvironment, str, str]:
    """(environment, loader name, label for messages) of a template NAME or PATH."""
    dirs = [str(d) for d in framework.template_dirs]
    if not _looks_like_path(template):
        for directory in framework.template_dirs:
            candidate = directory / f"{template}{TEMPLATE_SUFFIX}"
            if candidate.is_file():
                return _environment(tuple(dirs)), candidate.name, str(candidate)
        if not Path(template).is_file():
            names = sorted({p.name[: -len(TEMPLATE_SUFFIX)] for d in framework.template_dirs
                            for p in d.glob(f"*{TEMPLATE_SUFFIX}") if not p.name.startswith("_")})
            raise ReflectError(
                f"no template named {template!r} (use {', '.join(names) or 'a template file'}, "
                "or the path of a .j2 file)"
            )
    path = Path(template).expanduser()
    if not path.exists() and template.endswith(TEMPLATE_SUFFIX) and "/" not in template and os.sep not in template:
        for directory in framework.template_dirs:  # "supervision.md.j2" as a name
            if (directory / template).is_file() and not template.startswith("_"):
                return _environment(tuple(dirs)), template, str(directory / template)
    if not path.exists():
        raise ReflectError("no such template file", path)
    if path.is_dir():
        raise ReflectError("is a directory, not a template file", path)
    path = path.resolve()
    _read_source(path)  # a clear error for unreadable or non-UTF-8 files
    return _environment((str(path.parent), *dirs)), path.name, str(path)


def _get_template(env: SandboxedEnvironment, name: str, label: str) -> jinja2.Template:
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


def _render(tmpl: jinja2.Template, context: dict, label: str) -> str:
    try:
        text = tmpl.render(context)
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
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError,
            ZeroDivisionError, OverflowError) as exc:
        path, line = _template_frame(exc, label)
        raise ReflectError(f"{type(exc).__name__}: {exc}", path, line) from None
    return _normalise(text)


# --------------------------------------------------------------------------- samples for check_templates


def _sample_contexts(framework: Framework, private: bool, name: str) -> list[dict]:
    """A made-up case with everything answered, and one with nothing, for template checks."""
    mode = next((m for m in MODES if name.startswith(m)), "supervision")
    full = SessionRecord(SessionInfo(2, 1, mode, "2000-01-02"))
    prev = SessionRecord(SessionInfo(1, 1, "preparation", "2000-01-01"))
    for step in framework.steps:
        full.status[step.id] = "reflected"
        for prompt in step.prompts:
            if prompt.kind == "scale" and prompt.scale:
                full.answers[prompt.id] = prompt.scale[0]
            elif prompt.kind == "checklist":
                full.answers[prompt.id] = list(prompt.options[:2])
            elif prompt.kind == "choice":
                full.answers[prompt.id] = prompt.options[0]
            else:
                full.answers[prompt.id] = "sample"
            full.flags.append(prompt.id)
            prev.answers[prompt.id] = "sample"
            prev.flags.append(prompt.id)
    if framework.steps:
        last = framework.steps[-1]
        full.status[last.id] = "set-aside"
        full.set_aside_reasons[last.id] = "sample"
    for f in framework.summary_fields:
        full.summary[f.id] = "sample"
        prev.summary[f.id] = "sample"
    full.actions = [Action(1, 2, "sample", "sample", "2000-02-01"), Action(2, 2, "sample", carried_from=1)]
    prev.actions = [Action(3, 1, "sample", "sample", "2000-01-15", True, "done"), Action(4, 1, "sample")]
    case = Case(1, "SAMPLE", {"age_band": "14-15", "harms": ["sample"], "moved": True,
                              "home_area": "sample", "placement_area": "sample"})
    empty = SessionRecord(SessionInfo(3, 2, mode, "2000-01-03"))
    return [
        build_context(framework, case, full, previous=prev, preparation=prev, private=private, template_name=name),
        build_context(framework, Case(2, "EMPTY"), empty, private=private, template_name=name),
    ]
