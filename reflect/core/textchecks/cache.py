"""The read and validated ``checks.yaml`` files, kept between runs so a note does not parse them again.

Parsing the built-in list (six hundred lines, read with line numbers so an
error can name its line) costs more than scanning a whole note. Once the
files have been read and found sound, their merged content is written as
JSON to the private cache folder, keyed by the files' paths, sizes and
modification times, and reflect's version; any change reads the YAML again.
JSON rather than pickle: a cache file can only ever hold data, never code.
The lists hold no one's details (names to watch live in the store, hashed),
and any problem with the cache is ignored: the files are simply read again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.core.textchecks.config import Config, IdentifyingEntry, LanguageEntry

FORMAT = 2

#: what identifies one version of the files read: (path, mtime ns, size) of each
Key = list[list[str | int]]


def _file(key: Key) -> Path | None:
    try:
        from reflect.core.paths import cache_dir

        digest = hashlib.sha256(json.dumps(key).encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return cache_dir() / "checks" / f"{digest}.json"
    except Exception:  # noqa: BLE001 - no cache is never an error
        return None


def read(key: Key) -> Config | None:
    """The cached content for exactly these files, or None."""
    path = _file(key)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != __version__ or data.get("key") != key:
            return None
        return _config(data["config"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(key: Key, config: Config) -> None:
    """Keep the content for next time (best effort, private, atomic)."""
    path = _file(key)
    if path is None:
        return
    try:
        from reflect.core.paths import ensure_private_dir, write_private_text

        ensure_private_dir(ensure_private_dir(path.parent.parent) / path.parent.name)
        payload = {"format": FORMAT, "version": __version__, "key": key, "config": _plain(config)}
        write_private_text(path, json.dumps(payload, ensure_ascii=False))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no error
        pass


def _plain(config: Config) -> dict[str, Any]:
    def entry(item: IdentifyingEntry | LanguageEntry) -> dict[str, Any]:
        plain = item._asdict()
        plain["path"] = str(item.path)
        return plain

    return {
        "groups": {name: [[t, str(p), n] for t, p, n in items] for name, items in config.groups.items()},
        "fragments": {name: [t, str(p), n] for name, (t, p, n) in config.fragments.items()},
        "identifying": [entry(e) for e in config.identifying],
        "language": [entry(e) for e in config.language],
        "name_lists": config.name_lists,
        "name_texts": config.name_texts,
        "sources": config.sources,
    }


def _config(data: dict[str, Any]) -> Config:
    paths: dict[str, Path] = {}

    def path(text: str) -> Path:
        known = paths.get(text)
        if known is None:
            known = paths[text] = Path(text)
        return known

    config = Config()
    config.groups = {name: [(t, path(p), n) for t, p, n in items] for name, items in data["groups"].items()}
    config.fragments = {name: (t, path(p), n) for name, (t, p, n) in data["fragments"].items()}
    config.identifying = [
        IdentifyingEntry(**{**e, "path": path(e["path"]), "needs": tuple(e["needs"])}) for e in data["identifying"]
    ]
    config.language = [_language(e) for e in data["language"]]
    config.name_lists = {key: list(value) for key, value in data["name_lists"].items()}
    config.name_texts = dict(data["name_texts"])
    config.sources = list(data["sources"])
    return config


def _language(e: dict[str, Any]) -> LanguageEntry:
    names = set(LanguageEntry._fields)
    if set(e) != names:
        raise KeyError("language entry fields changed")

    def phrases(value: Any) -> list[tuple[str, int]] | None:
        return None if value is None else [(text, line) for text, line in value]

    return LanguageEntry(
        **{
            **e,
            "path": Path(e["path"]),
            "match": phrases(e["match"]),
            "followed_by": phrases(e["followed_by"]),
            "unless": phrases(e["unless"]),
            "in_text": phrases(e["in_text"]),
            "under_16": tuple(e["under_16"]) if e["under_16"] is not None else None,
        }
    )
