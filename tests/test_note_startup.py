"""``reflect note`` starts fast because it does only what it needs (issue 21): behaviour, never timing.

What would quietly slow every note if it came back: the built-in checks
writing out (and compiling) every rule's pattern before any text needs it, a
note importing PyYAML although the framework and the checks come from the
cache, the session model or the notes contract imported for nothing, and
the cycle collector running over a command that ends in a moment.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect import oneshot
from reflect.core.textchecks import scan
from reflect.core.textchecks.build import build_rules
from reflect.core.textchecks.config import Config, read
from reflect.core.textchecks.loading import builtin_checks

REPO = Path(__file__).resolve().parents[1]


def fresh_builtin():
    config = Config()
    config.add(builtin_checks(), read(builtin_checks()), is_pack=False)
    return build_rules(config, ())


def regexes(rules):
    for pattern in rules.identifying:
        yield pattern.regex
    for rule in rules.language:
        yield from (r for r in (rule.regex, rule.followed_by, rule.unless, rule.in_text) if r is not None)


# --------------------------------------------------------------------------- the checks: nothing before a text needs it


def test_built_in_rules_write_out_no_pattern_until_a_text_needs_it():
    rules = fresh_builtin()
    assert not any(regex.made or regex.compiled for regex in regexes(rules))
    scan("She was described as streetwise by the school.", rules)
    made = {rule.id for rule in rules.language if rule.regex.made}
    assert made and len(made) < len(rules.language) // 4, made  # only rules that might match, or cannot tell
    assert all(rule.regex.compiled for rule in rules.language if rule.regex.made)
    rules.check()  # reflect check still sees every pattern
    assert all(regex.made and regex.compiled for regex in regexes(rules))


def test_a_pattern_written_out_later_is_the_one_written_out_now():
    later, now = fresh_builtin(), fresh_builtin().check()
    for a, b in zip(regexes(later), regexes(now), strict=True):
        assert (a.source, a.parts, a.flags, a.line) == (b.source, b.parts, b.flags, b.line)


def test_a_packs_own_rule_is_written_out_and_checked_as_it_is_read(tmp_path):
    pack = tmp_path / "checks.yaml"
    pack.write_text(
        "language:\n  - id: bad-apple\n    match: ['bad apple']\n    suggestion: describe it\n    reason: a label\n",
        encoding="utf-8",
    )
    config = Config()
    config.add(builtin_checks(), read(builtin_checks()), is_pack=False)
    config.add(pack, read(pack), is_pack=True)
    rules = build_rules(config, ())
    own = next(rule for rule in rules.language if rule.id == "bad-apple")
    assert own.regex.made and own.regex.compiled and own.regex.guarded
    assert not any(rule.regex.made for rule in rules.language if rule.id != "bad-apple")


# --------------------------------------------------------------------------- the note: imports only what it runs

PROBE = """
import json, sys
from reflect.cli import main
code = main(["note", "YP-A"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_note_from_the_cache_imports_no_yaml_nor_the_session_model(store, data_dir):
    store.import_case(
        "YP-A",
        {"age_band": "14-15"},
        [{"mode": "supervision", "date": "2026-11-09", "answers": {}, "summary": {}}],
    )
    store.close()
    env = {**os.environ, "REFLECT_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    runs = [
        subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=REPO, check=True)
        for _ in range(2)  # the first fills the caches, the second is every note after it
    ]
    first, second = (json.loads(run.stdout.strip().splitlines()[-1]) for run in runs)
    assert first["code"] == second["code"] == 0
    assert "yaml" in first["modules"]  # the first run read the YAML files ...
    never = {"yaml", "reflect.core.pack_parse", "reflect.core.safeyaml"}  # ... the second from the cache
    never |= {"reflect.core.session.model", "reflect.core.session.changes", "reflect.core.notes.contract"}
    never |= {"textual", "regex", "phonenumbers"}
    assert never.isdisjoint(second["modules"]), never & set(second["modules"])


def test_the_session_packages_names_still_resolve():
    from reflect.core import session

    assert session.SessionModel.__name__ == "SessionModel"
    assert session.ACTIONS_STEP and session.Change and session.format_answer
    assert set(session.__all__) <= set(dir(session)) | set(session._HOME)
    with pytest.raises(AttributeError):
        session.no_such_name  # noqa: B018


# --------------------------------------------------------------------------- no cycle collection for a one-shot command


def test_a_one_shot_command_runs_without_the_collector_and_gives_it_back():
    assert gc.isenabled()
    with oneshot.one_shot("note"):
        assert not gc.isenabled()
    assert gc.isenabled()  # a test process (or the app) gets its collector back
    assert oneshot._freeze_at_exit[0]  # and the freeze waits for the process's end


def test_long_running_commands_keep_the_collector():
    for command in ("serve", None):
        with oneshot.one_shot(command):
            assert gc.isenabled()


def test_the_collector_comes_back_when_a_command_fails():
    with pytest.raises(RuntimeError), oneshot.one_shot("export"):
        raise RuntimeError("boom")
    assert gc.isenabled()
