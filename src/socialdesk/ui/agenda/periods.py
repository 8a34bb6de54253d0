"""What each agenda view shows: its period of days, the step of previous/next, its label.

Dates are local dates of the practitioner's zone. A week starts on Monday (France,
Belgium and Romania all count so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale

from socialdesk.i18n import _


class ViewMode(StrEnum):
    DAY = "day"
    WORK_WEEK = "work_week"
    WEEK = "week"
    MONTH = "month"
    LIST = "list"


GRID_MODES = frozenset({ViewMode.DAY, ViewMode.WORK_WEEK, ViewMode.WEEK})


@dataclass(frozen=True, slots=True)
class Period:
    """``days`` consecutive local dates from ``first``."""

    first: date
    days: int

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.days - 1)

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The aware instants [start of the first day, start of the day after the last)."""
        start = datetime.combine(self.first, time(0), zone)
        end = datetime.combine(self.last + timedelta(days=1), time(0), zone)
        return start, end


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first.replace(day=min(day.day, (following - first).days))


def period_for(mode: ViewMode, anchor: date, work_days: frozenset[int]) -> Period:
    """The days ``mode`` shows around ``anchor``."""
    if mode is ViewMode.DAY:
        return Period(anchor, 1)
    if mode is ViewMode.WEEK:
        return Period(monday_of(anchor), 7)
    if mode is ViewMode.WORK_WEEK:
        days = sorted(work_days) or [0, 1, 2, 3, 4]
        return Period(monday_of(anchor) + timedelta(days=days[0]), days[-1] - days[0] + 1)
    first = month_start(anchor)
    if mode is ViewMode.LIST:
        return Period(first, (add_months(first, 1) - first).days)
    # MONTH: whole weeks, Monday before the 1st to Sunday after the last day
    grid_first = monday_of(first)
    last = add_months(first, 1) - timedelta(days=1)
    grid_last = last + timedelta(days=6 - last.weekday())
    return Period(grid_first, (grid_last - grid_first).days + 1)


def step(mode: ViewMode, anchor: date, direction: int) -> date:
    """The anchor of the previous (-1) or next (+1) period."""
    if mode is ViewMode.DAY:
        return anchor + timedelta(days=direction)
    if mode in (ViewMode.WEEK, ViewMode.WORK_WEEK):
        return anchor + timedelta(weeks=direction)
    return add_months(anchor, direction)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def format_day(day: date, fmt: str) -> str:
    return QLocale().toString(_qdate(day), fmt)


def period_label(mode: ViewMode, period: Period, anchor: date) -> str:
    """ "Tuesday 12 March 2026", "9 – 15 March 2026", "March 2026"…"""
    if mode is ViewMode.DAY:
        return format_day(anchor, "dddd d MMMM yyyy")
    if mode in (ViewMode.MONTH, ViewMode.LIST):
        text = format_day(month_start(anchor), "MMMM yyyy")
        return text[:1].upper() + text[1:]
    first, last = period.first, period.last
    if first.year != last.year:
        start = format_day(first, "d MMMM yyyy")
    elif first.month != last.month:
        start = format_day(first, "d MMMM")
    else:
        start = format_day(first, "d")
    return _("{first} – {last}", first=start, last=format_day(last, "d MMMM yyyy"))
