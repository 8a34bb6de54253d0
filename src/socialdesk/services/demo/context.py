"""What every step of one demo generation shares: the seeded random source, the sizes,
the practice's calendar (working days and hours, in Europe/Paris, stored UTC), primary
keys assigned in Python, and chunked bulk inserts on one connection.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from random import Random
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, func, select

from socialdesk.storage.orm import Base

PRACTICE_ZONE = ZoneInfo("Europe/Paris")
DAY_START = 8 * 60 + 30  # minutes after midnight, local time
DAY_END = 18 * 60 + 30
QUARTER = 15
QUARTERS_PER_DAY = (DAY_END - DAY_START) // QUARTER
PAST_DAYS = 730  # two years of history
FUTURE_DAYS = 61  # and two months ahead
CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class Sizes:
    clients: int
    appointments: int
    notes: int
    invoices: int  # a target: invoices follow from what was done and billed

    def scaled(self, factor: float) -> Sizes:
        return Sizes(
            max(12, round(self.clients * factor)),
            max(120, round(self.appointments * factor)),
            max(200, round(self.notes * factor)),
            max(20, round(self.invoices * factor)),
        )


SIZES: dict[str, Sizes] = {
    "small": Sizes(clients=50, appointments=1_000, notes=2_500, invoices=300),
    "large": Sizes(clients=5_000, appointments=100_000, notes=250_000, invoices=30_000),
}


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lt = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lt) // 451
    month, day = divmod(h + lt - 7 * m + 114, 31)
    return date(year, month, day + 1)


def closed_days(year: int) -> set[date]:
    """French public holidays, three weeks of summer closure and the Christmas week."""
    sunday = easter(year)
    days = {
        date(year, 1, 1),
        sunday + timedelta(days=1),
        date(year, 5, 1),
        date(year, 5, 8),
        sunday + timedelta(days=39),
        sunday + timedelta(days=50),
        date(year, 7, 14),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
    }
    days.update(date(year, 8, d) for d in range(1, 22))
    days.update(date(year, 12, d) for d in range(24, 32))
    return days


class Calendar:
    """The practice's open days from two years ago to two months ahead."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.start = today - timedelta(days=PAST_DAYS)
        self.end = today + timedelta(days=FUTURE_DAYS)
        closed: set[date] = set()
        for year in range(self.start.year - 2, self.end.year + 1):
            closed |= closed_days(year)
        self.closed = frozenset(closed)
        days: list[date] = []
        day = self.start - timedelta(days=400)  # files opened before the window, too
        while day <= self.end:
            if day.weekday() < 5 and day not in self.closed:
                days.append(day)
            day += timedelta(days=1)
        self.open_days = days
        self._first_window_index = bisect.bisect_left(days, self.start)
        self.today_index = bisect.bisect_left(days, today)

    def is_open(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def index(self, day: date) -> int:
        """Index of the first open day on or after ``day``."""
        return bisect.bisect_left(self.open_days, day)

    def pick(self, rng: Random, first: date, last: date) -> date | None:
        """A random open day in ``[first, last]``, or None when there is none."""
        lo, hi = (
            bisect.bisect_left(self.open_days, first),
            bisect.bisect_right(self.open_days, last),
        )
        if lo >= hi:
            return None
        return self.open_days[lo + int(rng.random() * (hi - lo))]

    def next_open(self, day: date) -> date:
        i = self.index(day)
        return self.open_days[i] if i < len(self.open_days) else day

    def before_today(self, day: date) -> date:
        """The last open day strictly before today, if ``day`` is today or later."""
        if day < self.today:
            return day
        return self.open_days[max(0, self.today_index - 1)]


@lru_cache(maxsize=262_144)
def at_local(day: date, minute: int) -> datetime:
    """``day`` at ``minute`` after midnight in Europe/Paris, as an aware UTC datetime
    (DST-correct: 09:00 is 08:00 UTC in winter and 07:00 UTC in summer).

    Cached: the demo reuses the same instants, and the writer then converts each only once.
    """
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=PRACTICE_ZONE)
    return local.astimezone(UTC)


class Ids:
    """Next primary key per table, assigned in Python so a child row can name its parent
    before anything is written (no round-trip per row)."""

    def __init__(self, connection: Connection, tables: Iterable[Table]) -> None:
        self._next: dict[str, int] = {}
        for table in tables:
            current = connection.execute(select(func.max(table.c.id))).scalar()
            self._next[table.name] = int(current or 0) + 1

    def take(self, table: Table) -> int:
        value = self._next[table.name]
        self._next[table.name] = value + 1
        return value


class Writer:
    """Chunked bulk inserts on one connection.

    The INSERT is compiled once per table by the connection's dialect and each value goes
    through its column type's own bind processor (``UTCDateTime`` refuses naive datetimes
    and stores UTC, enums are checked…), then rows go to the driver's ``executemany``:
    the same values as ``connection.execute(table.insert(), rows)`` without rebuilding
    SQLAlchemy's per-row parameter dictionaries (a third of the large demo's time).
    Every row must name every column, so no column default is silently skipped.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.written: dict[str, int] = {}
        self._plans: dict[str, tuple[str, tuple[str, ...], list[Any]] | None] = {}

    def _plan(self, table: Table) -> tuple[str, tuple[str, ...], list[Any]] | None:
        """SQL, column order and bind processors; None when the driver takes named
        parameters (then SQLAlchemy's own executemany path is used)."""
        if table.name not in self._plans:
            dialect = self.connection.dialect
            keys = tuple(table.c.keys())
            compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
            if not compiled.positional:
                self._plans[table.name] = None
                return None
            order = tuple(compiled.positiontup or ())
            processors = []
            for key in order:
                process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
                processors.append(_memoized(process) if process is not None else None)
            self._plans[table.name] = (str(compiled), order, processors)
        return self._plans[table.name]

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if set(rows[0]) != set(table.c.keys()):
            raise ValueError(
                f"{table.name}: rows must name every column ({sorted(table.c.keys())})"
            )
        plan = self._plan(table)
        if plan is None:
            for start in range(0, len(rows), CHUNK):
                self.connection.execute(table.insert(), list(rows[start : start + CHUNK]))
            self.written[table.name] = self.written.get(table.name, 0) + len(rows)
            return
        sql, order, processors = plan
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            columns = []
            for key, process in zip(order, processors, strict=True):
                values = [row[key] for row in chunk]
                columns.append(values if process is None else list(map(process, values)))
            self.connection.exec_driver_sql(sql, list(zip(*columns, strict=True)))  # type: ignore[arg-type]
        self.written[table.name] = self.written.get(table.name, 0) + len(rows)


def _memoized(process: Any) -> Any:
    """A bind processor with a cache: the demo repeats many dates and instants."""
    cache: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        if value is None:
            return None
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= 200_000:
                cache.clear()  # bounded memory on the large demo
            result = cache[value] = process(value)
            return result
        except TypeError:  # unhashable
            return process(value)

    return run


def weighted(rng: Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    """One value of ``(value, weight)`` pairs."""
    total = sum(w for _v, w in pairs)
    r = rng.random() * total
    for value, weight in pairs:
        r -= weight
        if r < 0:
            return value
    return pairs[-1][0]


def french_money(cents: int) -> str:
    """``123456`` → ``"1 234,56 €"`` (no-break spaces), ``60000`` → ``"600 €"``."""
    euros, rest = divmod(cents, 100)
    text = f"{euros:,}".replace(",", "\u00a0")
    return f"{text},{rest:02d}\u00a0€" if rest else f"{text}\u00a0€"


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainders)."""
    scale = total / (sum(weights) or 1)
    shares = [w * scale for w in weights]
    counts = [int(share) for share in shares]
    by_fraction = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_fraction[: total - sum(counts)]:
        counts[i] += 1
    return counts


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as a :class:`Table` (``__table__`` is typed FromClause)."""
    return cast(Table, model.__table__)
