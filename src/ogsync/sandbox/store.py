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

    def put(self, kind: str, body: Body, parent: str | None = None) -> None:
        """Insert or replace an object; an update keeps its place in insertion order."""
        text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        cursor = self._conn.execute(
            "UPDATE objects SET body = ?, parent = ? WHERE kind = ? AND id = ?",
            (text, parent, kind, body["id"]),
        )
        if cursor.rowcount == 0:
            self._conn.execute(
                "INSERT INTO objects (kind, id, parent, body) VALUES (?, ?, ?, ?)",
                (kind, body["id"], parent, text),
            )

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
        with conn:
            conn.executescript(_SCHEMA)
        self._pool.put(conn)

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
