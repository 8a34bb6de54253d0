"""Indicators agreed with funders, their targets, the values entered by hand, and progress.

Public API (every write returns ``(result, Changes)``; ``Changes(settings=True)``: there is
no indicator flag, and indicators are set-up data like the rest of Settings)::

    list_indicators(uow, *, include_inactive=True) -> list[IndicatorView]
    get_indicator(uow, indicator_id) -> IndicatorView
    save_indicator(uow, data: IndicatorInput, *, indicator_id=None) -> (IndicatorView, Changes)
    delete_indicator(uow, indicator_id) -> (None, Changes)         # its values go with it
    list_indicator_values(uow, indicator_id) -> list[IndicatorValueView]
    add_indicator_value(uow, indicator_id, data: IndicatorValueInput)
        -> (IndicatorValueView, Changes)                           # manual indicators only
    delete_indicator_value(uow, value_id) -> (None, Changes)
    indicator_progress(uow, start, end, *, include_inactive=False, known=())
        -> list[IndicatorProgress]

:func:`indicator_progress` returns the indicators whose period overlaps ``start`` ..
``end``; each one's actual is counted over **its own** period (a yearly target is
compared with the year), from the data for a computed source (the activity figures'
definitions) or as the sum of its manual values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select

from socialdesk.domain.activity import ActivityFigures
from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import IndicatorSource
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.indicators import (
    IndicatorInput,
    IndicatorNotFound,
    IndicatorProgress,
    IndicatorValueInput,
    IndicatorValueNotFound,
    IndicatorValueView,
    IndicatorView,
    clean,
    indicator_errors,
    value_errors,
)
from socialdesk.i18n import N_
from socialdesk.services.reports.activity_figures import metric_values, metrics_of
from socialdesk.storage.orm import Indicator, IndicatorValue, Organization
from socialdesk.storage.uow import UnitOfWork

CHANGED = Changes(settings=True)


def _view(row: Indicator, funder_name: str | None, manual_values: int) -> IndicatorView:
    return IndicatorView(
        id=row.id,
        name=row.name,
        description=row.description or "",
        source=IndicatorSource(row.source),
        period_start=row.period_start,
        period_end=row.period_end,
        target=row.target_value,
        unit=row.unit_label or "",
        funder_organization_id=row.funder_organization_id,
        funder_name=funder_name or "",
        active=row.active,
        manual_values=manual_values,
    )


def _views(uow: UnitOfWork, where: list[object]) -> list[IndicatorView]:
    counts = (
        select(IndicatorValue.indicator_id, func.count().label("n"))
        .group_by(IndicatorValue.indicator_id)
        .subquery()
    )
    query = (
        select(Indicator, Organization.name, func.coalesce(counts.c.n, 0))
        .outerjoin(Organization, Organization.id == Indicator.funder_organization_id)
        .outerjoin(counts, counts.c.indicator_id == Indicator.id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(Indicator.period_start.desc(), Indicator.name, Indicator.id)
    )
    return [_view(row, name, int(n)) for row, name, n in uow.session.execute(query).all()]


def _row(uow: UnitOfWork, indicator_id: int) -> Indicator:
    row = uow.session.get(Indicator, indicator_id)
    if row is None:
        raise IndicatorNotFound()
    return row


def list_indicators(uow: UnitOfWork, *, include_inactive: bool = True) -> list[IndicatorView]:
    where: list[object] = [] if include_inactive else [Indicator.active.is_(True)]
    return _views(uow, where)


def get_indicator(uow: UnitOfWork, indicator_id: int) -> IndicatorView:
    _row(uow, indicator_id)
    return _views(uow, [Indicator.id == indicator_id])[0]


def save_indicator(
    uow: UnitOfWork, data: IndicatorInput, *, indicator_id: int | None = None
) -> tuple[IndicatorView, Changes]:
    """Create (``indicator_id`` None) or update an indicator. Nothing is saved when a
    field is wrong (``ValidationError`` with one message per field)."""
    errors = indicator_errors(data)
    if data.funder_organization_id is not None and (
        uow.session.get(Organization, data.funder_organization_id) is None
    ):
        errors["funder_organization_id"] = N_("Choose the funder among the organizations.")
    row = _row(uow, indicator_id) if indicator_id is not None else Indicator()
    source = IndicatorSource(data.source) if "source" not in errors else None
    if indicator_id is not None and source is not None and source != IndicatorSource.MANUAL:
        has_values = uow.session.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.indicator_id == indicator_id)
        )
        if has_values:
            errors["source"] = N_(
                "This indicator has values entered by hand: delete them before counting it "
                "from the data."
            )
    if errors:
        raise ValidationError(errors)
    assert source is not None
    row.name = clean(data.name)
    row.description = (data.description or "").strip() or None
    row.source = source
    row.period_start = data.period_start
    row.period_end = data.period_end
    row.target_value = data.target
    row.unit_label = clean(data.unit) or None
    row.funder_organization_id = data.funder_organization_id
    row.active = data.active
    if indicator_id is None:
        uow.session.add(row)
    uow.session.flush()
    return get_indicator(uow, row.id), CHANGED


def delete_indicator(uow: UnitOfWork, indicator_id: int) -> tuple[None, Changes]:
    """Delete an indicator and the values entered for it."""
    row = _row(uow, indicator_id)
    uow.session.delete(row)
    uow.session.flush()
    return None, CHANGED


def _value_view(row: IndicatorValue) -> IndicatorValueView:
    return IndicatorValueView(
        id=row.id,
        indicator_id=row.indicator_id,
        value_date=row.value_date,
        value=row.value,
        note=row.note or "",
    )


def list_indicator_values(uow: UnitOfWork, indicator_id: int) -> list[IndicatorValueView]:
    _row(uow, indicator_id)
    rows = uow.session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.indicator_id == indicator_id)
        .order_by(IndicatorValue.value_date, IndicatorValue.id)
    )
    return [_value_view(row) for row in rows]


def add_indicator_value(
    uow: UnitOfWork, indicator_id: int, data: IndicatorValueInput
) -> tuple[IndicatorValueView, Changes]:
    """Record a value entered by hand (a manual indicator, a date in its period)."""
    indicator = _row(uow, indicator_id)
    errors = value_errors(data)
    if indicator.source != IndicatorSource.MANUAL:
        errors["indicator"] = N_(
            "This indicator is counted from the data: values cannot be entered by hand."
        )
    if "value_date" not in errors and not (
        indicator.period_start <= data.value_date <= indicator.period_end
    ):
        errors["value_date"] = N_("The date is outside the indicator's period.")
    if errors:
        raise ValidationError(errors)
    row = IndicatorValue(
        indicator_id=indicator_id,
        value_date=data.value_date,
        value=data.value,
        note=(data.note or "").strip() or None,
    )
    uow.session.add(row)
    uow.session.flush()
    return _value_view(row), CHANGED


def delete_indicator_value(uow: UnitOfWork, value_id: int) -> tuple[None, Changes]:
    row = uow.session.get(IndicatorValue, value_id)
    if row is None:
        raise IndicatorValueNotFound()
    uow.session.delete(row)
    uow.session.flush()
    return None, CHANGED


def indicator_progress(
    uow: UnitOfWork,
    start: date,
    end: date,
    *,
    include_inactive: bool = False,
    known: Sequence[ActivityFigures] = (),
) -> list[IndicatorProgress]:
    """Target against actual of the indicators whose period overlaps ``start`` .. ``end``
    (each counted over its own period); the metrics of one period are computed once, and
    not at all for a period among ``known`` (figures the caller already has)."""
    where: list[object] = [Indicator.period_start <= end, Indicator.period_end >= start]
    if not include_inactive:
        where.append(Indicator.active.is_(True))
    views = _views(uow, where)
    manual_ids = [v.id for v in views if v.source == IndicatorSource.MANUAL]
    sums: dict[int, int] = {}
    if manual_ids:
        rows = uow.session.execute(
            select(IndicatorValue.indicator_id, func.coalesce(func.sum(IndicatorValue.value), 0))
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(
                IndicatorValue.indicator_id.in_(manual_ids),
                IndicatorValue.value_date >= Indicator.period_start,
                IndicatorValue.value_date <= Indicator.period_end,
            )
            .group_by(IndicatorValue.indicator_id)
        ).all()
        sums = {int(i): int(total) for i, total in rows}
    metrics: dict[tuple[date, date], dict[IndicatorSource, int]] = {
        (f.period_start, f.period_end): metrics_of(f) for f in known
    }
    result = []
    for view in views:
        if view.source == IndicatorSource.MANUAL:
            actual = sums.get(view.id, 0)
        else:
            period = (view.period_start, view.period_end)
            if period not in metrics:
                metrics[period] = metric_values(uow, *period)
            actual = metrics[period][view.source]
        result.append(IndicatorProgress(indicator=view, actual=actual))
    return result
