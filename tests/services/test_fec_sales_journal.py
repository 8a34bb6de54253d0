"""The accountant journals of a period: the CSV sales journal (spreadsheet-safe, BOM,
``;``) and the FEC (18 legal columns, balanced entries, credit notes reversed)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from socialdesk.domain.enums import AuditAction, InvoiceKind
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.accounting_exports import (
    FEC_COLUMNS,
    fec_filename,
    write_fec,
    write_sales_journal,
)
from socialdesk.services.audit import recent_events
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import Vault
from tests.services.billing_docs_fixtures import BE_SELLER, ORG_PAYER, Line, Seeder

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def seed_march(vault: Vault) -> dict[str, int]:
    """Two invoices and a credit note in March, one invoice in April (left out)."""
    with vault.uow() as uow:
        seeder = Seeder(uow)
        first = seeder.issue(
            [
                Line("Entretien", Decimal("1.5")),
                Line("Forfait", unit_price_cents=9000, account="7061"),
            ],  # fmt: skip
            issue_date=date(2026, 3, 5),
        )
        seeder.issue(
            [Line("Accompagnement", Decimal("2.25"), 5000, vat_rate_bp=2100)],
            issue_date=date(2026, 3, 12),
            seller=dict(BE_SELLER),
            payer=dict(ORG_PAYER) | {"name": '=HYPERLINK("http://x")'},
        )
        seeder.issue(
            [Line("Entretien", Decimal("1.5"))],
            kind=InvoiceKind.CREDIT_NOTE,
            credits=first,
            issue_date=date(2026, 3, 20),
        )
        seeder.issue([Line("Entretien")], issue_date=date(2026, 4, 2))
    # 90 + 90 = 180; 112.50 + 23.63 VAT = 136.13; credit -90
    return {"net": 18000 + 11250 - 9000, "vat": 2363, "gross": 18000 + 13613 - 9000}


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def cents(text: str) -> int:
    return int(Decimal(text.replace(",", ".")) * 100)


def test_sales_journal_lists_the_period_with_signed_amounts(vault: Vault, tmp_path: Path) -> None:
    expected = seed_march(vault)
    with vault.uow() as uow:
        summary = write_sales_journal(uow, tmp_path / "ventes.csv", *MARCH)

    rows = read_csv(summary.path)
    head, body = rows[0], rows[1:]
    assert head[:3] == ["Date", "Numéro", "Type"]
    assert [r[1] for r in body] == ["F-2026-0001", "F-2026-0002", "AV-2026-0001"]
    assert body[2][2] == "Avoir" and body[2][3] == "F-2026-0001"
    net, vat, gross = (head.index(h) for h in ("Montant HT", "TVA", "Montant TTC"))
    assert body[2][gross] == "-90,00"
    assert sum(cents(r[net]) for r in body) == expected["net"] == summary.net_cents
    assert sum(cents(r[vat]) for r in body) == expected["vat"] == summary.vat_cents
    assert sum(cents(r[gross]) for r in body) == expected["gross"] == summary.gross_cents
    assert body[1][4] == '\'=HYPERLINK("http://x")'  # neutralized for spreadsheets
    assert summary.documents == 3


def test_sales_journal_in_english_uses_decimal_points(vault: Vault, tmp_path: Path) -> None:
    seed_march(vault)
    with vault.uow() as uow:
        summary = write_sales_journal(uow, tmp_path / "sales.csv", *MARCH, language="en")

    rows = read_csv(summary.path)
    assert rows[0][:2] == ["Date", "Number"]
    assert rows[3][rows[0].index("Gross")] == "-90.00"


def read_fec(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    return [line.split("\t") for line in text.splitlines()]


def test_fec_has_the_18_columns_and_balanced_entries(vault: Vault, tmp_path: Path) -> None:
    expected = seed_march(vault)
    with vault.uow() as uow:
        save_profile(uow, PractitionerProfile(legal_name="Françoise Lefèvre", siren="732829320"))
        summary = write_fec(uow, tmp_path, *MARCH)
        events = [e for e in recent_events(uow) if e.action == AuditAction.EXPORT]

    assert summary.path.name == "732829320FEC20260331.txt"
    rows = read_fec(summary.path)
    assert tuple(rows[0]) == FEC_COLUMNS and len(FEC_COLUMNS) == 18
    body = rows[1:]
    assert all(len(r) == 18 for r in body)
    col = {name: i for i, name in enumerate(FEC_COLUMNS)}
    debit: dict[str, int] = defaultdict(int)
    credit: dict[str, int] = defaultdict(int)
    for r in body:
        debit[r[col["EcritureNum"]]] += cents(r[col["Debit"]])
        credit[r[col["EcritureNum"]]] += cents(r[col["Credit"]])
        assert len(r[col["EcritureDate"]]) == 8 and r[col["EcritureDate"]].startswith("202603")
        assert "." not in r[col["Debit"]] + r[col["Credit"]]
    assert list(debit) == ["VE000001", "VE000002", "VE000003"]
    assert debit == credit
    by_account: dict[str, int] = defaultdict(int)
    for r in body:
        by_account[r[col["CompteNum"]][:3]] += cents(r[col["Debit"]]) - cents(r[col["Credit"]])
    assert by_account["411"] == expected["gross"]
    assert by_account["706"] == -expected["net"]
    assert by_account["445"] == -expected["vat"]
    credit_note = [r for r in body if r[col["PieceRef"]] == "AV-2026-0001"]
    client_line = next(r for r in credit_note if r[col["CompteNum"]] == "411")
    assert client_line[col["Credit"]] == "90,00" and client_line[col["Debit"]] == "0,00"
    assert client_line[col["CompAuxNum"]].startswith("411")
    assert [e.details["format"] for e in events] == ["fec"]


def test_fec_needs_a_siren() -> None:
    with pytest.raises(ValidationError) as caught:
        fec_filename("", date(2026, 3, 31))
    assert "siren" in caught.value.errors
    assert fec_filename("732 829 320", date(2026, 12, 31)) == "732829320FEC20261231.txt"


def test_an_empty_period_gives_headers_only(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        fec = write_fec(uow, tmp_path / "fec.txt", *MARCH)
        journal = write_sales_journal(uow, tmp_path / "j.csv", *MARCH)
    assert len(read_fec(fec.path)) == 1
    assert len(read_csv(journal.path)) == 1
    assert fec.documents == journal.documents == 0
