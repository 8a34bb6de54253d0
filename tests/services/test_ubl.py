"""UBL 2.1 in Peppol BIS Billing 3.0 shape: parsed back with xml.etree — the ids, the
parties with their endpoints, the VAT and monetary totals consistent with the lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

from socialdesk.domain.enums import InvoiceKind
from socialdesk.services.billing_documents import load_document
from socialdesk.services.ubl_export import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    ubl_xml,
    write_ubl_folder,
)
from socialdesk.services.vault import Vault
from tests.services.billing_docs_fixtures import BE_SELLER, ORG_PAYER, Line, Seeder

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def cents(node: ET.Element | None) -> int:
    assert node is not None and node.text is not None
    assert node.get("currencyID") == "EUR"
    return int(Decimal(node.text) * 100)


def check_consistent(root: ET.Element, line_tag: str) -> None:
    lines = root.findall(f"cac:{line_tag}", NS)
    assert lines
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    line_sum = sum(cents(line.find("cbc:LineExtensionAmount", NS)) for line in lines)
    assert line_sum == cents(totals.find("cbc:LineExtensionAmount", NS))
    tax = root.find("cac:TaxTotal", NS)
    assert tax is not None
    subtotals = tax.findall("cac:TaxSubtotal", NS)
    assert sum(cents(s.find("cbc:TaxAmount", NS)) for s in subtotals) == cents(
        tax.find("cbc:TaxAmount", NS)
    )
    assert sum(cents(s.find("cbc:TaxableAmount", NS)) for s in subtotals) == cents(
        totals.find("cbc:TaxExclusiveAmount", NS)
    )
    assert cents(totals.find("cbc:TaxExclusiveAmount", NS)) + cents(
        tax.find("cbc:TaxAmount", NS)
    ) == cents(totals.find("cbc:TaxInclusiveAmount", NS))
    for line in lines:
        category = line.find("cac:Item/cac:ClassifiedTaxCategory", NS)
        assert category is not None and category.findtext("cac:TaxScheme/cbc:ID", None, NS) == "VAT"


def test_belgian_b2b_invoice_has_the_peppol_shape(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow, seller=dict(BE_SELLER), payer=dict(ORG_PAYER)).issue(
            [
                Line("Accompagnement social", Decimal("2.25"), 5000, vat_rate_bp=2100),
                Line("Frais de déplacement", Decimal(12), 42, vat_rate_bp=2100, unit="km"),
                Line("Séance exonérée", Decimal(1), 4000),
            ]
        )
        root = ET.fromstring(ubl_xml(load_document(uow, invoice.id)))

    assert root.tag == f"{{{NS['inv']}}}Invoice"
    assert root.findtext("cbc:CustomizationID", None, NS) == CUSTOMIZATION_ID
    assert root.findtext("cbc:ProfileID", None, NS) == PROFILE_ID
    assert root.findtext("cbc:ID", None, NS) == "F-2026-0001"
    assert root.findtext("cbc:InvoiceTypeCode", None, NS) == "380"
    assert root.findtext("cbc:IssueDate", None, NS) == "2026-03-05"
    assert root.findtext("cbc:DueDate", None, NS) == "2026-04-04"
    assert root.findtext("cbc:BuyerReference", None, NS)
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert seller is not None and buyer is not None
    endpoint = seller.find("cbc:EndpointID", NS)
    assert endpoint is not None and (endpoint.text, endpoint.get("schemeID")) == (
        "0403170701",
        "0208",
    )
    buyer_endpoint = buyer.find("cbc:EndpointID", NS)
    assert buyer_endpoint is not None and buyer_endpoint.get("schemeID") == "0208"
    assert seller.findtext("cac:PartyTaxScheme/cbc:CompanyID", None, NS) == "BE0403170701"
    assert buyer.findtext("cac:PostalAddress/cac:Country/cbc:IdentificationCode", None, NS) == "BE"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentMeansCode", None, NS) == "58"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", None, NS).startswith("+++")
    assert root.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", None, NS) == (
        "BE68539007547034"
    )
    categories = [
        s.findtext("cac:TaxCategory/cbc:ID", None, NS)
        for s in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    ]
    assert categories == ["S", "E"]
    check_consistent(root, "InvoiceLine")
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None and cents(totals.find("cbc:PayableAmount", NS)) == 11754 + 2468 + 4000


def test_credit_note_refers_to_the_invoice(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow, seller=dict(BE_SELLER), payer=dict(ORG_PAYER))
        original = seeder.issue([Line("Accompagnement", Decimal("1.5"), 5000, vat_rate_bp=2100)])
        seeder.issue(
            [Line("Accompagnement", Decimal("1.5"), 5000, vat_rate_bp=2100)],
            kind=InvoiceKind.CREDIT_NOTE,
            credits=original,
            issue_date=date(2026, 3, 9),
        )
        summary = write_ubl_folder(uow, tmp_path / "ubl", date(2026, 3, 1), date(2026, 3, 31))

    assert sorted(p.name for p in summary.path.iterdir()) == ["AV-2026-0001.xml", "F-2026-0001.xml"]
    root = ET.parse(summary.path / "AV-2026-0001.xml").getroot()
    assert root.tag == f"{{{NS['cn']}}}CreditNote"
    assert root.findtext("cbc:CreditNoteTypeCode", None, NS) == "381"
    assert (
        root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", None, NS)
        == "F-2026-0001"
    )
    check_consistent(root, "CreditNoteLine")
    assert summary.gross_cents == 0


def test_a_private_person_gets_no_invented_endpoint(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow).issue([Line("Entretien")])
        root = ET.fromstring(ubl_xml(load_document(uow, invoice.id)))

    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert buyer is not None and buyer.find("cbc:EndpointID", NS) is None
    assert buyer.findtext("cac:PartyName/cbc:Name", None, NS) == "Mme Hélène Bérégovoy"
    seller = root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS)
    assert seller is not None and seller.get("schemeID") == "0009"  # the SIRET
    check_consistent(root, "InvoiceLine")
