"""A validated framework kept between runs, so every command starts fast.

Only :mod:`reflect.core.loader` uses this module; the framework itself knows
nothing of it.

Reading and checking a pack (a dozen YAML files, over a hundred prompts) costs
more than the rest of ``reflect note``. Once a pack has been read and found
sound, its plain data is written as JSON to the private cache folder, keyed
by the pack's folder, the files' sizes and modification times, and reflect's
version. Any change to the pack, or a new reflect, reads the YAML again. JSON
rather than pickle: a cache file can only ever hold data, never code. Any
problem with the cache is ignored and the pack is simply read again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.core.framework import Evidence, Framework, KeyIdea, Lens, Prompt, Step, SummaryField

FORMAT = 2  # 2: prompts carry depth and replaces

#: (file name, modification time in ns, size) of each file of a pack: the cache key besides the folder
Stamp = tuple[tuple[str, int, int], ...]


def _file(root: Path) -> Path | None:
    try:
        from reflect.core.paths import cache_dir

        key = hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return cache_dir() / "frameworks" / f"{key}.json"
    except Exception:  # noqa: BLE001 - no cache is never an error
        return None


def _stamp_key(stamp: Stamp) -> list[list[str | int]]:
    return [list(item) for item in stamp]


def read(root: Path, stamp: Stamp) -> Framework | None:
    """The cached framework for this exact pack, or None."""
    path = _file(root)
    if path is None or not stamp:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != __version__:
            return None
        if data.get("root") != str(root) or data.get("stamp") != _stamp_key(stamp):
            return None
        return _framework(data["framework"], root)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(root: Path, stamp: Stamp, framework: Framework) -> None:
    """Keep a sound framework for next time (best effort, private, atomic)."""
    path = _file(root)
    if path is None or not stamp:
        return
    try:
        from reflect.core.paths import ensure_private_dir, write_private_text

        ensure_private_dir(ensure_private_dir(path.parent.parent) / path.parent.name)
        payload = {
            "format": FORMAT,
            "version": __version__,
            "root": str(root),
            "stamp": _stamp_key(stamp),
            "framework": _plain(framework),
        }
        write_private_text(path, json.dumps(payload, ensure_ascii=False))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no error
        try:
            os.unlink(f"{path}.tmp-{os.getpid()}")
        except OSError:
            pass


def _plain(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "name": framework.name,
        "version": framework.version,
        "principles": [asdict(s) for s in framework.principles],
        "tracks": [asdict(s) for s in framework.tracks],
        "lenses": [asdict(lens) for lens in framework.lenses],
        "summary_fields": [asdict(f) for f in framework.summary_fields],
    }


def _prompt(d: dict[str, Any]) -> Prompt:
    d = dict(d)
    d["modes"] = tuple(d["modes"])
    d["options"] = tuple(d["options"])
    d["scale"] = tuple(d["scale"]) if d["scale"] is not None else None
    d["replaces"] = tuple(d.get("replaces", ()))
    return Prompt(**d)


def _step(d: dict[str, Any]) -> Step:
    d = dict(d)
    for name in ("asks", "tensions", "links", "often_missed"):
        d[name] = tuple(d[name])
    d["key_ideas"] = tuple(KeyIdea(**k) for k in d["key_ideas"])
    d["evidence"] = tuple(Evidence(**e) for e in d["evidence"])
    d["prompts"] = tuple(_prompt(p) for p in d["prompts"])
    return Step(**d)


def _framework(d: dict[str, Any], root: Path) -> Framework:
    return Framework(
        id=d["id"],
        name=d["name"],
        version=d["version"],
        root=root,
        principles=tuple(_step(s) for s in d["principles"]),
        tracks=tuple(_step(s) for s in d["tracks"]),
        lenses=tuple(Lens(**lens) for lens in d["lenses"]),
        summary_fields=tuple(SummaryField(**{**f, "modes": tuple(f["modes"])}) for f in d["summary_fields"]),
    )
