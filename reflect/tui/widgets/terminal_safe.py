"""Lines of user text as they may reach the terminal: no control character left in them.

The app shows what the store holds, and an answer, an action or a reason may
hold ESC, C1 controls or whole escape sequences (pasted, or read from a bundle). Textual writes a
line's text to the terminal as it is, so ``ESC ] 0 ; title BEL`` would retitle
the window and ``ESC [ 2 J`` clear the screen. The controls are taken out of
what is drawn only (they take no cell, so the cursor stays where it was); the
answer itself keeps them, and the note drops them as it always has
(:mod:`reflect.core.markdown_safe`). What followed them shows as text, which
tells the user something odd is in the answer.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# what a terminal acts on: C0 (tab is drawn as spaces before this), DEL and C1
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ControlFilter(LineFilter):
    """Every line the app draws, with control characters taken out of its text (see the module's docstring).

    Answers are not the only user text on screen: actions, reasons, summary
    fields and case details show in plain labels, which Textual also writes
    as they are. As a line filter of the whole app, this covers them all,
    whatever widget draws them; a line with no control in it passes as it is.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if _TERMINAL_CONTROLS.search("".join([segment.text for segment in segments])) is None:
            return segments  # one search a line: this runs for every line the app draws
        return [
            Segment(_TERMINAL_CONTROLS.sub("", text), style, control) if not control else Segment(text, style, control)
            for text, style, control in segments
        ]
