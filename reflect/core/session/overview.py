"""What a session covered, in words, for the summary screen; and every text it holds, for the checks.

The overview groups the steps by where they stand (the same rule as
everywhere, ``progress.step_state``): reflected, set aside (with the
reasons), not relevant, not started; then what was flagged and the actions.
A step reflected on with private answers only is listed as reflected,
marked "(private)". One line per kind of mark keeps the export box in view.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from reflect.core.framework import Framework, Step
from reflect.core.models import SessionRecord
from reflect.core.progress import NOT_RELEVANT, NOT_STARTED, REFLECTED, REFLECTED_PRIVATELY, SET_ASIDE, step_state
from reflect.core.session.steps import SUMMARY_STEP
from reflect.core.words import FLAG, SHARED_MARK, STATE_SYMBOLS, STATE_WORDS


def state_text(state: str) -> str:
    """A step's state in a symbol and words, never colour alone: "✓ reflected", "· not started"."""
    return f"{STATE_SYMBOLS.get(state, '·')} {STATE_WORDS.get(state, state)}"


def step_code(step: Step | None) -> str:
    """ "P3" for the third principle, "T1" for the first track."""
    if step is None:
        return "T"
    return f"{'P' if step.kind == 'principle' else 'T'}{step.number}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


#: the group a step outside today's focus goes in when nothing was written for it
LEFT_FOR_LATER = "left for another day"


def session_overview(framework: Framework, record: SessionRecord, focus: Collection[str] | None = None) -> str:
    """The summary's lines; with today's ``focus`` (step ids), an untouched step outside it is
    "left for another day", not "not started": it was never meant for today."""
    groups: dict[str, list[str]] = {REFLECTED: [], SET_ASIDE: [], NOT_RELEVANT: [], NOT_STARTED: []}
    left: list[str] = []
    for step in framework.steps:
        code = step_code(step)
        state = step_state(record, step)
        if state == NOT_STARTED and focus is not None and step.id not in focus:
            left.append(code)
        elif state == NOT_STARTED:
            groups[state].append(code)
        elif state == REFLECTED_PRIVATELY:
            groups[REFLECTED].append(f"{code} {step.short_title} (private)")
        elif state == SET_ASIDE and record.set_aside_reasons.get(step.id):
            groups[state].append(f"{code} {step.short_title} (why: {record.set_aside_reasons[step.id]})")
        else:
            groups[state].append(f"{code} {step.short_title}")
    lines = []
    for state, items in groups.items():
        joiner = ", " if state == NOT_STARTED else "; "
        lines.append(f"{state_text(state)} ({len(items)})" + (": " + joiner.join(items) if items else ""))
    if left:
        lines.append(f"{STATE_SYMBOLS.get(NOT_STARTED, '·')} {LEFT_FOR_LATER} ({len(left)}): " + ", ".join(left))
    flagged = [p for p in (framework.prompt(pid) for pid in record.flags) if p is not None]
    flagged_for = "flagged for discussion" if record.mode == "workshop" else "flagged for supervision"
    lines.append(f"{FLAG} {flagged_for} ({len(flagged)})" + (":" if flagged else ""))
    for prompt in flagged:
        lines.append(f"    {step_code(framework.step(prompt.step))} “{_cut(prompt.text, 70)}”")
    actions = record.actions
    done = sum(1 for a in actions if a.done)
    lines.append(f"Actions ({len(actions)}, {done} done)" + (":" if actions else ""))
    for a in actions:
        who = f" — {a.who}" if a.who else ""
        by = f", by {a.by}" if a.by else ""
        shared = f" ({SHARED_MARK})" if a.shared else ""
        lines.append(f"    {'☑ done' if a.done else '☐ to do'}  {a.what}{who}{by}{shared}")
    return "\n".join(lines)


@dataclass(frozen=True)
class WrittenText:
    """One piece of text the user wrote: where it is, the step to go to, its answer id, the text."""

    where: str
    step_id: str
    #: a prompt's id, or a summary field's id: the key the user's dismissed findings are kept under
    answer_id: str
    text: str
    private: bool


def texts_written(framework: Framework, record: SessionRecord) -> list[WrittenText]:
    """Every written answer and summary field, in the order of the steps (for the text checks)."""
    out = []
    for step in framework.steps:
        for prompt in step.prompts:
            value = prompt.answer_in(record.answers)
            if isinstance(value, str) and value.strip():
                where = f"{step.short_title}: {_cut(prompt.text, 60)}"
                out.append(WrittenText(where, step.id, prompt.id, value, prompt.private))
    for field in framework.summary_fields:
        text = record.summary.get(field.id)
        if text and text.strip():
            out.append(WrittenText(f"Summary: {field.label}", SUMMARY_STEP, field.id, text, field.private))
    return out
