"""Reading ``checks.yaml`` files: validated, merged, not yet compiled.

The built-in file is read first, then a pack's own, whose entries are added
(a pack can add words, groups, fragments and entries; it cannot remove or
replace any). Every problem is raised at once as a :class:`ChecksError`
reading ``path:line: message``, with the line taken from where the YAML
loader found the value.

The YAML reader (and PyYAML with it) is imported only when a file is read:
a run that takes the files' content from the cache (:mod:`.cache`) never
needs it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from reflect.core.errors import ReflectError
from reflect.core.textchecks.errors import ChecksError
from reflect.core.textchecks.identifying import VALIDATORS
from reflect.core.textchecks.names import MULTI_WORD_LISTS, NAME_LISTS, NAME_TEXTS
from reflect.core.textchecks.phrases import Item

CHECKS_FILE = "checks.yaml"
FORMAT_VERSION = 1
MAX_BYTES = 1024 * 1024

_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_TOP_KEYS = {"version", "groups", "fragments", "identifying", "names", "language"}
_ID_KEYS = {"kind", "pattern", "validate", "ignore_case", "needs", "suggestion", "reason"}
_LANG_KEYS = {
    "id",
    "family",
    "match",
    "followed_by",
    "within",
    "unless",
    "in_text",
    "suggestion",
    "reason",
    "under_16_suggestion",
    "under_16_reason",
}

#: phrases with their lines
Phrases = list[tuple[str, int]]


class IdentifyingEntry(NamedTuple):
    """One ``identifying:`` entry as read (named tuples: immutable, and cheap to define at start-up)."""

    kind: str
    pattern: str
    validate: str | None
    ignore_case: bool
    suggestion: str
    reason: str
    path: Path
    line: int
    from_pack: bool  # a pack's own entry is compiled as soon as it is read, to report it at its line
    needs: tuple[str, ...] = ()  # a text holds one of these (or a digit, for "0-9") or the pattern is skipped


class LanguageEntry(NamedTuple):
    """One ``language:`` entry as read."""

    id: str
    match: Phrases
    followed_by: Phrases
    unless: Phrases
    within: int
    suggestion: str
    reason: str
    path: Path
    line: int
    from_pack: bool
    family: str = "language"  # which kind of language: blame on the child, on the parents, a label, ...
    in_text: Phrases | None = None  # the rule applies only to a text that says one of these somewhere
    under_16: tuple[str, str] | None = None  # (suggestion, reason) when the child is known to be under 16


def read(path: Path) -> Any:
    """The YAML of one file (an empty file is an empty mapping)."""
    from reflect.core.safeyaml import load_yaml

    try:
        data = load_yaml(path, max_bytes=MAX_BYTES)
    except ReflectError as exc:
        raise ChecksError(exc.message, exc.path or path, exc.line) from None
    return {} if data is None else data


def _line(container: Any, key: Any, default: int = 1) -> int:
    """The line of ``container[key]`` when the loader knows it, else of the container."""
    from reflect.core.safeyaml import YDict, YList, line_of

    if isinstance(container, (YDict, YList)):
        return container.line_of(key) or default
    return line_of(container, default)


class Config:
    """The merged, validated (not yet compiled) content of one or more files."""

    def __init__(self) -> None:
        self.groups: dict[str, list[Item]] = {}
        self.fragments: dict[str, Item] = {}
        self.identifying: list[IdentifyingEntry] = []
        self.language: list[LanguageEntry] = []
        self.name_lists: dict[str, list[str]] = {key: [] for key in NAME_LISTS}
        self.name_texts: dict[str, str] = {}
        self.sources: list[str] = []

    def add(self, path: Path, data: Any, is_pack: bool) -> None:
        """Validate one file's content and merge it in."""
        self.sources.append(str(path))
        if not isinstance(data, dict):
            _fail("checks.yaml must be a mapping (keys like groups:, identifying:, language:)", path, _line(data, 0))
        for key in data:
            if key not in _TOP_KEYS:
                _fail(f"unknown key {key!r} (expected one of: {', '.join(sorted(_TOP_KEYS))})", path, _line(data, key))
        if "version" in data and data["version"] != FORMAT_VERSION:
            _fail(f"version must be {FORMAT_VERSION}", path, _line(data, "version"))
        self._add_groups(path, data)
        self._add_fragments(path, data)
        self._add_identifying(path, data, is_pack)
        self._add_names(path, data, is_pack)
        self._add_language(path, data, is_pack)

    def _add_groups(self, path: Path, data: dict[Any, Any]) -> None:
        groups = data.get("groups") or {}
        if not isinstance(groups, dict):
            _fail("groups: must be a mapping of name: [words]", path, _line(data, "groups"))
        for name, items in groups.items():
            line = _line(groups, name)
            if not isinstance(name, str) or not _SLUG.match(name):
                _fail(f"group name {name!r} must be lower-case letters, digits and dashes", path, line)
            if name in self.fragments:
                _fail(f"{name!r} is already a fragment", path, line)
            if not isinstance(items, list) or not items:
                _fail(f"group {name!r} must be a non-empty list", path, line)
            bucket = self.groups.setdefault(name, [])
            for index, item in enumerate(items):
                item_line = _line(items, index, line)
                if isinstance(item, bool):
                    _fail(
                        f"group {name!r}: put words like yes, no, on and off in quotes (YAML reads them as true/false)",
                        path,
                        item_line,
                    )
                if isinstance(item, (int, float)):
                    item = str(item)
                if not isinstance(item, str) or not item.strip():
                    _fail(f"group {name!r}: every item must be a non-empty text", path, item_line)
                item = item.strip()
                if not item.startswith("re:") and re.search(r"[{}|?]", item):
                    _fail(f"group {name!r}: item {item!r} may not contain {{, }}, | or ?", path, item_line)
                bucket.append((item, path, item_line))

    def _add_fragments(self, path: Path, data: dict[Any, Any]) -> None:
        fragments = data.get("fragments") or {}
        if not isinstance(fragments, dict):
            _fail("fragments: must be a mapping of name: regular expression", path, _line(data, "fragments"))
        for name, text in fragments.items():
            line = _line(fragments, name)
            if not isinstance(name, str) or not _SLUG.match(name):
                _fail(f"fragment name {name!r} must be lower-case letters, digits and dashes", path, line)
            if name in self.fragments or name in self.groups:
                _fail(f"{name!r} is already defined (a pack can add, not replace)", path, line)
            if not isinstance(text, str) or not text.strip():
                _fail(f"fragment {name!r} must be a regular expression (text)", path, line)
            self.fragments[name] = (text.strip(), path, line)

    def _add_identifying(self, path: Path, data: dict[Any, Any], is_pack: bool) -> None:
        identifying = data.get("identifying") or []
        if not isinstance(identifying, list):
            _fail("identifying: must be a list of entries", path, _line(data, "identifying"))
        for index, entry in enumerate(identifying):
            line = _line(identifying, index)
            if not isinstance(entry, dict):
                _fail("each identifying entry must be a mapping (kind:, pattern:, ...)", path, line)
            for key in entry:
                if key not in _ID_KEYS:
                    _fail(f"unknown key {key!r} in an identifying entry", path, _line(entry, key, line))
            kind = entry.get("kind")
            if not isinstance(kind, str) or not _SLUG.match(kind) or kind == "language":
                _fail(
                    "identifying entry needs kind: a lower-case name such as phone or postcode",
                    path,
                    _line(entry, "kind", line),
                )
            pattern = entry.get("pattern")
            if not isinstance(pattern, str) or not pattern.strip():
                _fail(f"{kind}: pattern: must be a regular expression", path, _line(entry, "pattern", line))
            validate = entry.get("validate")
            if validate is not None and validate not in VALIDATORS:
                _fail(
                    f"{kind}: validate: must be one of {', '.join(sorted(VALIDATORS))}",
                    path,
                    _line(entry, "validate", line),
                )
            ignore_case = entry.get("ignore_case", True)
            if not isinstance(ignore_case, bool):
                _fail(f"{kind}: ignore_case: must be true or false", path, _line(entry, "ignore_case", line))
            needs = entry.get("needs", [])
            if isinstance(needs, str):
                needs = [needs]
            if not isinstance(needs, list) or not all(isinstance(n, str) and n for n in needs):
                _fail(f"{kind}: needs: must be a list of texts", path, _line(entry, "needs", line))
            suggestion = _one_line(entry, "suggestion", line, path, kind)
            reason = _one_line(entry, "reason", line, path, kind)
            self.identifying.append(
                IdentifyingEntry(
                    kind,
                    pattern,
                    validate,
                    ignore_case,
                    suggestion,
                    reason,
                    path,
                    _line(entry, "pattern", line),
                    is_pack,
                    tuple(needs),
                )
            )

    def _add_names(self, path: Path, data: dict[Any, Any], is_pack: bool) -> None:
        names = data.get("names")
        if names is None:
            return
        if not isinstance(names, dict):
            _fail("names: must be a mapping of word lists", path, _line(data, "names"))
        for key, value in names.items():
            line = _line(names, key)
            if key in NAME_TEXTS:
                if is_pack:
                    _fail(f"names.{key} can only be set in the built-in checks.yaml (a pack adds words)", path, line)
                self.name_texts[key] = _one_line(names, key, line, path, "names")
            elif key in NAME_LISTS:
                if not isinstance(value, list):
                    _fail(f"names.{key} must be a list of words", path, line)
                for index, word in enumerate(value):
                    if isinstance(word, bool):
                        _fail(
                            f"names.{key}: put words like Yes, No, On and Off in quotes "
                            "(YAML reads them as true/false)",
                            path,
                            _line(value, index, line),
                        )
                    if (
                        not isinstance(word, str)
                        or not word.strip()
                        or (len(word.split()) != 1 and key not in MULTI_WORD_LISTS)
                    ):
                        _fail(f"names.{key}: every item must be one word", path, _line(value, index, line))
                    self.name_lists[key].append(word.strip())
            else:
                allowed = ", ".join(NAME_TEXTS + NAME_LISTS)
                _fail(f"unknown key {key!r} in names (expected one of: {allowed})", path, line)

    def _add_language(self, path: Path, data: dict[Any, Any], is_pack: bool) -> None:
        language = data.get("language") or []
        if not isinstance(language, list):
            _fail("language: must be a list of entries", path, _line(data, "language"))
        known = {entry.id for entry in self.language}
        for index, entry in enumerate(language):
            line = _line(language, index)
            if not isinstance(entry, dict):
                _fail("each language entry must be a mapping (id:, match:, suggestion:, reason:)", path, line)
            for key in entry:
                if key not in _LANG_KEYS:
                    _fail(f"unknown key {key!r} in a language entry", path, _line(entry, key, line))
            rule_id = entry.get("id")
            if not isinstance(rule_id, str) or not _SLUG.match(rule_id):
                _fail("language entry needs id: lower-case letters, digits and dashes", path, _line(entry, "id", line))
            if rule_id in known:
                _fail(f"language entry {rule_id!r} is already defined", path, _line(entry, "id", line))
            known.add(rule_id)
            match = _phrases(entry, "match", line, path, rule_id, required=True)
            followed_by = _phrases(entry, "followed_by", line, path, rule_id, required=False)
            unless = _phrases(entry, "unless", line, path, rule_id, required=False)
            within = entry.get("within", 6)
            if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= 30:
                _fail(
                    f"{rule_id}: within: must be a whole number of words from 1 to 30",
                    path,
                    _line(entry, "within", line),
                )
            suggestion = _one_line(entry, "suggestion", line, path, rule_id)
            reason = _one_line(entry, "reason", line, path, rule_id)
            family = entry.get("family", "language")
            if not isinstance(family, str) or not _SLUG.match(family):
                _fail(f"{rule_id}: family: must be lower-case letters and dashes", path, _line(entry, "family", line))
            in_text = _phrases(entry, "in_text", line, path, rule_id, required=False) or None
            under_16 = None
            if "under_16_suggestion" in entry or "under_16_reason" in entry:
                under_16 = (
                    _one_line(entry, "under_16_suggestion", line, path, rule_id),
                    _one_line(entry, "under_16_reason", line, path, rule_id),
                )
            self.language.append(
                LanguageEntry(
                    rule_id,
                    match,
                    followed_by,
                    unless,
                    within,
                    suggestion,
                    reason,
                    path,
                    line,
                    is_pack,
                    family,
                    in_text,
                    under_16,
                )
            )


def _fail(message: str, path: Path, line: int | None) -> NoReturn:
    raise ChecksError(message, path, line or 1)


def _one_line(entry: dict[Any, Any], key: str, line: int, path: Path, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        _fail(f"{what}: {key}: is required (one line of text)", path, _line(entry, key, line))
    if "\n" in value.strip():
        _fail(f"{what}: {key}: must be one line", path, _line(entry, key, line))
    return " ".join(value.split())


def _phrases(entry: dict[Any, Any], key: str, line: int, path: Path, what: str, required: bool) -> Phrases:
    value = entry.get(key)
    if value is None:
        if required:
            _fail(f"{what}: {key}: is required (a list of phrases)", path, line)
        return []
    if isinstance(value, str):
        value_list, lines = [value], [_line(entry, key, line)]
    elif isinstance(value, list) and value:
        value_list, lines = value, [_line(value, i, line) for i in range(len(value))]
    else:
        _fail(f"{what}: {key}: must be a non-empty list of phrases", path, _line(entry, key, line))
    out = []
    for phrase, phrase_line in zip(value_list, lines, strict=True):
        if not isinstance(phrase, str) or not phrase.strip():
            _fail(f"{what}: {key}: every phrase must be non-empty text", path, phrase_line)
        out.append((phrase.strip(), phrase_line))
    return out
