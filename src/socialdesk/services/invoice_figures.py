"""Billing figures for the dashboard: invoiced and paid this month and year, overdue,
revenue per month, and the VAT-franchise threshold watch.

Amounts invoiced are net of credit notes (an avoir issued in a period lowers that
period). Sums read the covering index on (issue_date, kind, status, totals) only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import InvoiceKind, InvoiceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.storage.orm import AppSetting, Invoice, Payment, PractitionerProfile
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork

THRESHOLD_SETTING = "billing.franchise_threshold_cents"
# Yearly turnover ceilings of the small-business VAT franchise for services (2026); the
# practitioner can set another figure (Settings → Billing).
DEFAULT_FRANCHISE_THRESHOLD_CENTS = {"FR": 3_750_000, "BE": 2_500_000, "RO": 39_500_000}
_UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


@dataclass(frozen=True, slots=True)
class MonthRevenue:
    year: int
    month: int
    net_cents: int  # invoices less credit notes issued that month


@dataclass(frozen=True, slots=True)
class BillingFigures:
    invoiced_month_cents: int  # gross, net of credit notes
    invoiced_year_cents: int
    paid_month_cents: int
    paid_year_cents: int
    overdue_count: int
    overdue_cents: int
    draft_count: int
    revenue_by_month: tuple[MonthRevenue, ...]  # the last 12 months, oldest first
    franchise_threshold_cents: int
    year_turnover_cents: int  # net (excl. VAT) this calendar year, what the threshold counts

    @property
    def threshold_percent(self) -> int:
        if self.franchise_threshold_cents <= 0:
            return 0
        return self.year_turnover_cents * 100 // self.franchise_threshold_cents


def _signed(column: InstrumentedAttribute[int]) -> ColumnElement[int]:
    return case((Invoice.kind == InvoiceKind.CREDIT_NOTE, -column), else_=column)


def _issued_sum(
    uow: UnitOfWork, column: InstrumentedAttribute[int], first: date, last: date
) -> int:
    value = uow.session.scalar(
        select(func.coalesce(func.sum(_signed(column)), 0)).where(
            Invoice.issue_date >= first,
            Invoice.issue_date <= last,
            Invoice.status != InvoiceStatus.DRAFT,
        )
    )
    return int(value or 0)


def _paid_sum(uow: UnitOfWork, first: date, last: date) -> int:
    value = uow.session.scalar(
        select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(
            Payment.payment_date >= first, Payment.payment_date <= last
        )
    )
    return int(value or 0)


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def franchise_threshold_cents(uow: UnitOfWork) -> int:
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == THRESHOLD_SETTING))
    if setting is not None:
        return int(json.loads(setting.value))
    profile = uow.session.get(PractitionerProfile, PROFILE_ID)
    country = profile.country.value if profile is not None else "FR"
    return DEFAULT_FRANCHISE_THRESHOLD_CENTS.get(country, 0)


def save_franchise_threshold(uow: UnitOfWork, cents: int | None) -> tuple[int, Changes]:
    """Set the threshold watched (None: back to the country's default)."""
    session = uow.session
    setting = session.scalar(select(AppSetting).where(AppSetting.key == THRESHOLD_SETTING))
    if cents is None:
        if setting is not None:
            session.delete(setting)
        session.flush()
        return franchise_threshold_cents(uow), Changes(billing=True, settings=True)
    if cents <= 0:
        raise ValidationError({"threshold": N_("Enter a threshold above zero.")})
    if setting is None:
        session.add(AppSetting(key=THRESHOLD_SETTING, value=json.dumps(cents)))
    else:
        setting.value = json.dumps(cents)
    session.flush()
    return cents, Changes(billing=True, settings=True)


def billing_figures(uow: UnitOfWork, *, today: date) -> BillingFigures:
    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    i = Invoice
    overdue_count, overdue_cents = uow.session.execute(
        select(func.count(), func.coalesce(func.sum(i.total_gross_cents - i.paid_cents), 0)).where(
            i.status.in_(_UNPAID), i.due_date < today, i.kind == InvoiceKind.INVOICE
        )
    ).one()
    drafts = uow.session.scalar(
        select(func.count()).select_from(i).where(i.status == InvoiceStatus.DRAFT)
    )
    months = _months_back(today, 12)
    first = date(months[0][0], months[0][1], 1)
    year_of, month_of = func.extract("year", i.issue_date), func.extract("month", i.issue_date)
    rows = uow.session.execute(
        select(year_of, month_of, func.sum(_signed(i.total_net_cents)))
        .where(i.issue_date >= first, i.issue_date <= today, i.status != InvoiceStatus.DRAFT)
        .group_by(year_of, month_of)
    ).all()
    per_month = {(int(y), int(m)): int(net or 0) for y, m, net in rows}
    return BillingFigures(
        invoiced_month_cents=_issued_sum(uow, i.total_gross_cents, month_start, today),
        invoiced_year_cents=_issued_sum(uow, i.total_gross_cents, year_start, today),
        paid_month_cents=_paid_sum(uow, month_start, today),
        paid_year_cents=_paid_sum(uow, year_start, today),
        overdue_count=int(overdue_count),
        overdue_cents=int(overdue_cents),
        draft_count=int(drafts or 0),
        revenue_by_month=tuple(MonthRevenue(y, m, per_month.get((y, m), 0)) for y, m in months),
        franchise_threshold_cents=franchise_threshold_cents(uow),
        year_turnover_cents=_issued_sum(
            uow, i.total_net_cents, year_start, date(today.year, 12, 31)
        ),
    )
