"""Exports are written safely: never through a planted link, never over a device, never half-written (F2, F9).

``write_private_text`` writes a random, exclusively opened temporary file
beside the target and renames it into place; these tests plant what a
hostile local account could plant and check the user's data lands only
where the user asked, and that nothing is left behind when a write fails.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core import paths
from reflect.core.errors import StoreError
from reflect.core.paths import write_private_text
from reflect.core.store import Store

SECRET = "ZZSECRETREACTION"


def _store_with_secret(directory: Path) -> Path:
    """A store holding one case whose session has an answer only the export can carry."""
    with Store.open(directory) as s:
        case = s.create_case("PRIV-1")
        session = s.create_session(case.id, "preparation", "2026-11-20")
        s.save_answer(session.id, "voice.heard", SECRET)
    return directory


def _symlink(link: Path, target: Path) -> None:
    """Plant a symbolic link, or skip where the system will not make one (Windows without the privilege)."""
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_links_planted_at_guessable_temp_names_are_never_written_through(tmp_path, capsys):
    store = _store_with_secret(tmp_path / "store")
    shared = tmp_path / "shared"
    shared.mkdir()
    loot = shared / "loot"
    loot.write_text("someone else's file\n", encoding="utf-8")
    # the old temp name was .NAME.tmp-PID: plant a link there for this process and its neighbours
    pid = os.getpid()
    for guess in range(pid - 5, pid + 6):
        _symlink(shared / f".shared.yaml.tmp-{guess}", loot)
    target = shared / "shared.yaml"
    code, _, err = _run(capsys, "--data-dir", str(store), "export", "PRIV-1", "-o", str(target))
    assert code == 0, err
    assert loot.read_text(encoding="utf-8") == "someone else's file\n"
    assert not target.is_symlink() and stat.S_ISREG(target.lstat().st_mode)
    assert SECRET in target.read_text(encoding="utf-8")


def test_a_link_at_the_target_is_refused_and_its_file_untouched(tmp_path, capsys):
    store = _store_with_secret(tmp_path / "store")
    loot = tmp_path / "loot"
    loot.write_text("someone else's file\n", encoding="utf-8")
    target = tmp_path / "out" / "shared.yaml"
    target.parent.mkdir()
    _symlink(target, loot)
    code, _, err = _run(capsys, "--data-dir", str(store), "export", "PRIV-1", "-o", str(target), "--force")
    assert code == 2 and "symbolic link" in err and str(target) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert loot.read_text(encoding="utf-8") == "someone else's file\n"
    assert target.is_symlink()
    assert sorted(p.name for p in target.parent.iterdir()) == ["shared.yaml"], "temporary files left"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
@pytest.mark.parametrize("command", [["export", "PRIV-1"], ["note", "PRIV-1"]])
def test_a_special_file_is_refused_not_replaced(tmp_path, capsys, command):
    store = _store_with_secret(tmp_path / "store")
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / "pipe"
    os.mkfifo(fifo)
    code, _, err = _run(capsys, "--data-dir", str(store), *command, "-o", str(fifo), "--force")
    assert code == 2 and "not a plain file" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the pipe was replaced"
    assert [p.name for p in out.iterdir()] == ["pipe"], "temporary files left"


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        write_private_text(folder, "text")
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_a_failed_write_leaves_nothing_behind_and_the_old_file_whole(tmp_path):
    target = tmp_path / "note.md"
    target.write_text("old note\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_private_text(target, "half a note \udcff and then a character UTF-8 cannot hold")
    assert target.read_text(encoding="utf-8") == "old note\n"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"], "temporary files left"


def test_without_overwrite_a_file_that_appears_mid_write_is_kept(tmp_path, monkeypatch):
    """The check and the placing are one step: a file created during the write is never replaced."""
    target = tmp_path / "note.md"
    fill = paths._fill

    def fill_then_race(fd: int, text: str) -> None:
        fill(fd, text)
        target.write_text("appeared meanwhile\n", encoding="utf-8")

    monkeypatch.setattr(paths, "_fill", fill_then_race)
    with pytest.raises(getattr(paths, "TargetExists", StoreError)):
        write_private_text(target, "text", overwrite=False)
    assert target.read_text(encoding="utf-8") == "appeared meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"], "temporary files left"
