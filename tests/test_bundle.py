"""Bundles: export then import gives back every field, and bad files change nothing."""

from __future__ import annotations

import pytest
import yaml
from portable import assert_mode

from reflect.core.bundle import case_to_bundle, export_case, import_bundle, read_bundle
from reflect.core.errors import ConflictError, ReflectError
from reflect.core.store import Store


def fill(store: Store):
    ctx = {
        "age_band": "14-15",
        "harms": ["criminal exploitation", "online harm"],
        "moved": True,
        "home_area": "Northtown (fictional)",
        "placement_area": "Seaview (fictional)",
        "vignette": "Fictional.",
    }
    case = store.create_case("YP-A", ctx)
    s1 = store.create_session(case.id, "preparation", "2026-11-02")
    store.save_answer(s1.id, "voice.heard", "He said: 'nobody asks me'.\n# not a heading\n| pipe |")
    store.save_answer(s1.id, "voice.scale", 4)
    store.save_answer(s1.id, "peers.places", ["park", "school gate"])
    store.set_status(s1.id, "voice", "reflected")
    store.set_status(s1.id, "trauma", "set-aside", "Covered in last week's session")
    store.set_status(s1.id, "parents-partners", "not-relevant")
    store.set_flag(s1.id, "voice.heard", True)
    a = store.add_action(s1.id, "Ask school about the exclusion", "Social worker", "2026-11-20")
    store.add_action(s1.id, "Book a joint visit", "Youth worker", "", done=True, shared=True)
    store.save_summary(s1.id, "change-first", "The group at the park")
    store.dismiss_finding(s1.id, "voice.heard", "name:nobody asks")
    s2 = store.create_session(case.id, "supervision", "2026-11-10")
    store.update_action(a.id, review="not-done")
    store.save_answer(s2.id, "voice.sup", "Agreed to slow down – Ünïcode ✓ עברית 🙂")
    store.save_summary(s2.id, "review-date", "2026-12-10")
    return case


def test_round_trip_every_field(tmp_path):
    src = Store.open(tmp_path / "a")
    case = fill(src)
    out = tmp_path / "case.yaml"
    export_case(src, case, out)
    assert_mode(out, 0o600)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("reflect_bundle: 1\n")
    assert "date: 2026-11-02\n" in text  # dates are YAML dates in a bundle, not quoted text
    dst = Store.open(tmp_path / "b")
    imported = import_bundle(dst, out)
    assert case_to_bundle(dst, imported) == case_to_bundle(src, case)
    # and the shape is the documented one
    doc = yaml.safe_load(text)
    sess = doc["sessions"][0]
    assert set(sess) >= {"mode", "date", "answers", "status", "set_aside_reasons", "flags", "actions", "summary"}
    assert sess["actions"][0] == {
        "what": "Ask school about the exclusion",
        "who": "Social worker",
        "by": __import__("datetime").date(2026, 11, 20),
        "done": False,
        "share_with_family": False,
        "review": "not-done",
    }
    assert sess["actions"][1]["share_with_family"] is True


def test_existing_label_refused_unless_as_new(tmp_path):
    s = Store.open(tmp_path / "a")
    case = fill(s)
    out = tmp_path / "case.yaml"
    export_case(s, case, out)
    with pytest.raises(ConflictError, match="--as-new"):
        import_bundle(s, out)
    again = import_bundle(s, out, as_new=True)
    assert again.label == "YP-A (2)"
    assert len(s.list_sessions(again.id)) == 2


def test_extra_keys_are_accepted(tmp_path):
    f = tmp_path / "b.yaml"
    f.write_text(
        "reflect_bundle: 1\nfuture: yes\ncase: {label: YP-Z, context: {moved: false, new_key: 1}}\n"
        "sessions:\n  - {mode: workshop, date: 2026-11-20, colour: blue}\n"
    )
    data = read_bundle(f)
    assert data["label"] == "YP-Z" and data["sessions"][0]["mode"] == "workshop"


@pytest.mark.parametrize(
    "body, message",
    [
        ("reflect_bundle: 2\ncase: {label: X}\n", "version 2 is not supported"),
        ("case: {label: X}\n", "not a reflect bundle"),
        ("reflect_bundle: 1\n", "no 'case'"),
        (
            "reflect_bundle: 1\ncase: {label: X}\nsessions:\n  - {mode: chat, date: 2026-01-01}\n",
            "'mode' must be one of",
        ),
        ("reflect_bundle: 1\ncase: {label: X}\nsessions:\n  - {mode: preparation, date: someday}\n", "not a date"),
        (
            "reflect_bundle: 1\ncase: {label: X}\nsessions:\n"
            "  - mode: preparation\n    date: 2026-01-01\n    actions: [{who: me}]\n",
            "no 'what'",
        ),
        ("reflect_bundle: 1\ncase: [\n", "YAML error"),
    ],
)
def test_bad_bundles_name_file_and_line(tmp_path, body, message):
    f = tmp_path / "bad.yaml"
    f.write_text(body)
    with pytest.raises(ReflectError) as info:
        read_bundle(f)
    text = str(info.value)
    assert text.startswith(str(f)) and message in text and "\n" not in text


def test_unknown_prompt_refused_with_framework(tmp_path, framework):
    f = tmp_path / "b.yaml"
    f.write_text(
        "reflect_bundle: 1\ncase: {label: X}\nsessions:\n  - mode: preparation\n    date: 2026-01-01\n"
        "    answers: {no-such-prompt: hi}\n"
    )
    with pytest.raises(ReflectError, match=r":6: an answer to unknown prompt 'no-such-prompt'"):
        read_bundle(f, framework)


def _one_action(tmp_path, action: str):
    f = tmp_path / "b.yaml"
    f.write_text(
        "reflect_bundle: 1\ncase: {label: YP-S}\nsessions:\n"
        f"  - mode: supervision\n    date: 2026-11-20\n    actions:\n      - {action}\n",
        encoding="utf-8",
    )
    return f


@pytest.mark.parametrize(
    "action, shared",
    [
        ("{what: Ask the school for the CCTV, done: false}", False),  # a bundle from before the choice
        ("{what: Ask the school for the CCTV, share_with_family: false}", False),
        ("{what: Book the family meeting, share_with_family: true}", True),
    ],
)
def test_an_action_is_shared_with_the_family_only_when_the_bundle_says_so(tmp_path, action, shared):
    store = Store.open(tmp_path / "data")
    case = import_bundle(store, _one_action(tmp_path, action))
    [info] = store.list_sessions(case.id)
    [imported] = store.actions(info.id)
    assert imported.shared is shared


@pytest.mark.parametrize("value", ["maybe", "1", "'true'", "[]", "null"])
def test_a_bad_share_value_is_refused_in_one_line_and_imports_nothing(tmp_path, value):
    f = _one_action(tmp_path, f"{{what: Book the family meeting, share_with_family: {value}}}")
    store = Store.open(tmp_path / "data")
    with pytest.raises(ReflectError) as info:
        import_bundle(store, f)
    text = str(info.value)
    assert "'share_with_family' must be true or false" in text and text.startswith(f"{f}:7:") and "\n" not in text
    assert store.list_cases() == []
