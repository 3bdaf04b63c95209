"""Load a framework pack, from the private cache when it has not changed.

Every command and the app load the framework on start, and reading a pack's
YAML costs more than the rest of ``reflect note``. This module is the one
place that puts :mod:`reflect.core.framework_cache` in front of
:func:`reflect.core.pack_parse.parse_pack`, so the framework module itself
stays a leaf that knows nothing of caches.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reflect.core import framework_cache
from reflect.core.content import content_root
from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.framework_cache import Stamp


def load_framework(pack_dir: Path | str | None = None) -> Framework:
    """Load and validate a pack (default: the built-in content).

    Raises :class:`ReflectError` with the first problem, pointing at
    ``reflect check`` for the full list.
    """
    root = (Path(pack_dir) if pack_dir else content_root()).resolve()
    return _load_cached(root, stamp(root))


def stamp(root: Path) -> Stamp:
    """Names, modification times and sizes of a pack's files, so an edited pack is read again."""
    try:
        files = [root / "principles.yaml", *sorted((root / "prompts").glob("*.y*ml"))]
        return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())
    except OSError:
        return ()


@lru_cache(maxsize=4)
def _load_cached(root: Path, pack_stamp: Stamp) -> Framework:
    """One read per pack and stamp in a process; the cache file spares the read across processes."""
    cached = framework_cache.read(root, pack_stamp)
    if cached is not None:
        return cached
    # only now: parsing imports PyYAML, which a run served from the cache never needs
    from reflect.core.pack_parse import parse_pack

    framework, problems = parse_pack(root)
    if framework is None:
        extra = f" (and {len(problems) - 1} more: run 'reflect check --framework {root}')" if len(problems) > 1 else ""
        raise ReflectError(problems[0] + extra)
    framework_cache.write(root, pack_stamp, framework)
    return framework
