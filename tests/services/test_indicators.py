"""Indicators and targets on a real small demo vault: create, edit, delete, values entered
by hand, validation with clear errors (nothing saved), and progress against independent
SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, text

from socialdesk.domain.enums import IndicatorSource
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.indicators import (
    IndicatorInput,
    IndicatorNotFound,
    IndicatorValueInput,
)
from socialdesk.i18n import _, set_language
from socialdesk.services.demo import generate_demo
from socialdesk.services.indicators import (
    add_indicator_value,
    delete_indicator,
    delete_indicator_value,
    get_indicator,
    indicator_progress,
    list_indicator_values,
    list_indicators,
    save_indicator,
)
from socialdesk.services.reports.activity import activity_figures
from socialdesk.services.vault import Vault, create_vault
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("indicators") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    generate_demo(vault, size="small", seed=11, today=TODAY)
    yield vault
    vault.lock()


@pytest.fixture
def db(demo: Vault) -> Iterator[Connection]:
    with demo.engine.connect() as connection:
        yield connection


def count(db: Connection, table: str) -> int:
    return int(db.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())  # noqa: S608


def an_indicator(**changes: object) -> IndicatorInput:
    values: dict[str, object] = {
        "name": "  Ateliers   budget 2026 ",
        "source": IndicatorSource.MANUAL,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "target": 12,
        "unit": "ateliers",
        "description": "Convention CCAS",
    }
    values.update(changes)
    return IndicatorInput(**values)  # type: ignore[arg-type]


def test_create_edit_values_and_delete(demo: Vault, db: Connection) -> None:
    org = db.execute(text("SELECT id, name FROM organization ORDER BY id LIMIT 1")).one()
    with demo.uow() as uow:
        view, changes = save_indicator(uow, an_indicator(funder_organization_id=org.id))
    assert changes.settings
    assert view.name == "Ateliers budget 2026" and view.target == 12
    assert view.funder_name == org.name and view.manual_values == 0
    with demo.uow() as uow:
        first, _ = add_indicator_value(uow, view.id, IndicatorValueInput(date(2026, 3, 5), 2))
        add_indicator_value(uow, view.id, IndicatorValueInput(date(2026, 6, 5), 3, "juin"))
        edited, _ = save_indicator(uow, an_indicator(target=20, active=False), indicator_id=view.id)
    assert edited.target == 20 and not edited.active and edited.manual_values == 2
    with demo.uow() as uow:
        values = list_indicator_values(uow, view.id)
        assert [(v.value, v.note) for v in values] == [(2, ""), (3, "juin")]
        assert view.id in [i.id for i in list_indicators(uow)]
        assert view.id not in [i.id for i in list_indicators(uow, include_inactive=False)]
        delete_indicator_value(uow, first.id)
        assert get_indicator(uow, view.id).manual_values == 1
    with demo.engine.connect() as fresh:
        before = count(fresh, "indicator_value")
    with demo.uow() as uow:
        delete_indicator(uow, view.id)
    with demo.engine.connect() as fresh:
        assert count(fresh, "indicator_value") == before - 1
    with pytest.raises(IndicatorNotFound), demo.uow() as uow:
        get_indicator(uow, view.id)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"period_end": date(2025, 1, 1)}, "period_end"),
        ({"target": -1}, "target"),
        ({"unit": "u" * 41}, "unit"),
        ({"funder_organization_id": 999_999}, "funder_organization_id"),
    ],
)
def test_bad_indicators_are_refused_with_a_translated_error(
    demo: Vault, db: Connection, changes: dict[str, object], field: str
) -> None:
    before = count(db, "indicator")
    with pytest.raises(ValidationError) as caught, demo.uow() as uow:
        save_indicator(uow, an_indicator(**changes))
    assert field in caught.value.errors
    set_language("fr")
    try:
        assert _(caught.value.errors[field]) != caught.value.errors[field]
    finally:
        set_language("en")
    with demo.engine.connect() as fresh:
        assert count(fresh, "indicator") == before


def test_values_only_for_manual_indicators_and_inside_their_period(demo: Vault) -> None:
    with demo.uow() as uow:
        computed, _ = save_indicator(uow, an_indicator(source=IndicatorSource.HOME_VISITS_DONE))
        manual, _ = save_indicator(uow, an_indicator())
    bad = [
        (computed.id, IndicatorValueInput(date(2026, 2, 1), 1), "indicator"),
        (manual.id, IndicatorValueInput(date(2027, 2, 1), 1), "value_date"),
        (manual.id, IndicatorValueInput(date(2026, 2, 1), -3), "value"),
    ]
    for indicator_id, data, field in bad:
        with pytest.raises(ValidationError) as caught, demo.uow() as uow:
            add_indicator_value(uow, indicator_id, data)
        assert field in caught.value.errors
    with demo.uow() as uow:
        add_indicator_value(uow, manual.id, IndicatorValueInput(date(2026, 2, 1), 4))
    # A manual indicator with values cannot silently become a computed one.
    with pytest.raises(ValidationError) as caught, demo.uow() as uow:
        save_indicator(
            uow, an_indicator(source=IndicatorSource.CLIENTS_ACCOMPANIED), indicator_id=manual.id
        )
    assert "source" in caught.value.errors
    with demo.uow() as uow:
        delete_indicator(uow, computed.id)
        delete_indicator(uow, manual.id)


def test_progress_equals_independent_sql(demo: Vault, db: Connection) -> None:
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    with demo.uow() as uow:
        progress = indicator_progress(uow, first, last, include_inactive=True)
    assert {p.indicator.source for p in progress} >= {
        IndicatorSource.MANUAL,
        IndicatorSource.HOME_VISITS_DONE,
        IndicatorSource.NEW_CLIENTS,
        IndicatorSource.GROUP_SESSIONS_DONE,
    }
    zone = ZoneInfo(db.execute(text("SELECT timezone FROM practitioner_profile")).scalar_one())

    def utc(day: date) -> str:
        at = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
        return at.isoformat(sep=" ")

    for p in progress:
        ind = p.indicator
        assert ind.period_start <= last and ind.period_end >= first
        days = {"f": ind.period_start.isoformat(), "l": ind.period_end.isoformat()}
        span = {"s": utc(ind.period_start), "e": utc(ind.period_end + timedelta(days=1))}
        if ind.source == IndicatorSource.MANUAL:
            expected = db.execute(
                text(
                    "SELECT COALESCE(SUM(value), 0) FROM indicator_value WHERE indicator_id = :i"
                    " AND value_date BETWEEN :f AND :l"
                ),
                {"i": ind.id, **days},
            ).scalar_one()
        elif ind.source == IndicatorSource.HOME_VISITS_DONE:
            expected = db.execute(
                text(
                    "SELECT COUNT(*) FROM appointment WHERE kind = 'home_visit' AND status = "
                    "'done' AND starts_at >= :s AND starts_at < :e"
                ),
                span,
            ).scalar_one()
        elif ind.source == IndicatorSource.GROUP_SESSIONS_DONE:
            expected = db.execute(
                text(
                    "SELECT COUNT(*) FROM appointment WHERE is_group AND status = 'done' "
                    "AND starts_at >= :s AND starts_at < :e"
                ),
                span,
            ).scalar_one()
        else:
            continue
        assert p.actual == expected, ind.name
        if p.target:
            assert p.percent == p.actual * 100 // p.target
    assert any(p.actual > 0 for p in progress if p.indicator.source != IndicatorSource.MANUAL)


def test_progress_reuses_figures_the_caller_has(demo: Vault) -> None:
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    with demo.uow() as uow:
        counted = indicator_progress(uow, first, last, include_inactive=True)
        figures = activity_figures(uow, first, last)
        reused = indicator_progress(uow, first, last, include_inactive=True, known=[figures])
    assert reused == counted
    computed = [p for p in counted if p.indicator.source != IndicatorSource.MANUAL]
    assert computed and all(p.actual == figures.metric(p.indicator.source) for p in computed)


def test_progress_leaves_out_inactive_and_other_periods(demo: Vault) -> None:
    with demo.uow() as uow:
        old, _ = save_indicator(
            uow, an_indicator(period_start=date(2020, 1, 1), period_end=date(2020, 12, 31))
        )
        off, _ = save_indicator(uow, an_indicator(active=False))
        progress = indicator_progress(uow, date(2026, 1, 1), date(2026, 12, 31))
        ids = {p.indicator.id for p in progress}
        assert old.id not in ids and off.id not in ids and ids
        uow.session.rollback()
