"""One participant's app in ``reflect serve --room``: ``python -m reflect.tui.room_seat FOLDER``.

The room server (:mod:`reflect.tui.serve_room`) starts this for each
participant's browser tab, on that participant's throwaway store (a seat of
:mod:`reflect.core.room_store`, holding only the fictional case). The first
time it opens the case straight into a new workshop session, as
``reflect demo --workshop`` does; when the participant comes back after a
dropped connection, it reopens the workshop session they were in.

Unlike ``reflect demo`` it never removes its folder: the seat outlives this
process (that is the point), and the room removes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.core.errors import ReflectError
from reflect.tui.app import ReflectApp
from reflect.tui.options import AppOptions


class SeatApp(ReflectApp):
    """The app on a seat's store, back in the participant's workshop session if they had one."""

    resume: tuple[int, int] | None = None

    def on_mount(self) -> None:
        # Textual runs ReflectApp.on_mount as well, after this one (handlers run along the class
        # hierarchy): that one opens a first-time seat; a returning participant's is opened here.
        if self.resume is not None:
            self.open_case_screen(self.resume[0])
            self.open_session(*self.resume)


def open_seat(folder: Path, framework_dir: Path | None = None) -> SeatApp:
    """The app for a seat: a new workshop session the first time, the last one after that."""
    from reflect.core.loader import load_framework
    from reflect.core.store import Store

    framework = load_framework(framework_dir)
    store = Store.open(folder, create=False)
    cases = store.list_cases()
    if len(cases) != 1:
        store.close()
        raise ReflectError("this participant's workshop store is not as the room made it", folder)
    case_id = cases[0].id
    workshop = [s for s in store.list_sessions(case_id) if s.mode == "workshop"]
    if workshop:
        app = SeatApp(store, framework, AppOptions.from_environment(demo=True))
        app.resume = (case_id, max(workshop, key=lambda s: s.id).id)
    else:
        app = SeatApp(
            store, framework, AppOptions.from_environment(demo=True, open_case=case_id, start_mode="workshop")
        )
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reflect-room-seat")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--framework", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        app = open_seat(args.folder, args.framework)
    except ReflectError as exc:
        sys.stderr.write(f"reflect: {exc}\n")
        return 2
    try:
        return app.run() or 0
    finally:
        app.store.close()


if __name__ == "__main__":  # pragma: no cover - started by the room server
    sys.exit(main())
