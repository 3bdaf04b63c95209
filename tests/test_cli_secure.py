"""reflect encrypt / decrypt / passphrase, and every command on an encrypted store (issue 18)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core import crypto_store

BUNDLE = """\
reflect_bundle: 1
case:
  label: YP-Q
  context: {age_band: 14-15, harms: [criminal exploitation], moved: false}
sessions:
  - mode: preparation
    date: 2026-11-20
    answers: {PROMPT: "QUINCE-she met them at the bus station"}
"""
PASS = "a long enough passphrase"
REAL_KEYRING_GET = crypto_store.keyring_get


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.delenv("REFLECT_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr(crypto_store, "_known", {})
    monkeypatch.setattr(crypto_store, "_prompt", None)
    monkeypatch.setattr(crypto_store, "keyring_get", lambda path: None)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def bundle(tmp_path: Path, framework) -> Path:
    prompt = next(p for s in framework.principles for p in s.prompts if p.kind == "text" and not p.private)
    path = tmp_path / "case.yaml"
    path.write_text(BUNDLE.replace("PROMPT", prompt.id), encoding="utf-8")
    return path


def test_without_the_extra_encrypt_says_what_to_install(capsys, monkeypatch, data_dir):
    monkeypatch.setattr(crypto_store, "available", lambda: False)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "encrypt")
    assert code == 2
    assert err.count("\n") == 1 and "pip install 'reflect[secure]'" in err
    assert not (data_dir / "reflect.db").exists()


def test_encrypt_import_note_and_a_wrong_passphrase(capsys, monkeypatch, tmp_path, data_dir, framework):
    pytest.importorskip("sqlcipher3")
    d = str(data_dir)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    code, _, err = run(capsys, "--data-dir", d, "encrypt")
    assert code == 0, err
    assert "cannot be recovered" in err
    code, _, err = run(capsys, "--data-dir", d, "import", str(bundle(tmp_path, framework)))
    assert code == 0, err
    # no answer's text in any file of the data folder, the log files included
    for path in data_dir.iterdir():
        assert b"QUINCE" not in path.read_bytes(), path.name
        assert b"YP-Q" not in path.read_bytes(), path.name
    monkeypatch.setattr(crypto_store, "_known", {})
    code, out, err = run(capsys, "--data-dir", d, "note", "YP-Q")
    assert code == 0, err
    assert "QUINCE" in out
    before = (data_dir / "reflect.db").read_bytes()
    monkeypatch.setattr(crypto_store, "_known", {})
    monkeypatch.setenv("REFLECT_PASSPHRASE", "the wrong one entirely")
    code, out, err = run(capsys, "--data-dir", d, "note", "YP-Q")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "does not open this store" in err
    assert "YP-Q" not in err and "QUINCE" not in err
    assert (data_dir / "reflect.db").read_bytes() == before


def test_no_passphrase_and_no_terminal_says_how_to_give_one(capsys, monkeypatch, data_dir):
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert run(capsys, "--data-dir", str(data_dir), "encrypt")[0] == 0
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    monkeypatch.setattr(crypto_store, "_known", {})
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases")
    assert code == 2
    assert err.count("\n") == 1 and "encrypted: give the passphrase" in err and "REFLECT_PASSPHRASE" in err


def test_the_hidden_prompt_is_used_in_a_terminal(capsys, monkeypatch, data_dir):
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert run(capsys, "--data-dir", str(data_dir), "encrypt")[0] == 0
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    monkeypatch.setattr(crypto_store, "_known", {})
    asked: list[str] = []
    monkeypatch.setattr("reflect.cli_secure.sys.stdin", type("Tty", (), {"isatty": staticmethod(lambda: True)})())
    monkeypatch.setattr("reflect.cli_secure.getpass.getpass", lambda prompt: asked.append(prompt) or PASS)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "cases")
    assert code == 0, err
    assert asked == ["Passphrase for the store: "]


def test_passphrase_change_and_decrypt(capsys, monkeypatch, tmp_path, data_dir, framework):
    pytest.importorskip("sqlcipher3")
    d = str(data_dir)
    run(capsys, "--data-dir", d, "import", str(bundle(tmp_path, framework)))
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert run(capsys, "--data-dir", d, "encrypt")[0] == 0
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "another long passphrase")
    monkeypatch.setattr(crypto_store, "_known", {})
    code, _, err = run(capsys, "--data-dir", d, "passphrase")
    assert code == 0, err
    monkeypatch.setattr(crypto_store, "_known", {})
    code, _, err = run(capsys, "--data-dir", d, "decrypt")  # the old passphrase no longer opens it
    assert code == 2 and "does not open" in err
    monkeypatch.setenv("REFLECT_PASSPHRASE", "another long passphrase")
    code, _, err = run(capsys, "--data-dir", d, "decrypt")
    assert code == 0, err
    assert not crypto_store.is_encrypted(data_dir / "reflect.db")
    code, out, _ = run(capsys, "--data-dir", d, "cases")
    assert code == 0 and "YP-Q" in out


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["encrypt"], {"REFLECT_PASSPHRASE": "short"}, "too short"),
        (["decrypt"], {}, "no store here yet"),
        (["passphrase"], {}, "not encrypted"),
    ],
)
def test_bad_requests_are_one_line(capsys, monkeypatch, data_dir, argv, env, expected):
    pytest.importorskip("sqlcipher3")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, _, err = run(capsys, "--data-dir", str(data_dir), *argv)
    assert code == 2
    assert err.count("\n") == 1 and expected in err


class FakeKeyring:
    """Stands in for the ``keyring`` package (no system keyring is touched by tests)."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}
        self.errors = type("errors", (), {"PasswordDeleteError": KeyError, "KeyringError": RuntimeError})

    def get_password(self, service, name):
        return self.saved.get((service, name))

    def set_password(self, service, name, value):
        self.saved[(service, name)] = value

    def delete_password(self, service, name):
        del self.saved[(service, name)]


def test_remember_keeps_the_passphrase_in_the_keyring_and_forget_takes_it_out(capsys, monkeypatch, data_dir):
    pytest.importorskip("sqlcipher3")
    fake = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.setattr(crypto_store, "keyring_get", REAL_KEYRING_GET)  # the fixture had turned it off
    d = str(data_dir)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert run(capsys, "--data-dir", d, "encrypt", "--remember")[0] == 0
    assert list(fake.saved.values()) == [PASS]
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    monkeypatch.setattr(crypto_store, "_known", {})
    code, out, err = run(capsys, "--data-dir", d, "cases")  # no prompt, no variable: the keyring has it
    assert code == 0, err
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "the second passphrase")
    assert run(capsys, "--data-dir", d, "passphrase")[0] == 0  # a new passphrase: the keyring follows
    assert list(fake.saved.values()) == ["the second passphrase"]
    assert run(capsys, "--data-dir", d, "passphrase", "--forget")[0] == 0
    assert fake.saved == {}
    monkeypatch.setattr(crypto_store, "_known", {})
    code, _, err = run(capsys, "--data-dir", d, "cases")
    assert code == 2 and "give the passphrase" in err
    monkeypatch.setenv("REFLECT_PASSPHRASE", "the second passphrase")
    assert run(capsys, "--data-dir", d, "passphrase", "--remember")[0] == 0  # remember it again, unchanged
    assert list(fake.saved.values()) == ["the second passphrase"]
