"""What the app and the palette may ask of a screen, named as Protocols.

The command palette offers "New session" on a screen about a case, "Go to
principle N" on a screen that can jump to a step, "Export note" on a
screen that can export one, and "Show more" on one showing a page of a
long list. It asks with ``isinstance(screen, HasCase)``
rather than by reading attributes by name, so a renamed method is a type
error, not a command that silently disappears.

No Textual here, and no imports from the app: any screen can import this
module without tying itself back to the app.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HasCase(Protocol):
    """A screen about one saved case (the case, its session, the summary)."""

    @property
    def case_id(self) -> int: ...


@runtime_checkable
class CanJumpToStep(Protocol):
    """A screen showing a session's steps (principles and tracks), one at a time."""

    def jump_to_step(self, step_id: str) -> None: ...


@runtime_checkable
class CanExportNote(Protocol):
    """A screen from which a session's note can be exported."""

    def action_export_note(self) -> None: ...


@runtime_checkable
class CanShowMore(Protocol):
    """A screen showing a page of a long list (cases, a case's sessions) that can show the next page.

    ``more_title`` is the palette's words for it ("Show 50 more sessions"),
    or "" when the whole list is shown already.
    """

    @property
    def more_title(self) -> str: ...

    def action_more(self) -> None: ...


@runtime_checkable
class HasHelpTitle(Protocol):
    """A screen that names itself in the help screen ("case YP-A", "all cases")."""

    @property
    def help_title(self) -> str: ...
