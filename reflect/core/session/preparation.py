"""The practitioner's preparation as a supervision shows it: read-only, private answers left out.

Which preparation a supervision shows is the store's one rule
(``Store.preparation_for``); this module only words it: what the
practitioner wants to bring, what they flagged, their answer beside each
question, their answers to questions a supervision does not ask, and their
summary. A private answer is never shown to the supervisor.
"""

from __future__ import annotations

from collections.abc import Collection

from reflect.core.framework import Framework, Prompt, Step
from reflect.core.models import SessionRecord
from reflect.core.progress import answered
from reflect.core.session.prompts import format_answer
from reflect.core.words import FLAG, QUESTIONS_FOR_SUPERVISION, short_date

PRIVATE_ANSWER = "(a private answer: not shown here)"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def read_only_title(prep: SessionRecord) -> str:
    return f"From the preparation ({short_date(prep.date)}), read-only:"


def answer_beside(prep: SessionRecord, prompt: Prompt) -> tuple[str, str] | None:
    """(label, text) of the preparation's answer to ``prompt``, or None when it has nothing to show."""
    value = prompt.answer_in(prep.answers)
    flagged = prompt.id in prep.flags
    if not answered(value) and not flagged:
        return None
    label = f"From the preparation ({short_date(prep.date)})" + (f"  {FLAG} flagged for supervision" if flagged else "")
    if prompt.private and answered(value):
        text = PRIVATE_ANSWER
    else:
        text = format_answer(prompt, value) or "(flagged, not answered)"
    return label + ":", text


def what_they_bring(framework: Framework, prep: SessionRecord) -> str:
    """At the start of a supervision: what the practitioner wants to bring, and what they flagged."""
    lines = []
    questions = prep.summary.get(QUESTIONS_FOR_SUPERVISION, "")
    if answered(questions):
        lines.append(f"What they want to bring:\n  {questions}")
    flagged = [p for p in (framework.prompt(pid) for pid in prep.flags) if p is not None]
    if flagged:
        lines.append(f"{FLAG} Flagged for supervision ({len(flagged)}):")
        for prompt in flagged:
            step = framework.step(prompt.step)
            lines.append(f"  • {step.short_title if step else ''}: {_cut(prompt.text, 80)}")
    if not lines:
        return ""
    return "\n".join([f"The practitioner's preparation ({short_date(prep.date)}), read-only:", *lines])


def answers_not_asked(prep: SessionRecord, step: Step, shown: Collection[str]) -> str:
    """The preparation's answers to a step's questions that this supervision does not ask."""
    lines = []
    for prompt in step.prompts:
        if prompt.id in shown or prompt.private:
            continue
        value = prompt.answer_in(prep.answers)
        if answered(value):
            flag = f" {FLAG}" if prompt.id in prep.flags else ""
            lines.append(f"• {prompt.text}{flag}\n  {format_answer(prompt, value)}")
    return read_only_title(prep) + "\n" + "\n".join(lines) if lines else ""


def their_summary(framework: Framework, prep: SessionRecord) -> str:
    """The preparation's own summary fields (not the private ones), above the supervision's."""
    lines = []
    for field in framework.summary_fields_for("preparation"):
        value = prep.summary.get(field.id)
        if answered(value) and not field.private:
            lines.append(f"• {field.label}\n  {value}")
    return read_only_title(prep) + "\n" + "\n".join(lines) if lines else ""
