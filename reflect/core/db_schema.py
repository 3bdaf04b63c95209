"""The SQLite database's schema and its migrations (a pack's layout is checked in framework.py).

``PRAGMA user_version`` holds the schema version. Each migration takes the
schema from version N-1 to N inside one transaction; before any migration the
store copies the file to ``reflect.db.bak-<old version>``.
"""

from __future__ import annotations

SCHEMA_VERSION = 4

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
    # 4: an action is shared with the young person / family only when the worker chose it
    # (the family note lists no other); every action made before the choice existed is not shared
    4: """
    ALTER TABLE actions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1))
    """,
}
