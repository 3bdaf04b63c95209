"""The session screen's key bindings, worked out once per focus rather than on every key typed.

For every key, Textual builds the "binding chain" of the focused widget:
each ancestor's bindings, copied, with the keys a text box would type taken
out. On the session screen that chain is eight widgets and some eighty
bindings deep, and working it out took about ten times as long as on a bare
text box, on every letter typed. The chain only changes when the focus,
the widgets around it, their bindings, a text box's read-only state or the
keymap change, so it is kept until one of those does (a binding the app
adds with ``App.bind`` counts); each call still
hands out fresh copies of the maps, as Textual's own property does.
"""

from __future__ import annotations

from typing import Any

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

_Chain = list[tuple[DOMNode, BindingsMap]]


def _state(node: DOMNode) -> tuple[Any, ...]:
    """What a node's part of the chain depends on (a text box's read-only and tab settings included)."""
    bindings = node._bindings  # App.bind adds to the app's map in place: its size says so
    return (
        node,
        id(bindings),
        len(bindings.key_to_bindings),
        getattr(node, "read_only", None),
        getattr(node, "tab_behavior", None),
    )


class CachedBindingChain(Screen[Any]):
    """A screen whose binding chain is worked out again only when something it depends on changed."""

    _chain_key: tuple[Any, ...] | None = None
    _chain: _Chain = []

    @property
    def _binding_chain(self) -> _Chain:
        focused = self.focused
        nodes = (
            () if focused is None or focused.loading else tuple(_state(node) for node in focused.ancestors_with_self)
        )
        key = (nodes, tuple(self.app._keymap.items()), _state(self), _state(self.app))
        if key != self._chain_key:
            self._chain = Screen._binding_chain.fget(self)  # type: ignore[attr-defined]
            self._chain_key = key
        return [(node, bindings.copy()) for node, bindings in self._chain]
