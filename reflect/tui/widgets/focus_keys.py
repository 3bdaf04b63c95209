"""Move the focus the moment a focus key is read, so the keys typed after it follow it.

Textual hands each key to the widget that has the focus *when the app reads
the key*. A terminal delivers fast typing as a burst, so the app reads
"Tab, s, o, m, e" in one go and hands all five to the focused text box at
once. An ordinary binding acts later, when the key has been through that
box and bubbled back up to the screen or the app: by then "some" is already
queued in the box the user was leaving. ``Widget.focus()`` has the same
delay: it moves the focus on the app's next turn, behind the keys already
read.

Two things put those keys where the user meant them:

* ``FOCUS_KEYS``: Tab and shift+tab as *priority* bindings, which Textual
  runs as it reads the key, before it hands on the next one. A widget that
  can have the focus in a session adds them to its ``BINDINGS``.
* ``FocusAtOnce``: mixed into such a widget (before the Textual class it
  extends), ``focus()`` moves the focus now rather than a turn later, for
  when the code focuses it (the first answer of a step just opened).

A screen that opens something on a key (ctrl+n, the next step) needs the
same: a priority binding whose action waits until the new focus is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.dom import NoScreen
from textual.widget import Widget

if TYPE_CHECKING:
    from typing_extensions import Self

FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Move to the next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Move to the previous field", show=False, priority=True),
]


class FocusAtOnce:
    """``focus()`` takes the focus now, ahead of any key already read (mix in before the widget class)."""

    def focus(self, scroll_visible: bool = True) -> Self:
        assert isinstance(self, Widget), "FocusAtOnce is for widgets"
        if self.is_attached and self.focusable:
            try:
                self.screen.set_focus(self, scroll_visible=scroll_visible)
            except NoScreen:  # not on a screen after all: let Textual do it its own way
                pass
            else:
                return self
        Widget.focus(self, scroll_visible)  # no Textual widget between overrides it
        return self
