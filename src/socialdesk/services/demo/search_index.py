"""Fill the search indexes once after the bulk load instead of row by row.

The FTS5 indexes over clients and case notes (migration 0002) are kept in step by
``AFTER INSERT`` triggers. Indexing 250,000 notes one row at a time through them costs
about five times a single ``rebuild`` (minutes on the large demo), so the demo suspends
those insert triggers inside its own transaction, loads, recreates them from their exact
stored SQL, then rebuilds and optimizes the indexes with the storage layer's functions.
Everything happens in the demo's one transaction: if anything fails, the rollback brings
the triggers back untouched.

SQLite-specific (``sqlite_schema``, FTS5); on another database the triggers are left alone.
TODO(lead): this belongs in ``storage/search.py`` (e.g. ``bulk_load_suspending_index``),
next to the rest of the FTS SQL; it is here only because the demo owner may not edit it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from socialdesk.storage.search import FTS_TABLES, optimize_search_index, rebuild_search_index

INDEXED_TABLES = ("client", "case_note")


def _insert_triggers(connection: Connection) -> list[tuple[str, str]]:
    """Name and SQL of the triggers that index a new client or note."""
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN (?, ?)",
        INDEXED_TABLES,
    ).all()
    found = []
    for name, sql in rows:
        words = " ".join(str(sql).upper().split())
        if " AFTER INSERT ON " in words and any(t.upper() in words for t in FTS_TABLES):
            found.append((str(name), str(sql)))
    return found


@contextmanager
def search_index_filled_afterwards(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        yield
        return
    suspended = _insert_triggers(connection)
    for name, _sql in suspended:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in suspended:
        connection.exec_driver_sql(sql)
    rebuild_search_index(connection)
    optimize_search_index(connection)  # one b-tree per index after the bulk load
