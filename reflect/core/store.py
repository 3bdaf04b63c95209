"""The user's cases and sessions, in one private SQLite file.

Every change is its own transaction and is on disk when the call returns, so
closing the terminal never loses what was typed. The file is 0600 in a 0700
folder; WAL mode lets two copies of the app share it; a schema version and
migrations (with a backup copy first) keep old stores readable.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core import crypto_store, db_file
from reflect.core.errors import ConflictError, ReflectError, StoreError
from reflect.core.models import Case, CaseSummary, SaveResult, SessionInfo, SessionRecord
from reflect.core.paths import FILE_MODE
from reflect.core.store_actions import ActionStore, insert_actions
from reflect.core.store_actions import rowid as _rowid
from reflect.core.validate import check_date, check_label, clean_text, clean_value, now
from reflect.core.words import MODES, STATUSES

if TYPE_CHECKING:  # Python 3.10 has no typing.Self; only the type checker needs it
    from typing_extensions import Self


class Store(ActionStore):
    """All reads and writes of the user's data (the file itself is ``Database``'s, the actions ``ActionStore``'s)."""

    # ------------------------------------------------------------------ cases

    def create_case(self, label: str, context: dict[str, Any] | None = None) -> Case:
        label = check_label(label)
        if self.find_case(label) is not None:
            raise ConflictError(f"a case labelled {label!r} already exists")
        stamp = now()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO cases (label, context, created, updated) VALUES (?, ?, ?, ?)",
                (label, json.dumps(context or {}, ensure_ascii=False), stamp, stamp),
            )
            case_id = _rowid(cur)
        return Case(case_id, label, dict(context or {}), stamp, stamp)

    def update_case(self, case_id: int, *, label: str | None = None, context: dict[str, Any] | None = None) -> None:
        with self._write() as c:
            if label is not None:
                c.execute("UPDATE cases SET label = ?, updated = ? WHERE id = ?", (check_label(label), now(), case_id))
            if context is not None:
                c.execute(
                    "UPDATE cases SET context = ?, updated = ? WHERE id = ?",
                    (json.dumps(context, ensure_ascii=False), now(), case_id),
                )

    def find_case(self, label: str) -> Case | None:
        rows = self._read("SELECT id, label, context, created, updated FROM cases WHERE label = ?", (label.strip(),))
        if not rows:
            rows = self._read(
                "SELECT id, label, context, created, updated FROM cases WHERE label = ? COLLATE NOCASE",
                (label.strip(),),
            )
            if len(rows) != 1:
                return None
        return _case(rows[0])

    def get_case(self, ref: str | int) -> Case:
        """A case by label (or numeric id); unknown cases are a one-line error."""
        if isinstance(ref, int):
            rows = self._read("SELECT id, label, context, created, updated FROM cases WHERE id = ?", (ref,))
            if rows:
                return _case(rows[0])
        else:
            case = self.find_case(ref)
            if case:
                return case
        raise ReflectError(f"no case labelled {str(ref)!r} (see 'reflect cases')")

    def list_cases(self, search: str = "") -> list[CaseSummary]:
        # A row a case: the figures are kept by triggers (schema 4), not counted from every session.
        sql = """
            SELECT c.id, c.label, c.updated, COALESCE(t.sessions, 0), t.last_date, COALESCE(t.open_actions, 0)
            FROM cases c LEFT JOIN case_stats t ON t.case_id = c.id {where}
            ORDER BY COALESCE(t.last_date, '') DESC, c.updated DESC, c.label
        """
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._read(sql.format(where="WHERE c.label LIKE ? ESCAPE '\\'"), (pattern,))
        else:
            rows = self._read(sql.format(where=""))
        return [CaseSummary(r[0], r[1], r[3], r[4], r[5], r[2]) for r in rows]

    def delete_case(self, case_id: int) -> bool:
        """Remove a case and everything in it; True when its text is gone from the file now.

        ``secure_delete`` zeroes freed pages and ``VACUUM`` rebuilds the file,
        but in WAL mode the rebuilt pages reach ``reflect.db`` only when the
        checkpoint completes, which another open copy of the store can block.
        A marker written first says a scrub is owed, so a kill at any point,
        or a blocked checkpoint, is finished by the next open of the store.
        """
        _owe_scrub(self.path)
        with self._write() as c:
            row = c.execute("SELECT label FROM cases WHERE id = ?", (case_id,)).fetchone()
            c.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        if row:
            self._scrub_backups(case_id, row[0])
        try:
            return self._scrub(wait_ms=1000)
        except sqlite3.Error as exc:
            raise StoreError(db_file.describe(exc), self.path) from None

    @classmethod
    def open(cls, directory: Path | str, *, create: bool = True, verify: bool | None = True) -> Self:
        """Open the store, first finishing a scrub that an earlier delete could not.

        It does not wait for other copies (opening must never hang on them);
        if one still holds the file, the marker stays for the next open.
        """
        store = super().open(directory, create=create, verify=verify)
        if _scrub_marker(store.path).exists():
            try:
                store._scrub(wait_ms=0)
            except sqlite3.Error:
                pass
        return store

    def _scrub(self, wait_ms: int) -> bool:
        """Rebuild the file and move it all out of the log; True (and the marker
        removed) only when SQLite says every page reached ``reflect.db``.

        ``wait_ms`` bounds the wait for a reader in another copy: the
        checkpoint would otherwise wait the whole busy timeout for it.
        """
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                self._conn.execute("VACUUM")
                busy, log, moved = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                self._conn.execute("PRAGMA busy_timeout = 5000")
        done = not busy and log == moved
        if done:
            _scrub_marker(self.path).unlink(missing_ok=True)
        return bool(done)

    def _scrub_backups(self, case_id: int, label: str) -> None:
        """The copies kept before upgrades hold the case too: take it out of them
        as well, or remove a copy that cannot be cleaned."""
        for backup in sorted(self.path.parent.glob(self.path.name + ".bak-*")):
            try:
                conn = crypto_store.connect(backup, isolation_level=None)
                try:
                    conn.execute("PRAGMA secure_delete = ON")
                    conn.execute("PRAGMA foreign_keys = ON")
                    conn.execute("DELETE FROM cases WHERE id = ? OR label = ?", (case_id, label))
                    conn.execute("VACUUM")
                finally:
                    conn.close()
            except sqlite3.Error:
                try:
                    backup.unlink()
                except OSError:
                    raise StoreError(
                        "cannot remove the deleted case from an old backup; delete this file", backup
                    ) from None

    # ------------------------------------------------------------------ sessions

    def create_session(self, case_id: int, mode: str, on: str | date | None = None) -> SessionInfo:
        if mode not in MODES:
            raise ReflectError(f"unknown mode {mode!r} (use {', '.join(MODES)})")
        day = check_date(on or date.today())
        stamp = now()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO sessions (case_id, mode, date, created, updated) VALUES (?, ?, ?, ?, ?)",
                (case_id, mode, day, stamp, stamp),
            )
            c.execute("UPDATE cases SET updated = ? WHERE id = ?", (stamp, case_id))
        return SessionInfo(_rowid(cur), case_id, mode, day, stamp, stamp)

    def list_sessions(self, case_id: int) -> list[SessionInfo]:
        rows = self._read(
            "SELECT id, case_id, mode, date, created, updated FROM sessions WHERE case_id = ? ORDER BY date, id",
            (case_id,),
        )
        return [SessionInfo(*r) for r in rows]

    def session_info(self, session_id: int) -> SessionInfo:
        rows = self._read("SELECT id, case_id, mode, date, created, updated FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise ReflectError(f"no session {session_id}")
        return SessionInfo(*rows[0])

    def get_session(self, session_id: int) -> SessionRecord:
        rec = SessionRecord(self.session_info(session_id))
        for pid, value, rev in self._read(
            "SELECT prompt_id, value, rev FROM answers WHERE session_id = ?", (session_id,)
        ):
            rec.answer_revs[pid] = rev
            loaded = json.loads(value)
            if loaded is not None:  # None: an answer cleared (its revision is kept)
                rec.answers[pid] = loaded
        for step, status, reason in self._read(
            "SELECT step_id, status, reason FROM step_status WHERE session_id = ?", (session_id,)
        ):
            rec.status[step] = status
            if reason:
                rec.set_aside_reasons[step] = reason
        rec.flags = [
            r[0] for r in self._read("SELECT prompt_id FROM flags WHERE session_id = ? ORDER BY rowid", (session_id,))
        ]
        rec.actions = self.actions(session_id)
        rec.summary = {
            str(r[0]): str(r[1])
            for r in self._read("SELECT field, value FROM summary WHERE session_id = ?", (session_id,))
        }
        for pid, finding in self._read("SELECT prompt_id, finding FROM dismissed WHERE session_id = ?", (session_id,)):
            rec.dismissed.setdefault(pid, []).append(finding)
        return rec

    def previous_session(self, session_id: int, mode: str | None = None) -> SessionInfo | None:
        """The session on the same case just before this one (optionally of a mode)."""
        info = self.session_info(session_id)
        sql = (
            "SELECT id, case_id, mode, date, created, updated FROM sessions WHERE case_id = ? AND id != ? "
            "AND (date < ? OR (date = ? AND id < ?))"
        )
        params: tuple[Any, ...] = (info.case_id, info.id, info.date, info.date, info.id)
        if mode:
            sql += " AND mode = ?"
            params += (mode,)
        rows = self._read(sql + " ORDER BY date DESC, id DESC LIMIT 1", params)
        return SessionInfo(*rows[0]) if rows else None

    def preparation_for(self, session_id: int) -> SessionInfo | None:
        """The practitioner's preparation that a supervision session shows: the one rule.

        The latest preparation on the case before this session, unless a
        supervision came after it (then it was already discussed there).
        The app's session screen and the supervision note both use this.
        """
        prep = self.previous_session(session_id, mode="preparation")
        if prep is None:
            return None
        last_sup = self.previous_session(session_id, mode="supervision")
        if last_sup and (prep.date, prep.id) < (last_sup.date, last_sup.id):
            return None
        return prep

    def latest_session(self, case_id: int) -> SessionInfo | None:
        rows = self._read(
            "SELECT id, case_id, mode, date, created, updated FROM sessions WHERE case_id = ? "
            "ORDER BY date DESC, id DESC LIMIT 1",
            (case_id,),
        )
        return SessionInfo(*rows[0]) if rows else None

    # ------------------------------------------------------------------ answers

    def save_answer(self, session_id: int, prompt_id: str, value: Any, base_rev: int | None = None) -> SaveResult:
        """Save one answer now. Empty text removes it.

        ``base_rev`` is the revision this copy of the app last saw; if another
        copy saved since, the result says so (the later save still wins).
        A removed answer keeps its row (value null) so its revision keeps
        counting up: another copy that cleared and retyped an answer can never
        look unchanged to this one.
        """
        value = clean_value(value)
        with self._write() as c:
            row = c.execute(
                "SELECT value, rev FROM answers WHERE session_id = ? AND prompt_id = ?", (session_id, prompt_id)
            ).fetchone()
            current_rev = row[1] if row else 0
            conflict = base_rev is not None and current_rev != base_rev
            overwritten = json.loads(row[0]) if (conflict and row) else None
            if value in ("", [], None) and row is None:
                new_rev = 0
            else:
                new_rev = current_rev + 1
                if value in ("", [], None):
                    value = None
                c.execute(
                    "INSERT INTO answers (session_id, prompt_id, value, rev, updated) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (session_id, prompt_id) DO UPDATE SET value = excluded.value, rev = excluded.rev, "
                    "updated = excluded.updated",
                    (session_id, prompt_id, json.dumps(value, ensure_ascii=False), new_rev, now()),
                )
            self._touch(c, session_id)
        return SaveResult(new_rev, conflict, overwritten)

    def answer(self, session_id: int, prompt_id: str) -> tuple[Any, int]:
        rows = self._read(
            "SELECT value, rev FROM answers WHERE session_id = ? AND prompt_id = ?", (session_id, prompt_id)
        )
        return (json.loads(rows[0][0]), rows[0][1]) if rows else (None, 0)  # a cleared answer is (None, rev)

    def set_status(self, session_id: int, step_id: str, status: str | None, reason: str = "") -> None:
        """Mark a step reflected, set aside (with a reason) or not relevant; None clears it."""
        if status is not None and status not in STATUSES:
            raise ReflectError(f"unknown status {status!r} (use {', '.join(STATUSES)})")
        with self._write() as c:
            if status is None:
                c.execute("DELETE FROM step_status WHERE session_id = ? AND step_id = ?", (session_id, step_id))
            else:
                c.execute(
                    "INSERT INTO step_status (session_id, step_id, status, reason) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (session_id, step_id) "
                    "DO UPDATE SET status = excluded.status, reason = excluded.reason",
                    (session_id, step_id, status, clean_text(reason or "", "a reason")),
                )
            self._touch(c, session_id)

    def set_flag(self, session_id: int, prompt_id: str, flagged: bool) -> None:
        """Flag (or unflag) a prompt to bring to supervision."""
        with self._write() as c:
            if flagged:
                c.execute("INSERT OR IGNORE INTO flags (session_id, prompt_id) VALUES (?, ?)", (session_id, prompt_id))
            else:
                c.execute("DELETE FROM flags WHERE session_id = ? AND prompt_id = ?", (session_id, prompt_id))
            self._touch(c, session_id)

    def save_summary(self, session_id: int, field: str, value: str) -> None:
        value = clean_text(str(value or ""), "a summary")
        with self._write() as c:
            if value.strip():
                c.execute(
                    "INSERT INTO summary (session_id, field, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (session_id, field) DO UPDATE SET value = excluded.value",
                    (session_id, field, value),
                )
            else:
                c.execute("DELETE FROM summary WHERE session_id = ? AND field = ?", (session_id, field))
            self._touch(c, session_id)

    def dismiss_finding(self, session_id: int, prompt_id: str, finding_key: str, dismissed: bool = True) -> None:
        """Remember that the user dismissed a text-check finding for one answer."""
        with self._write() as c:
            if dismissed:
                c.execute(
                    "INSERT OR IGNORE INTO dismissed (session_id, prompt_id, finding) VALUES (?, ?, ?)",
                    (session_id, prompt_id, finding_key),
                )
            else:
                c.execute(
                    "DELETE FROM dismissed WHERE session_id = ? AND prompt_id = ? AND finding = ?",
                    (session_id, prompt_id, finding_key),
                )

    # ------------------------------------------------------------------ bulk

    def import_session(self, case_id: int, data: dict[str, Any]) -> SessionInfo:
        """Write a whole session (already validated by the bundle reader) in one transaction."""
        with self._write() as c:
            return _insert_session(c, case_id, data, now())

    def import_case(
        self, label: str, context: dict[str, Any], sessions: list[dict[str, Any]], *, as_new: bool = False
    ) -> Case:
        """Create a case with all its sessions in one transaction: all or nothing.

        A kill at any moment (SIGKILL, a closed terminal) leaves either no case
        or the whole case, never a silently shorter one. With ``as_new`` a taken
        label becomes ``label (2)`` etc., chosen inside the same transaction so
        two imports at once cannot both pick the same one.
        """
        label = check_label(label)
        stamp = now()
        with self._write() as c:
            if self.find_case(label) is not None:
                if not as_new:
                    raise ConflictError(
                        f"a case labelled {label!r} already exists; use --as-new to import it as a new case"
                    )
                label = self._free_label(label)
            cur = c.execute(
                "INSERT INTO cases (label, context, created, updated) VALUES (?, ?, ?, ?)",
                (label, json.dumps(context or {}, ensure_ascii=False), stamp, stamp),
            )
            case = Case(_rowid(cur), label, dict(context or {}), stamp, stamp)
            for data in sessions:
                _insert_session(c, case.id, data, stamp)
        return case

    def _free_label(self, label: str) -> str:
        """The first ``label (n)`` not taken (called inside the import's transaction)."""
        for n in range(2, 10_000):
            candidate = f"{label[:50]} ({n})"
            if self.find_case(candidate) is None:
                return candidate
        raise ReflectError("too many cases with this label")  # pragma: no cover


def _insert_session(c: sqlite3.Connection, case_id: int, data: dict[str, Any], stamp: str) -> SessionInfo:
    """The rows of one validated session, written into the caller's open transaction."""
    cur = c.execute(
        "INSERT INTO sessions (case_id, mode, date, extra, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, data["mode"], data["date"], json.dumps(data.get("extra", {}), ensure_ascii=False), stamp, stamp),
    )
    sid = _rowid(cur)
    c.executemany(
        "INSERT INTO answers (session_id, prompt_id, value, rev, updated) VALUES (?, ?, ?, 1, ?)",
        [(sid, k, json.dumps(v, ensure_ascii=False), stamp) for k, v in data.get("answers", {}).items()],
    )
    reasons = data.get("set_aside_reasons", {})
    c.executemany(
        "INSERT INTO step_status (session_id, step_id, status, reason) VALUES (?, ?, ?, ?)",
        [(sid, k, v, reasons.get(k, "")) for k, v in data.get("status", {}).items()],
    )
    c.executemany(
        "INSERT OR IGNORE INTO flags (session_id, prompt_id) VALUES (?, ?)", [(sid, f) for f in data.get("flags", [])]
    )
    insert_actions(c, sid, data.get("actions", []))
    c.executemany(
        "INSERT INTO summary (session_id, field, value) VALUES (?, ?, ?)",
        [(sid, k, v) for k, v in data.get("summary", {}).items() if str(v).strip()],
    )
    c.executemany(
        "INSERT OR IGNORE INTO dismissed (session_id, prompt_id, finding) VALUES (?, ?, ?)",
        [(sid, pid, key) for pid, keys in data.get("dismissed", {}).items() for key in keys],
    )
    return SessionInfo(sid, case_id, data["mode"], data["date"], stamp, stamp)


def _scrub_marker(db_path: Path) -> Path:
    """The file whose presence says a delete's text may still be in the store file."""
    return db_path.with_name(db_path.name + ".scrub-owed")


def _owe_scrub(db_path: Path) -> None:
    """Leave the marker (private, empty) before deleting, so a kill mid-delete is caught too."""
    try:
        os.close(os.open(_scrub_marker(db_path), os.O_WRONLY | os.O_CREAT, FILE_MODE))
    except OSError as exc:
        raise StoreError(f"cannot prepare the delete: {exc.strerror or exc}", db_path.parent) from None


def _case(row: Any) -> Case:
    try:
        context = json.loads(row[2]) if row[2] else {}
    except ValueError:
        context = {}
    return Case(row[0], row[1], context if isinstance(context, dict) else {}, row[3], row[4])
