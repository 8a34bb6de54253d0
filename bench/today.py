"""Figure 6 — the Today page: ``services.today.today_overview`` as the page runs it after
unlock (one unit of work, every section), and each section on its own, on the
``encrypted`` vault and its ``plain`` copy (same SQLite library and pragmas, no key):
``encrypted / plain`` is the cost of encryption.

The day shown is the demo's own "today": the first working day after the last done
(billable) session, so every section holds what a working day would — appointments booked for today and
tomorrow, démarches due, notes left unsigned, sessions not billed yet…

Run by ``bench.run`` (part ``today``) on the small demo, and on the large one with
``--large``. Before timing, both variants must return the same page.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from bench.common import median, ratio, rotated, timed
from bench.report import ms, table, times
from socialdesk.storage.orm import BillableItem
from socialdesk.storage.uow import UnitOfWork, session_factory

TODAY_VARIANTS = ("service_encrypted", "service_plain")
TARGET_SECONDS = 0.05
MAX_INNER = 10
PAGE = "today page"


def choose_day(engine: Engine) -> date:
    """The first working day after the last billable session (the demo's "today"), so
    the page has a day of appointments; else today."""
    with UnitOfWork(session_factory(engine)) as uow:
        last = uow.session.execute(select(func.max(BillableItem.item_date))).scalar()
    if last is None:
        return date.today()
    day = last + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _steps(day: date, now: datetime) -> dict[str, Callable[[UnitOfWork], Any]]:
    import socialdesk.services.today as today

    limit = today.SECTION_LIMIT
    return {
        PAGE: lambda uow: today.today_overview(uow, day, now),
        "appointments (2 days)": lambda uow: today._appointments(uow, day),
        "démarches due": lambda uow: today._demarches(uow, day, limit),
        "objectives to evaluate": lambda uow: today._objectives(uow.session, day, limit),
        "notes not signed": lambda uow: today._unsigned_notes(uow.session, day, limit),
        "tasks due": lambda uow: today._tasks(uow, day, limit),
        "sessions not billed": lambda uow: today._unbilled(uow.session, day, limit),
        "overdue invoices": lambda uow: today._overdue_invoices(uow.session, day, limit),
        "packages running out": lambda uow: today._packages(uow.session, day, limit),
        "backup": lambda uow: today._backup(uow.session, day),
    }


def run_today(
    variants: Sequence[Any], *, repeats: int = 5, target_seconds: float = TARGET_SECONDS
) -> dict[str, Any]:
    """Measure the page and each section on the ``encrypted`` and ``plain`` variants."""
    by_name = {v.name: v for v in variants}
    engines = {
        "service_encrypted": by_name["encrypted"].open(),
        "service_plain": by_name["plain"].open(),
    }
    try:
        day = choose_day(engines["service_encrypted"])
        now = datetime.combine(day, time(8), tzinfo=UTC)
        steps = _steps(day, now)
        factories = {name: session_factory(engine) for name, engine in engines.items()}

        def call(variant: str, name: str) -> Any:
            with UnitOfWork(factories[variant]) as uow:
                return steps[name](uow)

        def per_call(variant: str, name: str, inner: int) -> float:
            seconds, _ = timed(lambda: [call(variant, name) for _ in range(inner)])
            return seconds / inner

        page = {v: call(v, PAGE) for v in TODAY_VARIANTS}  # warm-up and agreement
        if page["service_encrypted"] != page["service_plain"]:
            raise RuntimeError("today: encrypted and plain pages differ")
        counts = {s.key.value: s.total for s in page["service_encrypted"].sections}
        inner = {}
        for name in steps:
            for v in TODAY_VARIANTS:
                once = per_call(v, name, 1)
                inner[name, v] = max(1, min(MAX_INNER, math.ceil(target_seconds / once)))
        samples: dict[str, dict[str, list[float]]] = {
            name: {v: [] for v in TODAY_VARIANTS} for name in steps
        }
        for turn in range(repeats):
            for name in steps:
                for v in rotated(TODAY_VARIANTS, turn):
                    samples[name][v].append(per_call(v, name, inner[name, v]))
        entries = {}
        for name in steps:
            medians = {v: median(values) for v, values in samples[name].items()}
            entries[name] = {
                "median_seconds": medians,
                "encrypted/plain": ratio(medians["service_encrypted"], medians["service_plain"]),
            }
        return {"day": day.isoformat(), "repeats": repeats, "counts": counts, "steps": entries}
    finally:
        for engine in engines.values():
            engine.dispose()


def run_today_part(
    workdir: Path,
    *,
    parts: Sequence[str],
    large: bool,
    repeats: int,
    target_seconds: float,
    filler: Any,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The ``today`` part of ``bench.run``: on the demo vaults the run built (or builds
    them when ``today`` runs alone)."""
    from bench.run import demo_vault_key
    from bench.workload import prepare_variants

    if "today" not in parts:
        return {}
    result: dict[str, Any] = {}
    for size in ("small", "large") if large else ("small",):
        path, key = demo_vault_key(workdir, size, filler, log)
        log(f"today, {size}…")
        folder = workdir / size / "today"
        chosen = prepare_variants(path, key, folder, ("encrypted", "plain"))
        try:
            result[f"today_{size}"] = run_today(
                chosen, repeats=repeats, target_seconds=target_seconds
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def today_table(result: dict[str, Any]) -> list[str]:
    """Figure 6 as printed lines (every size measured)."""
    lines: list[str] = []
    for size in ("small", "large"):
        today = result.get(f"today_{size}")
        if today is None:
            continue
        counts = today["counts"]
        lines.append(
            f"6. Today page, {size} demo (median of {today['repeats']}; day {today['day']}; "
            f"{counts.get('appointments_today', 0)} appointments, "
            f"{counts.get('demarches_due', 0)} démarches due, "
            f"{counts.get('unsigned_notes', 0)} unsigned notes, "
            f"{counts.get('unbilled_sessions', 0)} unbilled sessions)"
        )
        rows = [
            [
                name,
                ms(e["median_seconds"]["service_encrypted"]),
                ms(e["median_seconds"]["service_plain"]),
                times(e["encrypted/plain"]),
            ]
            for name, e in today["steps"].items()
        ]
        lines += ["   " + line for line in table(["step", "encrypted", "plain", "enc/plain"], rows)]
    return lines
