"""Billing screens speak the UI language: amounts, dates and month names by babel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from socialdesk.i18n import current_language, set_language
from socialdesk.ui.billing.chart import MonthChart
from socialdesk.ui.billing.common import day_text, format_money, month_name, parse_money

NBSP = "\u00a0"


@pytest.fixture
def french() -> Iterator[None]:
    before = current_language()
    set_language("fr")
    yield
    set_language(before)


def test_french_ui_amounts_dates_and_months(french: None, qtbot: QtBot) -> None:
    assert format_money(7500) == f"75,00{NBSP}€"
    assert format_money(-123450) == f"-1\u202f234,50{NBSP}€"
    assert day_text(date(2026, 11, 22)) == "22 nov. 2026"
    assert day_text(None) == ""
    assert month_name(6) == "juin"
    assert parse_money(format_money(123450)) == 123450  # what is shown reads back
    chart = MonthChart()
    qtbot.addWidget(chart)
    chart.set_months([(date(2026, 10, 1), 7500), (date(2026, 11, 1), 0)])
    assert chart.toolTip() == f"oct. 2026: 75,00{NBSP}€\nnov. 2026: 0,00{NBSP}€"


def test_english_ui_amounts_and_dates() -> None:
    before = current_language()
    set_language("en")
    try:
        assert format_money(7500) == "€75.00"
        assert day_text(date(2026, 11, 22)) == "22 Nov 2026"
        assert month_name(11) == "Nov"
    finally:
        set_language(before)
