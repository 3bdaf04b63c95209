"""Toggles (radio buttons, checkboxes) whose state shows in their shape, not only their colour.

Textual's toggles draw the same glyph on and off and tell them apart by
colour alone, which a colour-blind user, a monochrome terminal or a
projector can lose. Whether an option is chosen, or whether an action
reaches the family, is too important for that: these draw their mark
("●", "X") only when on, and a blank when off.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


def marked_button(toggle: Checkbox | RadioButton) -> Content:
    """The toggle's button with its inner mark drawn only when it is on."""
    button_style = toggle.get_visual_style("toggle--button")
    side_style = Style(foreground=button_style.background, background=toggle.background_colors[1])
    inner = toggle.BUTTON_INNER if toggle.value else " "
    return Content.assemble((toggle.BUTTON_LEFT, side_style), (inner, button_style), (toggle.BUTTON_RIGHT, side_style))


class MarkedRadio(RadioButton):
    """A radio button showing "●" when chosen and a blank when not."""

    @property
    def _button(self) -> Content:
        return marked_button(self)


class MarkedCheckbox(Checkbox):
    """A checkbox showing its mark when ticked and a blank when not."""

    @property
    def _button(self) -> Content:
        return marked_button(self)
