"""Recurring appointments: RFC 5545 rules, their expansion in wall-clock time, their wording.

A series is "every N weeks" on the weekday of its first occurrence, or "every N months"
on the same day of the month or the same weekday of the same rank ("the second
Thursday"), until a local date or for a number of times (:class:`Recurrence`).

The expansion keeps the *wall-clock* time of the practitioner's zone: a weekly 10:00
stays 10:00 in winter and in summer, so its UTC instant moves by an hour at each DST
change. Two local times need a rule:

- a time that does not exist (the spring gap, 02:30 on the last Sunday of March in
  Paris) moves forward by the length of the gap (03:30 summer time);
- a time that happens twice (the autumn fold, 02:30 on the last Sunday of October)
  takes the first one (summer time, ``fold=0``).

Months without the day: a monthly series started on the 29th, 30th or 31st falls on the
last day of the shorter months (30 April, 28 or 29 February), written
``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` — plain ``BYMONTHDAY=31`` would skip them. A
series started on the fifth weekday of a month ("the fifth Thursday") repeats on the
*last* such weekday of every month (``BYDAY=-1TH``), since most months have no fifth one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from dateutil.rrule import weekdays as _DATEUTIL_WEEKDAYS

from socialdesk.domain.agenda import MAX_OCCURRENCES, Recurrence, RecurrenceFrequency
from socialdesk.i18n import _

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQUENCIES = {"WEEKLY": RecurrenceFrequency.WEEKLY, "MONTHLY": RecurrenceFrequency.MONTHLY}
_END_OF_DAY = time(23, 59, 59)


def local_naive(instant: datetime, zone: tzinfo) -> datetime:
    """The wall-clock time of an aware ``instant`` in ``zone``, without zone."""
    return instant.astimezone(zone).replace(tzinfo=None)


def localize(wall_clock: datetime, zone: tzinfo) -> datetime:
    """The aware UTC instant of a naive wall-clock time in ``zone``: a time in the
    spring gap moves forward by the gap, an ambiguous one takes the first (``fold=0``)."""
    return wall_clock.replace(tzinfo=zone, fold=0).astimezone(UTC)


def weekday_rank(day: date) -> int:
    """1 for the first Monday (Tuesday…) of the month, 2 for the second…; -1 for a
    fifth one, which the series reads as "the last"."""
    rank = (day.day - 1) // 7 + 1
    return -1 if rank == 5 else rank


def until_instant(until: date, zone: tzinfo) -> datetime:
    """The UTC instant ending the local day ``until`` (the inclusive end of a series)."""
    return localize(datetime.combine(until, _END_OF_DAY), zone)


def _rule_parts(rec: Recurrence, first_local: datetime) -> list[tuple[str, str]]:
    """``(name, value)`` pairs of the rule, without its bound (UNTIL/COUNT)."""
    parts = [("FREQ", "WEEKLY" if rec.frequency is RecurrenceFrequency.WEEKLY else "MONTHLY")]
    if rec.interval != 1:
        parts.append(("INTERVAL", str(rec.interval)))
    code = WEEKDAY_CODES[first_local.weekday()]
    if rec.frequency is RecurrenceFrequency.WEEKLY:
        parts.append(("BYDAY", code))
    elif rec.monthly_by_weekday:
        parts.append(("BYDAY", f"{weekday_rank(first_local.date())}{code}"))
    elif first_local.day <= 28:
        parts.append(("BYMONTHDAY", str(first_local.day)))
    else:
        days = ",".join(str(d) for d in range(28, first_local.day + 1))
        parts += [("BYMONTHDAY", days), ("BYSETPOS", "-1")]
    return parts


def to_rrule(rec: Recurrence, first_local: datetime) -> str:
    """The RFC 5545 RRULE value of ``rec`` for a series starting at ``first_local``
    (its wall-clock time; aware in the practitioner's zone, or naive): for instance
    ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10``. UNTIL is the end of the local day, in
    UTC (``…T215959Z``) when ``first_local`` is aware, floating otherwise."""
    parts = _rule_parts(rec, first_local)
    if rec.until is not None:
        if first_local.tzinfo is not None:
            end = until_instant(rec.until, first_local.tzinfo)
            parts.append(("UNTIL", end.strftime("%Y%m%dT%H%M%SZ")))
        else:
            parts.append(
                ("UNTIL", datetime.combine(rec.until, _END_OF_DAY).strftime("%Y%m%dT%H%M%S"))
            )
    if rec.count is not None:
        parts.append(("COUNT", str(rec.count)))
    return ";".join(f"{name}={value}" for name, value in parts)


def _until_date(value: str, zone: tzinfo | None) -> date:
    if len(value) == 8:
        return datetime.strptime(value, "%Y%m%d").date()
    if value.endswith("Z"):
        instant = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        # Without a zone, the UTC date: the local date too for zones at or east of UTC.
        return instant.astimezone(zone).date() if zone is not None else instant.date()
    return datetime.strptime(value, "%Y%m%dT%H%M%S").date()


def from_rrule(text: str, zone: tzinfo | None = None) -> Recurrence:
    """The :class:`Recurrence` of an RRULE written by :func:`to_rrule` (or by the demo
    generator). ``zone`` turns a UTC UNTIL into the local date it ends. Raises
    ValueError for a rule the agenda cannot express (daily, yearly, no bound…)."""
    fields: dict[str, str] = {}
    for part in text.strip().removeprefix("RRULE:").split(";"):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"not an RRULE part: {part!r}")
        fields[name.strip().upper()] = value.strip().upper()
    frequency = _FREQUENCIES.get(fields.get("FREQ", ""))
    if frequency is None:
        raise ValueError(f"unsupported frequency in {text!r}")
    until = _until_date(fields["UNTIL"], zone) if "UNTIL" in fields else None
    count = int(fields["COUNT"]) if "COUNT" in fields else None
    if (until is None) == (count is None):
        raise ValueError(f"exactly one of UNTIL and COUNT is expected in {text!r}")
    return Recurrence(
        frequency=frequency,
        interval=int(fields.get("INTERVAL", "1")),
        until=until,
        count=count,
        monthly_by_weekday=frequency is RecurrenceFrequency.MONTHLY and "BYDAY" in fields,
    )


def _dateutil_rule(rec: Recurrence, first_local: datetime) -> rrule:
    """The dateutil rule over naive wall-clock times."""
    kwargs: dict[str, Any] = {"dtstart": first_local, "interval": rec.interval}
    for name, value in _rule_parts(rec, first_local):
        if name == "BYDAY":
            code = value[-2:]
            day: weekday = _DATEUTIL_WEEKDAYS[WEEKDAY_CODES.index(code)]
            rank = value[:-2]
            kwargs["byweekday"] = day(int(rank)) if rank else day
        elif name == "BYMONTHDAY":
            kwargs["bymonthday"] = tuple(int(d) for d in value.split(","))
        elif name == "BYSETPOS":
            kwargs["bysetpos"] = int(value)
    if rec.until is not None:
        kwargs["until"] = datetime.combine(rec.until, _END_OF_DAY)
    if rec.count is not None:
        kwargs["count"] = rec.count
    freq = WEEKLY if rec.frequency is RecurrenceFrequency.WEEKLY else MONTHLY
    return rrule(freq, **kwargs)


def expand(
    rec: Recurrence,
    first_start: datetime,
    zone: ZoneInfo,
    *,
    limit: int = MAX_OCCURRENCES + 1,
) -> list[datetime]:
    """The starts (aware, UTC) of the series beginning at ``first_start``, at most
    ``limit`` of them: the default, one more than a series may hold, lets the caller
    tell a series that is too long. The wall-clock time in ``zone`` is kept across DST
    changes (see the module docstring for the gap and the fold)."""
    first_local = local_naive(first_start, zone)
    return [localize(start, zone) for start in islice(_dateutil_rule(rec, first_local), limit)]


def occurrence_count(rec: Recurrence, first_start: datetime, zone: ZoneInfo) -> int:
    """How many occurrences the series has (up to ``MAX_OCCURRENCES + 1``)."""
    return len(expand(rec, first_start, zone))


def shift_wall_clock(instant: datetime, delta: timedelta, zone: ZoneInfo) -> datetime:
    """``instant`` moved by ``delta`` of wall-clock time in ``zone`` (a move from 10:00
    to 11:00 stays 11:00 on the other side of a DST change)."""
    return localize(local_naive(instant, zone) + delta, zone)


# ---- wording -----------------------------------------------------------------------------
def _rule_text(rec: Recurrence) -> str:
    n = rec.interval
    if rec.frequency is RecurrenceFrequency.WEEKLY:
        return _("Every week") if n == 1 else _("Every {n} weeks", n=n)
    if rec.monthly_by_weekday:
        if n == 1:
            return _("Every month on the same weekday")
        return _("Every {n} months on the same weekday", n=n)
    return (
        _("Every month on the same day") if n == 1 else _("Every {n} months on the same day", n=n)
    )


def describe(rec: Recurrence) -> str:
    """``"Every 2 weeks, 10 times"``, ``"Every month on the same weekday, until
    30/06/2026"`` in the current language."""
    rule = _rule_text(rec)
    if rec.until is not None:
        return _("{rule}, until {date}", rule=rule, date=rec.until.strftime("%d/%m/%Y"))
    if rec.count == 1:
        return _("{rule}, once", rule=rule)
    return _("{rule}, {count} times", rule=rule, count=rec.count)
