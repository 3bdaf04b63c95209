"""The command palette (ctrl+p): everything the app can do, found by typing.

It replaces Textual's own system commands: those are in programmers' words,
and their "Screenshot" would write case details into the Downloads folder.

Commands depend on where the user is: "new session" needs a case on screen,
"go to principle N" needs a screen with ``jump_to_step`` (the session),
"export note" needs a screen with ``action_export_note``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

MODES = ("preparation", "supervision", "workshop")

#: (title, help, callback, shown when the palette opens)
Command = tuple[str, str, Callable[[], Any], bool]


def palette_commands(app: "ReflectApp", screen: Any) -> Iterator[Command]:
    """The commands that make sense on ``screen`` (the screen under the palette)."""
    yield ("New case", "Start a new case: a pseudonym and some context", app.action_new_case, True)

    case_id = getattr(screen, "case_id", None)
    if isinstance(case_id, int):
        for mode in MODES:
            yield (
                f"New {mode} session",
                f"Start a {mode} session on this case, dated today",
                partial(app.start_session, case_id, mode),
                True,
            )

    if callable(getattr(screen, "action_export_note", None)):
        yield ("Export note", "Write the Markdown note for this case", screen.action_export_note, True)

    jump = getattr(screen, "jump_to_step", None)
    if callable(jump):
        framework = app.framework
        for step in framework.principles:
            yield (
                f"Go to principle {step.number}: {step.short_title}",
                step.title,
                partial(jump, step.id),
                False,
            )
        for step in framework.tracks:
            yield (f"Go to track {step.number}: {step.short_title}", step.title, partial(jump, step.id), False)

    yield ("Help: every key", "The keys of this screen and of the whole app", app.action_help, True)
    yield ("Switch theme", "Choose the colours of the app", app.action_change_theme, True)
    yield ("Toggle high contrast", "White on black, yellow for focus (F2)", app.action_toggle_high_contrast, True)
    yield ("Quit", "Leave reflect (everything is already saved)", app.action_quit, True)


class ReflectCommands(Provider):
    """reflect's own commands, in plain words."""

    def _commands(self) -> list[Command]:
        return list(palette_commands(self.app, self.screen))  # type: ignore[arg-type]

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
        store = getattr(self.app, "store", None)
        if store is None or not query.strip():
            return
        open_case = getattr(self.app, "open_case_screen")
        for row in store.list_cases(search=query.strip())[:20]:
            title = f"Open case {escape(row.label)}"
            score = matcher.match(title) or 0.5
            yield Hit(score, matcher.highlight(title), partial(open_case, row.id), text=title,
                      help=f"{row.sessions} session(s)" + (f", last on {row.last_session}" if row.last_session else ""))
