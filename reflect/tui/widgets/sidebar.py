"""The steps of a session: eight principles, three tracks, actions and summary.

Each step shows where it stands in words and a symbol ("✓ reflected",
"– set aside", "○ not relevant", "· not started") and how many prompts are
flagged for supervision. Enter or a click opens a step.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reflect.tui.widgets.focus_keys import FOCUS_KEYS, FocusAtOnce
from reflect.tui.widgets.status import FLAG, status_text

TITLE_WIDTH = 23


@dataclass
class StepEntry:
    id: str
    kind: str  # principle | track | actions | summary
    number: int
    title: str
    state: str = ""
    flags: int = 0
    note: str = ""  # for actions and summary: e.g. "2 actions"


def _short(title: str, width: int = TITLE_WIDTH, lines: int = 2) -> list[str]:
    """The title in at most ``lines`` lines of ``width``, ending with "…" if cut."""
    wrapped = textwrap.wrap(title, max(width, 8)) or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    if len(last) >= width:
        last = last[: width - 1].rsplit(" ", 1)[0]
    kept[-1] = last.rstrip(" ,;:") + "…"
    return kept


class StepSidebar(FocusAtOnce, OptionList):
    """Choose a step. Posts ``StepChosen``."""

    DEFAULT_CSS = """
    StepSidebar {
        width: 34;
        height: 1fr;
        border: none;
        border-right: vkey $panel-lighten-2;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    StepSidebar:focus { border: none; border-right: vkey $primary; }
    StepSidebar > .option-list--option-disabled {
        color: $text-muted;
        text-style: bold;
    }
    """

    BINDINGS = [*FOCUS_KEYS, Binding("right", "select", "Open step", show=False)]

    class StepChosen(Message):
        def __init__(self, step_id: str) -> None:
            super().__init__()
            self.step_id = step_id

    def __init__(self, entries: list[StepEntry], current: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries = {e.id: e for e in entries}
        self.order = [e.id for e in entries]
        self.current = current
        self.title_width = TITLE_WIDTH
        self._build()

    def _build(self) -> None:
        options: list[Option] = []
        group = None
        headings = {"principle": "Principles", "track": "Relational tracks", "actions": "Finish", "summary": "Finish"}
        for step_id in self.order:
            entry = self.entries[step_id]
            heading = headings[entry.kind]
            if heading != group:
                if group is not None:
                    options.append(Option(" ", id=f"gap-{heading}", disabled=True))
                options.append(Option(heading, id=f"heading-{heading}", disabled=True))
                group = heading
            options.append(Option(self._prompt(entry), id=step_id))
        self.set_options(options)
        self._highlight_current()

    def _prompt(self, entry: StepEntry) -> Content:
        current = entry.id == self.current
        marker = "▶ " if current else "  "
        number = f"{entry.number} " if entry.kind in ("principle", "track") else ""
        lines = _short(entry.title, self.title_width - len(number))
        text = number + ("\n" + " " * (2 + len(number))).join(lines)
        title = Content.assemble((marker, "bold"), (text, "bold" if current else ""))
        second = status_text(entry.state) if entry.kind in ("principle", "track") else entry.note
        if entry.flags:
            second += f"  {FLAG} {entry.flags}"
        return Content.assemble(title, "\n", ("    " + second, "dim" if not entry.state else ""))

    def _highlight_current(self) -> None:
        try:
            self.highlighted = self.get_option_index(self.current)
        except Exception:
            pass

    def set_current(self, step_id: str) -> None:
        previous, self.current = self.current, step_id
        for sid in (previous, step_id):
            if sid in self.entries:
                self.replace_option_prompt(sid, self._prompt(self.entries[sid]))
        self._highlight_current()

    def update_entry(self, step_id: str, **changes) -> None:
        entry = self.entries.get(step_id)
        if entry is None:
            return
        changed = False
        for key, value in changes.items():
            if getattr(entry, key) != value:
                setattr(entry, key, value)
                changed = True
        if changed:
            self.replace_option_prompt(step_id, self._prompt(entry))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id and event.option_id in self.entries:
            self.post_message(self.StepChosen(event.option_id))

    def on_resize(self) -> None:
        width = max(12, self.scrollable_content_region.width - 4)
        if width != self.title_width:
            self.title_width = width
            for step_id, entry in self.entries.items():
                self.replace_option_prompt(step_id, self._prompt(entry))

    def on_blur(self) -> None:
        self._highlight_current()
