"""How a step stands, in a symbol and words (never colour alone), for the list of steps and the head.

The rule (where a step stands) and the words are the core's
(``reflect.core.progress``, ``reflect.core.words``), so the app and the
notes tell the same story; this module only names them for the widgets.
"""

from __future__ import annotations

from reflect.core.session.overview import state_text
from reflect.core.words import FLAG

__all__ = ["FLAG", "status_text"]


def status_text(state: str) -> str:
    """e.g. "✓ reflected", "✓ reflected (private)", "· not started"."""
    return state_text(state)
