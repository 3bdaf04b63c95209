"""The actions a family note leaves out, and the one line that tells the practitioner so.

A family note lists only the actions the worker chose to share with the
young person / family (:mod:`reflect.core.store_actions`). The note itself
says, without naming them, that other steps were agreed; the practitioner is
told how many were left out and how to share one, in the same words on the
command line (standard error) and in the app, so nothing is left out by
surprise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.models import Action, SessionRecord
from reflect.core.words import SHARE_LABEL

if TYPE_CHECKING:  # only the type: reading the store's actions needs no more
    from reflect.core.models import Case
    from reflect.core.store import Store


def shared_only(record: SessionRecord) -> SessionRecord:
    """The session as a family note sees it: only the actions the worker chose to share (a copy)."""
    return replace(record, actions=[a for a in record.actions if a.shared])


def left_out(actions: Iterable[Action]) -> int:
    """How many of these actions a family note leaves out (those not chosen to share)."""
    return sum(1 for a in actions if not a.shared)


def left_out_count(store: Store, case: Case, session_id: int | None = None) -> int:
    """How many actions the family note of this session (default: the case's latest) leaves out."""
    if session_id is None:
        info = store.latest_session(case.id)
        if info is None:
            raise ReflectError(f"case {case.label!r} has no sessions yet")
        session_id = info.id
    return left_out(store.actions(session_id))


def left_out_message(count: int, *, in_app: bool = False) -> str:
    """One line for the practitioner ("" when every action is shared, or there are none).

    ``in_app`` words the way to share one for someone already in the app;
    otherwise the line is for the command line and says to open the app.
    """
    if count <= 0:
        return ""
    actions = "1 action was" if count == 1 else f"{count} actions were"
    where = "open the session's Actions step" if in_app else "open the session in the app (reflect), go to Actions"
    return (
        f"{actions} left out of the family note (not shared with the young person / family); "
        f'to share one, {where} and press f on it, or edit it and tick "{SHARE_LABEL}"'
    )
