"""``reflect watch add|list|remove``: the names to watch, from the command line.

Names are read from the keyboard without being shown (as a password is), or
from standard input one a line, never from the command's arguments: a name
typed as an argument would stay in the shell's history. ``list`` can only
say how many words are watched and since when, because the store holds
nothing from which to show them.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from reflect.core.store import Store

EXIT_OK = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("add", "list", "remove"),
        help="add or remove: names are typed (not shown) or piped in, one a line, never given as arguments",
    )
    parser.add_argument("--all", action="store_true", help="with remove: stop watching every name")


def read_names(prompt: str) -> list[str]:
    """Names from the keyboard (not echoed; an empty line ends) or standard input (one a line)."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        names: list[str] = []
        while True:
            name = getpass.getpass(prompt).strip()
            if not name:
                return names
            names.append(name)
    try:
        return [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    except UnicodeDecodeError:
        raise ReflectError("standard input is not UTF-8 text") from None


def run(args: argparse.Namespace, store: Store) -> int:
    from reflect.core import watch_store

    if args.all and args.action != "remove":
        raise ReflectError("--all goes with remove")
    if args.action == "list":
        watched = watch_store.list_watched(store)
        if not watched:
            print("no names are watched (add some with: reflect watch add)")
            return EXIT_OK
        first, last = watched[0].added[:10], watched[-1].added[:10]
        when = f"added on {first}" if first == last else f"added between {first} and {last}"
        print(f"{len(watched)} word(s) watched, {when}; the store keeps only their hashes, so they cannot be shown")
        return EXIT_OK
    if args.action == "remove" and args.all:
        print(f"stopped watching {watch_store.clear(store)} word(s)", file=sys.stderr)
        return EXIT_OK
    names = read_names("Name to watch (not shown; Enter on an empty line to finish): ")
    if not names:
        raise ReflectError("no name given: type names (one a line) or pipe them in")
    if args.action == "add":
        added = watch_store.add(store, names)
        print(f"watching {added} new word(s); only their hashes are stored", file=sys.stderr)
    else:
        removed = watch_store.remove(store, names)
        print(f"stopped watching {removed} word(s)", file=sys.stderr)
    return EXIT_OK
