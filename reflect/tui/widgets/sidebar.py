"""The steps of a session: eight principles, three tracks, actions and summary.

Each step shows where it stands in words and a symbol ("✓ reflected",
"– set aside", "○ not relevant", "· not started") and how many prompts are
flagged for supervision. Enter or a click opens a step.

When the list is narrow (a terminal under 100 columns) each principle and
track takes one line, "2 – Recognise and cha…": its state as the symbol
alone and its title cut to fit, so the whole list fits a 24-row terminal
and the question keeps the room; the step's head says the state in words.
"""

from __future__ import annotations

import textwrap
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reflect.core.session import StepLine
from reflect.core.words import FLAG, STATE_SYMBOLS
from reflect.tui.widgets.focus_keys import FOCUS_KEYS, FocusAtOnce
from reflect.tui.widgets.status import status_text

TITLE_WIDTH = 23
#: lines a title may take in the wide list: three, so a qualifier such as "wherever possible" is not cut
TITLE_LINES = 3
#: a list narrower than this (columns, all told) shows each principle and track on one line
ONE_LINE_BELOW = 30


#: one line of the list: the session model's own (what each step shows is the core's to say)
StepEntry = StepLine


def _short(title: str, width: int = TITLE_WIDTH, lines: int = TITLE_LINES) -> list[str]:
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


def _one_line(title: str, width: int) -> str:
    """The title in ``width`` columns, ending with "…" if cut: after a word, unless that loses much."""
    if len(title) <= width:
        return title
    cut = title[: width - 1]
    word = cut.rsplit(" ", 1)[0].rstrip(" ,;:")
    kept = word if len(cut) - len(word) <= 3 else cut.rstrip(" ,;:")
    return kept + "…"


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

    def __init__(self, entries: list[StepEntry], current: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = {e.id: e for e in entries}
        self.order = [e.id for e in entries]
        self.current = current
        self.title_width = TITLE_WIDTH
        self.one_line = False
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
        if self.one_line and entry.kind in ("principle", "track"):
            return self._one_line_prompt(entry, marker, current)
        number = f"{entry.number} " if entry.kind in ("principle", "track") else ""
        lines = _short(entry.title, self.title_width - len(number))
        text = number + ("\n" + " " * (2 + len(number))).join(lines)
        title = Content.assemble((marker, "bold"), (text, "bold" if current else ""))
        second = status_text(entry.state) if entry.kind in ("principle", "track") else entry.note
        if entry.flags:
            second += f"  {FLAG} {entry.flags}"
        return Content.assemble(title, "\n", ("    " + second, "dim" if not entry.state else ""))

    def _one_line_prompt(self, entry: StepEntry, marker: str, current: bool) -> Content:
        """ "▶ 2 – Recognise and cha…": number and state's symbol in fixed columns, the title cut to fit."""
        head = f"{entry.number} {STATE_SYMBOLS.get(entry.state, '·')} "
        flags = f" {FLAG}{entry.flags}" if entry.flags else ""
        room = max(6, self.title_width + 2 - len(head) - len(flags))
        return Content.assemble(
            (marker, "bold"), head, (_one_line(entry.title, room), "bold" if current else ""), flags
        )

    def _highlight_current(self) -> None:
        try:
            self.highlighted = self.get_option_index(self.current)
        except OptionDoesNotExist:  # not built yet
            pass

    def set_current(self, step_id: str) -> None:
        previous, self.current = self.current, step_id
        for sid in (previous, step_id):
            if sid in self.entries:
                self.replace_option_prompt(sid, self._prompt(self.entries[sid]))
        self._highlight_current()

    def update_entry(self, line: StepLine) -> None:
        """Show a step's new state (redrawn only when it changed)."""
        if line.id in self.entries and self.entries[line.id] != line:
            self.entries[line.id] = line
            self.replace_option_prompt(line.id, self._prompt(line))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id and event.option_id in self.entries:
            self.post_message(self.StepChosen(event.option_id))

    def on_resize(self) -> None:
        width = max(12, self.scrollable_content_region.width - 4)
        one_line = self.outer_size.width < ONE_LINE_BELOW
        if width != self.title_width or one_line != self.one_line:
            self.title_width = width
            self.one_line = one_line
            for step_id, entry in self.entries.items():
                self.replace_option_prompt(step_id, self._prompt(entry))

    def on_blur(self) -> None:
        self._highlight_current()
