"""Figure 5 — the agenda: the week view, the month view and the .ics export of a month.

Each step is one unit of work, as the agenda page runs it, on copies of the same data
(the ``encrypted`` and ``plain`` variants of figure 3):

- ``service_encrypted``: the real service in a :class:`UnitOfWork` on the vault engine;
- ``service_plain``: the same on the plain copy (same SQLite library and pragmas, no key):
  ``service_encrypted / service_plain`` is the cost of encryption;
- ``raw_plain`` (the two views only): hand-written SQL reading the same rows on a bare
  ``sqlcipher3`` connection to the plain copy — the appointments overlapping the
  period (bounded on the ``starts_at`` index by the longest duration, as the service
  does), their participants with names and file numbers, the service names — so
  ``service_plain / raw_plain`` is what the service layer adds (ORM, DTOs).

Steps, in the practitioner's zone (Europe/Paris for the demo):

- ``week view``: ``list_appointments`` from Monday 00:00 to Saturday 00:00 of the
  *busiest* work week of the data (most appointments starting Monday–Friday);
- ``month view``: ``list_appointments`` over the calendar month of that week;
- ``ics month`` / ``ics month anonymized``: ``export_ics`` of that month (full, then
  initials and kind only), DTSTAMP fixed so both variants give the same bytes.

Before timing, both variants must return the same views and the same bytes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from bench.case_file import raw_plain_connection
from bench.common import median, ratio, rotated, timed
from bench.report import ms, table, times
from socialdesk.domain.agenda import MAX_DURATION_MINUTES
from socialdesk.storage.orm import Appointment
from socialdesk.storage.uow import UnitOfWork, session_factory

AGENDA_VARIANTS = ("service_encrypted", "service_plain", "raw_plain")
TARGET_SECONDS = 0.02
MAX_INNER = 20
EXPORT_STAMP = datetime(2026, 1, 1, tzinfo=UTC)


# ---- parameters drawn from the data ----------------------------------------------------------
@dataclass(frozen=True)
class AgendaParams:
    timezone: str
    week_monday: date  # the busiest work week
    week_appointments: int  # starting Monday to Friday of that week
    month_first: date
    month_last: date

    def to_json(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(self).items()
        }


def choose_agenda_params(engine: Engine) -> AgendaParams:
    """The busiest work week (ties: the earliest) and its month, in the agenda's zone."""
    from socialdesk.services.agenda import agenda_settings

    with UnitOfWork(session_factory(engine)) as uow:
        zone_name = agenda_settings(uow).timezone
        zone = ZoneInfo(zone_name)
        starts = uow.session.execute(select(Appointment.starts_at)).scalars().all()
    weeks: Counter[date] = Counter()
    for start in starts:
        day = start.astimezone(zone).date()
        if day.weekday() < 5:
            weeks[day - timedelta(days=day.weekday())] += 1
    if weeks:
        monday, count = min(weeks.items(), key=lambda item: (-item[1], item[0]))
    else:
        monday, count = date(2026, 3, 30), 0
    first = monday.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return AgendaParams(
        timezone=zone_name,
        week_monday=monday,
        week_appointments=count,
        month_first=first,
        month_last=following - timedelta(days=1),
    )


def _bounds(p: AgendaParams, first: date, days: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(p.timezone)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), zone).astimezone(UTC)
    return start, end


# ---- the steps -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    name: str
    service: Callable[[UnitOfWork], Any]
    raw: Callable[[Any], Any] | None


def _sqlite_instant(value: datetime) -> str:
    """How ``UTCDateTime`` stores an instant in SQLite (UTC text, no offset)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


_RAW_RANGE = """
SELECT a.id, a.starts_at, a.ends_at, a.kind, a.status, a.title, a.place, a.service_id,
       a.travel_minutes, a.travel_km_milli, a.note_short, a.reminder_minutes, a.series_id,
       a.is_group, a.billing_mode, a.payer_organization_id, a.cancelled_at,
       a.cancellation_reason, s.name
FROM appointment AS a LEFT JOIN service AS s ON s.id = a.service_id
WHERE a.starts_at >= :low AND a.starts_at < :end AND a.ends_at > :start
ORDER BY a.starts_at, a.id"""
_RAW_PARTICIPANTS = """
SELECT p.appointment_id, p.client_id, p.attendance, c.last_name, c.first_name, c.file_number
FROM appointment AS a
JOIN appointment_participant AS p ON p.appointment_id = a.id
JOIN client AS c ON c.id = p.client_id
WHERE a.starts_at >= :low AND a.starts_at < :end AND a.ends_at > :start
ORDER BY p.appointment_id, p.id"""


def _view_step(name: str, start: datetime, end: datetime) -> Step:
    from socialdesk.services.agenda import list_appointments

    params = {
        "low": _sqlite_instant(start - timedelta(minutes=MAX_DURATION_MINUTES)),
        "start": _sqlite_instant(start),
        "end": _sqlite_instant(end),
    }

    def raw(con: Any) -> Any:
        rows = con.execute(_RAW_RANGE, params).fetchall()
        people = con.execute(_RAW_PARTICIPANTS, params).fetchall()
        return rows, people

    return Step(name, lambda uow: list_appointments(uow, start, end), raw)


def _ics_step(name: str, p: AgendaParams, *, anonymize: bool) -> Step:
    from socialdesk.services.agenda_ics import export_ics

    def service(uow: UnitOfWork) -> Any:
        return export_ics(uow, p.month_first, p.month_last, anonymize=anonymize, now=EXPORT_STAMP)

    return Step(name, service, None)


def agenda_steps(p: AgendaParams) -> list[Step]:
    month_days = (p.month_last - p.month_first).days + 1
    return [
        _view_step("week view", *_bounds(p, p.week_monday, 5)),
        _view_step("month view", *_bounds(p, p.month_first, month_days)),
        _ics_step("ics month", p, anonymize=False),
        _ics_step("ics month anonymized", p, anonymize=True),
    ]


# ---- measuring -------------------------------------------------------------------------------
def _rows(result: Any) -> dict[str, int]:
    if isinstance(result, tuple) and isinstance(result[0], bytes):  # (ics bytes, events)
        return {"events": result[1], "bytes": len(result[0])}
    return {"appointments": len(result)}


def run_agenda(
    variants: list[Any],
    *,
    repeats: int = 5,
    target_seconds: float = TARGET_SECONDS,
) -> dict[str, Any]:
    """Measure every step on the ``encrypted`` and ``plain`` variants of figure 3 (both
    needed), and the two views raw on the plain copy."""
    by_name = {v.name: v for v in variants}
    encrypted, plain = by_name["encrypted"].open(), by_name["plain"].open()
    raw = raw_plain_connection(by_name["plain"].path)
    try:
        params = choose_agenda_params(encrypted)
        steps = agenda_steps(params)
        factories = {
            "service_encrypted": session_factory(encrypted),
            "service_plain": session_factory(plain),
        }

        def call(variant: str, step: Step) -> Any:
            if variant == "raw_plain":
                assert step.raw is not None
                raw.execute("BEGIN")
                try:
                    return step.raw(raw)
                finally:
                    raw.execute("COMMIT")
            with UnitOfWork(factories[variant]) as uow:
                return step.service(uow)

        def per_call(variant: str, step: Step, inner: int) -> float:
            seconds, _ = timed(lambda: [call(variant, step) for _ in range(inner)])
            return seconds / inner

        def measured(step: Step) -> tuple[str, ...]:
            return AGENDA_VARIANTS if step.raw is not None else AGENDA_VARIANTS[:2]

        entries: dict[str, Any] = {}
        inner: dict[tuple[str, str], int] = {}
        for step in steps:  # warm-up, agreement, row counts, calls per sample
            results = {v: call(v, step) for v in measured(step)}
            if results["service_encrypted"] != results["service_plain"]:
                raise RuntimeError(f"{step.name}: encrypted and plain services disagree")
            entry: dict[str, Any] = {"rows": _rows(results["service_plain"])}
            if step.raw is not None:
                raw_rows, _people = results["raw_plain"]
                entry["rows"]["raw"] = len(raw_rows)
            entries[step.name] = entry
            for v in measured(step):
                once = per_call(v, step, 1)
                inner[step.name, v] = max(1, min(MAX_INNER, math.ceil(target_seconds / once)))

        samples: dict[str, dict[str, list[float]]] = {
            s.name: {v: [] for v in measured(s)} for s in steps
        }
        for turn in range(repeats):
            for step in steps:
                for v in rotated(measured(step), turn):
                    samples[step.name][v].append(per_call(v, step, inner[step.name, v]))
        for step in steps:
            medians = {v: median(values) for v, values in samples[step.name].items()}
            entry = entries[step.name]
            entry["median_seconds"] = medians
            entry["encrypted/plain"] = ratio(medians["service_encrypted"], medians["service_plain"])
            if "raw_plain" in medians:
                entry["service/raw"] = ratio(medians["service_plain"], medians["raw_plain"])
            count = entry["rows"].get("appointments", entry["rows"].get("events", 0))
            entry["per_appointment_us"] = (
                medians["service_encrypted"] / count * 1e6 if count else float("nan")
            )
        return {
            "params": params.to_json(),
            "repeats": repeats,
            "variants": list(AGENDA_VARIANTS),
            "steps": entries,
        }
    finally:
        raw.close()
        encrypted.dispose()
        plain.dispose()


def large_over_small(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """Per step: large / small of the encrypted median, whole call and per appointment."""
    out: dict[str, Any] = {}
    for name, entry in large["steps"].items():
        before = small["steps"].get(name)
        if before is None:
            continue
        out[name] = {
            "call": ratio(
                entry["median_seconds"]["service_encrypted"],
                before["median_seconds"]["service_encrypted"],
            ),
            "per_appointment": ratio(entry["per_appointment_us"], before["per_appointment_us"]),
        }
    return out


# ---- report ----------------------------------------------------------------------------------
def agenda_table(result: dict[str, Any]) -> list[str]:
    """Figure 5 as printed lines (every size measured, then large / small)."""
    lines: list[str] = []
    for size in ("small", "large"):
        agenda = result.get(f"agenda_{size}")
        if agenda is None:
            continue
        p = agenda["params"]
        lines.append(
            f"5. Agenda, {size} demo (median of {agenda['repeats']}; week of "
            f"{p['week_monday']}, {p['week_appointments']} appointments Mon–Fri; month "
            f"{p['month_first'][:7]}; zone {p['timezone']})"
        )
        rows = []
        for name, e in agenda["steps"].items():
            m = e["median_seconds"]
            count = e["rows"].get("appointments", e["rows"].get("events", 0))
            rows.append(
                [
                    name,
                    str(count),
                    ms(m["service_encrypted"]),
                    ms(m["service_plain"]),
                    ms(m.get("raw_plain")),
                    times(e["encrypted/plain"]),
                    times(e.get("service/raw")),
                    f"{e['per_appointment_us']:.0f} µs",
                ]
            )
        headers = ["step", "rows", "service enc", "service plain", "raw plain"]
        headers += ["enc/plain", "svc/raw", "enc per row"]
        lines += ["   " + line for line in table(headers, rows)]
    ratios = result.get("agenda_large_over_small")
    if ratios:
        lines.append(
            "   large / small (encrypted): "
            + ", ".join(
                f"{name} {times(r['call'])} (per row {times(r['per_appointment'])})"
                for name, r in ratios.items()
            )
        )
    return lines
