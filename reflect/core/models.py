"""Plain records passed between the store, notes, bundles and the app.

They hold no behaviour beyond small conveniences, so every layer can use them
without knowing about SQLite or YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflect.core.framework import move_state

#: review outcomes of an action, decided in the next session on the case
REVIEWS = ("", "done", "not-done", "carried-forward")


@dataclass
class Case:
    id: int
    label: str
    context: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    updated: str = ""

    @property
    def move(self) -> str:
        """The case's move state: "no", "considering" or "moved" (old stores and bundles held a bool)."""
        return move_state(self.context.get("moved"))

    @property
    def moved(self) -> bool:
        return self.move == "moved"


@dataclass
class CaseSummary:
    """One row of the home screen and of ``reflect cases``."""

    id: int
    label: str
    sessions: int
    last_session: str | None
    open_actions: int
    updated: str = ""


@dataclass
class Action:
    id: int
    session_id: int
    what: str
    who: str = ""
    by: str = ""  # ISO date or ""
    done: bool = False
    review: str = ""  # how the next session found it: see REVIEWS
    carried_from: int | None = None
    position: int = 0
    #: the worker chose to share it with the young person / family (the family note lists no other)
    shared: bool = False


@dataclass
class SessionInfo:
    id: int
    case_id: int
    mode: str
    date: str
    created: str = ""
    updated: str = ""


@dataclass
class SessionRecord:
    """Everything a session holds: the store's answer to "show me session N"."""

    info: SessionInfo
    answers: dict[str, Any] = field(default_factory=dict)
    answer_revs: dict[str, int] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    set_aside_reasons: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    summary: dict[str, str] = field(default_factory=dict)
    dismissed: dict[str, list[str]] = field(default_factory=dict)
    #: per-session settings (today's focus), from the session's ``extra`` JSON; read by ``session_extra``
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def mode(self) -> str:
        return self.info.mode

    @property
    def date(self) -> str:
        return self.info.date


@dataclass
class SaveResult:
    """What happened when an answer was saved.

    ``conflict`` is true when another copy of the app changed the same answer
    since this copy last read it: the save still wins (later save wins), and
    ``overwritten`` holds the other copy's text so the app can show it.
    """

    rev: int
    conflict: bool = False
    overwritten: Any = None
