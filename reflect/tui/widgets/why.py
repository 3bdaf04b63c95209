""" "Why this matters": a principle's or track's summary, asks, key ideas and evidence.

Shown above the prompts when the user asks for it (F3), hidden otherwise so
the questions stay in view on small screens. Lists hang their wrapped lines
under the text, not under the bullet, so long points stay easy to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from reflect.core.framework import Framework, Step


class Bullet(Horizontal):
    DEFAULT_CSS = """
    Bullet { height: auto; }
    Bullet > .bullet-mark { width: 2; }
    Bullet > .bullet-text { width: 1fr; height: auto; }
    """

    def __init__(self, text: str | Content) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static("•", classes="bullet-mark")
        yield Static(self.text, classes="bullet-text", markup=False)


def why_widgets(step: Step, framework: Framework) -> list[Widget]:
    """The step's background, in plain words, with its citations."""
    widgets: list[Widget] = [Static("Why this matters", classes="why-title")]
    if step.kind == "principle" and step.title != step.short_title:
        widgets.append(Static(step.title, classes="why-official", markup=False))
    widgets.append(Static(step.summary, classes="why-text", markup=False))

    def section(title: str, items: Iterable[str | Content]) -> None:
        items = list(items)
        if items:
            widgets.append(Static(title, classes="why-heading", markup=False))
            widgets.extend(Bullet(item) for item in items)

    section("What it asks of practice", step.asks)
    section("Key ideas", (Content.assemble((idea.term, "bold"), f": {idea.meaning}") for idea in step.key_ideas))
    section("What has to be weighed", step.tensions)
    section("Often missed", step.often_missed)
    section(
        "What the research says",
        (
            Content.assemble(f"{ev.note} ", (f"({ev.cite}{'; ' + ev.scope if ev.scope else ''})", "italic"))
            for ev in step.evidence
        ),
    )
    links = [framework.step(link) for link in step.links]
    section("Links to other principles", (f"{s.number} {s.short_title}" for s in links if s is not None))
    return widgets


def why_text(step: Step, framework: Framework) -> str:
    """The same content as plain text (for tests and for reading aloud)."""
    out = []
    for widget in why_widgets(step, framework):
        if isinstance(widget, Bullet):
            out.append(f"• {widget.text}")
        elif isinstance(widget, Static):
            out.append(str(widget.render()))
    return "\n".join(out)


class WhyPanel(Vertical):
    DEFAULT_CSS = """
    WhyPanel {
        display: none;
        height: auto;
        border: round $secondary;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    WhyPanel.-shown { display: block; }
    WhyPanel:focus { border: round $primary; }
    WhyPanel > Static { height: auto; }
    WhyPanel > .why-title { text-style: bold; }
    WhyPanel > .why-official { text-style: italic; }
    WhyPanel > .why-text { margin-top: 1; }
    WhyPanel > .why-heading { text-style: bold underline; margin-top: 1; }
    """

    can_focus = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "F3 hides this"
        self.step_id = ""

    def show_step(self, step: Step | None, framework: Framework) -> None:
        """Fill the panel for a step (built only when it is shown)."""
        if step is None or step.id == self.step_id:
            return
        self.step_id = step.id
        self.remove_children()
        self.mount_all(why_widgets(step, framework))
