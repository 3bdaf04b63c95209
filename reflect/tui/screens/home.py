"""The home screen: the cases in the store, a search box, and "new case".

The list comes from one query (``Store.list_cases``) and is filtered in
memory as the user types. The table holds at most ``PAGE`` rows at a time,
most recent first, and ``m`` adds the next page: a team's store of ten
thousand cases opens as fast as one of a hundred, and search still reaches
every case.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from reflect.core.models import CaseSummary
from reflect.core.store import Store
from reflect.tui.typed import reflect_app

EMPTY_MESSAGE = (
    "No cases yet — press [b]n[/b] to start one, or run [b]reflect demo[/b] to try the fictional case.\n\n"
    "A case is a pseudonym (such as YP-A, never a real name) and a little context. "
    "Everything you write stays on this computer and is saved as you type."
)


#: rows the table holds at a time; ``m`` shows that many more
PAGE = 200


class HomeScreen(Screen[None]):
    """Cases, most recent first."""

    AUTO_FOCUS = "#cases"
    help_title = "all cases"
    BINDINGS = [
        Binding("n", "new_case", "New case", tooltip="Start a new case"),
        Binding("slash", "search", "Search", tooltip="Find a case by its label"),
        Binding("enter", "open_case", "Open", tooltip="Open the highlighted case"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("m", "more", "More cases", tooltip=f"Show {PAGE} more cases"),
        # for the footer only: ctrl+q is the app's (it works everywhere), shown here where people look for it
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Leave reflect (everything is already saved)", priority=True),
    ]

    def __init__(self, *, store: Store) -> None:
        super().__init__(id="home")
        self.store = store
        self._loaded = False
        self._rows: list[CaseSummary] = []
        self._shown: tuple[int, str, int] | None = None  # (rows, search, limit) on screen now
        self._limit = PAGE
        self._hidden = 0  # matching cases not in the table yet

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            with Horizontal(id="home-bar"):
                yield Input(placeholder="Search cases by label  ( / )", id="search", compact=True)
                yield Button("New case (n)", id="new-case", compact=True, variant="primary")
            table: DataTable[str] = DataTable(id="cases", cursor_type="row", zebra_stripes=False)
            table.add_column("Case", key="label")
            table.add_column("Last session", key="last")
            table.add_column("Sessions", key="sessions")
            table.add_column("Open actions", key="actions")
            yield table
            yield Static(EMPTY_MESSAGE, id="empty", classes="calm-message")
            yield Static("", id="home-status", classes="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self._loaded = True

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.reload()  # back from a case: sessions and labels may have changed

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the cases again (one query) and show them, keeping the search."""
        rows = self.store.list_cases()
        if rows == self._rows and self._shown is not None:
            return  # nothing changed: keep the table (and its cursor) as it is
        self._rows = rows
        self._show()

    def _matching(self) -> list[CaseSummary]:
        query = self.query_one("#search", Input).value.strip().casefold()
        if not query:
            return self._rows
        return [r for r in self._rows if query in r.label.casefold()]

    def _show(self) -> None:
        query = self.query_one("#search", Input).value.strip()
        if self._shown == (id(self._rows), query, self._limit):
            return
        self._shown = (id(self._rows), query, self._limit)
        table = self.query_one("#cases", DataTable)
        empty = not self._rows
        self.set_class(empty, "-empty")
        self.query_one("#empty", Static).display = empty
        table.display = not empty
        self.query_one("#search", Input).display = not empty
        status = self.query_one("#home-status", Static)
        if empty:
            self._hidden = 0
            status.update("")
            self.query_one("#new-case", Button).focus()
            return
        if self.focused is None or self.focused.id == "new-case":
            table.focus()  # the first case is made: Enter now opens a case, as the footer says
        keep = None
        if table.row_count:
            try:
                keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except CellDoesNotExist:
                keep = None
        matching = self._matching()
        rows = matching[: self._limit]
        self._hidden = len(matching) - len(rows)
        table.clear()
        for r in rows:
            table.add_row(
                Text(r.label),  # user text: never read as markup
                r.last_session or "none yet",
                str(r.sessions),
                str(r.open_actions) if r.open_actions else "none",
                key=str(r.id),
            )
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except RowDoesNotExist:
                pass  # the highlighted case is filtered out: the cursor stays at the top
        total = len(self._rows)
        more = f" Showing the first {len(rows)}: m shows more." if len(rows) < len(matching) else ""
        if query and not rows:
            status.update(Text(f"No case label contains “{query}”. Press escape to clear the search."))
        elif query:
            status.update(
                Text(f"{len(matching)} of {total} cases match “{query}”. Enter opens the highlighted case.{more}")
            )
        elif more:
            status.update(f"{total} cases, most recent first.{more} / searches them all.")
        else:
            noun = "case" if total == 1 else "cases"
            status.update(f"{total} {noun}. Enter opens the highlighted case; n starts a new one.")
        self.refresh_bindings()

    # ------------------------------------------------------------------ events

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            table = self.query_one("#cases", DataTable)
            if table.row_count == 1:
                self.action_open_case()
            else:
                table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "cases" and event.row_key.value is not None:
            reflect_app(self.app).open_case_screen(int(event.row_key.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new-case":
            self.action_new_case()

    # ------------------------------------------------------------------ actions

    def action_new_case(self) -> None:
        reflect_app(self.app).action_new_case()

    def action_search(self) -> None:
        if self._rows:
            self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.query_one("#cases", DataTable).focus()

    def action_more(self) -> None:
        self._limit += PAGE
        self._show()

    @property
    def more_title(self) -> str:
        """The palette's words for ``action_more``, or "" when every matching case is shown already."""
        return f"Show {min(PAGE, self._hidden)} more cases" if self._hidden else ""

    def action_open_case(self) -> None:
        table = self.query_one("#cases", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            reflect_app(self.app).open_case_screen(int(key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":  # only while some matching cases are not in the table
            return self._hidden > 0
        # with no cases there is nothing to open or search yet
        return bool(self._rows) or action not in ("open_case", "search", "clear_search")
