"""Public holidays of the practitioner's country, for the agenda (the ``holidays`` library).

Names come in the asked language when the library has it for the country (French for
France and Belgium), else in the country's own language (Romanian for Romania). National
holidays only: regional ones (Alsace-Moselle, the Belgian communities) are not shown.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_lib


def _language(country_days: holidays_lib.HolidayBase, language: str) -> str | None:
    supported = tuple(getattr(country_days, "supported_languages", ()) or ())
    for candidate in (language, f"{language}_US" if language == "en" else ""):
        if candidate and candidate in supported:
            return candidate
    return getattr(country_days, "default_language", None)


@lru_cache(maxsize=64)
def _year(country: str, year: int, language: str) -> tuple[tuple[date, str], ...]:
    try:
        probe = holidays_lib.country_holidays(country, years=())
    except NotImplementedError:
        return ()
    days = holidays_lib.country_holidays(country, years=year, language=_language(probe, language))
    return tuple(sorted(days.items()))


def public_holidays(
    country: str, first: date, last: date, *, language: str = "fr"
) -> dict[date, str]:
    """``{date: name}`` of the public holidays of ``country`` ("FR", "BE", "RO"…) from
    ``first`` to ``last`` inclusive; empty for no country or one the library lacks."""
    code = (country or "").strip().upper()
    if not code or last < first:
        return {}
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for day, name in _year(code, year, language):
            if first <= day <= last:
                found[day] = name
    return found
