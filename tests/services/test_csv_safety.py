"""CSV cells that a spreadsheet would run as formulas get an apostrophe in front;
everything else, numbers included, is written as it is."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from socialdesk.services.csv_safety import neutralize_cell, restore_cell, safe_row


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.example","clic")', '\'=HYPERLINK("http://evil.example","clic")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-", "'-"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
    ],
)
def test_formula_starts_are_neutralized(cell: str, expected: str) -> None:
    assert neutralize_cell(cell) == expected


@pytest.mark.parametrize(
    "cell", ["", "Dupont", "06 12 34 56 78", "Jean-Pierre", "a=b", "'t Hooft", "1+1", " "]
)
def test_ordinary_text_is_unchanged(cell: str) -> None:
    assert neutralize_cell(cell) == cell


def test_a_legit_phone_number_stays_readable() -> None:
    """The apostrophe is the spreadsheets' own "this is text" mark: Excel hides it and
    shows +33 6 12 34 56 78; the digits and spaces are all there."""
    neutralized = neutralize_cell("+33 6 12 34 56 78")

    assert neutralized == "'+33 6 12 34 56 78"
    assert neutralized[1:] == "+33 6 12 34 56 78"
    assert restore_cell(neutralized) == "+33 6 12 34 56 78"


@pytest.mark.parametrize(
    "cell", ["=1+1", "+33 6", "-", "@SUM(A1)", "\tx", "Dupont", "'t Hooft", ""]
)
def test_restore_undoes_neutralize(cell: str) -> None:
    assert restore_cell(neutralize_cell(cell)) == cell


def test_safe_row_neutralizes_text_but_keeps_numbers_and_dates() -> None:
    row = safe_row(["=cmd|' /C calc'!A0", Decimal("-12.50"), -3, 2.5, date(2026, 3, 1), None, True])

    assert row == ["'=cmd|' /C calc'!A0", "-12.50", "-3", "2.5", "2026-03-01", "", "True"]


def test_written_through_the_csv_module_the_cell_stays_one_cell() -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(safe_row(['=1+1;"x"', "+33 6 12 34 56 78"]))

    (read_back,) = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert read_back == ['\'=1+1;"x"', "'+33 6 12 34 56 78"]
