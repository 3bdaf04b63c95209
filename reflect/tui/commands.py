"""The command palette (ctrl+p): everything the app can do, found by typing.

It replaces Textual's own system commands: those are in programmers' words,
and their "Screenshot" would write case details into the Downloads folder.

Commands depend on where the user is, asked through the Protocols in
``reflect.tui.contracts``: "new session" needs a screen about a case
(``HasCase``), "go to principle N" one that can jump to a step
(``CanJumpToStep``, the session), "export note" one that can export
(``CanExportNote``), "show more" one showing a page of a long list
(``CanShowMore``: the cases, a case's sessions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from reflect.core.words import MODES
from reflect.tui.contracts import CanExportNote, CanJumpToStep, CanShowMore, HasCase
from reflect.tui.typed import reflect_app

if TYPE_CHECKING:
    from textual.screen import Screen

    from reflect.tui.app import ReflectApp

#: (title, help, callback, shown when the palette opens)
Command = tuple[str, str, Callable[[], Any], bool]


def palette_commands(app: ReflectApp, screen: Screen[Any]) -> Iterator[Command]:
    """The commands that make sense on ``screen`` (the screen under the palette)."""
    yield ("New case", "Start a new case: a pseudonym and some context", app.action_new_case, True)

    if isinstance(screen, HasCase):
        for mode in MODES:
            yield (
                f"New {mode} session",
                f"Start a {mode} session on this case, dated today",
                partial(app.begin_session, screen.case_id, mode),
                True,
            )

    if isinstance(screen, CanExportNote):
        yield ("Export note", "Write the Markdown note for this case", screen.action_export_note, True)

    if isinstance(screen, CanShowMore) and screen.more_title:
        yield (screen.more_title, "Add the next page of older ones to the list", screen.action_more, True)

    if isinstance(screen, CanJumpToStep):
        jump = screen.jump_to_step
        for step in app.framework.principles:
            yield (
                f"Go to principle {step.number}: {step.short_title}",
                step.title,
                partial(jump, step.id),
                False,
            )
        for step in app.framework.tracks:
            yield (f"Go to track {step.number}: {step.short_title}", step.title, partial(jump, step.id), False)

    yield (
        "Names to watch",
        "Real names that must never reach a note (only their hashes are kept)",
        app.action_watch_names,
        False,
    )
    yield ("Help: every key", "The keys of this screen and of the whole app", app.action_help, True)
    yield ("Switch theme", "Choose the colours of the app", app.action_change_theme, True)
    yield ("Toggle high contrast", "White on black, yellow for focus (F2)", app.action_toggle_high_contrast, True)
    yield ("Quit", "Leave reflect (everything is already saved)", app.action_quit, True)


class ReflectCommands(Provider):
    """reflect's own commands, in plain words."""

    def _commands(self) -> list[Command]:
        return list(palette_commands(reflect_app(self.app), self.screen))

    async def discover(self) -> Hits:
        for title, help_text, callback, shown in self._commands():
            if shown:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        commands = self._commands()
        for title, help_text, callback, _shown in commands:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
        # open a case by its label, from anywhere
        if not query.strip():
            return
        app = reflect_app(self.app)
        for row in app.store.list_cases(search=query.strip())[:20]:
            title = f"Open case {escape(row.label)}"
            score = matcher.match(title) or 0.5
            last = f", last on {row.last_session}" if row.last_session else ""
            yield Hit(
                score,
                matcher.highlight(title),
                partial(app.open_case_screen, row.id),
                text=title,
                help=f"{row.sessions} session(s){last}",
            )
