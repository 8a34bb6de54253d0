"""Minutes between two stored instants, as a portable SQL expression.

SQLite has no interval type (``julianday`` difference), PostgreSQL subtracts timestamps;
services sum durations in SQL through :func:`minutes_between` and never see which.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class minutes_between(FunctionElement[int]):  # noqa: N801 - used like an SQL function
    """``minutes_between(start, end)``: whole minutes from ``start`` to ``end``."""

    type = Integer()
    inherit_cache = True
    name = "minutes_between"

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(start, end)


@compiles(minutes_between)
def _minutes_generic(element: minutes_between, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"CAST(ROUND(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
        f"{compiler.process(start, **kw)})) / 60.0) AS INTEGER)"
    )


@compiles(minutes_between, "sqlite")
def _minutes_sqlite(element: minutes_between, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"CAST(ROUND((julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)})) * 1440.0) AS INTEGER)"
    )
