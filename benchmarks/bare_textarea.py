"""A bare Textual app with one focused TextArea: the typing baseline for benchmarks/tui.py."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, TextArea


class BareTextArea(App[None]):
    TITLE = "bare"
    SUB_TITLE = "ready"

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextArea(soft_wrap=True, id="answer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


if __name__ == "__main__":
    BareTextArea().run()
