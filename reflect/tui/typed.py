"""The running app, typed, for the few places that must reach it.

Screens receive what they use in their constructor where they can. Where a
screen or the palette must reach the app itself, it goes through
``reflect_app`` rather than looking attributes up by name. The app is named
only for the type checker, so importing this never ties a screen back to
``reflect.tui.app`` (which imports the screens).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from textual.app import App

    from reflect.tui.app import ReflectApp


def reflect_app(app: App[Any]) -> ReflectApp:
    return cast("ReflectApp", app)
