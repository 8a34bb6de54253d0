"""CSV cells that a spreadsheet will not run as formulas ("CSV injection").

Excel, LibreOffice and Google Sheets read a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula, and a leading tab or carriage return can hide such a start. A
client's name or a note title typed as ``=HYPERLINK("http://…")`` would then run on the
accountant's computer. Every CSV export writes its text cells through
:func:`neutralize_cell` (or whole rows through :func:`safe_row`): a risky cell gets an
apostrophe in front, the prefix spreadsheets themselves use for "this is text", so
``+33 6 12 34 56 78`` stays readable and is shown as typed.

Numbers written by the program (``int``, ``Decimal``, ``float``) are not text a person
typed: :func:`safe_row` leaves them alone, so ``-12.50`` stays a number in the sheet.
:func:`restore_cell` undoes the prefix when one of our exports is imported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

__all__ = ["FORMULA_TRIGGERS", "neutralize_cell", "restore_cell", "safe_row"]

# OWASP's list, plus the full-width forms that some spreadsheets fold to ASCII.
FORMULA_TRIGGERS: frozenset[str] = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"


def neutralize_cell(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet could take it for a formula.

    ``"=1+1"`` → ``"'=1+1"``, ``"+33 6 12 34 56 78"`` → ``"'+33 6 12 34 56 78"``;
    ``"Dupont"`` and ``""`` are returned unchanged.
    """
    return ESCAPE + text if text[:1] in FORMULA_TRIGGERS else text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralize_cell` for cells read back from our exports.

    Only an apostrophe followed by a formula trigger is removed: a Belgian or Dutch name
    such as ``'t Hooft`` keeps its apostrophe.
    """
    if text[:1] == ESCAPE and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int
        return neutralize_cell(str(value))
    if isinstance(value, int | Decimal | float):
        return str(value)  # a number we computed, not text someone typed
    if isinstance(value, datetime | date):
        return value.isoformat()
    return neutralize_cell(str(value))


def safe_row(values: Iterable[object]) -> list[str]:
    """One CSV row ready for ``csv.writer.writerow``: text neutralized, numbers and dates
    written as they are, ``None`` as an empty cell."""
    return [_cell(value) for value in values]
