"""The sandbox's state: one SQLite file, one row per object (JSON), one transaction per request."""

from __future__ import annotations

import json
import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Body = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    parent TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS objects_by_parent ON objects (kind, parent);
"""
# The lower-cased name (username for users), so that lookups by name use an index instead of
# reading every object of the kind: added to state files made before it existed.
_NAME_COLUMN = """
ALTER TABLE objects ADD COLUMN name TEXT;
UPDATE objects SET name = lower(coalesce(json_extract(body, '$.username'),
                                         json_extract(body, '$.name')));
"""
_NAME_INDEX = "CREATE INDEX IF NOT EXISTS objects_by_name ON objects (kind, name);"


def name_key(body: Body) -> str | None:
    """What the name index holds for an object: its username or name, lower case."""
    value = body.get("username", body.get("name"))
    return value.lower() if isinstance(value, str) else None


BUSY_TIMEOUT_S = 30.0


class Tx:
    """One request's view of the store, inside a single SQLite transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, kind: str, obj_id: str) -> Body | None:
        row = self._conn.execute(
            "SELECT body FROM objects WHERE kind = ? AND id = ?", (kind, obj_id)
        ).fetchone()
        return None if row is None else _load(row[0])

    def all(self, kind: str, parent: str | None = None) -> list[Body]:
        """Every object of a kind (of one parent, if given), oldest first."""
        if parent is None:
            rows = self._conn.execute(
                "SELECT body FROM objects WHERE kind = ? ORDER BY rowid", (kind,)
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT body FROM objects WHERE kind = ? AND parent = ? ORDER BY rowid",
                (kind, parent),
            ).fetchall()
        return [_load(row[0]) for row in rows]

    def named(self, kind: str, name: str) -> list[Body]:
        """Objects of a kind whose name (username) equals name without regard to case."""
        rows = self._conn.execute(
            "SELECT body FROM objects WHERE kind = ? AND name = ? ORDER BY rowid",
            (kind, name.lower()),
        ).fetchall()
        return [_load(row[0]) for row in rows]

    def put(self, kind: str, body: Body, parent: str | None = None) -> None:
        """Insert or replace an object; an update keeps its place in insertion order."""
        text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        name = name_key(body)
        cursor = self._conn.execute(
            "UPDATE objects SET body = ?, parent = ?, name = ? WHERE kind = ? AND id = ?",
            (text, parent, name, kind, body["id"]),
        )
        if cursor.rowcount == 0:
            self._conn.execute(
                "INSERT INTO objects (kind, id, parent, body, name) VALUES (?, ?, ?, ?, ?)",
                (kind, body["id"], parent, text, name),
            )

    def max_of(self, kind: str, field: str) -> int:
        """The largest integer value of a top-level field among a kind's objects (0 if none)."""
        row = self._conn.execute(
            "SELECT max(json_extract(body, ?)) FROM objects WHERE kind = ?", (f"$.{field}", kind)
        ).fetchone()
        return int(row[0] or 0)

    def delete(self, kind: str, obj_id: str) -> None:
        self._conn.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (kind, obj_id))

    def delete_children(self, kind: str, parent: str) -> None:
        self._conn.execute("DELETE FROM objects WHERE kind = ? AND parent = ?", (kind, parent))

    def count(self, kind: str) -> int:
        row = self._conn.execute("SELECT COUNT(*) FROM objects WHERE kind = ?", (kind,)).fetchone()
        return int(row[0])

    def clear(self) -> None:
        self._conn.execute("DELETE FROM objects")


def _load(text: str) -> Body:
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


class Store:
    """A pool of SQLite connections to one state file (WAL, busy timeout), safe across threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._migrate(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._pool.put(conn)

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(objects)")}
        if "name" not in columns:
            for statement in _NAME_COLUMN.split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(_NAME_INDEX)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _acquire(self) -> sqlite3.Connection:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            return self._connect()

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Tx]:
        """A transaction: IMMEDIATE for writes (serialised across processes), deferred for reads."""
        conn = self._acquire()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Tx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            self._pool.put(conn)

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return
