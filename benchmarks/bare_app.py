"""A bare Textual app (Header, a list of 1,000 rows, Footer): the baseline for benchmarks/tui.py.

It does what the home screen does, minus reflect: no store, no framework.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Case", "Last session", "Sessions", "Open actions")
        for i in range(1000):
            table.add_row(f"YP-{i:04d}", "2025-10-01", "10", "3", key=str(i))
        table.focus()


if __name__ == "__main__":
    BareApp().run()
