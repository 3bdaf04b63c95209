"""Text checks ("safeguards") for what a practitioner writes.

Two kinds of finding:

* **identifying** details that could identify a child or family: phone
  numbers, email addresses, postcodes, NHS and National Insurance numbers,
  dates of birth, street addresses and likely personal names;
* **language** that puts the responsibility for harm on the child or makes
  the harm sound smaller ("putting herself at risk", "lifestyle choice"),
  each with a suggested alternative and a one-line reason.

The word lists and patterns are data, in the built-in ``checks.yaml``; a
framework pack may add its own ``checks.yaml`` whose entries are added to
the built-in ones (``docs/framework.md`` and the comments at the top of
``checks.yaml`` describe the format).  Text in quotation marks is someone's
own words and is never flagged for language.

:func:`load_rules` compiles everything once (cached by file, modification
time and vocabulary); :func:`scan` runs as the user types, so every pattern
is linear-time on ordinary text: no nested unbounded repetition (a pack's
own patterns are checked for it), alternations of literal words, and
context windows of bounded size.

Standard library and PyYAML only; never imports Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from reflect.core.errors import ReflectError

__all__ = [
    "ChecksError",
    "Finding",
    "Rules",
    "load_rules",
    "scan",
    "summarise",
    "IDENTIFYING_KINDS",
]

CHECKS_FILE = "checks.yaml"
FORMAT_VERSION = 1

#: the kinds of identifying finding the built-in checks produce (a pack may add its own)
IDENTIFYING_KINDS = (
    "phone",
    "email",
    "postcode",
    "nhs-number",
    "ni-number",
    "date-of-birth",
    "address",
    "name",
)


class ChecksError(ReflectError, ValueError):
    """A ``checks.yaml`` that cannot be used; ``str()`` is ``path:line: message``."""


# ---------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class Finding:
    """One thing found in a text."""

    line: int  # 1-based
    column: int  # 1-based, in characters
    kind: str  # "phone" | "email" | ... | "name" | "language"
    category: str  # "identifying" | "language"
    text: str  # the matched text (whitespace folded to single spaces)
    suggestion: str  # what to write instead
    reason: str  # one line, why

    @property
    def key(self) -> str:
        """A stable key for dismissing this finding (same text, same key)."""
        return f"{self.kind}:{' '.join(self.text.lower().split())}"

    def format(self) -> str:
        """``line:column: kind: text — suggestion`` (the ``reflect scan`` line)."""
        return f"{self.line}:{self.column}: {self.kind}: {self.text} \u2014 {self.suggestion}"


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by category, for note headers: ``{"identifying": n, "language": m}``."""
    counts = {"identifying": 0, "language": 0}
    for finding in findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    return counts


# ---------------------------------------------------------------------------
# Compiled rules


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern
    validate: str | None
    suggestion: str
    reason: str


@dataclass(frozen=True)
class _Language:
    id: str
    regex: re.Pattern
    followed_by: re.Pattern | None
    within: int
    unless: re.Pattern | None
    suggestion: str
    reason: str
    # words one of which must be in a text for the rule to match at all (None: unknown);
    # lets scan() skip most rules on most texts
    exact: frozenset | None = None
    prefixes: tuple = ()


@dataclass(frozen=True)
class _Names:
    run: re.Pattern
    token: re.Pattern
    titles: frozenset
    first_names: frozenset
    stop: frozenset
    places: frozenset
    place_openers: frozenset
    place_like: frozenset
    endings: tuple
    suggestion: str
    reason: str


@dataclass(frozen=True)
class Rules:
    """Everything :func:`scan` needs, compiled: patterns, phrases, word lists."""

    identifying: tuple
    language: tuple
    names: _Names | None
    sources: tuple  # the checks.yaml files these came from

    @property
    def language_ids(self) -> tuple:
        return tuple(rule.id for rule in self.language)


# ---------------------------------------------------------------------------
# Validators for identifying patterns


def _nhs_checksum(text: str) -> bool:
    digits = [int(ch) for ch in text if ch.isdigit()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def _uk_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+"):
        if not digits.startswith("44"):
            return False
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]
        return len(national) in (9, 10) and national[0] in "123578"
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] in "123578"


_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs-checksum": _nhs_checksum,
    "uk-phone": _uk_phone,
}


# ---------------------------------------------------------------------------
# Loading


def _builtin_checks() -> Path:
    candidates = []
    try:
        from reflect.core.content import content_root

        candidates.append(content_root() / CHECKS_FILE)
    except ImportError:  # pragma: no cover - only before content.py exists
        pass
    candidates.append(Path(__file__).resolve().parents[2] / CHECKS_FILE)
    try:
        import reflect

        candidates.append(Path(reflect.__file__).resolve().parent / "_content" / CHECKS_FILE)
    except (ImportError, TypeError):  # pragma: no cover
        pass
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[0]


def _stamp(path: Path | None) -> tuple:
    if path is None:
        return ()
    try:
        st = path.stat()
    except OSError:
        return ("missing",)
    return (st.st_mtime_ns, st.st_size)


def load_rules(pack_dir: Path | str | None = None, vocabulary: Iterable[str] = ()) -> Rules:
    """The built-in checks plus a pack's own ``checks.yaml`` (added), compiled.

    ``vocabulary`` are phrases of the framework (principle and track titles,
    key terms): their words are never taken for a person's name.  Results are
    cached, so calling this before every scan is cheap.  A bad file raises
    :class:`ChecksError` (a ``ValueError``) reading ``path:line: message``.
    """
    builtin = _builtin_checks()
    pack_file: Path | None = None
    if pack_dir is not None:
        candidate = Path(pack_dir) / CHECKS_FILE
        if candidate.is_file():
            try:
                same = candidate.resolve() == builtin.resolve()
            except OSError:  # pragma: no cover
                same = False
            if not same:
                pack_file = candidate
    vocab = tuple(str(v) for v in vocabulary if v)
    return _load_cached(str(builtin), _stamp(builtin), str(pack_file) if pack_file else "", _stamp(pack_file), vocab)


@lru_cache(maxsize=16)
def _load_cached(builtin: str, _bstamp: tuple, pack: str, _pstamp: tuple, vocab: tuple) -> Rules:
    config = _Config()
    config.add(Path(builtin), _read(Path(builtin)), is_pack=False)
    if pack:
        config.add(Path(pack), _read(Path(pack)), is_pack=True)
    return config.compile(vocab)


def _read(path: Path) -> Any:
    from reflect.core.safeyaml import load_yaml

    try:
        data = load_yaml(path, max_bytes=1024 * 1024)
    except ReflectError as exc:
        raise ChecksError(exc.message, exc.path or path, exc.line) from None
    if data is None:
        return {}
    return data


_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_-]*)\}")
# a quantified group that itself ends in an unbounded quantifier: (a+)+, (\w*)*, (x+){2,}
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*]\)(?:[+*]|\{\d*,\})")

_TOP_KEYS = {"version", "groups", "fragments", "identifying", "names", "language"}
_ID_KEYS = {"kind", "pattern", "validate", "ignore_case", "suggestion", "reason"}
_LANG_KEYS = {"id", "match", "followed_by", "within", "unless", "suggestion", "reason"}
_NAME_LISTS = ("titles", "first_names", "not_names", "places", "place_openers", "place_like", "word_endings")
_NAME_TEXTS = ("suggestion", "reason")


def _line(container: Any, key: Any, default: int = 1) -> int:
    line_of = getattr(container, "line_of", None)
    if line_of is not None:
        try:
            return line_of(key) or default
        except Exception:  # pragma: no cover - defensive
            return default
    return getattr(container, "line", default) or default


class _Config:
    """The merged, validated (not yet compiled) content of one or more files."""

    def __init__(self) -> None:
        self.groups: dict[str, list[tuple[str, Path, int]]] = {}
        self.fragments: dict[str, tuple[str, Path, int]] = {}
        self.identifying: list[dict] = []
        self.language: list[dict] = []
        self.name_lists: dict[str, list[str]] = {key: [] for key in _NAME_LISTS}
        self.name_texts: dict[str, str] = {}
        self.sources: list[str] = []

    # -- reading -----------------------------------------------------------

    def add(self, path: Path, data: Any, is_pack: bool) -> None:
        self.sources.append(str(path))

        def fail(message: str, line: int | None) -> None:
            raise ChecksError(message, path, line or 1)

        if not isinstance(data, dict):
            fail("checks.yaml must be a mapping (keys like groups:, identifying:, language:)", _line(data, 0))
        for key in data:
            if key not in _TOP_KEYS:
                fail(f"unknown key {key!r} (expected one of: {', '.join(sorted(_TOP_KEYS))})", _line(data, key))
        if "version" in data and data["version"] != FORMAT_VERSION:
            fail(f"version must be {FORMAT_VERSION}", _line(data, "version"))

        groups = data.get("groups") or {}
        if not isinstance(groups, dict):
            fail("groups: must be a mapping of name: [words]", _line(data, "groups"))
        for name, items in groups.items():
            line = _line(groups, name)
            if not isinstance(name, str) or not _SLUG.match(name):
                fail(f"group name {name!r} must be lower-case letters, digits and dashes", line)
            if name in self.fragments:
                fail(f"{name!r} is already a fragment", line)
            if not isinstance(items, list) or not items:
                fail(f"group {name!r} must be a non-empty list", line)
            bucket = self.groups.setdefault(name, [])
            for index, item in enumerate(items):
                item_line = _line(items, index, line)
                if isinstance(item, bool):
                    fail(f"group {name!r}: put words like yes, no, on and off in quotes (YAML reads them as true/false)", item_line)
                if isinstance(item, (int, float)):
                    item = str(item)
                if not isinstance(item, str) or not item.strip():
                    fail(f"group {name!r}: every item must be a non-empty text", item_line)
                item = item.strip()
                if not item.startswith("re:") and re.search(r"[{}|?]", item):
                    fail(f"group {name!r}: item {item!r} may not contain {{, }}, | or ?", item_line)
                bucket.append((item, path, item_line))

        fragments = data.get("fragments") or {}
        if not isinstance(fragments, dict):
            fail("fragments: must be a mapping of name: regular expression", _line(data, "fragments"))
        for name, text in fragments.items():
            line = _line(fragments, name)
            if not isinstance(name, str) or not _SLUG.match(name):
                fail(f"fragment name {name!r} must be lower-case letters, digits and dashes", line)
            if name in self.fragments or name in self.groups:
                fail(f"{name!r} is already defined (a pack can add, not replace)", line)
            if not isinstance(text, str) or not text.strip():
                fail(f"fragment {name!r} must be a regular expression (text)", line)
            self.fragments[name] = (text.strip(), path, line)

        identifying = data.get("identifying") or []
        if not isinstance(identifying, list):
            fail("identifying: must be a list of entries", _line(data, "identifying"))
        for index, entry in enumerate(identifying):
            line = _line(identifying, index)
            if not isinstance(entry, dict):
                fail("each identifying entry must be a mapping (kind:, pattern:, ...)", line)
            for key in entry:
                if key not in _ID_KEYS:
                    fail(f"unknown key {key!r} in an identifying entry", _line(entry, key, line))
            kind = entry.get("kind")
            if not isinstance(kind, str) or not _SLUG.match(kind) or kind in ("language",):
                fail("identifying entry needs kind: a lower-case name such as phone or postcode", _line(entry, "kind", line))
            pattern = entry.get("pattern")
            if not isinstance(pattern, str) or not pattern.strip():
                fail(f"{kind}: pattern: must be a regular expression", _line(entry, "pattern", line))
            validate = entry.get("validate")
            if validate is not None and validate not in _VALIDATORS:
                fail(f"{kind}: validate: must be one of {', '.join(sorted(_VALIDATORS))}", _line(entry, "validate", line))
            ignore_case = entry.get("ignore_case", True)
            if not isinstance(ignore_case, bool):
                fail(f"{kind}: ignore_case: must be true or false", _line(entry, "ignore_case", line))
            texts = {key: self._one_line(entry, key, line, path, kind) for key in ("suggestion", "reason")}
            self.identifying.append(
                {"kind": kind, "pattern": pattern, "validate": validate, "ignore_case": ignore_case,
                 "path": path, "line": _line(entry, "pattern", line), **texts}
            )

        names = data.get("names")
        if names is not None:
            if not isinstance(names, dict):
                fail("names: must be a mapping of word lists", _line(data, "names"))
            for key, value in names.items():
                line = _line(names, key)
                if key in _NAME_TEXTS:
                    if is_pack:
                        fail(f"names.{key} can only be set in the built-in checks.yaml (a pack adds words)", line)
                    self.name_texts[key] = self._one_line(names, key, line, path, "names")
                elif key in _NAME_LISTS:
                    if not isinstance(value, list):
                        fail(f"names.{key} must be a list of words", line)
                    for index, word in enumerate(value):
                        if isinstance(word, bool):
                            fail(f"names.{key}: put words like Yes, No, On and Off in quotes (YAML reads them as true/false)", _line(value, index, line))
                        if not isinstance(word, str) or not word.strip() or len(word.split()) != 1:
                            fail(f"names.{key}: every item must be one word", _line(value, index, line))
                        self.name_lists[key].append(word.strip())
                else:
                    allowed = ", ".join(_NAME_TEXTS + _NAME_LISTS)
                    fail(f"unknown key {key!r} in names (expected one of: {allowed})", line)

        language = data.get("language") or []
        if not isinstance(language, list):
            fail("language: must be a list of entries", _line(data, "language"))
        known = {entry["id"] for entry in self.language}
        for index, entry in enumerate(language):
            line = _line(language, index)
            if not isinstance(entry, dict):
                fail("each language entry must be a mapping (id:, match:, suggestion:, reason:)", line)
            for key in entry:
                if key not in _LANG_KEYS:
                    fail(f"unknown key {key!r} in a language entry", _line(entry, key, line))
            rule_id = entry.get("id")
            if not isinstance(rule_id, str) or not _SLUG.match(rule_id):
                fail("language entry needs id: lower-case letters, digits and dashes", _line(entry, "id", line))
            if rule_id in known:
                fail(f"language entry {rule_id!r} is already defined", _line(entry, "id", line))
            known.add(rule_id)
            lists = {}
            for key in ("match", "followed_by", "unless"):
                lists[key] = self._phrases(entry, key, line, path, rule_id, required=(key == "match"))
            within = entry.get("within", 6)
            if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= 30:
                fail(f"{rule_id}: within: must be a whole number of words from 1 to 30", _line(entry, "within", line))
            texts = {key: self._one_line(entry, key, line, path, rule_id) for key in ("suggestion", "reason")}
            self.language.append({"id": rule_id, "within": within, "path": path, "line": line, **lists, **texts})

    @staticmethod
    def _one_line(entry: dict, key: str, line: int, path: Path, what: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ChecksError(f"{what}: {key}: is required (one line of text)", path, _line(entry, key, line))
        if "\n" in value.strip():
            raise ChecksError(f"{what}: {key}: must be one line", path, _line(entry, key, line))
        return " ".join(value.split())

    @staticmethod
    def _phrases(entry: dict, key: str, line: int, path: Path, what: str, required: bool) -> list[tuple[str, int]]:
        value = entry.get(key)
        if value is None:
            if required:
                raise ChecksError(f"{what}: {key}: is required (a list of phrases)", path, line)
            return []
        if isinstance(value, str):
            value_list, lines = [value], [_line(entry, key, line)]
        elif isinstance(value, list) and value:
            value_list, lines = value, [_line(value, i, line) for i in range(len(value))]
        else:
            raise ChecksError(f"{what}: {key}: must be a non-empty list of phrases", path, _line(entry, key, line))
        out = []
        for phrase, phrase_line in zip(value_list, lines):
            if not isinstance(phrase, str) or not phrase.strip():
                raise ChecksError(f"{what}: {key}: every phrase must be non-empty text", path, phrase_line)
            out.append((phrase.strip(), phrase_line))
        return out

    # -- compiling ---------------------------------------------------------

    def compile(self, vocabulary: tuple) -> Rules:
        identifying = []
        for entry in self.identifying:
            flags = re.IGNORECASE if entry["ignore_case"] else 0
            source = self._expand(entry["pattern"], entry["path"], entry["line"])
            regex = self._regex(source, flags, entry["path"], entry["line"], entry["kind"])
            identifying.append(
                _Pattern(entry["kind"], regex, entry["validate"], entry["suggestion"], entry["reason"])
            )
        language = []
        for entry in self.language:
            path, rule_id = entry["path"], entry["id"]

            def build(items: list, bounded: bool) -> re.Pattern | None:
                if not items:
                    return None
                parts = []
                for text, line in items:
                    part = self._phrase(text, path, line)
                    self._regex(part, re.IGNORECASE, path, line, rule_id)  # report a bad phrase at its own line
                    parts.append(part)
                body = "|".join(f"(?:{part})" for part in parts)
                source = rf"(?<!\w)(?:{body})(?!\w)" if bounded else body
                return self._regex(source, re.IGNORECASE, path, items[0][1], rule_id)

            language.append(
                _Language(
                    rule_id,
                    build(entry["match"], True),
                    build(entry["followed_by"], True),
                    entry["within"],
                    build(entry["unless"], True),
                    entry["suggestion"],
                    entry["reason"],
                    *self._anchors(entry["match"]),
                )
            )
        return Rules(tuple(identifying), tuple(language), self._names(vocabulary), tuple(self.sources))

    @staticmethod
    def _regex(source: str, flags: int, path: Path, line: int, what: str) -> re.Pattern:
        if _NESTED.search(source):
            raise ChecksError(
                f"{what}: pattern repeats a repetition, e.g. (a+)+, which can be very slow; rewrite it", path, line
            )
        try:
            return re.compile(source, flags)
        except re.error as exc:
            raise ChecksError(f"{what}: bad pattern: {exc.msg}", path, line) from None
        except (OverflowError, RecursionError):  # pragma: no cover
            raise ChecksError(f"{what}: pattern too complex", path, line) from None

    def _expand(self, source: str, path: Path, line: int, depth: int = 0) -> str:
        """Replace ``{name}`` by a group (one of its items) or a fragment (as is)."""
        if depth > 6:
            raise ChecksError("groups and fragments refer to each other in a loop", path, line)

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in self.fragments:
                text, fpath, fline = self.fragments[name]
                return "(?:" + self._expand(text, fpath, fline, depth + 1) + ")"
            if name in self.groups:
                return self._group(name, depth)
            raise ChecksError(f"unknown group or fragment {{{name}}}", path, line)

        return _PLACEHOLDER.sub(replace, source)

    def _group(self, name: str, depth: int = 0) -> str:
        items = sorted(self.groups[name], key=lambda item: -len(item[0]))
        parts = []
        for text, path, line in items:
            if text.startswith("re:"):
                parts.append("(?:" + self._expand(text[3:].strip(), path, line, depth + 1) + ")")
            else:
                parts.append(_literal(text))
        return "(?:" + "|".join(parts) + ")"

    def _phrase(self, phrase: str, path: Path, line: int) -> str:
        """The regular expression for one phrase of the simple phrase syntax."""
        if phrase.startswith("re:"):
            return self._expand(phrase[3:].strip(), path, line)
        pieces = []
        need_space = False
        for token in phrase.split():
            optional = len(token) > 1 and token.endswith("?")
            if optional:
                token = token[:-1]
            alternatives = []
            for alt in token.split("|"):
                if not alt:
                    raise ChecksError(f"empty alternative in phrase {phrase!r}", path, line)
                placeholder = _PLACEHOLDER.fullmatch(alt)
                if placeholder:
                    alternatives.append(self._expand(alt, path, line))
                elif re.search(r"[{}?]", alt):
                    raise ChecksError(f"cannot read {alt!r} in phrase {phrase!r}", path, line)
                else:
                    alternatives.append(_word(alt))
            fragment = "(?:" + "|".join(alternatives) + ")"
            # the space before a word belongs to the word after it, except at the start,
            # where an optional word carries its own space: "a? willing" = (?:a\s+)?willing
            if optional:
                pieces.append(f"(?:\\s+{fragment})?" if need_space else f"(?:{fragment}\\s+)?")
            else:
                pieces.append(f"\\s+{fragment}" if need_space else fragment)
                need_space = True
        if not need_space:
            raise ChecksError(f"phrase {phrase!r} needs at least one word that is not optional", path, line)
        return "".join(pieces)

    def _anchors(self, phrases: list) -> tuple[frozenset | None, tuple]:
        """The words a text must contain (exactly, or as a word start) for any phrase to match."""
        exact: set[str] = set()
        prefixes: set[str] = set()

        def add(word: str) -> bool:
            star = word.endswith("*")
            head = re.split(r"[-'\u2019*]", word.lower(), maxsplit=1)[0]
            if not head or not re.fullmatch(r"[^\W_]+", head):
                return False
            (prefixes if star or head != word.lower() else exact).add(head)
            return True

        for phrase, _line_no in phrases:
            if phrase.startswith("re:"):
                return None, ()
            for token in phrase.split():
                optional = len(token) > 1 and token.endswith("?")
                for alt in (token[:-1] if optional else token).split("|"):
                    placeholder = _PLACEHOLDER.fullmatch(alt)
                    if placeholder:
                        name = placeholder.group(1)
                        if name not in self.groups:
                            return None, ()
                        for item, _p, _l in self.groups[name]:
                            if item.startswith("re:") or not add(item.split()[0]):
                                return None, ()
                    elif not add(alt):
                        return None, ()
                if not optional:
                    break
        return frozenset(exact), tuple(sorted(prefixes))

    def _names(self, vocabulary: tuple) -> _Names | None:
        lists = self.name_lists
        if not any(lists.values()) and not self.name_texts:
            return None
        lower = lambda key: frozenset(w.lower().rstrip(".") for w in lists[key])  # noqa: E731
        vocab_words = set()
        for phrase in vocabulary:
            vocab_words.update(w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", phrase))
        titles = sorted({t.rstrip(".") for t in lists["titles"]} | {t.rstrip(".").upper() for t in lists["titles"]}, key=len, reverse=True)
        token = r"(?:Mc|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
        title_alt = "|".join(re.escape(t) for t in titles) or r"(?!x)x"
        run = re.compile(
            rf"(?<![\w'’.-])(?:(?:{title_alt})\.?[ ](?:{token})(?:[ ](?:{token}))*|(?:{token})(?:[ ](?:{token}))+)(?!\w)"
        )
        tok = re.compile(rf"(?:{title_alt})\.?(?=[ ])|{token}")
        return _Names(
            run=run,
            token=tok,
            titles=lower("titles"),
            first_names=lower("first_names"),
            stop=frozenset(lower("not_names") | vocab_words),
            places=lower("places"),
            place_openers=lower("place_openers"),
            place_like=lower("place_like"),
            endings=tuple(sorted({e.lower() for e in lists["word_endings"]}, key=len, reverse=True)),
            suggestion=self.name_texts.get("suggestion", "use an initial, a role or the case label"),
            reason=self.name_texts.get("reason", "This looks like a person's full name."),
        )


def _word(word: str) -> str:
    """One literal word of a phrase: ``*`` = any ending, ``-`` = dash, space or nothing."""
    star = word.endswith("*")
    if star:
        word = word[:-1]
    out = []
    for ch in word:
        if ch in "'\u2019":
            out.append("['\u2019]")
        elif ch == "-":
            out.append(r"[-\s]?")
        else:
            out.append(re.escape(ch))
    return "".join(out) + (r"\w*" if star else "")


def _literal(text: str) -> str:
    return r"\s+".join(_word(w) for w in text.split())


# ---------------------------------------------------------------------------
# Scanning

_QUOTE_TOKEN = re.compile("[\"\u201c\u201d\u2018\u2019']|\\n[^\\S\\n]*\\n")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[^\S\n]*\n")
_WORD = re.compile(r"[^\W_]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_OPENING = "([{\u2014\u2013-/\"\u201c"


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text: "...", “...”, ‘...’ and '...' when clearly a quote.

    A straight single quote between two letters is an apostrophe (don't,
    Jamie's); it opens a quote only after a space or an opening bracket and
    before a letter, and closes one only after a non-space.  Quotes do not
    run over a blank line; an unclosed quote quotes nothing.
    """
    spans: list[tuple[int, int]] = []
    open_kind: str | None = None
    open_pos = 0
    size = len(text)
    for match in _QUOTE_TOKEN.finditer(text):
        ch = match.group()
        i = match.start()
        if ch[0] == "\n":
            open_kind = None
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < size else " "
        if ch == "\u201c":
            if open_kind is None:
                open_kind, open_pos = "double", i
        elif ch == "\u201d":
            if open_kind == "double":
                spans.append((open_pos, i + 1))
                open_kind = None
        elif ch == '"':
            if open_kind == "double":
                spans.append((open_pos, i + 1))
                open_kind = None
            elif open_kind is None:
                open_kind, open_pos = "double", i
        elif ch == "\u2018":
            if open_kind is None:
                open_kind, open_pos = "single", i
        else:  # ' or ’
            if prev.isalnum() and nxt.isalnum():
                continue  # an apostrophe inside a word
            if open_kind == "single":
                if not prev.isspace():
                    spans.append((open_pos, i + 1))
                    open_kind = None
            elif open_kind is None and (prev.isspace() or prev in _OPENING) and nxt.isalnum():
                open_kind, open_pos = "single", i
    return spans


class _Spans:
    """Non-overlapping spans, with a fast overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.starts.append(start)
            self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def scan(text: str, rules: Rules) -> list[Finding]:
    """Every finding in ``text``, sorted by line and column."""
    if not text:
        return []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    raw: list[tuple[int, int, str, str, str, str]] = []  # start, end, kind, category, suggestion, reason

    taken = _Spans()
    for pattern in rules.identifying:
        has_hit = "hit" in pattern.regex.groupindex
        for match in pattern.regex.finditer(text):
            start, end = match.span("hit") if has_hit and match.group("hit") is not None else match.span()
            if start == end:
                continue
            if pattern.validate and not _VALIDATORS[pattern.validate](match.group(0)):
                continue
            if taken.overlaps(start, end):
                continue
            taken.add(start, end)
            raw.append((start, end, pattern.kind, "identifying", pattern.suggestion, pattern.reason))

    if rules.names is not None:
        for start, end in _names(text, rules.names):
            if not taken.overlaps(start, end):
                taken.add(start, end)
                raw.append((start, end, "name", "identifying", rules.names.suggestion, rules.names.reason))

    if rules.language:
        quotes = _Spans(_quote_spans(text))
        words = set(_WORD.findall(text.lower()))
        ordered = sorted(words)
        for rule in rules.language:
            if rule.exact is not None and not _may_match(rule, words, ordered):
                continue
            for match in rule.regex.finditer(text):
                start, end = match.span()
                if start == end or quotes.overlaps(start, end):
                    continue
                if rule.followed_by is not None and not _followed_by(text, end, rule):
                    continue
                if rule.unless is not None and _excused(text, start, rule.unless):
                    continue
                raw.append((start, end, "language", "language", rule.suggestion, rule.reason))

    findings = []
    for start, end, kind, category, suggestion, reason in raw:
        line = bisect_right(line_starts, start)
        column = start - line_starts[line - 1] + 1
        findings.append(
            Finding(line, column, kind, category, " ".join(text[start:end].split()), suggestion, reason)
        )
    findings.sort(key=lambda f: (f.line, f.column, f.category != "identifying", f.kind, f.text))
    return findings


def _may_match(rule: _Language, words: set, ordered: list) -> bool:
    if not words.isdisjoint(rule.exact):
        return True
    for prefix in rule.prefixes:
        i = bisect_left(ordered, prefix)
        if i < len(ordered) and ordered[i].startswith(prefix):
            return True
    return False


def _followed_by(text: str, end: int, rule: _Language) -> bool:
    """Does the context after a match (same sentence, ``within`` words) say what the rule needs?"""
    window = text[end : end + 240]
    stop = _SENTENCE_END.search(window)
    if stop:
        window = window[: stop.start()]
    words = list(re.finditer(r"\S+", window))
    if not words:
        return False
    window = window[: words[min(rule.within, len(words)) - 1].end()]
    return rule.followed_by.search(window) is not None


def _excused(text: str, start: int, unless: re.Pattern) -> bool:
    """Is the match part of a longer phrase the rule leaves alone?"""
    left = max(0, start - 80)
    for match in unless.finditer(text, left, min(len(text), start + 160)):
        if match.start() <= start < match.end():
            return True
        if match.start() > start:
            break
    return False


def _names(text: str, names: _Names) -> list[tuple[int, int]]:
    """Spans of likely personal names: capitalised pairs, or a title and a name."""
    lower_words: set[str] | None = None
    found: list[tuple[int, int]] = []
    for run in names.run.finditer(text):
        tokens = [(m.group(), run.start() + m.start(), run.start() + m.end()) for m in names.token.finditer(run.group())]
        if len(tokens) < 2:
            continue
        if lower_words is None:
            lower_words = {w.replace("\u2019", "'") for w in _LOWER_WORD.findall(text)}
        kinds = []
        for word, _s, _e in tokens:
            lw = word.lower().rstrip(".").replace("\u2019", "'")
            if lw in names.titles:
                kinds.append("title")
            elif lw in names.place_openers:
                kinds.append("opener")
            elif lw in names.places:
                kinds.append("place")
            elif lw in names.stop:
                kinds.append("stop")
            elif lw in names.first_names:
                kinds.append("first")
            elif lw in names.place_like:
                kinds.append("place-like")
            elif lw in lower_words or any(lw.endswith(e) and len(lw) >= len(e) + 4 for e in names.endings):
                kinds.append("soft")
            else:
                kinds.append("other")
        count = len(kinds)
        # the word right after a title is a surname whatever else it might be ("Mr Hall")
        for i in range(count - 1):
            if kinds[i] == "title" and kinds[i + 1] not in ("title", "stop"):
                kinds[i + 1] = "surname"
        # place words make their phrase a place: "North Park", "Riverside Academy"
        place = [False] * count
        for i, kind in enumerate(kinds):
            if kind == "opener":
                place[i] = True
                if i + 1 < count and kinds[i + 1] not in ("stop", "title", "surname"):
                    place[i + 1] = True
            elif kind == "place":
                place[i] = True
                j = i - 1
                while j >= 0 and kinds[j] not in ("stop", "title", "surname") and not place[j]:
                    place[j] = True
                    j -= 1
        segment: list[int] = []

        def flush() -> None:
            size = len(segment)
            if 2 <= size <= 3 or (size == 4 and kinds[segment[0]] == "title"):
                found.append((tokens[segment[0]][1], tokens[segment[-1]][2]))
            segment.clear()

        for i, kind in enumerate(kinds):
            if kind == "title":
                flush()
                if i + 1 < count and kinds[i + 1] == "surname":
                    segment.append(i)
                continue
            if kind == "surname":
                segment.append(i)
                continue
            if place[i] or kind == "stop":
                flush()
                continue
            if kind in ("soft", "place-like"):
                # an ordinary-looking word is a surname only straight after a first name
                if segment and kinds[segment[-1]] in ("first", "surname"):
                    segment.append(i)
                else:
                    flush()
                continue
            segment.append(i)  # first or other
        flush()
    return found
