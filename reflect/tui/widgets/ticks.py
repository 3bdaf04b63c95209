"""Ticks that need no colour: a checklist showing ✓ or a blank.

Textual's own checklist shows its ticks mostly by colour, which NO_COLOR, a
monochrome terminal or colour blindness take away. This one shows them in
shape as well.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICK, NO_TICK = "✓", " "


class TickList(SelectionList[str]):
    """A checklist whose ticks show as ✓ / blank, not only as a colour."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = TICK if option.value in self._selected else NO_TICK
        text, style, control = segments[1]
        if len(text) != 1:
            return strip
        segments[1] = Segment(mark, style, control)
        return Strip(segments, strip.cell_length)
