"""Read-only facts about a database: does it hold tables, how many rows in each."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text


def has_user_tables(engine: Engine) -> bool:
    return bool([t for t in inspect(engine).get_table_names() if t != "alembic_version"])


def _search_index_tables(engine: Engine) -> set[str]:
    """FTS5 virtual tables and their shadow tables (SQLite-specific, hence here)."""
    with engine.connect() as connection:
        virtual = [
            str(name)
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        names = [
            str(n)
            for (n,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
            )
        ]
    return {n for n in names if n in virtual or any(n.startswith(v + "_") for v in virtual)}


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the data model (for check and restore verification; never row
    contents). The search index is derived data and is not counted."""
    skip = {"alembic_version"} | _search_index_tables(engine)
    names = [t for t in inspect(engine).get_table_names() if t not in skip]
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for name in sorted(names):
            counts[name] = int(
                connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            )
    return counts
