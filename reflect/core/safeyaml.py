"""Read YAML the safe way, and remember where every value came from.

All YAML reflect reads (framework packs, bundles, check lists) goes through
:func:`load_yaml`, which

* uses PyYAML's safe loader only (libyaml's when installed), so no tag can
  construct a Python object;
* refuses aliases (``*name``), so an "anchor bomb" cannot blow up memory;
* refuses duplicate keys, which YAML would otherwise silently overwrite;
* refuses files over a size limit before reading them;
* keeps the line of every mapping and list item, so validation can say
  ``file:line: message`` like a compiler does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from reflect.core.errors import ReflectError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class YDict(dict[Any, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: str) -> int:
        lines: dict[Any, int] = getattr(self, "key_lines", {})
        return lines.get(key, self.line)


class YList(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        lines: list[int] = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


def line_of(value: Any, default: int = 0) -> int:
    """The line a loaded value started on, when known."""
    line: int = getattr(value, "line", default) or default
    return line


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~9x faster


class _Loader(_Base):  # type: ignore[misc, valid-type]  # libyaml's loader when present, chosen at run time
    """Safe loader that records lines and refuses aliases and duplicate keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An alias is the same node met a second time: refuse it, so an
        # "anchor bomb" can never be expanded by whatever reads the data next.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ReflectError("YAML aliases (*name) are not allowed here", None, node.start_mark.line + 1)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # a scalar YAML reads but Python cannot hold
            raise ReflectError(_unreadable(node, exc), None, node.start_mark.line + 1) from None

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[YDict]:
        data = YDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ReflectError("a mapping key must be plain text", None, key_node.start_mark.line + 1) from None
            if key in data:
                raise ReflectError(f"duplicate key {key!r}", None, key_node.start_mark.line + 1)
            data[key] = self.construct_object(value_node, deep=True)
            data.key_lines[key] = key_node.start_mark.line + 1

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Iterator[YList]:
        data = YList()
        data.line = node.start_mark.line + 1
        data.item_lines = [child.start_mark.line + 1 for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)


def _unreadable(node: yaml.Node, exc: Exception) -> str:
    """Why a date or number could not be read, in words (F13 of the hostile review)."""
    text = str(node.value)
    shown = repr(text[:40] + ("…" if len(text) > 40 else ""))
    if node.tag.endswith(":timestamp"):
        return f"{shown} is not a real date ({exc})"
    if node.tag.endswith((":int", ":float")):
        return f"the number {shown} is too long ({len(text)} characters)"
    return f"cannot read {shown}: {exc}"


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)


def parse_yaml(text: str, path: Path | str | None = None) -> Any:
    """Parse YAML text; any problem becomes a one-line :class:`ReflectError`."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except ReflectError as exc:
        raise ReflectError(exc.message, path, exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in (exc.problem or ""):
            problem = "unsupported YAML tag (only plain data is allowed)"
        raise ReflectError(f"YAML error: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise ReflectError(f"YAML error: {exc}", path) from None
    except RecursionError:
        raise ReflectError("YAML nested too deeply", path) from None


def load_yaml(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Read and parse a YAML file, refusing missing, unreadable or huge files."""
    from reflect.core.files import read_user_text

    text = read_user_text(path, max_bytes=max_bytes)
    if "\x00" in text:
        raise ReflectError("contains a NUL byte: not a text file", path)
    return parse_yaml(text, path)
