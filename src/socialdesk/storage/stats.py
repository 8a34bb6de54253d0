"""Read-only facts about a database: does it hold tables, how many rows in each."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text


def has_user_tables(engine: Engine) -> bool:
    return bool([t for t in inspect(engine).get_table_names() if t != "alembic_version"])


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (for check and restore verification; never row contents)."""
    names = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for name in sorted(names):
            counts[name] = int(
                connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            )
    return counts
