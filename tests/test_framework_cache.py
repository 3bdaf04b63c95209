"""The framework cache gives back exactly what reading the pack gives."""

import os
import shutil
from pathlib import Path

from portable import assert_mode

from reflect.core import framework_cache
from reflect.core.content import content_root
from reflect.core.loader import load_framework, stamp
from reflect.core.pack_parse import parse_pack


def test_round_trip_is_exact(tmp_path):
    root = content_root().resolve()
    fresh, problems = parse_pack(root)
    assert not problems
    framework_cache.write(root, stamp(root), fresh)
    again = framework_cache.read(root, stamp(root))
    assert again == fresh
    assert again.to_json() == fresh.to_json()
    assert again.prompt("trauma.my-wellbeing").private


def test_cache_file_is_private_and_data_only(tmp_path):
    root = content_root().resolve()
    framework_cache.write(root, stamp(root), parse_pack(root)[0])
    files = list((Path(os.environ["REFLECT_CACHE_DIR"]) / "frameworks").iterdir())
    assert len(files) == 1
    assert_mode(files[0], 0o600)
    assert files[0].read_text(encoding="utf-8").startswith("{")


def test_an_edited_pack_is_read_again(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(content_root() / "prompts", pack / "prompts")
    shutil.copy(content_root() / "principles.yaml", pack / "principles.yaml")
    first = load_framework(pack)
    text = (pack / "principles.yaml").read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1-local"')
    (pack / "principles.yaml").write_text(text + "\n", encoding="utf-8")
    assert first.version == "1.0" and load_framework(pack).version == "1.1-local"


def test_a_damaged_cache_is_ignored(tmp_path):
    root = content_root().resolve()
    framework_cache.write(root, stamp(root), parse_pack(root)[0])
    for f in (Path(os.environ["REFLECT_CACHE_DIR"]) / "frameworks").iterdir():
        f.write_text("{not json")
    assert framework_cache.read(root, stamp(root)) is None
