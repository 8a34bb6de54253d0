"""Words and dates of printed documents (agreement, invoices, reports) in their own
language.

A document is written in the practitioner's document language (fr, en or ro), whatever
language the screens use; each document module keeps its table of words, one tuple per
key in the order of :data:`LANGUAGES`. Dates written out and amounts follow the
language's locale (babel): :func:`format_date_long`, :func:`format_amount`,
:func:`format_number`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal

LANGUAGES = ("en", "fr", "ro")
DEFAULT_DOCUMENT_LANGUAGE = "fr"

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


# The locale of each document language, for babel.
LOCALES = {"en": "en_GB", "fr": "fr_FR", "ro": "ro_RO"}


def words_in(
    words: Mapping[str, Sequence[str]],
    language: str,
    *,
    fallback: str = DEFAULT_DOCUMENT_LANGUAGE,
    unknown_as_key: bool = False,
) -> Callable[..., str]:
    """``word(key, **params)`` from ``words`` in ``language`` (``fallback`` when unknown).
    With ``unknown_as_key`` a key missing from ``words`` is returned as it is (a code of
    a newer version, say) instead of raising KeyError."""
    index = LANGUAGES.index(language if language in LANGUAGES else fallback)

    def word(key: str, /, **params: object) -> str:
        entry = words.get(key) if unknown_as_key else words[key]
        text = entry[index] if entry is not None else key
        return text.format(**params) if params else text

    return word


def _locale(language: str) -> str:
    return LOCALES.get(language, LOCALES[DEFAULT_DOCUMENT_LANGUAGE])


def format_date_long(day: date | None, language: str) -> str:
    """``3 mars 2026`` / ``3 March 2026`` / ``3 martie 2026`` ("" for None)."""
    if day is None:
        return ""
    return str(_babel_date(day, "long", locale=_locale(language)))


def format_amount(cents: int | None, currency: str, language: str) -> str:
    """``1 234,50 €`` / ``€1,234.50`` / ``1.234,50 EUR`` from integer cents ("" for None)."""
    if cents is None:
        return ""
    value = Decimal(cents).scaleb(-2)
    return str(_babel_currency(value, currency or "EUR", locale=_locale(language)))


def format_number(value: int | float | Decimal, language: str, *, decimals: int = 1) -> str:
    """``12 345,5`` / ``12,345.5`` / ``12.345,5`` (at most ``decimals`` decimals)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return str(_babel_decimal(value, format=pattern, locale=_locale(language)))


def format_day(day: date | None, language: str) -> str:
    """``3 March 2026`` in English, ``03.03.2026`` in Romanian, ``03/03/2026`` in French."""
    if day is None:
        return ""
    if language == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    if language == "ro":
        return day.strftime("%d.%m.%Y")
    return day.strftime("%d/%m/%Y")
