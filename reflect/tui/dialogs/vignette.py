"""The case's story (its vignette), read together at the start of a workshop.

A screen of its own so the whole room can read it, in short paragraphs
with space between them. Enter or Escape goes back to the questions; the
story is there again whenever the facilitator asks for it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def paragraphs(story: str) -> list[str]:
    """The story's paragraphs, each with its lines joined (the terminal wraps them)."""
    out: list[str] = []
    for block in story.replace("\r\n", "\n").split("\n\n"):
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if text:
            out.append(text)
    return out


class VignetteScreen(ModalScreen[None]):
    """The story of the case, with its label as the title."""

    DEFAULT_CSS = """
    VignetteScreen { align: center middle; background: $background 80%; }
    VignetteScreen > Vertical {
        width: 100%;
        max-width: 90;
        height: 100%;
        max-height: 44;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    VignetteScreen .story-title { text-style: bold; color: $primary; height: auto; padding: 0 1; }
    VignetteScreen #story-body { height: 1fr; padding: 0 1; }
    VignetteScreen #story-body:focus { background-tint: $foreground 0%; }
    VignetteScreen .story-paragraph { height: auto; margin-top: 1; }
    VignetteScreen .story-keys { height: auto; color: $text-muted; padding: 0 1; border-top: solid $panel-lighten-2; }
    """

    BINDINGS = [
        Binding("enter", "close", "To the questions", tooltip="Close the story and go to the questions"),
        Binding("escape", "close", "To the questions", show=False, tooltip="Close the story"),
        Binding("f12", "close", "To the questions", show=False, tooltip="Close the story"),
    ]

    def __init__(self, label: str, story: str, *, fictional: bool = False) -> None:
        super().__init__()
        self.label = label
        self.story = story
        self.fictional = fictional

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"The story of {self.label}" + (" (a fictional case)" if self.fictional else "")
            yield Static(title, classes="story-title", markup=False)
            with VerticalScroll(id="story-body"):
                for text in paragraphs(self.story):
                    yield Static(text, classes="story-paragraph", markup=False)
            yield Static(
                "[b]Enter[/b] or [b]Esc[/b]: to the questions · [b]↓[/b] [b]PgDn[/b]: read on · "
                "[b]F12[/b]: this story again",
                classes="story-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#story-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @property
    def text(self) -> str:
        """The story as shown (for tests)."""
        return "\n\n".join(str(w.render()) for w in self.query(".story-paragraph").results(Static))
