"""The group summary of a workshop room: what the room wrote, step by step, without names.

``reflect serve --room --summary FILE`` is the only way anything of a room
outlives it. Each seat's answers are read just before its folder is removed
(:attr:`reflect.core.room_store.Room.on_remove`), kept in memory under the
seat's number only, and written as one Markdown file when the server stops.
Prompts marked private in the framework (a participant's own reflections) are
never read, and nothing but the answers themselves is copied: no names, no
dates, no summaries.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core.errors import ReflectError
from reflect.core.paths import write_private_text

if TYPE_CHECKING:
    from reflect.core.framework import Framework
    from reflect.core.room_store import Seat


@dataclass
class SeatAnswers:
    """One participant's answers to the room's prompts (never the private ones)."""

    number: int
    case_label: str = ""
    answers: dict[str, Any] = field(default_factory=dict)


def read_seat(seat: Seat, framework: Framework, read_only: bool = False) -> SeatAnswers:
    """What a seat's participant wrote in their workshop session (nothing if it cannot be read).

    ``read_only`` opens the store with SQLite's ``mode=ro``, for reading while
    the participant's app still writes to it (the group view).
    """
    from reflect.core.db_readonly import open_read_only
    from reflect.core.store import Store

    result = SeatAnswers(seat.number)
    try:
        store = open_read_only(seat.folder) if read_only else Store.open(seat.folder, create=False)
    except (ReflectError, OSError, sqlite3.Error):
        return result
    try:
        cases = store.list_cases()
        if len(cases) != 1:
            return result
        result.case_label = cases[0].label
        workshops = [s for s in store.list_sessions(cases[0].id) if s.mode == "workshop"]
        if not workshops:
            return result
        record = store.get_session(max(workshops, key=lambda s: s.id).id)
        for prompt_id, value in record.answers.items():
            prompt = framework.prompt(prompt_id)
            if prompt is not None and not prompt.private and _said(value):
                result.answers[prompt.id] = value
    except (ReflectError, OSError, sqlite3.Error):
        return result
    finally:
        store.close()
    return result


def _said(value: Any) -> bool:
    """An answer the summary would print something for (control characters alone say nothing)."""
    from reflect.core.progress import answered

    if isinstance(value, (str, list, tuple)):
        return answered(value)
    if isinstance(value, dict):
        return bool(value)
    return value is not None


def render(
    seats: list[SeatAnswers], framework: Framework, on: date | None = None, learning: str = "", case: str = ""
) -> str:
    """The summary as Markdown: the learning points, then per step and prompt each participant's answer.

    ``learning`` is what the trainer typed on the group page as the points
    the group named; ``case`` the room's case label, for a room nobody
    answered in.
    """
    from reflect.core.markdown_safe import block, inline

    # judged on what prints: an answer of control characters alone is no answer here either
    seats = [
        SeatAnswers(s.number, s.case_label, {k: v for k, v in s.answers.items() if _said(v)})
        for s in sorted(seats, key=lambda s: s.number)
    ]
    points = str(block(learning))
    labels = sorted({s.case_label for s in seats if s.case_label})
    discussed = {p for s in seats for p in s.answers}
    lines = [
        "# Workshop summary",
        "",
        f"Date: {(on or date.today()).isoformat()}",
        f"Case: {inline(', '.join(labels) or case or 'DEMO-Sam')} (fictional)",
        f"Participants: {len(seats)}; answered at least one prompt: {sum(1 for s in seats if s.answers)}",
        f"Prompts discussed: {len(discussed)}",
        "",
        "Participants are numbered in the order they joined. Private reflections are not included.",
        "",
        "## Learning points the group named",
        "",
        points or "None were recorded.",
    ]
    for step in framework.steps:
        section: list[str] = []
        for prompt in step.prompts:
            if prompt.private:
                continue
            said = [(s.number, s.answers[prompt.id]) for s in seats if prompt.id in s.answers]
            if not said:
                continue
            section += ["", f"### {inline(prompt.text)}", "", f"{len(said)} of {len(seats)} answered.", ""]
            for number, value in said:
                section.append(f"- Participant {number}: " + str(block(value, indent=2)).lstrip())
        if section:
            lines += ["", f"## {step.number}. {inline(step.short_title)}", *section]
    if not any(s.answers for s in seats):
        lines += ["", "Nobody in the room answered a prompt."]
    return "\n".join(lines) + "\n"


def write_summary(
    path: Path, seats: list[SeatAnswers], framework: Framework, learning: str = "", case: str = ""
) -> None:
    """Write the summary to a new file only its owner can read (never over an existing one)."""
    if path.exists() or path.is_symlink():
        raise ReflectError("the summary file appeared while the room ran: not overwritten", path)
    write_private_text(path, render(seats, framework, learning=learning, case=case), overwrite=False)
