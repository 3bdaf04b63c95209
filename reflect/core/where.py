"""``reflect where``: one screen an IT helpdesk can ask for.

Where the data really is (Microsoft Store Python quietly moves
``%LOCALAPPDATA%`` into its own package folder, and uninstalling that Python
deletes it), which store file, whether it is encrypted, which framework and
templates are in use, and the versions of everything that matters. It reads
nothing private (no case, no answer) and never fails: what it cannot find
out it says so on its line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reflect import __version__
from reflect.core.crypto_store import is_encrypted
from reflect.core.errors import ReflectError
from reflect.core.paths import DB_NAME, ENV_CACHE_DIR, ENV_DATA_DIR, cache_dir, data_dir, default_export_dir

#: folders that a cloud service copies off the machine (docs/privacy.md asks not to keep the store there)
SYNCED = ("onedrive", "dropbox", "icloud", "icloud drive", "mobile documents", "google drive", "box sync")


@dataclass
class Report:
    """The lines of ``reflect where``, in order, and any warnings under them."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.lines.append((label, value))

    def text(self) -> str:
        width = max(len(label) for label, _ in self.lines)
        out = [f"{label + ':':<{width + 1}}  {value}" for label, value in self.lines]
        out += [f"warning: {warning}" for warning in self.warnings]
        return "\n".join(out) + "\n"

    def to_json(self) -> dict[str, object]:
        """Keys in snake_case (``data_folder``, ``store_encrypted``) for scripts."""
        return {**{label.replace(" ", "_"): value for label, value in self.lines}, "warnings": self.warnings}


def report(explicit_data_dir: str | None = None, framework_dir: str | None = None) -> Report:
    """Gather the report; ``explicit_data_dir`` and ``framework_dir`` are the command line's options."""
    r = Report()
    r.add("reflect", __version__)
    r.add("python", f"{sys.version.split()[0]} at {sys.executable}")
    r.add("textual", _version_of("textual"))
    r.add("system", _system())
    _store_lines(r, explicit_data_dir)
    _framework_lines(r, framework_dir)
    r.add("cache folder", _shown(cache_dir()) + (f" (from {ENV_CACHE_DIR})" if os.environ.get(ENV_CACHE_DIR) else ""))
    r.add("export folder", _shown(default_export_dir()) + " (the app's first suggestion)")
    r.add("demo folders", _shown(Path(_tempdir())) + " (reflect-demo-*, removed when a demo closes)")
    settings = sorted(name for name in os.environ if name.startswith("REFLECT_"))
    r.add("settings", ", ".join(settings) if settings else "none (no REFLECT_* variables set)")
    _python_warnings(r)
    return r


def _store_lines(r: Report, explicit: str | None) -> None:
    folder = data_dir(explicit)
    source = "--data-dir" if explicit else ENV_DATA_DIR if os.environ.get(ENV_DATA_DIR) else "your user data folder"
    r.add("data folder", f"{_shown(folder)} (from {source})")
    db = folder / DB_NAME
    r.add("store file", f"{_shown(db)} ({_size(db)})")
    r.add("store encrypted", "yes (SQLCipher)" if db.exists() and is_encrypted(db) else "no")
    backups = _count(folder, DB_NAME + ".bak-*")
    if backups:
        r.add("upgrade backups", f"{backups} ({DB_NAME}.bak-N beside the store)")
    r.add("kept private by", _privacy(folder))
    text = str(folder).lower()
    if any(part.lower() in SYNCED for part in folder.parts) or "onedrive" in text:
        r.warnings.append("the data folder looks synchronised to a cloud service: the store would leave this computer")
    if text.startswith(("\\\\", "//")):
        r.warnings.append("the data folder is on a network share: SQLite cannot keep the store safe there")


def _framework_lines(r: Report, pack: str | None) -> None:
    from reflect.core.content import content_root

    try:
        from reflect.core.loader import load_framework

        fw = load_framework(pack)
    except ReflectError as exc:
        r.add("framework", f"does not load: {exc}")
        return
    kind = f"pack at {_shown(fw.root)}" if pack else f"built-in, at {_shown(content_root())}"
    r.add("framework", f"{fw.name} {fw.version} ({kind})")
    r.add("templates", "; ".join(_shown(d) for d in fw.template_dirs) or "none found")


def _python_warnings(r: Report) -> None:
    exe = sys.executable.lower()
    if "windowsapps" in exe or "pythonsoftwarefoundation" in exe:
        r.warnings.append(
            "this is the Microsoft Store's Python: it keeps the store inside its own package folder, "
            "and resetting or uninstalling that Python deletes it; ask IT for the python.org Python"
        )


def _privacy(folder: Path, windows: bool = os.name == "nt", home: Path | None = None) -> str:
    """How the folder is protected, in the system's own terms (``windows`` and ``home`` for the tests)."""
    if windows:
        home = home or Path.home()
        if _is_within(folder, home):
            return "your Windows user profile's permissions (you and the machine's administrators)"
        return f"only the permissions of that folder: it is outside your user profile ({_shown(home)})"
    try:
        mode = folder.stat().st_mode & 0o777
    except OSError:
        return "owner only (0700), once the folder is made"
    if mode & 0o077 == 0:
        return f"folder mode {mode:04o} (you only)"
    return f"folder mode {mode:04o} (others have access: reflect closes it down when it opens the store)"


def _is_within(path: Path, parent: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(parent))
    except ValueError:
        return False
    return True


def _shown(path: Path) -> str:
    """An absolute path, with links and Store redirections followed where the folder exists."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path)


def _size(db: Path) -> str:
    try:
        size = db.stat().st_size
    except FileNotFoundError:
        return "not made yet: the first case makes it"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"


def _count(folder: Path, pattern: str) -> int:
    try:
        return sum(1 for _ in folder.glob(pattern))
    except OSError:
        return 0


def _version_of(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def _system() -> str:
    import platform

    return f"{platform.system()} {platform.release()} ({platform.machine()})"


def _tempdir() -> str:
    import tempfile

    return tempfile.gettempdir()
