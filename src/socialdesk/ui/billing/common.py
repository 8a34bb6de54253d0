"""What the billing screens share: amounts, VAT rates and quantities as typed and read,
the labels of units, statuses and payment methods.

Amounts are integer cents, VAT rates basis points (2000 = 20 %), quantities thousandths.
Amounts, dates and month names are shown in the UI language by babel ("75,00 €",
"22 nov. 2026" in French; "€75.00", "22 Nov 2026" in English) — what a document says is
in its own document language (:mod:`socialdesk.services.document_language`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, get_month_names
from babel.numbers import format_currency
from PySide6.QtCore import QLocale

from socialdesk.domain.catalogue import UNIT_LABELS
from socialdesk.i18n import N_, _, current_language
from socialdesk.ui.accompaniment.common import parse_money

__all__ = [
    "BAD_QUANTITY",
    "BAD_RATE",
    "day_text",
    "format_money",
    "format_quantity",
    "format_rate",
    "money_text",
    "month_name",
    "parse_money",
    "parse_quantity",
    "parse_rate",
    "ui_locale",
    "unit_label",
]

BAD_RATE = N_("Enter a VAT rate in percent, e.g. 20 or 5,5.")
BAD_QUANTITY = N_("Enter a quantity, e.g. 1 or 1,5.")

#: The babel locale of each UI language.
UI_LOCALES = {"fr": "fr_FR", "en": "en_GB", "ro": "ro_RO"}


def ui_locale() -> str:
    return UI_LOCALES.get(current_language(), "en_GB")


def format_money(cents: int, currency: str = "EUR") -> str:
    """``7500`` -> "75,00 €" in French, "€75.00" in English."""
    return str(format_currency(Decimal(cents).scaleb(-2), currency, locale=ui_locale()))


def day_text(value: date | None) -> str:
    """ "22 nov. 2026" in French, "22 Nov 2026" in English; "" for none."""
    return str(format_date(value, "medium", locale=ui_locale())) if value is not None else ""


def month_name(month: int) -> str:
    """The short name of ``month`` (1..12) as a label on its own: "nov.", "Nov"."""
    return str(get_month_names("abbreviated", context="stand-alone", locale=ui_locale())[month])


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f%]", "", text)
    if not cleaned:
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", QLocale().decimalPoint())


def parse_rate(text: str) -> int | None:
    """Basis points from "20", "5,5 %" (None when blank). ValueError if not a rate."""
    value = _decimal(text)
    if value is None:
        return None
    bp = value * 100
    if bp != bp.to_integral_value() or bp > 10000:
        raise ValueError(text)
    return int(bp)


def format_rate(bp: int | None) -> str:
    """2000 -> "20 %"; None -> ""."""
    if bp is None:
        return ""
    return f"{_decimal_text(Decimal(bp) / 100)} %"


def parse_quantity(text: str) -> Decimal | None:
    """A quantity with up to three decimals ("1,5"); None when blank."""
    value = _decimal(text)
    if value is None:
        return None
    if value * 1000 != (value * 1000).to_integral_value():
        raise ValueError(text)
    return value


def format_quantity(value: Decimal | int, *, milli: bool = False) -> str:
    """A quantity as the user reads it ("1,5"); ``milli`` for thousandths."""
    number = Decimal(value) / 1000 if milli else Decimal(value)
    return _decimal_text(number)


def money_text(cents: int) -> str:
    """An amount to edit: no currency, no thousands separator ("1245,50")."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}{QLocale().decimalPoint()}{cents % 100:02d}"


def unit_label(unit: object) -> str:
    text = UNIT_LABELS.get(unit, "")  # type: ignore[call-overload]
    return _(text) if text else str(unit or "")
