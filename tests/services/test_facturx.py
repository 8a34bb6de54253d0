"""Factur-X: the CII XML passes the factur-x library's own XSD check at the declared
profile (EN 16931, or BASIC when the payer's address is missing), its totals are the
invoice's, and the PDF/A-3 carries it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import facturx
from lxml import etree

from socialdesk.domain.enums import InvoiceKind
from socialdesk.services.billing_documents import load_document
from socialdesk.services.facturx_export import (
    LEVEL_BASIC,
    LEVEL_EN16931,
    RAM,
    cii_xml,
    facturx_level,
    write_facturx_folder,
)
from socialdesk.services.vault import Vault
from tests.pdf import pdf_text
from tests.services.billing_docs_fixtures import BE_SELLER, ORG_PAYER, Line, Seeder

NS = {"ram": RAM, "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"}


def total(xml: bytes, tag: str) -> str:
    root = etree.fromstring(xml)
    return root.findtext(f".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{tag}",
                         namespaces=NS)  # fmt: skip


def test_en16931_xml_is_valid_and_carries_the_totals(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow, seller=dict(BE_SELLER), payer=dict(ORG_PAYER)).issue(
            [
                Line("Accompagnement social", Decimal("2.25"), 5000, vat_rate_bp=2100),
                Line("Séance exonérée", Decimal(1), 4000),
            ]
        )
        document = load_document(uow, invoice.id)

    assert facturx_level(document) == LEVEL_EN16931
    xml = cii_xml(document)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level=LEVEL_EN16931)
    assert total(xml, "TaxBasisTotalAmount") == "152.50"
    assert total(xml, "TaxTotalAmount") == "23.63"
    assert total(xml, "GrandTotalAmount") == "176.13"
    root = etree.fromstring(xml)
    assert root.findtext(".//ram:TypeCode", namespaces=NS) == "380"
    assert root.findtext(".//ram:PaymentReference", namespaces=NS).startswith("+++")
    categories = root.findall(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax",
                              namespaces=NS)  # fmt: skip
    assert [c.findtext("ram:CategoryCode", namespaces=NS) for c in categories] == ["S", "E"]


def test_credit_note_without_payer_address_falls_back_to_basic(vault: Vault) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow, payer={"kind": "person", "name": "Mme Ștefana Ionescu"})
        original = seeder.issue([Line("Entretien")])
        note = seeder.issue([Line("Entretien")], kind=InvoiceKind.CREDIT_NOTE, credits=original)
        document = load_document(uow, note.id)

    assert facturx_level(document) == LEVEL_BASIC
    xml = cii_xml(document)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level=LEVEL_BASIC)
    root = etree.fromstring(xml)
    assert root.findtext(".//ram:TypeCode", namespaces=NS) == "381"
    assert root.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
                         namespaces=NS) == "F-2026-0001"  # fmt: skip


def test_folder_holds_one_facturx_pdf_per_document(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow)
        seeder.issue([Line("Entretien", Decimal("1.5"))], issue_date=date(2026, 3, 5))
        seeder.issue([Line("Visite à domicile")], issue_date=date(2026, 3, 9))
        seeder.issue([Line("Hors période")], issue_date=date(2026, 4, 9))
        summary = write_facturx_folder(uow, tmp_path / "facturx", date(2026, 3, 1),
                                       date(2026, 3, 31))  # fmt: skip

    files = sorted(p.name for p in (tmp_path / "facturx").iterdir())
    assert files == ["F-2026-0001.pdf", "F-2026-0002.pdf"]
    assert summary.documents == 2 and summary.gross_cents == 9000 + 6000
    data = (tmp_path / "facturx" / "F-2026-0001.pdf").read_bytes()
    filename, xml = facturx.get_xml_from_pdf(data, check_xsd=True)
    assert filename == "factur-x.xml"
    assert total(xml, "GrandTotalAmount") == "90.00"
    assert "Facture n° F-2026-0001" in pdf_text(data, squeeze=True)


def test_facturx_pdf_declares_an_srgb_output_intent_and_embeds_its_fonts(
    vault: Vault, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    with vault.uow() as uow:
        Seeder(uow).issue([Line("Entretien — ședință")])
        write_facturx_folder(uow, tmp_path, date(2026, 3, 1), date(2026, 3, 31))

    reader = PdfReader(tmp_path / "F-2026-0001.pdf")
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/AF" in reader.trailer["/Root"]  # the XML's associated-file relationship
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] != "/Type1", font["/BaseFont"]  # no unembedded base-14 font
