"""Two copies of reflect on one store (two terminals): nothing corrupt, nothing lost silently.

If both copies edit the same answer the later save wins, and the copy whose
text was replaced is told (``SaveResult.conflict`` with the other text in
``overwritten``), so the app can show it. Checked with two connections in one
process, with two processes writing at once, and with two Pilot-driven apps.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys

import pytest

from reflect.core.errors import ReflectError
from reflect.core.store import Store


@pytest.fixture
def shared(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A")
        sid = s.create_session(case.id, "preparation", "2026-11-01").id
    a, b = Store.open(data), Store.open(data)
    yield a, b, sid, data
    a.close()
    b.close()


def test_same_answer_later_save_wins_and_the_other_copy_is_told(shared):
    a, b, sid, _ = shared
    seen_by_a = a.get_session(sid).answer_revs.get("p.x", 0)
    seen_by_b = b.get_session(sid).answer_revs.get("p.x", 0)
    first = a.save_answer(sid, "p.x", "what A typed", base_rev=seen_by_a)
    assert not first.conflict and first.rev == 1
    second = b.save_answer(sid, "p.x", "what B typed", base_rev=seen_by_b)
    assert second.conflict, "B replaced A's words without being told"
    assert second.overwritten == "what A typed"
    assert a.answer(sid, "p.x") == ("what B typed", 2)
    # A keeps typing from what it last saw: now A is told about B's words
    third = a.save_answer(sid, "p.x", "what A typed, and more", base_rev=first.rev)
    assert third.conflict and third.overwritten == "what B typed"
    # no conflict once a copy has caught up
    fourth = a.save_answer(sid, "p.x", "A again", base_rev=third.rev)
    assert not fourth.conflict and fourth.overwritten is None


def test_conflict_on_lists_and_numbers_returns_the_other_value(shared):
    a, b, sid, _ = shared
    a.save_answer(sid, "p.list", ["one", "two"], base_rev=0)
    result = b.save_answer(sid, "p.list", ["three"], base_rev=0)
    assert result.conflict and result.overwritten == ["one", "two"]
    a.save_answer(sid, "p.n", 3, base_rev=0)
    result = b.save_answer(sid, "p.n", 5, base_rev=0)
    assert result.conflict and result.overwritten == 3


def test_clearing_an_answer_another_copy_changed_is_a_conflict(shared):
    a, b, sid, _ = shared
    a.save_answer(sid, "p.x", "first", base_rev=0)
    seen = b.answer(sid, "p.x")[1]
    a.save_answer(sid, "p.x", "A's newer words", base_rev=seen)
    result = b.save_answer(sid, "p.x", "", base_rev=seen)
    assert result.conflict and result.overwritten == "A's newer words"


def test_clear_and_retype_in_one_copy_is_not_lost_by_the_other(shared):
    """The other copy cleared the answer and typed it afresh: its revision must not
    start again from where this copy last saw it (or this copy's save would
    replace the new words without a word)."""
    a, b, sid, _ = shared
    first = a.save_answer(sid, "p.x", "A's first words", base_rev=0)
    b_seen = b.answer(sid, "p.x")[1]
    cleared = b.save_answer(sid, "p.x", "", base_rev=b_seen)
    assert not cleared.conflict
    assert b.answer(sid, "p.x")[0] is None and "p.x" not in b.get_session(sid).answers
    retyped = b.save_answer(sid, "p.x", "B's new words", base_rev=cleared.rev)
    assert not retyped.conflict
    late = a.save_answer(sid, "p.x", "A carries on", base_rev=first.rev)
    assert late.conflict, "A replaced B's new words silently"
    assert late.overwritten == "B's new words"


def test_a_cleared_answer_is_gone_from_records_and_bundles(shared):
    a, _, sid, _ = shared
    a.save_answer(sid, "p.x", "soon gone")
    result = a.save_answer(sid, "p.x", "")
    record = a.get_session(sid)
    assert "p.x" not in record.answers and record.answer_revs.get("p.x") == result.rev
    from reflect.core.bundle import case_to_bundle

    bundle = case_to_bundle(a, a.get_case("YP-A"))
    assert bundle["sessions"][0]["answers"] == {}


def test_different_answers_from_two_copies_are_all_kept(shared):
    a, b, sid, data = shared
    for i in range(30):
        a.save_answer(sid, f"a.{i}", f"A {i}", base_rev=0)
        b.save_answer(sid, f"b.{i}", f"B {i}", base_rev=0)
    a.add_action(sid, "from A")
    b.add_action(sid, "from B")
    a.set_status(sid, "p-one", "reflected")
    b.set_flag(sid, "a.3", True)
    with Store.open(data) as c:
        rec = c.get_session(sid)
    assert len(rec.answers) == 60
    assert sorted(x.what for x in rec.actions) == ["from A", "from B"]
    assert rec.status == {"p-one": "reflected"} and rec.flags == ["a.3"]


def test_a_copy_can_tell_that_the_other_saved(shared):
    a, b, sid, _ = shared
    before = a.data_version()
    assert a.data_version() == before
    b.save_answer(sid, "p.x", "B")
    assert a.data_version() != before
    assert a.answer(sid, "p.x")[0] == "B"


def test_deleting_a_case_while_another_copy_is_open(shared, tmp_path):
    a, b, sid, data = shared
    b.save_answer(sid, "p.x", "secret words that must go")
    case = a.get_case("YP-A")
    a.delete_case(case.id)
    assert b.list_cases() == []
    with pytest.raises(ReflectError, match="no session"):
        b.get_session(sid)
    for path in data.iterdir():
        assert b"secret words that must go" not in path.read_bytes(), path.name


# --------------------------------------------------------------------------- two processes


def _writer(data: str, sid: int, who: str, count: int, queue) -> None:
    """One copy of reflect: saves its own answers and a shared one, as fast as it can."""
    from reflect.core.store import Store

    results = []
    errors = []
    with Store.open(data) as store:
        base = 0
        for i in range(count):
            try:
                store.save_answer(sid, f"{who}.{i}", f"{who} answer {i}")
                value = f"{who} edit {i}"
                r = store.save_answer(sid, "shared", value, base_rev=base)
                base = r.rev
                results.append((r.rev, who, value, r.conflict, r.overwritten))
                if i % 10 == 0:
                    store.add_action(sid, f"{who} action {i}")
            except Exception as exc:  # reported, not raised: the parent checks
                errors.append(f"{type(exc).__name__}: {exc}")
    queue.put((who, results, errors))


def test_two_processes_writing_at_once(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A")
        sid = s.create_session(case.id, "preparation", "2026-11-01").id
    count = 120
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(data), sid, who, count, queue)) for who in ("A", "B")]
    for p in procs:
        p.start()
    reports = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for who, _, errors in reports:
        assert errors == [], f"copy {who} failed to save: {errors[:3]}"

    # nothing lost: every answer of both copies is there, and the file is sound
    with Store.open(data) as s:
        rec = s.get_session(sid)
        assert s._read("PRAGMA integrity_check")[0][0] == "ok"
    for who in ("A", "B"):
        for i in range(count):
            assert rec.answers[f"{who}.{i}"] == f"{who} answer {i}"
    assert len([x for x in rec.actions]) == 2 * len(range(0, count, 10))

    # the shared answer: revisions form one unbroken history, and every time the
    # writer changed hands the new writer was told what it replaced
    saves = sorted((r for _, results, _ in reports for r in results), key=lambda r: r[0])
    assert [r[0] for r in saves] == list(range(1, 2 * count + 1))
    handovers = 0
    for previous, current in zip(saves, saves[1:], strict=False):
        if previous[1] != current[1]:
            handovers += 1
            assert current[3], f"rev {current[0]}: {current[1]} replaced {previous[1]}'s text silently"
            assert current[4] == previous[2]
        else:
            assert not current[3], f"rev {current[0]}: a false conflict"
    assert rec.answers["shared"] == saves[-1][2]
    assert handovers >= 1


def test_a_long_write_in_one_copy_does_not_fail_the_other(tmp_path):
    """A copy that holds the write lock briefly (e.g. a big import) makes the other wait, not fail."""
    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A")
        sid = s.create_session(case.id, "preparation", "2026-11-01").id
    blocker = sqlite3.connect(data / "reflect.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    import threading

    timer = threading.Timer(0.5, lambda: blocker.execute("COMMIT"))
    timer.start()
    try:
        with Store.open(data) as s:
            s.save_answer(sid, "p.x", "waited for the other copy")
            assert s.answer(sid, "p.x")[0] == "waited for the other copy"
    finally:
        timer.join()
        blocker.close()


# --------------------------------------------------------------------------- two apps (Pilot)


async def _open_first_question(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the case (the case list has the focus)
    await pilot.pause()
    await pilot.press("enter")  # its session
    for _ in range(20):
        await pilot.pause(0.05)
        if type(app.screen).__name__ == "SessionScreen" and app.focused is not None:
            break


async def _wait_saved(store_dir, sid, pid, expected, timeout=5.0):
    import asyncio

    for _ in range(int(timeout / 0.05)):
        with Store.open(store_dir) as s:
            if s.answer(sid, pid)[0] == expected:
                return True
        await asyncio.sleep(0.05)
    return False


async def test_two_apps_editing_the_same_answer(tmp_path, framework):
    """Two copies of the app, both on the same question: the later save wins and its
    copy says so, showing the other copy's words; nothing is lost without a word."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A")
        sid = s.create_session(case.id, "preparation", "2026-11-01").id
    pid = framework.principles[0].prompts_for("preparation")[0].id
    store_a, store_b = Store.open(data), Store.open(data)
    app_a = ReflectApp(store_a, framework, AppOptions(cursor_blink=False))
    app_b = ReflectApp(store_b, framework, AppOptions(cursor_blink=False))
    notes_b: list[str] = []
    notes_a: list[str] = []
    real_b, real_a = app_b.notify, app_a.notify
    app_b.notify = lambda message, *a, **k: (notes_b.append(str(message)), real_b(message, *a, **k))[1]
    app_a.notify = lambda message, *a, **k: (notes_a.append(str(message)), real_a(message, *a, **k))[1]
    try:
        async with app_a.run_test(size=(120, 40)) as pilot_a, app_b.run_test(size=(120, 40)) as pilot_b:
            await _open_first_question(app_a, pilot_a)
            await _open_first_question(app_b, pilot_b)
            assert type(app_a.screen).__name__ == "SessionScreen" == type(app_b.screen).__name__
            await pilot_a.press(*"From A")
            assert await _wait_saved(data, sid, pid, "From A")
            await pilot_b.press(*"From B")
            assert await _wait_saved(data, sid, pid, "From B"), "B's later save did not win"
            await pilot_b.pause(0.2)
            told = [m for m in notes_b if "From A" in m]
            assert told, f"B replaced A's words without telling its user: {notes_b}"
            # A carries on typing: now A is told about B's words
            await pilot_a.press(*", more")
            assert await _wait_saved(data, sid, pid, "From A, more")
            await pilot_a.pause(0.2)
            assert [m for m in notes_a if "From B" in m], f"A was not told: {notes_a}"
    finally:
        store_a.close()
        store_b.close()
