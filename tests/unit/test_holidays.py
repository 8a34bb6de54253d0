"""Public holidays of France, Belgium and Romania in the agenda, with French names where
the library has them."""

from __future__ import annotations

from datetime import date

from socialdesk.domain.holidays import public_holidays


def test_holidays_france_in_french() -> None:
    may = public_holidays("FR", date(2026, 5, 1), date(2026, 5, 31))
    assert may[date(2026, 5, 1)] == "Fête du Travail"
    assert date(2026, 5, 8) in may and date(2026, 5, 14) in may  # 8 mai, Ascension
    assert public_holidays("FR", date(2026, 7, 14), date(2026, 7, 14)) == {
        date(2026, 7, 14): "Fête nationale"
    }


def test_holidays_belgium_in_french_and_english() -> None:
    july = public_holidays("BE", date(2026, 7, 1), date(2026, 7, 31))
    assert list(july) == [date(2026, 7, 21)] and july[date(2026, 7, 21)] == "Fête nationale"
    english = public_holidays("be", date(2026, 7, 21), date(2026, 7, 21), language="en")
    assert english[date(2026, 7, 21)] == "National Day"


def test_holidays_romania_falls_back_to_romanian() -> None:
    january = public_holidays("RO", date(2026, 1, 1), date(2026, 1, 31))
    assert january[date(2026, 1, 1)] == "Anul Nou"
    assert date(2026, 1, 24) in january  # Ziua Unirii
    # Orthodox Easter Monday 2026 is 13 April.
    assert date(2026, 4, 13) in public_holidays("RO", date(2026, 4, 1), date(2026, 4, 30))


def test_holidays_span_years_and_bounds_are_inclusive() -> None:
    found = public_holidays("FR", date(2026, 12, 25), date(2027, 1, 1))
    assert list(found) == [date(2026, 12, 25), date(2027, 1, 1)]
    assert public_holidays("FR", date(2026, 12, 26), date(2026, 12, 31)) == {}


def test_holidays_none_for_no_country_or_an_unknown_one() -> None:
    assert public_holidays("", date(2026, 1, 1), date(2026, 12, 31)) == {}
    assert public_holidays("ZZ", date(2026, 1, 1), date(2026, 12, 31)) == {}
    assert public_holidays("FR", date(2026, 2, 1), date(2026, 1, 1)) == {}
