"""A page of a case's sessions, newest first, and the few rows the case screen reads (issue 21)."""

from __future__ import annotations

from reflect.core.session_page import count_sessions, latest_sessions, session_page, sessions_by_id
from reflect.core.store import Store


def _case(store: Store, label: str, modes_and_dates: list[tuple[str, str]]) -> tuple[int, list[int]]:
    case = store.create_case(label)
    return case.id, [store.create_session(case.id, mode, on=day).id for mode, day in modes_and_dates]


def test_a_page_is_the_newest_sessions_newest_first_with_the_total(tmp_path):
    with Store.open(tmp_path) as store:
        days = [f"2026-01-{d:02d}" for d in (5, 1, 9, 3, 7)]
        case_id, ids = _case(store, "YP-A", [("preparation", d) for d in days])
        _case(store, "YP-B", [("preparation", "2026-02-01")])  # another case's session is never counted
        page = session_page(store, case_id, 3)
        assert [s.date for s in page.sessions] == ["2026-01-09", "2026-01-07", "2026-01-05"]
        assert (page.total, page.hidden) == (5, 2)
        whole = session_page(store, case_id, 50)
        assert [s.id for s in whole.sessions] == [s.id for s in reversed(store.list_sessions(case_id))]
        assert (whole.total, whole.hidden) == (5, 0)
        assert count_sessions(store, case_id) == 5


def test_sessions_on_the_same_day_go_by_when_they_were_made(tmp_path):
    with Store.open(tmp_path) as store:
        case_id, ids = _case(store, "YP-A", [("preparation", "2026-01-05")] * 3)
        assert [s.id for s in session_page(store, case_id, 2).sessions] == [ids[2], ids[1]]


def test_an_empty_case_has_an_empty_page(tmp_path):
    with Store.open(tmp_path) as store:
        case_id, _ = _case(store, "YP-A", [])
        page = session_page(store, case_id, 50)
        assert (page.sessions, page.total, page.hidden) == ([], 0, 0)


def test_latest_sessions_leave_out_a_mode(tmp_path):
    with Store.open(tmp_path) as store:
        case_id, ids = _case(
            store,
            "YP-A",
            [("preparation", "2026-01-01"), ("supervision", "2026-01-02"), ("workshop", "2026-01-03")],
        )
        assert [s.id for s in latest_sessions(store, case_id, 2, skip_mode="workshop")] == [ids[1], ids[0]]
        assert [s.id for s in latest_sessions(store, case_id, 2)] == [ids[2], ids[1]]


def test_sessions_by_id_reads_only_those_asked_for(tmp_path):
    with Store.open(tmp_path) as store:
        case_id, ids = _case(store, "YP-A", [("preparation", f"2026-01-{d:02d}") for d in range(1, 8)])
        found = sessions_by_id(store, [ids[1], ids[4], ids[4], 99999])
        assert sorted(found) == sorted([ids[1], ids[4]])
        assert found[ids[4]].date == "2026-01-05"
        many = sessions_by_id(store, list(range(1, 1200)))  # more ids than one query binds
        assert sorted(many) == sorted(ids)
        assert sessions_by_id(store, []) == {}
