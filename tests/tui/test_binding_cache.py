"""The session screen keeps its binding chain between keys, and it is always the one Textual would build."""

from __future__ import annotations

from session_harness import running_session
from textual.screen import Screen

from reflect.tui.widgets.editors import TextAnswer
from reflect.tui.widgets.sidebar import StepSidebar


def _fresh(screen: Screen) -> list:
    """Textual's own chain, worked out from scratch."""
    return [(node, dict(bindings.key_to_bindings)) for node, bindings in Screen._binding_chain.fget(screen)]


def _kept(screen: Screen) -> list:
    return [(node, dict(bindings.key_to_bindings)) for node, bindings in screen._binding_chain]


async def test_the_kept_chain_follows_focus_and_a_text_box_s_state(data, pack):
    async with running_session(data, pack) as (pilot, screen):
        box = screen.query(TextAnswer).first()
        box.focus()
        await pilot.pause()
        typed_in_box = _kept(screen)
        assert typed_in_box == _fresh(screen)
        assert screen._binding_chain[0][0] is box

        screen.query_one(StepSidebar).focus()
        await pilot.pause()
        assert _kept(screen) == _fresh(screen) != typed_in_box

        box.focus()
        await pilot.pause()
        box.read_only = True  # a read-only box types nothing: the screen's letter keys work again
        assert _kept(screen) == _fresh(screen) != typed_in_box

        screen.set_focus(None)
        await pilot.pause()
        assert _kept(screen) == _fresh(screen)


async def test_each_call_hands_out_maps_of_its_own(data, pack):
    async with running_session(data, pack) as (pilot, screen):
        first = screen._binding_chain
        first[-1][1].key_to_bindings.clear()  # what a caller may do with its copy
        assert _kept(screen) == _fresh(screen)
        assert screen._binding_chain[-1][1].key_to_bindings


async def test_a_binding_the_app_adds_or_a_new_keymap_shows_at_once(data, pack):
    async with running_session(data, pack) as (pilot, screen):
        app = pilot.app
        before = _kept(screen)
        app.bind("f12", "help", description="Help again")
        assert _kept(screen) == _fresh(screen) != before
        app.set_keymap({"app.help": "f11"})
        assert _kept(screen) == _fresh(screen)
