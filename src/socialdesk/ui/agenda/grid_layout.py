"""Where blocks go in a day column: overlapping appointments side by side.

Pure arithmetic (no Qt): minutes since local midnight in, lanes out. Appointments that
overlap, directly or through a chain, form a cluster; each gets the first free lane, and
every block of a cluster shares its width (the number of lanes the cluster needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from socialdesk.domain.agenda import AppointmentView

SNAP_MINUTES = 15
DAY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class DaySpan:
    """The part of an appointment on one local day, in minutes since midnight."""

    appointment_id: int
    day_index: int
    start: int
    end: int
    continues_before: bool = False
    continues_after: bool = False


@dataclass(frozen=True, slots=True)
class Placed:
    span: DaySpan
    lane: int
    lanes: int


def wall_minutes(value: datetime, zone: ZoneInfo) -> tuple[date, int]:
    """The local date and wall-clock minutes since midnight of ``value``."""
    local = value.astimezone(zone)
    return local.date(), local.hour * 60 + local.minute


def local_instant(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """The aware instant at ``minutes`` past local midnight of ``day`` (24:00 allowed)."""
    extra, minutes = divmod(minutes, DAY_MINUTES)
    moment = datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60))
    return moment.replace(tzinfo=zone)


def snap(minutes: float, step: int = SNAP_MINUTES) -> int:
    return int(round(minutes / step)) * step


def day_spans(view: AppointmentView, first: date, days: int, zone: ZoneInfo) -> list[DaySpan]:
    """The pieces of ``view`` on the days [first, first + days) (one, unless it crosses
    midnight)."""
    start_day, start_min = wall_minutes(view.starts_at, zone)
    end_day, end_min = wall_minutes(view.ends_at, zone)
    if end_day > start_day and end_min == 0:
        end_day, end_min = end_day - timedelta(days=1), DAY_MINUTES
    spans: list[DaySpan] = []
    day = start_day
    while day <= end_day:
        index = (day - first).days
        if 0 <= index < days:
            spans.append(
                DaySpan(
                    view.id,
                    index,
                    start_min if day == start_day else 0,
                    end_min if day == end_day else DAY_MINUTES,
                    continues_before=day != start_day,
                    continues_after=day != end_day,
                )
            )
        day += timedelta(days=1)
    return spans


def lay_out(spans: list[DaySpan], min_length: int = 15) -> list[Placed]:
    """Lanes for the spans of ONE day. Very short spans count as ``min_length`` minutes,
    so blocks drawn taller than their duration do not cover each other."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.appointment_id))
    placed: list[Placed] = []
    cluster: list[tuple[DaySpan, int]] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        lanes = len(lane_ends)
        placed.extend(Placed(span, lane, lanes) for span, lane in cluster)

    for span in ordered:
        end = max(span.end, span.start + min_length)
        if span.start >= cluster_end and cluster:
            close()
            cluster, lane_ends = [], []
        lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end <= span.start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        cluster.append((span, lane))
        cluster_end = max(cluster_end, end)
    if cluster:
        close()
    return placed
