"""``reflect encrypt``, ``reflect decrypt`` and ``reflect passphrase`` (issue 18), and the hidden prompt.

Kept out of ``cli.py`` so that file stays a list of commands: it registers
these parsers and calls :func:`ask_in_terminal` before a command runs, so a
command that meets an encrypted store asks for its passphrase without echo
(or reads ``REFLECT_PASSPHRASE``, for scripts and tests). The app does not
use the prompt: it asks on its lock screen.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from reflect.core import crypto_store
from reflect.core.errors import ReflectError

ENV_NEW_PASSPHRASE = "REFLECT_NEW_PASSPHRASE"
MIN_LENGTH = 8
FORGOTTEN = "keep it safe: a forgotten passphrase cannot be recovered, and nor can the store"


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    p = add("encrypt", "encrypt the store with a passphrase (needs reflect[secure])")
    p.add_argument(
        "--remember", action="store_true", help="also keep the passphrase in this computer's keyring (off by default)"
    )
    add("decrypt", "turn an encrypted store back into a plain one")
    p = add("passphrase", "give an encrypted store a new passphrase (a remembered one follows it)")
    keyring = p.add_mutually_exclusive_group()
    keyring.add_argument(
        "--remember", action="store_true", help="only keep the passphrase in this computer's keyring (no change)"
    )
    keyring.add_argument(
        "--forget", action="store_true", help="only take the passphrase out of the keyring (no change)"
    )


def ask_in_terminal() -> None:
    """Commands ask for a store's passphrase with a hidden prompt (only when the store is encrypted)."""
    crypto_store.set_prompt(_prompt_current)


def _prompt_current(path: Path) -> str | None:
    if not sys.stdin.isatty():
        return None  # the caller then says to set REFLECT_PASSPHRASE
    return getpass.getpass("Passphrase for the store: ")


def _new_passphrase(env: str) -> str:
    """A new passphrase: from ``env`` for scripts, else asked twice without echo."""
    given = os.environ.get(env)
    if given:
        return _long_enough(given)
    if not sys.stdin.isatty():
        raise ReflectError(f"a new passphrase is needed: run this in a terminal, or set {env}")
    first = _long_enough(getpass.getpass("New passphrase: "))
    if getpass.getpass("The same again: ") != first:
        raise ReflectError("the two passphrases differ; nothing was changed")
    return first


def _long_enough(passphrase: str) -> str:
    text = crypto_store.normalise(passphrase)
    if len(text) < MIN_LENGTH:
        raise ReflectError(f"the passphrase is too short: use at least {MIN_LENGTH} characters (a few words is best)")
    return text


def _directory(args: argparse.Namespace) -> Path:
    from reflect.core.paths import data_dir

    return data_dir(getattr(args, "data_dir", None))


def _summary(tally: object) -> str:
    cases, sessions, answers = (getattr(tally, name) for name in ("cases", "sessions", "answers"))
    return f"{cases} case(s), {sessions} session(s), {answers} answer(s)"


def cmd_encrypt(args: argparse.Namespace) -> int:
    if not crypto_store.available():
        raise ReflectError(crypto_store.INSTALL)
    from reflect.core import crypto_convert

    directory = _directory(args)
    passphrase = _new_passphrase(crypto_store.ENV_PASSPHRASE)
    tally = crypto_convert.encrypt(directory, passphrase)
    if args.remember:
        crypto_store.keyring_set(directory / "reflect.db", passphrase)
    print(f"encrypted the store ({_summary(tally)}); {FORGOTTEN}", file=sys.stderr)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    if not crypto_store.available():
        raise ReflectError(crypto_store.INSTALL)
    from reflect.core import crypto_convert

    directory = _directory(args)
    tally = crypto_convert.decrypt(directory)
    if crypto_store.keyring_get(directory / "reflect.db"):
        crypto_store.keyring_set(directory / "reflect.db", None)
    print(f"decrypted the store ({_summary(tally)}): it is plain again", file=sys.stderr)
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    directory = _directory(args)
    if args.forget:
        crypto_store.keyring_set(directory / "reflect.db", None)
        print("the passphrase is no longer kept in this computer's keyring", file=sys.stderr)
        return 0
    if not crypto_store.available():
        raise ReflectError(crypto_store.INSTALL)
    from reflect.core import crypto_convert

    store = directory / "reflect.db"
    if not crypto_store.is_encrypted(store):
        raise ReflectError("the store is not encrypted (use 'reflect encrypt' first)")
    current = crypto_store.passphrase_for(store)
    crypto_store.unlock(store, current)  # the current one, checked, before anything else
    if args.remember:
        crypto_store.keyring_set(store, current)
        print("the passphrase is kept in this computer's keyring: reflect opens without asking", file=sys.stderr)
        return 0
    new = _new_passphrase(ENV_NEW_PASSPHRASE)
    tally = crypto_convert.change_passphrase(directory, new)
    if crypto_store.keyring_get(store):
        crypto_store.keyring_set(store, new)  # remembered before: remember the new one instead
    print(f"the store has its new passphrase ({_summary(tally)}); {FORGOTTEN}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt,
    "passphrase": cmd_passphrase,
}
