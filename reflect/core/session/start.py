"""Starting a session: the full walk, or today's focus with the steps chosen.

The app asks for the suggestions first (:func:`suggestions_for` reads the
case's earlier sessions and open actions), shows them, and starts the
session with what the user chose (:func:`start_session`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.models import SessionInfo
from reflect.core.session.focus import FOCUS_KEY, FOCUS_MAX, Suggestion, choose, suggest
from reflect.core.session.focus_history import focus_history
from reflect.core.session_extra import save_extra

if TYPE_CHECKING:
    from reflect.core.store import Store


def suggestions_for(store: Store, framework: Framework, case_id: int, today: date | None = None) -> list[Suggestion]:
    """Every step of the framework, most worth taking today first, from the case's history."""
    case = store.get_case(case_id)
    open_actions = store.open_actions(case_id)
    history = focus_history(store, framework, case_id, open_actions)  # newest first, only as far back as needed
    return suggest(framework, history, open_actions, move=case.move, today=today)


def start_session(
    store: Store,
    framework: Framework,
    case_id: int,
    mode: str,
    focus_steps: Sequence[str] | None = None,
    suggestions: Sequence[Suggestion] | None = None,
) -> SessionInfo:
    """Create a session dated today: the full walk (``focus_steps`` None) or today's focus.

    A focus needs one to three of the framework's principles or tracks; the
    reasons come from ``suggestions`` (read again when not given).
    """
    if focus_steps is not None:
        unknown = [s for s in focus_steps if framework.step(s) is None]
        if unknown:
            raise ReflectError(f"there is no step {unknown[0]!r} in this framework")
        if not 1 <= len(set(focus_steps)) <= FOCUS_MAX:
            raise ReflectError(f"today's focus takes one to {FOCUS_MAX} steps")
    focus = None
    if focus_steps is not None:  # the suggestions come from the sessions before this one
        found = list(suggestions) if suggestions is not None else suggestions_for(store, framework, case_id)
        focus = choose(found, focus_steps)
    info = store.create_session(case_id, mode)
    if focus is not None:
        save_extra(store, info.id, FOCUS_KEY, focus.to_json())
    return info
