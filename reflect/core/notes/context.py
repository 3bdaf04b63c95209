"""The view model of a note: a session's records turned into what a template sees.

The shape is the contract in :mod:`reflect.core.notes.contract`. This module
decides what a note shows (private answers only in a personal note, which
steps count as reflected, what goes under "set aside"), in the app's own
words from :mod:`reflect.core.words` and by the app's own rule for a step's
state (:func:`reflect.core.progress.step_state`), so the note and the app
can never tell the same session two ways.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect.core import markdown_safe as md
from reflect.core.dates import parse_day
from reflect.core.errors import ReflectError
from reflect.core.family_share import left_out as count_left_out
from reflect.core.family_share import shared_only
from reflect.core.framework import Framework, Prompt, Step
from reflect.core.models import Action, Case, SessionRecord
from reflect.core.notes.audience import CONTACT_FIELD, FAMILY, PRACTITIONER, RECORD, SHARE_FIELD, audience_of
from reflect.core.notes.safeguards import not_checked, safeguards
from reflect.core.notes.session_views import focus_view, since_last_view
from reflect.core.notes.visible import visible_case, visible_record
from reflect.core.progress import NOT_RELEVANT, SET_ASIDE, answered, is_reflected, step_state
from reflect.core.words import (
    AREA_TITLES,
    CHANGE_FIRST,
    NOTE_STATE_LABELS,
    PERSONAL_STATE_LABELS,
    PHASE_TITLES,
    QUESTIONS_FOR_SUPERVISION,
    REVIEW_LABELS,
    longdate,
    mode_title,
    scale_text,
)

if TYPE_CHECKING:  # the contract is types only: a note does not pay for defining them
    from reflect.core.notes.contract import (
        ActionView,
        AnswerView,
        AreaCell,
        AreaInfo,
        AreaRow,
        ChangeFirst,
        FieldView,
        LensCell,
        NoteContext,
        PreparationView,
        PreviousSession,
        Relational,
        ReviewDate,
        StepView,
        TrackRow,
    )

#: the summary field of the next review (``kind: date``)
REVIEW_DATE = "review-date"

#: the label of "change first" when a pack keeps the field's id but not its definition
CHANGE_FIRST_LABEL = "Which relationship or context needs to change first for safety to increase?"


def build_context(
    framework: Framework,
    case: Case,
    record: SessionRecord,
    *,
    previous: SessionRecord | None = None,
    preparation: SessionRecord | None = None,
    private: bool = False,
    template_name: str = "",
    audience: str | None = None,
    checks: bool = True,
    now: datetime | None = None,
    last_same_mode: SessionRecord | None = None,
) -> NoteContext:
    """Everything a template sees, as plain data (see :mod:`reflect.core.notes.contract`).

    ``audience`` is record, practitioner or family (``private`` is the older
    way to ask for the practitioner's); only the practitioner's note holds
    private answers. ``checks`` false says the text checks were turned off;
    ``now`` is when they ran (the clock, unless a test or the examples fix it).
    """
    audience = audience_of(audience, private=private)
    private = audience == PRACTITIONER
    # decide what to show on the text the note will print (see reflect.core.notes.visible)
    case, record = visible_case(case), visible_record(record)
    previous = visible_record(previous) if previous is not None else None
    preparation = visible_record(preparation) if preparation is not None else None
    last_same_mode = visible_record(last_same_mode) if last_same_mode is not None else None
    left_out = 0
    if audience == FAMILY:  # only the actions the worker chose to share, whatever the template prints
        left_out = count_left_out(record.actions)
        record = shared_only(record)
        previous = shared_only(previous) if previous is not None else None
        last_same_mode = shared_only(last_same_mode) if last_same_mode is not None else None
    context = case.context if isinstance(case.context, dict) else {}
    raw_harms = context.get("harms") or []
    harms = (
        [h for h in raw_harms if isinstance(h, str) and h.strip()] if isinstance(raw_harms, list) else [str(raw_harms)]
    )
    principles, tracks, flagged = _steps_ctx(framework, record, private)
    summary, fields, personal = _summary_ctx(framework, record, private)
    change_field = framework.summary_field(CHANGE_FIRST)
    change_first: ChangeFirst | None = None
    if summary.get(CHANGE_FIRST, "").strip():
        change_first = {
            "label": change_field.label if change_field else CHANGE_FIRST_LABEL,
            "text": summary[CHANGE_FIRST],
        }
    title = mode_title(record.mode)
    ctx: NoteContext = {
        "note": {
            "kind": "personal" if private else ("family" if audience == FAMILY else "record"),
            "audience": audience,
            "personal": bool(private),
            "mode": record.mode,
            "mode_title": title,
            "template": template_name,
            "date": record.date,
            "date_long": longdate(record.date),
            "title": _note_title(record.mode, title, private, audience),
        },
        "case": {
            "label": case.label,
            "age_band": str(context.get("age_band") or ""),
            "harms": harms,
            "moved": case.moved,
            "move": case.move,
            "home_area": str(context.get("home_area") or ""),
            "placement_area": str(context.get("placement_area") or ""),
        },
        "framework": {"id": framework.id, "name": framework.name, "version": framework.version},
        "principles": principles,
        "tracks": tracks,
        "flagged": flagged,
        "relational": _relational(framework, tracks, case.moved, context),
        "summary": summary,
        "fields": fields,
        "change_first": change_first,
        "actions": [_action_ctx(a) for a in record.actions],
        "previous": _previous_ctx(previous) if previous is not None else None,
        "preparation": _preparation_ctx(framework, preparation, private) if preparation is not None else None,
        "unanswered": _unanswered(principles) + _unanswered(tracks),
        "set_aside": [s for s in principles + tracks if s["status"] in (SET_ASIDE, NOT_RELEVANT)],
        "not_discussed": [s for s in principles + tracks if _not_discussed(s)],
        "review_date": _review_date(summary.get(REVIEW_DATE, "")),
        "family": {
            "share": summary.get(SHARE_FIELD, ""),
            "contact": summary.get(CONTACT_FIELD, ""),
            "left_out": left_out,
        },
        "personal": personal,
        "safeguards": not_checked(off=not checks),
        "focus": focus_view(framework, record),
        "since_last": since_last_view(framework, last_same_mode, record, private) if last_same_mode else None,
    }
    focus = ctx["focus"]
    if focus is not None:  # the focus section already says why the steps left for another day were left
        left = {step["id"] for step in focus["left"]}
        ctx["not_discussed"] = [s for s in ctx["not_discussed"] if s["id"] not in left]
    if checks:
        ctx["safeguards"] = safeguards(framework, case, ctx, record, preparation, private, now=now)
    return ctx


def _not_discussed(step: StepView) -> bool:
    """A step with nothing in this note and no mark: it goes on the one "not discussed this time" line."""
    return not step["answered"] and step["status"] not in (SET_ASIDE, NOT_RELEVANT) and not step["reflected"]


def _review_date(text: str) -> ReviewDate:
    """The next review: a date in words, or text kept from before the field was a date."""
    raw = str(text).strip()
    try:
        iso = parse_day(raw) if raw else ""
    except ReflectError:
        return {"date": "", "date_long": "", "text": raw}
    return {"date": iso, "date_long": longdate(iso), "text": longdate(iso) if iso else ""}


# --------------------------------------------------------------------------- steps and answers


def _answer_text(prompt: Prompt | None, value: Any) -> str:
    """A stored answer as plain text for the note (a scale in the app's words)."""
    if prompt is not None and prompt.kind == "scale" and isinstance(value, int) and prompt.scale:
        return scale_text(value, prompt.scale)
    return md.as_text(value)


def _answer_ctx(framework: Framework, step: Step, prompt: Prompt, value: Any, flagged: bool) -> AnswerView:
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


def _steps_ctx(
    framework: Framework, record: SessionRecord, private: bool
) -> tuple[list[StepView], list[StepView], list[AnswerView]]:
    """Principles and tracks with the answers this note shows; and the flagged list.

    A step's state is the app's (progress.step_state, on every answer, private
    ones too); only its wording differs between the record and the personal note.
    """
    labels = PERSONAL_STATE_LABELS if private else NOTE_STATE_LABELS
    flags = set(record.flags)
    out: dict[str, list[StepView]] = {"principle": [], "track": []}
    flagged: list[AnswerView] = []
    for step in framework.steps:
        answers = []
        for prompt in step.prompts:
            if prompt.private and not private:
                continue
            value = prompt.answer_in(record.answers)
            is_flagged = prompt.id in flags or any(old in flags for old in prompt.replaces)
            if answered(value):
                answers.append(_answer_ctx(framework, step, prompt, value, is_flagged))
            elif is_flagged:
                flagged.append(_answer_ctx(framework, step, prompt, None, True))
        state = step_state(record, step)
        out[step.kind].append(
            {
                "id": step.id,
                "kind": step.kind,
                "number": step.number,
                "title": step.title,
                "short_title": step.short_title,
                "status": state,
                "status_label": labels[state],
                "reflected": is_reflected(state),
                "reason": record.set_aside_reasons.get(step.id, "") if state in (SET_ASIDE, NOT_RELEVANT) else "",
                "answered": bool(answers),
                "answers": answers,
                "flagged_first": sorted(answers, key=lambda a: not a["flagged"]),
            }
        )
        flagged.extend(a for a in answers if a["flagged"])
    order = {p.id: i for i, p in enumerate(p for s in framework.steps for p in s.prompts)}
    flagged.sort(key=lambda a: order.get(a["id"], 0))
    return out["principle"], out["track"], flagged


def _unanswered(steps: list[StepView]) -> list[StepView]:
    """Steps this note shows nothing for, and steps set aside or not relevant."""
    return [s for s in steps if not s["answered"] or s["status"] in (SET_ASIDE, NOT_RELEVANT)]


def _relational(framework: Framework, tracks: list[StepView], moved: bool, context: dict[str, Any]) -> Relational:
    """The tracks-by-lenses table, and the tracks-by-area table of a young person who moved."""
    rows: list[TrackRow] = []
    area_rows: list[AreaRow] = []
    for track in tracks:
        cells: list[LensCell] = []
        for lens in framework.lenses:
            texts = [a["text"] for a in track["answers"] if a["lens"] == lens.id and not a["area"]]
            summary = md.join_texts(texts)
            cells.append({"lens": lens.id, "title": lens.title, "summary": summary, "answered": bool(summary)})
        rows.append(
            {
                "id": track["id"],
                "number": track["number"],
                "title": track["title"],
                "short_title": track["short_title"],
                "status": track["status"],
                "cells": cells,
            }
        )
        area_cells: list[AreaCell] = []
        for area in ("home", "placement"):
            area_texts = [
                (f"{a['phase_title']}: " if a["phase_title"] else "") + " ".join(a["text"].split())
                for a in track["answers"]
                if a["area"] == area
            ]
            summary = md.join_texts(area_texts)
            phases = list(dict.fromkeys(a["phase_title"] for a in track["answers"] if a["area"] == area))
            area_cells.append(
                {
                    "area": area,
                    "title": AREA_TITLES[area],
                    "summary": summary,
                    "answered": bool(summary),
                    "phases": [p for p in phases if p],
                }
            )
        area_rows.append(
            {"id": track["id"], "number": track["number"], "short_title": track["short_title"], "cells": area_cells}
        )
    areas: list[AreaInfo] = [
        {"id": "home", "title": AREA_TITLES["home"], "place": str(context.get("home_area") or "")},
        {"id": "placement", "title": AREA_TITLES["placement"], "place": str(context.get("placement_area") or "")},
    ]
    any_area = any(c["answered"] for r in area_rows for c in r["cells"])
    return {
        "lenses": [{"id": lens.id, "title": lens.title} for lens in framework.lenses],
        "rows": rows,
        "moved": bool(moved or any_area),
        "areas": areas,
        "area_rows": area_rows,
        "any_area": any_area,
        "any_answered": any(c["answered"] for r in rows for c in r["cells"]) or any_area,
    }


# --------------------------------------------------------------------------- summary fields, actions, other sessions


def _summary_ctx(
    framework: Framework, record: SessionRecord, private: bool
) -> tuple[dict[str, str], list[FieldView], list[FieldView]]:
    """Every summary field by id; the fields this note shows; and the private ones (personal note only)."""
    summary = {f.id: "" for f in framework.summary_fields}
    fields: list[FieldView] = []
    personal: list[FieldView] = []
    for f in framework.summary_fields:
        text = record.summary.get(f.id, "")
        if not str(text).strip():
            continue
        item: FieldView = {"id": f.id, "label": f.label, "text": text, "private": f.private}
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


def _action_ctx(action: Action) -> ActionView:
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
        "shared": action.shared,
    }


def _previous_ctx(previous: SessionRecord) -> PreviousSession:
    """The session before this one on the case, whose actions this one reviews."""
    return {
        "date": previous.date,
        "date_long": longdate(previous.date),
        "mode": previous.mode,
        "mode_title": mode_title(previous.mode),
        "actions": [_action_ctx(a) for a in previous.actions],
    }


def _preparation_ctx(framework: Framework, preparation: SessionRecord, private: bool) -> PreparationView:
    """What the practitioner brought to this supervision from their preparation."""
    _, _, prep_flagged = _steps_ctx(framework, preparation, private)
    prep_summary, _, _ = _summary_ctx(framework, preparation, private)
    return {
        "date": preparation.date,
        "date_long": longdate(preparation.date),
        "questions": prep_summary.get(QUESTIONS_FOR_SUPERVISION, ""),
        "change_first": prep_summary.get(CHANGE_FIRST, ""),
        "flagged": prep_flagged,
    }


def _note_title(mode: str, title: str, private: bool, audience: str = RECORD) -> str:
    if audience == FAMILY:
        return "a note for the young person and their family"
    if private:
        return f"personal {title.lower()} note, not for the child's record"
    if mode == "preparation":
        return "preparation for supervision (a working paper, not for the child's file)"
    if mode == "workshop":
        return "workshop summary (private reflections left out)"
    return f"{title.lower()} note for the case record (private reflections left out)"
