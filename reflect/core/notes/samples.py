"""The template self-check: every template of a pack, parsed and tried out.

``reflect check`` runs it, so a pack's author hears about a syntax error or
an unknown variable before a practitioner's note fails. A full template is
rendered against made-up sessions (one with everything answered, one with
nothing), as a record and as a personal note; no real data is involved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import jinja2

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.models import Action, Case, SessionInfo, SessionRecord
from reflect.core.notes.audience import AUDIENCES
from reflect.core.notes.context import build_context
from reflect.core.notes.render import environment, load_template, read_source, render_template
from reflect.core.progress import REFLECTED, SET_ASIDE
from reflect.core.words import MODES

if TYPE_CHECKING:
    from reflect.core.notes.contract import NoteContext


def check_templates(framework: Framework) -> list[str]:
    """Every template of the pack (and the built-in ones), checked.

    Each file is parsed; a full template (not a ``_partial``) is also
    rendered against a made-up session with every prompt answered, for each
    audience, so an unknown variable is caught too.
    Problems come back as ``file:line: message``.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for directory in framework.template_dirs:
        env = environment((str(directory),))
        for path in sorted(directory.glob("*.j2")):
            name = path.name
            if name in seen:  # shadowed by the pack's own template of that name
                continue
            seen.add(name)
            try:
                source = read_source(path)
                env.parse(source, name, str(path))
            except ReflectError as exc:
                problems.append(str(exc))
                continue
            except jinja2.TemplateSyntaxError as exc:
                problems.append(str(ReflectError(exc.message or "syntax error", exc.filename or path, exc.lineno)))
                continue
            if name.startswith("_"):
                continue
            pack_env = environment(tuple(str(d) for d in framework.template_dirs))
            try:
                tmpl = load_template(pack_env, name, str(path))
                for audience in AUDIENCES:
                    for ctx in _sample_contexts(framework, audience, name):
                        render_template(tmpl, ctx, str(path))
            except ReflectError as exc:
                problems.append(str(exc))
    return problems


def _sample_contexts(framework: Framework, audience: str, name: str) -> list[NoteContext]:
    """A made-up case with everything answered, and one with nothing, for template checks."""
    mode = next((m for m in MODES if name.startswith(m)), "supervision")
    full = SessionRecord(SessionInfo(2, 1, mode, "2000-01-02"))
    prev = SessionRecord(SessionInfo(1, 1, "preparation", "2000-01-01"))
    for step in framework.steps:
        full.status[step.id] = REFLECTED
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
        full.status[last.id] = SET_ASIDE
        full.set_aside_reasons[last.id] = "sample"
    for f in framework.summary_fields:
        full.summary[f.id] = "sample"
        prev.summary[f.id] = "sample"
    # one of each kind shared with the family, one not: a family note's every branch is tried
    full.actions = [Action(1, 2, "sample", "sample", "2000-02-01", shared=True), Action(2, 2, "sample", carried_from=1)]
    prev.actions = [Action(3, 1, "sample", "sample", "2000-01-15", True, "done", shared=True), Action(4, 1, "sample")]
    case = Case(
        1,
        "SAMPLE",
        {"age_band": "14-15", "harms": ["sample"], "moved": True, "home_area": "sample", "placement_area": "sample"},
    )
    if framework.steps:  # a focus session on the first step, the others left for another day
        others = {s.id: "sample" for s in framework.steps[1:]}
        full.extra["focus"] = {
            "steps": [framework.steps[0].id],
            "reasons": {framework.steps[0].id: "sample"},
            "left": others,
        }
    empty = SessionRecord(SessionInfo(3, 2, mode, "2000-01-03"))
    return [
        build_context(
            framework,
            case,
            full,
            previous=prev,
            preparation=prev,
            audience=audience,
            template_name=name,
            last_same_mode=prev,
        ),
        build_context(framework, Case(2, "EMPTY"), empty, audience=audience, template_name=name),
    ]
