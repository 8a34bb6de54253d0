"""The activity figures of a period, counted by indexed aggregate queries.

Public API (also re-exported by :mod:`socialdesk.services.reports.activity`)::

    activity_figures(uow, start: date, end: date) -> ActivityFigures
    metric_values(uow, start: date, end: date) -> dict[IndicatorSource, int]

What each figure means is defined once, in :mod:`socialdesk.domain.activity`. Nothing
here loads rows one by one: every figure is a ``COUNT`` / ``SUM`` with ``GROUP BY``,
so a year on the large demo (5,000 clients, 100,000 appointments) stays fast.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, String, case, exists, func, literal, or_, select

from socialdesk.domain.activity import (
    AGE_BANDS,
    AGE_UNKNOWN_LABEL,
    GENDER_LABELS,
    GENDERS,
    UNKNOWN,
    ActivityFigures,
    AppointmentCount,
    age_gender_table,
    breakdown,
)
from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceStatus,
    DemarcheStatus,
    IndicatorSource,
    InvoiceKind,
    InvoiceStatus,
    ObjectiveStatus,
    PayerKind,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.reports import check_period
from socialdesk.services.agenda import agenda_zone
from socialdesk.services.demarches import rights_obtained
from socialdesk.storage.durations import minutes_between
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    CaseNote,
    Client,
    ClientSocialIssue,
    Demarche,
    DemarcheKind,
    Invoice,
    Objective,
    Referral,
    SocialIssueType,
)
from socialdesk.storage.uow import UnitOfWork

_ABSENT = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
_CLOSED_OUTCOMES = (ObjectiveStatus.ACHIEVED, ObjectiveStatus.PARTIAL, ObjectiveStatus.ABANDONED)


def utc_bounds(uow: UnitOfWork, start: date, end: date) -> tuple[datetime, datetime]:
    """The instants of the practitioner's local days ``start`` .. ``end`` (end excluded)."""
    zone = agenda_zone(uow)
    first = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return first, after


def _checked(start: date, end: date) -> None:
    errors = check_period(start, end)
    if errors:
        raise ValidationError(errors)


def accompanied_query(uow: UnitOfWork, start: date, end: date) -> Select[Any]:
    """``client.id`` of the persons accompanied in the period (see domain.activity)."""
    first, after = utc_bounds(uow, start, end)
    a, p, n = Appointment, AppointmentParticipant, CaseNote
    note = exists().where(n.client_id == Client.id, n.note_date >= start, n.note_date <= end)
    met = (
        exists()
        .where(
            p.client_id == Client.id,
            p.attendance.not_in(_ABSENT),
            a.id == p.appointment_id,
            a.status == AppointmentStatus.DONE,
            a.starts_at >= first,
            a.starts_at < after,
        )
        .correlate(Client)
    )
    return select(Client.id).where(
        Client.intake_date <= end,
        or_(Client.closed_date.is_(None), Client.closed_date >= start),
        or_(note, met),
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band(end: date) -> Any:
    """A CASE giving the age band key of ``client.birth_date`` on ``end`` (portable: born
    after the date ``end`` minus N years means younger than N)."""
    whens: list[tuple[Any, Any]] = []
    for key, _label, _low, high in AGE_BANDS:
        if high is None:
            whens.append((Client.birth_date.is_not(None), literal(key)))
        else:
            whens.append((Client.birth_date > _years_before(end, high + 1), literal(key)))
    return case(*whens, else_=literal(UNKNOWN))


def _persons(uow: UnitOfWork, start: date, end: date) -> dict[str, Any]:
    session = uow.session
    ids = accompanied_query(uow, start, end).subquery()
    c = Client
    # One pass over the persons accompanied: every (age band, gender, new, closed) group.
    band = _age_band(end).label("band")
    gender = func.coalesce(c.gender, literal(UNKNOWN), type_=String).label("gender")
    is_new = case((c.intake_date >= start, 1), else_=0).label("is_new")
    is_closed = case((c.closed_date <= end, 1), else_=0).label("is_closed")
    rows = session.execute(
        select(band, gender, is_new, is_closed, func.count())
        .where(c.id.in_(select(ids.c.id)))
        .group_by(band, gender, is_new, is_closed)
    ).all()
    cross: dict[tuple[str, str], int] = {}
    total = new = closed = 0
    for b, g, n_new, n_closed, n in rows:
        cross[str(b), str(g)] = cross.get((str(b), str(g)), 0) + int(n)
        total += int(n)
        new += int(n) if n_new else 0
        closed += int(n) if n_closed else 0
    issue_rows = session.execute(
        select(SocialIssueType.code, SocialIssueType.label, func.count())
        .join(ClientSocialIssue, ClientSocialIssue.social_issue_type_id == SocialIssueType.id)
        .where(ClientSocialIssue.client_id.in_(select(ids.c.id)))
        .group_by(SocialIssueType.id, SocialIssueType.code, SocialIssueType.label)
        .order_by(SocialIssueType.sort_order, SocialIssueType.code)
    ).all()
    bands = [*(b[0] for b in AGE_BANDS), UNKNOWN]
    band_labels = {**{b[0]: b[1] for b in AGE_BANDS}, UNKNOWN: AGE_UNKNOWN_LABEL}
    return {
        "persons_accompanied": total,
        "persons_new": new,
        "persons_closed": closed,
        "persons_active": total - closed,
        "by_social_issue": breakdown([(str(k), str(lbl), int(n)) for k, lbl, n in issue_rows]),
        "by_age_band": breakdown(
            [(b, band_labels[b], sum(v for (bb, _g), v in cross.items() if bb == b)) for b in bands]
        ),
        "by_gender": breakdown(
            [
                (g, GENDER_LABELS[g], sum(v for (_b, gg), v in cross.items() if gg == g))
                for g in GENDERS
            ]
        ),
        "age_gender": age_gender_table(cross),
    }


def _kind_status_order(row: Any) -> tuple[int, int]:
    kinds, statuses = list(AppointmentKind), list(AppointmentStatus)
    return kinds.index(AppointmentKind(row[0])), statuses.index(AppointmentStatus(row[1]))


def _appointments(uow: UnitOfWork, start: date, end: date) -> dict[str, Any]:
    """One pass over the period's appointments (the ``starts_at`` index, then each row
    once): counts by kind and status, with the minutes, km and group sessions of each
    group; the done ones are summed here."""
    first, after = utc_bounds(uow, start, end)
    a = Appointment
    minutes = case(
        (a.kind != AppointmentKind.ADMIN, minutes_between(a.starts_at, a.ends_at)), else_=0
    )
    rows = uow.session.execute(
        select(
            a.kind,
            a.status,
            func.count(),
            func.coalesce(func.sum(minutes), 0),
            func.coalesce(func.sum(a.travel_km_milli), 0),
            func.coalesce(func.sum(case((a.is_group.is_(True), 1), else_=0)), 0),
        )
        .where(a.starts_at >= first, a.starts_at < after)
        .group_by(a.kind, a.status)
    ).all()
    rows = sorted(rows, key=_kind_status_order)
    counts = tuple(
        AppointmentCount(AppointmentKind(r[0]), AppointmentStatus(r[1]), int(r[2])) for r in rows
    )
    done = [r for r in rows if AppointmentStatus(r[1]) == AppointmentStatus.DONE]
    return {
        "appointments": counts,
        "minutes_of_accompaniment": sum(int(r[3]) for r in done),
        "km_milli": sum(int(r[4]) for r in done),
        "group_sessions_done": sum(int(r[5]) for r in done),
        "home_visits_done": sum(
            int(r[2]) for r in done if AppointmentKind(r[0]) == AppointmentKind.HOME_VISIT
        ),
    }


def _plans(uow: UnitOfWork, start: date, end: date) -> dict[str, Any]:
    session = uow.session
    o, d = Objective, Demarche
    rows = session.execute(
        select(o.status, func.count())
        .where(o.status.in_(_CLOSED_OUTCOMES), o.closed_date >= start, o.closed_date <= end)
        .group_by(o.status)
    ).all()
    objectives = dict.fromkeys(_CLOSED_OUTCOMES, 0)
    objectives.update({ObjectiveStatus(s): int(n) for s, n in rows})
    submitted = session.scalar(
        select(func.count())
        .select_from(d)
        .where(d.submitted_date >= start, d.submitted_date <= end)
    )
    referrals = session.scalar(
        select(func.count())
        .select_from(Referral)
        .where(Referral.referral_date >= start, Referral.referral_date <= end)
    )
    rights = rights_obtained(uow, start, end)
    kinds = session.execute(
        select(DemarcheKind.code, DemarcheKind.label, func.count())
        .join(d, d.kind_id == DemarcheKind.id)
        .where(d.status == DemarcheStatus.GRANTED, d.decision_date >= start, d.decision_date <= end)
        .group_by(DemarcheKind.id, DemarcheKind.code, DemarcheKind.label)
        .order_by(func.count().desc(), DemarcheKind.label)
    ).all()
    return {
        "objectives": objectives,
        "demarches_submitted": int(submitted or 0),
        "referrals_made": int(referrals or 0),
        "rights_granted": rights.granted_count,
        "rights_persons": rights.clients,
        "rights_monthly_cents": rights.monthly_benefit_cents,
        "rights_by_kind": breakdown([(str(k), str(lbl), int(n)) for k, lbl, n in kinds]),
    }


def _revenue(uow: UnitOfWork, start: date, end: date) -> dict[PayerKind, int]:
    i = Invoice
    signed = case((i.kind == InvoiceKind.CREDIT_NOTE, -i.total_net_cents), else_=i.total_net_cents)
    rows = uow.session.execute(
        select(i.payer_kind, func.coalesce(func.sum(signed), 0))
        .where(i.issue_date >= start, i.issue_date <= end, i.status != InvoiceStatus.DRAFT)
        .group_by(i.payer_kind)
    ).all()
    revenue = dict.fromkeys(PayerKind, 0)
    revenue.update({PayerKind(k): int(v) for k, v in rows})
    return revenue


def activity_figures(uow: UnitOfWork, start: date, end: date) -> ActivityFigures:
    """The figures of ``start`` .. ``end`` (both included), small cells masked."""
    _checked(start, end)
    return ActivityFigures(
        period_start=start,
        period_end=end,
        **_persons(uow, start, end),
        **_appointments(uow, start, end),
        **_plans(uow, start, end),
        revenue_cents=_revenue(uow, start, end),
    )


def metrics_of(figures: ActivityFigures) -> dict[IndicatorSource, int]:
    """Every computed indicator source of ``figures``."""
    return {s: figures.metric(s) for s in IndicatorSource if s != IndicatorSource.MANUAL}


def metric_values(uow: UnitOfWork, start: date, end: date) -> dict[IndicatorSource, int]:
    """Every computed indicator source over ``start`` .. ``end``."""
    return metrics_of(activity_figures(uow, start, end))
