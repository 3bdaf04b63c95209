"""The safeguards check of a note: every piece of user text it shows, scanned.

The note's header says, as counts, what the check found (identifying
details, phrases to review), when it ran, and that it cannot catch
everything: a pattern check cannot promise a note is free of names, so the
header never says so. Its last section lists the findings. Findings the
practitioner dismissed beside an answer (in the session or in the
preparation it brings) stay out of the list and are counted apart.

Scanning is the slow part of writing a note, and most texts are the same
from one note to the next (a session's record and personal notes, the
summary's record/personal toggle, a preparation brought into a supervision
note), so results are remembered per text on the rules (``textchecks.scan``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from reflect.core import markdown_safe as md
from reflect.core import textchecks
from reflect.core.framework import Framework
from reflect.core.models import Case, SessionRecord
from reflect.core.words import QUESTIONS_FOR_SUPERVISION, longdate

if TYPE_CHECKING:
    from reflect.core.notes.contract import FindingView, NoteContext, Safeguards


#: when a note's checks run: the one seam for "now", so a test can set the time a note says
clock: Callable[[], datetime] = datetime.now


def not_checked(*, off: bool = False) -> Safeguards:
    """What a note says before (or without) a check: nothing checked; ``off`` when the user turned checks off."""
    return {
        "checked": False,
        "off": off,
        "ran_at": "",
        "identifying": 0,
        "language": 0,
        "total": 0,
        "dismissed": 0,
        "findings": [],
    }


def when(moment: datetime) -> str:
    """When the checks ran, in words: "9 November 2026 at 14:05" (local time)."""
    return f"{longdate(moment.date().isoformat())} at {moment:%H:%M}"


def _texts_in_note(
    ctx: NoteContext, record: SessionRecord, preparation: SessionRecord | None
) -> list[tuple[str, str, str]]:
    """(where, dismissal key, text) for every piece of user text the note can show."""
    out: list[tuple[str, str, str]] = []
    case = ctx["case"]
    for place in (case["home_area"], case["placement_area"]):
        if place:
            out.append(("the case details", "", place))
    for step in ctx["principles"] + ctx["tracks"]:
        for a in step["answers"]:
            out.append((step["short_title"], a["id"], "\n".join(a["ticked"]) if a["ticked"] else a["text"]))
        if step["reason"]:
            out.append((step["short_title"], step["id"], step["reason"]))
    for f in ctx["fields"] + ctx["personal"]:
        out.append((f["label"], f["id"], f["text"]))
    previous = ctx["previous"]
    for label, actions in (
        ("the agreed actions", ctx["actions"]),
        ("the actions from the last session", previous["actions"] if previous else []),
    ):
        for action in actions:
            out.append((label, "", action["what"]))
            if action["who"]:
                out.append((label, "", action["who"]))
    prep = ctx["preparation"]
    if prep:
        if prep["questions"]:
            out.append(("the preparation", QUESTIONS_FOR_SUPERVISION, prep["questions"]))
        for a in prep["flagged"]:
            if a["answered"]:
                out.append(("the preparation", a["id"], "\n".join(a["ticked"]) if a["ticked"] else a["text"]))
    return out


def clear_caches() -> None:
    """Forget remembered text-check results (for benchmarks and tests)."""
    textchecks.clear_caches()


def safeguards(
    framework: Framework,
    case: Case,
    ctx: NoteContext,
    record: SessionRecord,
    preparation: SessionRecord | None,
    private: bool,
    *,
    now: datetime | None = None,
) -> Safeguards:
    """The findings in every text the note shows, less those the practitioner dismissed (counted apart)."""
    moment = now or clock()
    rules = textchecks.rules_for(framework)
    age_band = str(case.context.get("age_band") or "") or None  # under 16: consent cannot apply
    dismissed = {k: set(v) for k, v in record.dismissed.items()}
    if preparation is not None:
        for k, v in preparation.dismissed.items():
            dismissed.setdefault(k, set()).update(v)
    findings = []
    views: list[FindingView] = []
    seen: set[tuple[str, str, str]] = set()
    set_aside = 0
    for where, key, text in _texts_in_note(ctx, record, preparation):
        for finding in textchecks.scan(md.clean(str(text)), rules, age_band=age_band):
            if key and not finding.watched and finding.key in dismissed.get(key, ()):
                set_aside += 1
                continue
            mark = (where, finding.kind, finding.key)
            if mark in seen:
                continue
            seen.add(mark)
            findings.append(finding)
            views.append(
                {
                    "where": where,
                    "kind": finding.kind,
                    "category": finding.category,
                    "text": finding.text,
                    "suggestion": finding.suggestion,
                    "reason": finding.reason,
                }
            )
    counts = textchecks.summarise(findings)
    views.sort(key=lambda f: f["category"] != "identifying")
    return {
        "checked": True,
        "off": False,
        "ran_at": when(moment),
        "identifying": counts.get("identifying", 0),
        "language": counts.get("language", 0),
        "total": len(findings),
        "dismissed": set_aside,
        "findings": views,
    }
