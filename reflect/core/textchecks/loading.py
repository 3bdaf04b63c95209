"""Which ``checks.yaml`` files apply, and their rules read once per version of the files.

The built-in list always applies; a pack's own is added unless the pack *is*
the built-in content. That is decided by comparing resolved paths, so an
installed copy reached through a symlink is still recognised (one rule, here,
where five callers used to decide it each in their own way).

Rules are kept per (files, their modification times, vocabulary): asking
again is a few ``stat`` calls, an edited file is read again, and everyone
asking for the same rules gets the same object, so they share its memory of
results. The app asks from a worker thread, hence the lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from reflect.core.content import content_root
from reflect.core.textchecks.build import build_rules
from reflect.core.textchecks.config import CHECKS_FILE, Config, read
from reflect.core.textchecks.rules import Rules

RULES_KEPT = 16

_Stamp = tuple[int, ...] | tuple[str]
_Key = tuple[str, _Stamp, str, _Stamp, tuple[str, ...]]

_loaded: OrderedDict[_Key, Rules] = OrderedDict()
_lock = threading.Lock()


def builtin_checks() -> Path:
    return content_root() / CHECKS_FILE


def pack_checks(pack_dir: Path | str | None) -> Path | None:
    """A pack's own ``checks.yaml``, unless there is none or the pack is the built-in content."""
    if pack_dir is None:
        return None
    candidate = Path(pack_dir) / CHECKS_FILE
    if not candidate.is_file():
        return None
    try:
        same = candidate.resolve() == builtin_checks().resolve()
    except OSError:  # pragma: no cover - a path that cannot be resolved is not the built-in one
        same = False
    return None if same else candidate


def load(pack_dir: Path | str | None, vocabulary: Iterable[str]) -> Rules:
    """The built-in checks plus a pack's own (added), read and built once per version of the files."""
    builtin = builtin_checks()
    pack = pack_checks(pack_dir)
    key: _Key = (
        str(builtin),
        _stamp(builtin),
        str(pack) if pack else "",
        _stamp(pack),
        tuple(str(v) for v in vocabulary if v),
    )
    with _lock:
        rules = _loaded.get(key)
        if rules is None:
            rules = _build(builtin, pack, key[4], (key[1], key[3]))
            _loaded[key] = rules
            while len(_loaded) > RULES_KEPT:
                _loaded.popitem(last=False)
        else:
            _loaded.move_to_end(key)
        return rules


def loaded() -> list[Rules]:
    """Every set of rules kept (to forget their results)."""
    with _lock:
        return list(_loaded.values())


def _build(builtin: Path, pack: Path | None, vocabulary: tuple[str, ...], stamps: tuple[_Stamp, _Stamp]) -> Rules:
    from reflect.core.textchecks import cache

    key: cache.Key = [[str(builtin), *stamps[0]], [str(pack or ""), *stamps[1]]]
    config = cache.read(key) if stamps[0] and stamps[0] != ("missing",) else None
    if config is None:
        config = Config()
        config.add(builtin, read(builtin), is_pack=False)
        if pack is not None:
            config.add(pack, read(pack), is_pack=True)
        # only sound files are kept; a pack's patterns are checked as they are built, below
        rules = build_rules(config, vocabulary)
        cache.write(key, config)
        return rules
    return build_rules(config, vocabulary)


def _stamp(path: Path | None) -> _Stamp:
    if path is None:
        return ()
    try:
        st = path.stat()
    except OSError:
        return ("missing",)
    return (st.st_mtime_ns, st.st_size)
