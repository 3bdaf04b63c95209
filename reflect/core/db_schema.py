"""The SQLite database's schema and its migrations (a pack's layout is checked in framework.py).

``PRAGMA user_version`` holds the schema version. Each migration takes the
schema from version N-1 to N inside one transaction; before any migration the
store copies the file to ``reflect.db.bak-<old version>``.
"""

from __future__ import annotations

SCHEMA_VERSION = 5

# Migration 4's figures a case: counted afresh for one case (or every case, with no WHERE)
# where a count is cheap or rare, and moved by one where rows arrive one by one (an import of
# thousands of sessions must not count the case again for each). History like the
# migrations, never edited once released.
_RECOUNT = """
    INSERT OR REPLACE INTO case_stats (case_id, sessions, last_date, open_actions)
    SELECT c.id,
        (SELECT COUNT(*) FROM sessions s WHERE s.case_id = c.id),
        (SELECT MAX(s.date) FROM sessions s WHERE s.case_id = c.id),
        (SELECT COUNT(*) FROM sessions s JOIN actions a ON a.session_id = s.id
         WHERE s.case_id = c.id AND a.done = 0 AND a.review = '')
    FROM cases c {where};
"""
_OF_SESSION = "(SELECT case_id FROM sessions WHERE id = {}.session_id)"
_OPEN_ACTION = (
    "UPDATE case_stats SET open_actions = open_actions {sign} 1"
    " WHERE {row}.done = 0 AND {row}.review = '' AND case_id = {case};"
)


def _recount(*cases: str) -> str:
    return "".join(_RECOUNT.format(where=f"WHERE c.id = {case}") for case in cases)


def _open_action(sign: str, row: str) -> str:
    return _OPEN_ACTION.format(sign=sign, row=row, case=_OF_SESSION.format(row))


_TRIGGERS = (
    ("case_new", "INSERT ON cases", _recount("NEW.id")),  # a reused id starts from nothing
    (
        "session_new",
        "INSERT ON sessions",
        "UPDATE case_stats SET sessions = sessions + 1, last_date = CASE WHEN last_date IS NULL"
        " OR NEW.date > last_date THEN NEW.date ELSE last_date END WHERE case_id = NEW.case_id;",
    ),
    # a session's actions go with it, after its row: their own triggers find no case, so count here
    ("session_gone", "DELETE ON sessions", _recount("OLD.case_id")),
    ("session_moved", "UPDATE OF case_id, date ON sessions", _recount("OLD.case_id", "NEW.case_id")),
    ("action_new", "INSERT ON actions", _open_action("+", "NEW")),
    ("action_gone", "DELETE ON actions", _open_action("-", "OLD")),
    (
        "action_changed",
        "UPDATE OF session_id, done, review ON actions",
        _open_action("-", "OLD") + _open_action("+", "NEW"),
    ),
)

# A migration is history: never edit one. The CHECK on sessions.mode lists
# words.MODES as they were at version 1; a new mode needs a new migration.

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        context TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('preparation', 'supervision', 'workshop')),
        date TEXT NOT NULL,
        extra TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX sessions_by_case ON sessions(case_id, date);
    CREATE TABLE answers (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        value TEXT NOT NULL,
        rev INTEGER NOT NULL DEFAULT 1,
        updated TEXT NOT NULL,
        PRIMARY KEY (session_id, prompt_id)
    );
    CREATE TABLE step_status (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('reflected', 'set-aside', 'not-relevant')),
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, step_id)
    );
    CREATE TABLE flags (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        PRIMARY KEY (session_id, prompt_id)
    );
    CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        what TEXT NOT NULL,
        who TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL DEFAULT '',
        done INTEGER NOT NULL DEFAULT 0,
        review TEXT NOT NULL DEFAULT '',
        carried_from INTEGER
    );
    CREATE INDEX actions_by_session ON actions(session_id);
    CREATE TABLE summary (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (session_id, field)
    );
    CREATE TABLE dismissed (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        finding TEXT NOT NULL,
        PRIMARY KEY (session_id, prompt_id, finding)
    );
    """,
    # 2: a case's move is "no", "being considered" or "moved" (it was yes/no): true -> "moved",
    # false or missing -> "no"; a state already in words is kept. The context is JSON text.
    2: """
    UPDATE cases SET context = json_set(
        context,
        '$.moved',
        CASE
            WHEN json_type(context, '$.moved') = 'true' THEN 'moved'
            WHEN json_type(context, '$.moved') = 'text'
                AND json_extract(context, '$.moved') IN ('no', 'considering', 'moved')
                THEN json_extract(context, '$.moved')
            ELSE 'no'
        END
    )
    WHERE json_valid(context) AND json_type(context) = 'object'
    """,
    # names to watch (reflect/core/watch_store.py): keyed hashes of words, never the words;
    # the key (salt) is made here, once per store
    3: """
    CREATE TABLE watch_salt (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        salt BLOB NOT NULL
    );
    INSERT INTO watch_salt (id, salt) VALUES (1, randomblob(32));
    CREATE TABLE watched_names (
        id INTEGER PRIMARY KEY,
        digest TEXT NOT NULL UNIQUE,
        added TEXT NOT NULL
    );
    """,
    # 4: each case's figures for the case list (sessions, last session, open actions), kept by
    # triggers, so listing 10,000 cases reads 10,000 rows, not every session and action (issue 21)
    4: """
    CREATE TABLE case_stats (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        sessions INTEGER NOT NULL DEFAULT 0,
        last_date TEXT,
        open_actions INTEGER NOT NULL DEFAULT 0
    );
    """
    + _RECOUNT.format(where="")
    + "".join(f"CREATE TRIGGER case_stats_{name} AFTER {event} BEGIN {body} END;\n" for name, event, body in _TRIGGERS)
    + """
    CREATE TRIGGER case_stats_case_gone AFTER DELETE ON cases BEGIN
        DELETE FROM case_stats WHERE case_id = OLD.id;
    END;
    """,
    # 5: an action is shared with the young person / family only when the worker chose it
    # (the family note lists no other); every action made before the choice existed is not shared
    5: """
    ALTER TABLE actions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1))
    """,
}
