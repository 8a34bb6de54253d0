"""UBL 2.1 invoices and credit notes shaped for Peppol BIS Billing 3.0 (Belgian B2B
e-invoicing), one XML file per document, built from the invoice as frozen at issue.

What the shape holds: the Peppol customization and profile ids; the seller and the
payer with their electronic address (``EndpointID``: the company number under ISO 6523
scheme 0208 in Belgium, SIRET 0009 / SIREN 0002 in France, else the VAT number or the
e-mail address; a private person without any of them gets none, as Peppol is a B2B
network), postal address, VAT and legal registration; the bank account and the
payment reference (the structured communication for a Belgian seller); the VAT
breakdown (``S`` with a rate, ``E`` exempt with its reason); the legal monetary totals;
the lines. A credit note is a ``CreditNote`` (type 381) that refers to the invoice it
credits. Nothing is sent: the files are handed to the practitioner's access point.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

from socialdesk.domain.enums import AuditAction
from socialdesk.services.accounting_exports import ExportSummary, summarize
from socialdesk.services.audit import record_event
from socialdesk.services.billing_documents import (
    DocumentLine,
    InvoiceDocument,
    documents_in_period,
)
from socialdesk.services.facturx_export import (
    UNIT_CODES,
    amount,
    document_filename,
    rate_text,
    vat_category,
)
from socialdesk.services.invoice_pdf import payment_reference
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = ["CUSTOMIZATION_ID", "PROFILE_ID", "ubl_xml", "write_ubl_folder"]

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

# Peppol electronic address schemes (EAS)
ENDPOINT_SCHEMES = {"BE": "0208", "FR": "0009"}
VAT_SCHEMES = {"BE": "9925", "FR": "9957", "RO": "9947"}


class _Builder:
    def __init__(self, document: InvoiceDocument) -> None:
        self.d = document
        self.credit = document.is_credit_note
        self.currency = document.currency

    def sub(self, parent: etree._Element, tag: str, text: str | None = None,
            **attrs: str) -> etree._Element:  # fmt: skip
        prefix, name = tag.split(":")
        ns = CAC if prefix == "cac" else CBC
        node = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
        if text is not None:
            node.text = text
        return node

    def money(self, parent: etree._Element, tag: str, cents: int) -> None:
        self.sub(parent, tag, amount(cents), currencyID=self.currency)

    def build(self) -> bytes:
        d = self.d
        root_ns = CREDIT_NOTE_NS if self.credit else INVOICE_NS
        root_name = "CreditNote" if self.credit else "Invoice"
        root = etree.Element(f"{{{root_ns}}}{root_name}",
                             nsmap={None: root_ns, "cac": CAC, "cbc": CBC})  # fmt: skip
        self.sub(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
        self.sub(root, "cbc:ProfileID", PROFILE_ID)
        self.sub(root, "cbc:ID", d.number)
        self.sub(root, "cbc:IssueDate", d.issue_date.isoformat())
        if not self.credit and d.due_date:
            self.sub(root, "cbc:DueDate", d.due_date.isoformat())
        self.sub(root, "cbc:CreditNoteTypeCode" if self.credit else "cbc:InvoiceTypeCode",
                 "381" if self.credit else "380")  # fmt: skip
        notes = [*d.mentions] + ([d.notes] if d.notes else [])
        if notes:
            self.sub(root, "cbc:Note", " — ".join(notes))
        self.sub(root, "cbc:DocumentCurrencyCode", self.currency)
        self.sub(root, "cbc:BuyerReference", d.payer_text("buyer_reference") or d.number)
        if d.period_start and d.period_end:
            period = self.sub(root, "cac:InvoicePeriod")
            self.sub(period, "cbc:StartDate", d.period_start.isoformat())
            self.sub(period, "cbc:EndDate", d.period_end.isoformat())
        if self.credit and d.credited_number:
            billing = self.sub(root, "cac:BillingReference")
            ref = self.sub(billing, "cac:InvoiceDocumentReference")
            self.sub(ref, "cbc:ID", d.credited_number)
            if d.credited_issue_date:
                self.sub(ref, "cbc:IssueDate", d.credited_issue_date.isoformat())
        self.party(self.sub(root, "cac:AccountingSupplierParty"), d.seller_text, seller=True)
        self.party(self.sub(root, "cac:AccountingCustomerParty"), d.payer_text, seller=False)
        self.payment(root)
        self.taxes(root)
        self.totals(root)
        for line in d.lines:
            self.line(root, line)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def endpoint(
        self, text: Callable[[str], str], country: str, seller: bool
    ) -> tuple[str, str] | None:
        legal = text("bce_number") or text("siret") or text("legal_id")
        if legal and country in ENDPOINT_SCHEMES:
            digits = "".join(c for c in legal if c.isalnum())
            scheme = ENDPOINT_SCHEMES[country]
            if country == "FR" and len(digits) == 9:
                scheme = "0002"  # a SIREN, not a SIRET
            return digits, scheme
        if text("vat_number") and country in VAT_SCHEMES:
            return text("vat_number").replace(" ", "").upper(), VAT_SCHEMES[country]
        if text("email"):
            return text("email"), "EM"
        return None  # a private person has no Peppol address: the file is for the records

    def party(self, holder: etree._Element, text: Callable[[str], str], *, seller: bool) -> None:
        country = (text("country") or self.d.seller_text("country") or "BE").upper()[:2]
        party = self.sub(holder, "cac:Party")
        endpoint = self.endpoint(text, country, seller)
        if endpoint is not None:
            self.sub(party, "cbc:EndpointID", endpoint[0], schemeID=endpoint[1])
        name = text("legal_name") or text("name") or text("display_name") or "-"
        self.sub(self.sub(party, "cac:PartyName"), "cbc:Name", name)
        address = self.sub(party, "cac:PostalAddress")
        for key, tag in (("address_line1", "cbc:StreetName"),
                         ("address_line2", "cbc:AdditionalStreetName"),
                         ("city", "cbc:CityName"), ("postal_code", "cbc:PostalZone")):  # fmt: skip
            if text(key):
                self.sub(address, tag, text(key))
        self.sub(self.sub(address, "cac:Country"), "cbc:IdentificationCode", country)
        if text("vat_number"):
            tax = self.sub(party, "cac:PartyTaxScheme")
            self.sub(tax, "cbc:CompanyID", text("vat_number").replace(" ", "").upper())
            self.sub(self.sub(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
        legal = self.sub(party, "cac:PartyLegalEntity")
        self.sub(legal, "cbc:RegistrationName", name)
        registration = text("bce_number") or text("siren") or text("cui") or text("legal_id")
        if registration:
            self.sub(legal, "cbc:CompanyID", registration)
        if seller and (text("email") or text("phone")):
            contact = self.sub(party, "cac:Contact")
            if text("phone"):
                self.sub(contact, "cbc:Telephone", text("phone"))
            if text("email"):
                self.sub(contact, "cbc:ElectronicMail", text("email"))

    def payment(self, root: etree._Element) -> None:
        d = self.d
        if self.credit or not d.seller_text("iban"):
            return
        means = self.sub(root, "cac:PaymentMeans")
        self.sub(means, "cbc:PaymentMeansCode", "58")
        self.sub(means, "cbc:PaymentID", payment_reference(d))
        account = self.sub(means, "cac:PayeeFinancialAccount")
        self.sub(account, "cbc:ID", d.seller_text("iban").replace(" ", "").upper())
        if d.seller_text("bic"):
            branch = self.sub(account, "cac:FinancialInstitutionBranch")
            self.sub(branch, "cbc:ID", d.seller_text("bic"))
        days = d.seller.get("payment_terms_days")
        if days:
            terms = self.sub(root, "cac:PaymentTerms")
            self.sub(terms, "cbc:Note", f"{days} jours / days")

    def tax_category(self, parent: etree._Element, tag: str, rate_bp: int,
                     reason: str | None) -> None:  # fmt: skip
        category = self.sub(parent, tag)
        self.sub(category, "cbc:ID", vat_category(rate_bp))
        self.sub(category, "cbc:Percent", rate_text(rate_bp))
        if reason:
            self.sub(category, "cbc:TaxExemptionReason", reason)
        self.sub(self.sub(category, "cac:TaxScheme"), "cbc:ID", "VAT")

    def taxes(self, root: etree._Element) -> None:
        d = self.d
        total = self.sub(root, "cac:TaxTotal")
        self.money(total, "cbc:TaxAmount", d.vat_cents)
        for group in d.vat_groups:
            subtotal = self.sub(total, "cac:TaxSubtotal")
            self.money(subtotal, "cbc:TaxableAmount", group.base_cents)
            self.money(subtotal, "cbc:TaxAmount", group.vat_cents)
            reason = None
            if not group.rate_bp:
                reason = group.exemption_reason or d.seller_text("vat_mention") or "Exempt"
            self.tax_category(subtotal, "cac:TaxCategory", group.rate_bp, reason)

    def totals(self, root: etree._Element) -> None:
        d = self.d
        totals = self.sub(root, "cac:LegalMonetaryTotal")
        self.money(totals, "cbc:LineExtensionAmount", sum(line.net_cents for line in d.lines))
        self.money(totals, "cbc:TaxExclusiveAmount", d.net_cents)
        self.money(totals, "cbc:TaxInclusiveAmount", d.gross_cents)
        paid = 0 if self.credit else d.paid_cents
        if paid:
            self.money(totals, "cbc:PrepaidAmount", paid)
        self.money(totals, "cbc:PayableAmount", d.gross_cents - paid)

    def line(self, root: etree._Element, line: DocumentLine) -> None:
        node = self.sub(root, "cac:CreditNoteLine" if self.credit else "cac:InvoiceLine")
        self.sub(node, "cbc:ID", str(line.position))
        self.sub(node, "cbc:CreditedQuantity" if self.credit else "cbc:InvoicedQuantity",
                 f"{line.quantity:.3f}", unitCode=UNIT_CODES.get(line.unit or "", "C62"))  # fmt: skip
        self.money(node, "cbc:LineExtensionAmount", line.net_cents)
        if line.service_date:
            period = self.sub(node, "cac:InvoicePeriod")
            self.sub(period, "cbc:StartDate", line.service_date.isoformat())
            self.sub(period, "cbc:EndDate", line.service_date.isoformat())
        item = self.sub(node, "cac:Item")
        self.sub(item, "cbc:Name", line.description[:200] or "-")
        self.tax_category(item, "cac:ClassifiedTaxCategory", line.vat_rate_bp, None)
        price = self.sub(node, "cac:Price")
        self.money(price, "cbc:PriceAmount", line.unit_price_cents)


def ubl_xml(document: InvoiceDocument) -> bytes:
    """The UBL 2.1 (Peppol BIS Billing 3.0) XML of an issued invoice or credit note."""
    return _Builder(document).build()


def write_ubl_folder(uow: UnitOfWork, folder: Path, first: date, last: date) -> ExportSummary:
    """One UBL file per invoice and credit note issued from ``first`` to ``last``,
    written privately into ``folder`` (created if needed)."""
    documents = documents_in_period(uow, first, last)
    folder = Path(folder)
    summary = summarize(folder, first, last, documents)
    record_event(uow, AuditAction.EXPORT, object_type="invoices",
                 details={"format": "ubl", "from": first.isoformat(),
                          "to": last.isoformat(), "documents": len(documents)})  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        write_private_atomic(folder / document_filename(document, ".xml"), ubl_xml(document))
    return summary
