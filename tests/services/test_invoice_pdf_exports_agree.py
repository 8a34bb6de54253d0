"""Property: whatever the lines (Decimal quantities, prices, VAT rates), an invoice issued
by the real invoice service shows the same totals in its PDF, the sales journal, the
FEC, the Factur-X XML and the UBL file — and those are the service's own totals."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialdesk.domain.invoicing import InvoiceLineInput
from socialdesk.services.accounting_exports import FEC_COLUMNS, render_fec, render_sales_journal
from socialdesk.services.billing_documents import documents_in_period
from socialdesk.services.facturx_export import cii_xml
from socialdesk.services.invoice_pdf import format_money, render_document_pdf
from socialdesk.services.invoices import (
    create_credit_note,
    create_draft,
    get_invoice,
    issue_invoice,
)
from socialdesk.services.ubl_export import ubl_xml
from socialdesk.services.vault import Vault
from tests.pdf import pdf_text
from tests.services.invoice_setup import new_client, person_draft, set_profile

_days = count()
FEC = {name: i for i, name in enumerate(FEC_COLUMNS)}

lines_strategy = st.lists(
    st.builds(
        InvoiceLineInput,
        description=st.sampled_from(["Entretien", "Visite à domicile", "Forfait ședință"]),
        quantity=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(40), places=3),
        unit_price_cents=st.integers(min_value=1, max_value=250_000),
        vat_rate_bp=st.sampled_from([2000, 1000, 550, 2100]),
        service_date=st.just(date(2026, 3, 2)),
    ),
    min_size=1,
    max_size=6,
)


def _spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _cents(text: str) -> int:
    return int(Decimal(text.replace(",", ".")) * 100)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(lines=lines_strategy)
def test_totals_agree_across_every_document(vault: Vault, lines: list[InvoiceLineInput]) -> None:
    # Given an invoice issued by the service on a day of its own
    day = date(2026, 3, 1) + timedelta(days=next(_days))
    if not getattr(vault, "_r_profile_set", False):
        set_profile(vault, "FR", "registered", vat_number="FR40732829320")
        vault._r_client = new_client(vault)  # type: ignore[attr-defined]
        vault._r_profile_set = True  # type: ignore[attr-defined]
    with vault.uow() as uow:
        draft, _ = create_draft(uow, person_draft(vault._r_client, *lines))  # type: ignore[attr-defined]
        issued, _ = issue_invoice(
            uow, draft.id, issue_date=day, now=datetime.combine(day, time(9), UTC)
        )
        view = get_invoice(uow, issued.id, today=day)
        (document,) = documents_in_period(uow, day, day)

    # When every document is produced
    gross, net, vat = view.total_gross_cents, view.total_net_cents, view.total_vat_cents
    assert (document.gross_cents, document.net_cents, document.vat_cents) == (gross, net, vat)
    assert sum(g.vat_cents for g in document.vat_groups) == vat

    # Then the PDF prints the service's totals
    text = _spaces(pdf_text(render_document_pdf(document), squeeze=True))
    for cents in (gross, net, vat):
        assert _spaces(format_money(cents, "EUR", "fr")) in text
    # the sales journal
    rows = list(csv.reader(io.StringIO(render_sales_journal([document]).decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    head, row = rows[0], rows[1]
    assert _cents(row[head.index("Montant TTC")]) == gross
    assert _cents(row[head.index("Montant HT")]) == net
    # the FEC (balanced, client debit = gross)
    fec = [r.split("\t") for r in render_fec([document]).decode().splitlines()[1:]]
    assert sum(_cents(r[FEC["Debit"]]) for r in fec) == sum(_cents(r[FEC["Credit"]]) for r in fec)
    assert _cents(fec[0][FEC["Debit"]]) == gross
    # the Factur-X XML
    ram = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
    cii = ET.fromstring(cii_xml(document))
    assert _cents(cii.findtext(f".//{ram}GrandTotalAmount") or "") == gross
    assert _cents(cii.findtext(f".//{ram}TaxTotalAmount") or "") == vat
    # and the UBL file
    cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
    ubl = ET.fromstring(ubl_xml(document))
    assert _cents(ubl.findtext(f".//{cbc}TaxInclusiveAmount") or "") == gross
    assert _cents(ubl.findtext(f".//{cbc}TaxExclusiveAmount") or "") == net


def test_a_full_credit_note_cancels_the_invoice_in_every_journal(vault: Vault) -> None:
    # Given an invoice issued by the service, then fully credited
    set_profile(vault, "FR", "registered", vat_number="FR40732829320")
    client = new_client(vault)
    day = date(2026, 3, 10)
    with vault.uow() as uow:
        draft, _ = create_draft(uow, person_draft(client, InvoiceLineInput(
            description="Entretien", quantity=Decimal("1.333"), unit_price_cents=6667,
            vat_rate_bp=2000, service_date=date(2026, 3, 2))))  # fmt: skip
        invoice, _ = issue_invoice(uow, draft.id, issue_date=day)
        note, _ = create_credit_note(uow, invoice.id, issue_date=day, reason="Séance annulée")
        documents = documents_in_period(uow, day, day)

    # Then the journal sums to zero, the FEC reverses every account, the UBL is a CreditNote
    assert [d.number for d in documents] == [invoice.number, note.number]
    rows = list(csv.reader(io.StringIO(render_sales_journal(documents).decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    gross = rows[0].index("Montant TTC")
    assert sum(_cents(r[gross]) for r in rows[1:]) == 0
    balances: dict[str, int] = {}
    for r in (r.split("\t") for r in render_fec(documents).decode().splitlines()[1:]):
        account = r[FEC["CompteNum"]]
        balances[account] = (
            balances.get(account, 0) + _cents(r[FEC["Debit"]]) - _cents(r[FEC["Credit"]])
        )
    assert balances and set(balances.values()) == {0}
    credit_note = ET.fromstring(ubl_xml(documents[1]))
    assert credit_note.tag.endswith("}CreditNote")
    pdf = _spaces(pdf_text(render_document_pdf(documents[1]), squeeze=True))
    assert f"Avoir n° {note.number}" in pdf and f"facture n° {invoice.number}" in pdf
