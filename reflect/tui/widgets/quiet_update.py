"""Change a Static's words without laying the screen out again when they take as many lines.

``Static.update`` lays out the whole screen by default, in case the new words
need another height. On a session screen that costs more than the typing
does, and the text checks' findings ("Kai (and 3 more times)") change their
words while the user types. So the new words are measured at the width the
Static has now, and the screen is laid out only when the height changes.
"""

from __future__ import annotations

from typing import cast

from textual.css.styles import RulesMap
from textual.visual import VisualType
from textual.widgets import Static


def update_quietly(static: Static, content: VisualType) -> None:
    """``static.update(content)``, with a layout only when the content takes another number of lines."""
    width = static.size.width
    auto_width = static.styles.width is not None and static.styles.width.is_auto
    if not static.is_mounted or width <= 0 or auto_width:
        static.update(content)  # not laid out yet, or its width follows its words: let the layout measure
        return
    rules = cast(RulesMap, static.styles)  # what Textual itself measures with (``Widget.get_content_height``)
    before = static.visual.get_height(rules, width)
    static.update(content, layout=False)
    if static.visual.get_height(rules, width) != before:
        static.refresh(layout=True)
