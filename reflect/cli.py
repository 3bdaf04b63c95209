"""The ``reflect`` command line.

Every command but ``reflect``, ``reflect demo`` and ``reflect serve`` works from
the core alone, so it starts fast and can be scripted; the Textual app is
imported only to open it. Bad input exits 2 with one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from reflect import __version__, cli_secure
from reflect.core.errors import ReflectError
from reflect.core.note_formats import FORMATS as NOTE_FORMATS

if TYPE_CHECKING:
    from reflect.core import textchecks
    from reflect.core.framework import Framework, Prompt
    from reflect.core.store import Store

EXIT_OK, EXIT_FOUND, EXIT_BAD = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_BAD)


def _session_id(text: str) -> int:
    """A session id: a whole number the store can hold (not 10**30: F13)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text[:24]!r}") from None
    if not -(2**63) <= value < 2**63:
        raise argparse.ArgumentTypeError(f"no session {text[:24]}{'…' if len(text) > 24 else ''}")
    return value


def _globals() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the store lives (default: $REFLECT_DATA_DIR or your user data folder)",
    )
    common.add_argument(
        "--framework",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="use an organisation's framework pack instead of the built-in one",
    )
    return common


def _audience(value: str) -> str:
    """``--for``: one of the note audiences (an unknown one is argparse's one-line error, exit 2)."""
    from reflect.core.audiences import AUDIENCES

    if value not in AUDIENCES:
        raise argparse.ArgumentTypeError(f"{value!r} is not an audience (use {', '.join(AUDIENCES)})")
    return value


class _Unbuilt:
    """Stands in for a command's parser that this run will not use: its arguments are never built.

    Building all seventeen commands' arguments costs a quick command like
    ``reflect cases`` more than its query; the command's name and help are
    still registered, so ``--help`` and "invalid choice" list them all.
    """

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return lambda *args, **kwargs: self


def command_in(argv: Sequence[str]) -> str | None:
    """The command word in ``argv`` (skipping the global options and their values), or None."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("--data-dir", "--framework"):
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given ``argv``, only its command's arguments are built (see ``_Unbuilt``)."""
    wanted = command_in(argv) if argv is not None else None
    common = _globals()
    parser = _Parser(
        prog="reflect",
        parents=[common],
        description="Reflect on a case with the eight Practice Principles and the three relational tracks, "
        "and write a supervision note. Everything stays on this machine.",
    )
    parser.add_argument("--version", action="version", version=f"reflect {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        if wanted is not None and name != wanted:
            sub.add_parser(name, help=help_text, add_help=False)
            return cast(argparse.ArgumentParser, _Unbuilt())
        return sub.add_parser(name, parents=[common], help=help_text, description=help_text)

    p = add("demo", "open the app on a fictional case (a temporary store): DEMO-Sam, or one from --list")
    p.add_argument("case", nargs="?", metavar="CASE", help="a fictional case's label (default: DEMO-Sam)")
    p.add_argument("--list", action="store_true", help="list the fictional cases for workshops")
    p.add_argument(
        "--workshop",
        action="store_true",
        help="start a workshop session on the fictional case straight away, its story first",
    )

    p = add("principles", "the framework: principles, tracks and prompt ids")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("cases", "the cases in the store")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("note", "write a session's note: Markdown, plain text, HTML or Word")
    p.add_argument("case", metavar="CASE", help="the case label")
    p.add_argument("--session", type=_session_id, metavar="ID", help="the session (default: the latest)")
    p.add_argument("--template", metavar="NAME|PATH", help="preparation, supervision, workshop, or a template file")
    p.add_argument(
        "--for",
        dest="audience",
        metavar="WHO",
        type=_audience,
        default=None,
        help="record (default: for the case file, no private answers), practitioner (everything, for you alone) "
        "or family (a short plain note of what you marked to share, and the actions you chose to share)",
    )
    p.add_argument("--private", action="store_true", help="the same as --for practitioner")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (readable only by you) instead of the screen; - for the screen",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it is already there")
    p.add_argument(
        "--format",
        choices=NOTE_FORMATS,
        help="markdown, text (for a case system's text box), html (prints on A4) or docx (needs reflect[docx]); "
        "default: from FILE's extension, else markdown",
    )

    p = add("export", "write a case with all its sessions to a bundle file")
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="write to FILE (readable only by you); - for standard output",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it is already there")
    p.add_argument(
        "--include-private",
        action="store_true",
        help="also write your private answers (left out by default; the bundle says which it holds)",
    )

    p = add("import", "read a bundle file into the store")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--as-new", action="store_true", help="import even if the label exists, under a new label")

    add("check", "check the framework (built-in, or --framework DIR) and report every problem")

    p = add("scan", "look for identifying details and blaming language in a text")
    p.add_argument("file", metavar="FILE", nargs="?", default="-", help="a text file, or - for standard input")
    p.add_argument("--age-band", metavar="BAND", help="the child's age band, e.g. 14-15")

    from reflect.watch_cli import add_arguments

    add_arguments(add("watch", "real names that must never reach a note: add, list (a count only) or remove"))

    p = add("delete", "remove a case and all its sessions for good")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = add("where", "where reflect keeps your data, and the versions in use (for IT help)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("serve", "the app in a web browser, for workshops (needs the web extra)")
    p.add_argument("--host", default=None, help="default 127.0.0.1 (this machine); with --room, 0.0.0.0")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--store", action="store_true", help="open your own store instead of the demo case")
    p.add_argument("--room", action="store_true", help="a workshop on participants' own devices (local network)")
    p.add_argument("--max", type=int, default=None, help="with --room: participants at most (default 30)")
    p.add_argument("--summary", type=Path, metavar="FILE", help="with --room: write the group summary here on ctrl+c")
    p.add_argument("--case", metavar="LABEL", help="with --room: the fictional case (reflect demo --list)")
    cli_secure.add_parsers(add)  # encrypt, decrypt, passphrase (issue 18)
    return parser


# --------------------------------------------------------------------------- helpers


def _data_dir(args: argparse.Namespace) -> Path:
    from reflect.core.paths import data_dir

    return data_dir(getattr(args, "data_dir", None))


def _framework(args: argparse.Namespace) -> Framework:
    from reflect.core.loader import load_framework

    return load_framework(getattr(args, "framework", None))


#: stores a command opened; ``main`` closes them when it ends, however it ends
_OPENED: list[Store] = []


def _opened(store: Store | None) -> Store | None:
    if store is not None:
        _OPENED.append(store)
    return store


def _close_opened() -> None:
    """Close what the command opened: the log is folded in and removed, so the next open needs no check.

    A store left to the end of the process keeps its write-ahead log, and the
    app's next start would then check the whole file (see ``db_health``).
    """
    while _OPENED:
        try:
            _OPENED.pop().close()
        except Exception:  # noqa: BLE001 - closing must never hide what the command said
            pass


def _open_store(args: argparse.Namespace, create: bool = True, verify: bool | None = None) -> Store | None:
    """The store, or None when there is none yet and ``create`` is false.

    Commands that only read (``create`` false) skip the whole-file check so
    they stay fast on a large store; see ``Store.open``. ``main`` closes it.
    """
    from reflect.core.paths import DB_NAME
    from reflect.core.store import Store

    directory = _data_dir(args)
    if not create and verify is None:  # cases, note, export: read only, so a full or read-only disk can be rescued
        from reflect.core.db_readonly import open_for_reading

        return _opened(open_for_reading(directory))
    if not create and not (directory / DB_NAME).exists():
        return None
    return _opened(Store.open(directory, verify=create if verify is None else verify))


def _emit(text: str | bytes, output: str | None, force: bool = False) -> None:
    """Print ``text``, or write it to the file ``output`` (``-`` is standard output).

    A file already there is replaced only with ``--force``: a typo in ``-o``
    must not silently destroy an unrelated file (F9).
    """
    if output == "":
        raise ReflectError("-o needs a file name, or - for standard output")
    if output is not None and output != "-":
        from reflect.core.paths import TargetExists, write_private_text

        try:
            write_private_text(Path(output), text, overwrite=force)
        except TargetExists:
            raise ReflectError("is already there: add --force to replace it", output) from None
        print(f"wrote {output}", file=sys.stderr)
    elif isinstance(text, bytes):  # a Word note down a pipe or redirection (never a terminal: see choose_format)
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --------------------------------------------------------------------------- commands


def cmd_principles(args: argparse.Namespace) -> int:
    fw = _framework(args)
    if args.format == "json":
        print(json.dumps(fw.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{fw.name} (version {fw.version})\n")
    for step in fw.principles:
        print(f"{step.number}. {step.title}")
        for prompt in step.prompts:
            print(f"     {prompt.id}" + ("  (private)" if prompt.private else "") + _depth_mark(prompt))
    print("\nRelational tracks (each for " + ", ".join(lens.title.lower() for lens in fw.lenses) + "):")
    for step in fw.tracks:
        print(f"{step.number}. {step.title}")
        for prompt in step.prompts:
            extra = f"  [{prompt.lens}" + (f", moved: {prompt.phase or prompt.area}" if prompt.moved_only else "") + "]"
            print(f"     {prompt.id}{extra}{_depth_mark(prompt)}")
    return EXIT_OK


def _depth_mark(prompt: Prompt) -> str:
    """A deeper prompt is marked; core is the default and goes unsaid."""
    return "  (deeper)" if prompt.depth == "deeper" else ""


def cmd_cases(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rows = store.list_cases() if store else []
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "label": r.label,
                        "sessions": r.sessions,
                        "last_session": r.last_session,
                        "open_actions": r.open_actions,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not rows:
        print("No cases yet. Open the app with 'reflect' to start one, or try 'reflect demo'.")
        return EXIT_OK
    width = max(5, *(len(r.label) for r in rows))
    lines = [f"{'CASE':<{width}}  SESSIONS  LAST SESSION  OPEN ACTIONS"]
    lines += [f"{r.label:<{width}}  {r.sessions:>8}  {r.last_session or '-':<12}  {r.open_actions:>12}" for r in rows]
    sys.stdout.write("\n".join(lines) + "\n")  # one write: ten thousand prints cost more than the query
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    from reflect.core.note_formats.choose import choose_format

    fmt = choose_format(args.format, args.output, sys.stdout.isatty())  # before any work: docx needs its extra
    store = _open_store(args, create=False)
    if store is None:
        raise ReflectError(f"no case labelled {args.case!r} (the store is empty)")
    case = store.get_case(args.case)
    fw = _framework(args)
    from reflect.core import notes
    from reflect.core.note_formats import convert

    audience = notes.audience_of(args.audience, private=args.private)
    text = notes.render_case_note(
        store,
        fw,
        case,
        session_id=args.session,
        template=args.template,
        audience=audience,
        checks=os.environ.get("REFLECT_CHECKS", "1") != "0",
    )
    _emit(convert(text, fmt), args.output, args.force)
    if audience == notes.FAMILY:  # the actions not chosen to share are not in it: say so, and how to share one
        from reflect.core.family_share import left_out_count, left_out_message

        left = left_out_message(left_out_count(store, case, args.session))
        if left:
            print(left, file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from reflect.core.bundle import case_to_bundle, dump_bundle

    store = _open_store(args, create=False)
    if store is None:
        raise ReflectError(f"no case labelled {args.case!r} (the store is empty)")
    case = store.get_case(args.case)
    bundle = case_to_bundle(store, case, _framework(args), include_private=args.include_private)
    _emit(dump_bundle(bundle), args.output, args.force)
    if args.output not in (None, "-"):
        print(f"private answers: {bundle['private_answers']}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from reflect.core.bundle import import_data, read_bundle
    from reflect.core.store import Store

    fw = _framework(args)
    data = read_bundle(Path(args.file), fw)  # validate fully before opening the store
    store = Store.open(_data_dir(args))  # an import creates the store if there is none yet
    _opened(store)
    case = import_data(store, data, as_new=args.as_new, source=Path(args.file))
    held = data.get("private_answers", "included")
    print(f"imported {case.label!r} with {len(data['sessions'])} session(s) (private answers {held})", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from reflect.core.content import content_root
    from reflect.core.pack_check import check_framework

    root = getattr(args, "framework", None)
    problems = check_framework(root)
    where = root or str(content_root())
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        if len(problems) > 1:
            print(f"{len(problems)} problems in {where}", file=sys.stderr)
        return EXIT_BAD
    fw = _framework(args)
    count = sum(len(s.prompts) for s in fw.steps)
    print(f"ok: {fw.name} {fw.version}: {len(fw.principles)} principles, {len(fw.tracks)} tracks, {count} prompts")
    return EXIT_OK


def cmd_scan(args: argparse.Namespace) -> int:
    from reflect.core import textchecks

    if args.file == "-":
        from reflect.core.files import DEFAULT_MAX_BYTES

        try:
            text = sys.stdin.read(DEFAULT_MAX_BYTES + 1)  # never read without end (scan - < /dev/zero: F7)
        except UnicodeDecodeError:
            raise ReflectError("standard input is not UTF-8 text") from None
        if len(text) > DEFAULT_MAX_BYTES:
            raise ReflectError(f"standard input is too large (the limit is {DEFAULT_MAX_BYTES // 1024} KB)")
        name = "<stdin>"
    else:
        from reflect.core.files import read_user_text

        path = Path(args.file)
        text = read_user_text(path)
        name = str(path)
    rules = textchecks.rules_for(_framework(args))  # a bad list raises a ReflectError
    findings = textchecks.scan(text, rules, age_band=args.age_band, watch=_watch_list(args))
    for finding in findings:
        print(finding.format())
    if findings:
        print(f"{len(findings)} finding(s) in {name}", file=sys.stderr)
    return EXIT_FOUND if findings else EXIT_OK


def _watch_list(args: argparse.Namespace) -> textchecks.WatchList | None:
    """The store's names to watch, if there is a store (scanning never creates one, nor fails for it)."""
    from reflect.core import watch_store

    try:
        store = _open_store(args, create=False, verify=False)
        if store is None:
            return None
        try:
            return watch_store.load(store)
        finally:
            store.close()
    except ReflectError as exc:
        print(f"reflect: scanning without your names to watch: {exc}", file=sys.stderr)
        return None


def cmd_watch(args: argparse.Namespace) -> int:
    from reflect.watch_cli import run

    store = _open_store(args, create=args.action != "list")
    if store is None:
        print("no names are watched (there is no store yet)")
        return EXIT_OK
    try:
        return run(args, store)
    finally:
        store.close()


def cmd_delete(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False, verify=True)
    if store is None:
        raise ReflectError(f"no case labelled {args.case!r} (the store is empty)")
    case = store.get_case(args.case)
    sessions = len(store.list_sessions(case.id))
    if not args.yes:
        if not sys.stdin.isatty():
            raise ReflectError(f"deleting {case.label!r} cannot be undone: add --yes to confirm")
        answer = input(f"Delete {case.label!r} and its {sessions} session(s) for good? Type the label to confirm: ")
        if answer.strip() != case.label:
            print("Nothing deleted.", file=sys.stderr)
            return EXIT_OK
    if store.delete_case(case.id):
        print(
            f"deleted {case.label!r} and {sessions} session(s); its text is gone from the store file", file=sys.stderr
        )
    else:  # another copy holds the file: say so plainly, and the next open finishes the job
        print(
            f"deleted {case.label!r} and {sessions} session(s); another copy of reflect has this store open, "
            "so the deleted text will be gone from the file when that copy closes",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_app(args: argparse.Namespace, demo: bool = False) -> int:
    """``reflect`` and ``reflect demo [--workshop]``: the only commands that import the app."""
    fw = _framework(args)  # a broken pack is reported before the screen changes
    case = getattr(args, "case", None) if demo else None
    if demo and (args.list or case):
        from reflect.core import workshop_library

        if args.list:
            print("\n".join(workshop_library.list_lines(workshop_library.list_cases(fw))))
            return EXIT_OK
        workshop_library.find_case(str(case), fw)  # an unknown case: one line, before the screen changes
    from reflect.tui.app import run

    start_mode = "workshop" if demo and args.workshop else None  # --workshop belongs to ``demo`` only
    return (
        run(framework=fw, data_dir=None if demo else _data_dir(args), demo=demo, start_mode=start_mode, demo_case=case)
        or EXIT_OK
    )


def cmd_serve(args: argparse.Namespace) -> int:
    if args.room or args.summary or args.max is not None or args.case:
        from reflect.core.room_store import MAX_PARTICIPANTS
        from reflect.tui.serve_room import serve_room

        if not args.room:
            raise ReflectError("--max, --summary and --case belong to --room")
        if args.store:
            raise ReflectError("--room gives each participant a throwaway store: it cannot be used with --store")
        most = MAX_PARTICIPANTS if args.max is None else args.max
        framework = getattr(args, "framework", None)
        return serve_room(args.host, args.port, most, framework, args.summary, args.case) or EXIT_OK
    from reflect.tui.serve import serve

    return (
        serve(
            host=args.host or "127.0.0.1",
            port=args.port,
            use_store=args.store,
            data_dir=getattr(args, "data_dir", None),
            framework_dir=getattr(args, "framework", None),
        )
        or EXIT_OK
    )


def cmd_where(args: argparse.Namespace) -> int:
    from reflect.core.where import report

    found = report(getattr(args, "data_dir", None), getattr(args, "framework", None))
    if args.format == "json":
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(found.text())
    return EXIT_OK


COMMANDS = {
    "principles": cmd_principles,
    "cases": cmd_cases,
    "note": cmd_note,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
    "scan": cmd_scan,
    "watch": cmd_watch,
    "delete": cmd_delete,
    "serve": cmd_serve,
    "where": cmd_where,
    **cli_secure.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    from reflect.core.utf8io import use_utf8_streams

    use_utf8_streams()  # a note piped to a file on a Windows code page keeps its Welsh letters
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(words).parse_args(words)
    try:
        if args.command is None:
            return cmd_app(args)
        if args.command == "demo":
            return cmd_app(args, demo=True)
        cli_secure.ask_in_terminal()  # an encrypted store's passphrase, without echo (the app: its lock screen)
        from reflect.oneshot import one_shot

        with one_shot(args.command):  # no cycle collection for a command that ends in a moment
            try:
                return COMMANDS[args.command](args)
            finally:
                _close_opened()
    except ReflectError as exc:
        sys.stderr.write(f"reflect: {exc}\n")
        return EXIT_BAD
    except KeyboardInterrupt:
        sys.stderr.write("reflect: interrupted\n")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - stays open: it is stdout until the process ends
        except OSError:
            pass
        return EXIT_OK
    except MemoryError:
        sys.stderr.write("reflect: out of memory (is an input file enormous?)\n")
        return EXIT_BAD
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("REFLECT_DEBUG"):
            raise
        sys.stderr.write(
            f"reflect: unexpected error: {type(exc).__name__}: {str(exc)[:200]} "
            "(nothing was changed; set REFLECT_DEBUG=1 for details)\n"
        )
        return EXIT_BAD


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
