"""Invoice, credit note and reminder PDFs read back (pypdf): number, totals, VAT summary,
legal mentions, payment reference, hash, page numbers and diacritics in fr, en and ro."""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from socialdesk.domain.enums import AuditAction, InvoiceKind
from socialdesk.services.audit import recent_events
from socialdesk.services.billing_documents import (
    InvoiceNotIssued,
    be_structured_reference,
    load_document,
)
from socialdesk.services.invoice_pdf import (
    export_invoice_pdf,
    format_money,
    render_invoice_pdf,
    render_reminder_pdf,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Invoice, InvoiceSeries
from tests.pdf import pdf_page_count, pdf_text
from tests.services.billing_docs_fixtures import (
    BE_SELLER,
    ORG_PAYER,
    RO_SELLER,
    Line,
    Seeder,
)


def text_of(data: bytes) -> str:
    return pdf_text(data, squeeze=True)


def test_french_invoice_prints_number_totals_mentions_and_hash(vault: Vault) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow)
        invoice = seeder.issue(
            [
                Line("Entretien d'accompagnement — dossier 2026-014", Decimal("1.5")),
                Line("Visite à domicile", Decimal(1), 4550, unit=None),
            ]
        )
        data = render_invoice_pdf(uow, invoice.id)
        digest = invoice.hash

    text = text_of(data)
    assert data.startswith(b"%PDF")
    assert "Facture n° F-2026-0001" in text
    assert "Françoise Lefèvre" in text and "Hélène Bérégovoy" in text
    assert "SIRET 73282932000074" in text
    assert "Total HT" in text and "Total TTC" in text
    assert "135,50\u00a0€".replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert "Récapitulatif TVA" in text
    assert "TVA non applicable, art. 293 B du CGI" in text
    assert "Conditions de paiement : 30 jours" in text.replace("\u00a0", " ")
    assert "FR76 3000 6000 0112 3456 7890 189" in text
    assert "F-2026-0001" in text.split("Référence à rappeler")[1]
    assert digest in text.replace(" ", "")
    assert "Page 1 / 1" in text


def test_a_business_payer_gets_the_late_payment_mentions(vault: Vault) -> None:
    with vault.uow() as uow:
        payer = dict(ORG_PAYER) | {"name": "Mairie de Roubaix", "country": "FR"}
        invoice = Seeder(uow, payer=payer).issue([Line("Permanence sociale")])
        text = text_of(render_invoice_pdf(uow, invoice.id))

    assert "Pénalités de retard : trois fois le taux d'intérêt légal" in text
    assert "Indemnité forfaitaire pour frais de recouvrement" in text
    assert "Pas d'escompte pour paiement anticipé" in text


def test_a_long_invoice_numbers_its_pages(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow).issue([Line(f"Séance n° {n}") for n in range(1, 70)])
        data = render_invoice_pdf(uow, invoice.id)

    pages = pdf_page_count(data)
    assert pages >= 2
    assert f"Page {pages} / {pages}" in text_of(data)


def test_credit_note_is_titled_and_refers_to_the_invoice(vault: Vault) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow)
        original = seeder.issue([Line("Entretien")])
        note = seeder.issue(
            [Line("Entretien")],
            kind=InvoiceKind.CREDIT_NOTE,
            credits=original,
            issue_date=date(2026, 3, 20),
            notes="Avoir pour séance annulée.",
        )
        text = text_of(render_invoice_pdf(uow, note.id))
        english = text_of(render_invoice_pdf(uow, note.id, language="en"))

    assert "Avoir n° AV-2026-0001" in text
    assert "Avoir sur la facture n° F-2026-0001 du 05/03/2026" in text
    assert "Total de l'avoir" in text
    assert "Credit note no. AV-2026-0001" in english
    assert "Credit note for invoice no. F-2026-0001 of 5 March 2026" in english


def test_belgian_invoice_has_structured_communication_and_vat_summary(vault: Vault) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow, seller=dict(BE_SELLER), payer=dict(ORG_PAYER))
        invoice = seeder.issue(
            [
                Line("Accompagnement social", Decimal("2.25"), 5000, vat_rate_bp=2100),
                Line(
                    "Frais de déplacement", Decimal(12), 42, vat_rate_bp=2100, unit=None
                ),  # fmt: skip
            ]
        )
        text = text_of(render_invoice_pdf(uow, invoice.id))
        reference = be_structured_reference(invoice.number or "")

    assert "Communication structurée" in text
    assert reference in text
    assert "BCE" in text and "0403170701" in text
    assert "21 %" in text
    # 112.50 + 5.04 = 117.54 net, VAT 21 % = 24.68, gross 142.22
    flat = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "117,54 €" in flat and "24,68 €" in flat and "142,22 €" in flat


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("F-2026-0001", "+++000/2026/00001+++".replace("00001", "00001")),
        ("F-2026-0042", None),
    ],
)
def test_structured_communication_check_digits(number: str, expected: str | None) -> None:
    reference = be_structured_reference(number)
    digits = reference.strip("+").replace("/", "")
    assert len(digits) == 12 and reference.startswith("+++") and reference.endswith("+++")
    base, check = int(digits[:10]), int(digits[10:])
    assert check == (base % 97 or 97)
    assert digits[:10] == "".join(c for c in number if c.isdigit()).rjust(10, "0")


def test_structured_communication_uses_97_for_a_zero_remainder() -> None:
    assert be_structured_reference("97") == "+++000/0000/09797+++"


def test_romanian_invoice_keeps_its_diacritics(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow, seller=dict(RO_SELLER)).issue(
            [Line("Consiliere socială — ședință de însoțire, îndrumare", Decimal(1), 15000,
                  vat_exemption_reason="Scutit de TVA conform art. 310 din Codul fiscal")]
        )  # fmt: skip
        text = text_of(render_invoice_pdf(uow, invoice.id))

    assert "Factură nr. F-2026-0001" in text
    for word in ("Ștefania Țărănescu", "ședință", "însoțire", "îndrumare", "Mărășești",
                 "Scutit de TVA conform art. 310 din Codul fiscal", "Pagina 1 / 1"):  # fmt: skip
        assert word in text, word
    assert "150,00 lei" not in text  # EUR invoice: the currency frozen with it
    assert "150,00 €" in text


def test_english_invoice_uses_english_words_and_amounts(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow).issue([Line("Home visit — é è à", Decimal(2), 123456)])
        text = text_of(render_invoice_pdf(uow, invoice.id, language="en"))

    assert "Invoice no. F-2026-0001" in text
    assert "€2,469.12" in text
    assert "é è à" in text


def test_money_formats() -> None:
    assert format_money(123456, "EUR", "fr") == "1\u202f234,56\u00a0€"
    assert format_money(123456, "EUR", "en") == "€1,234.56"
    assert format_money(-5, "RON", "ro") == "-0,05 lei"


def test_a_draft_has_no_document(vault: Vault) -> None:
    with vault.uow() as uow:
        series = InvoiceSeries(code="F", prefix="F-", kind=InvoiceKind.INVOICE)
        uow.session.add(series)
        uow.session.flush()
        draft = Invoice(series_id=series.id)
        uow.session.add(draft)
        uow.session.flush()
        with pytest.raises(InvoiceNotIssued):
            load_document(uow, draft.id)
        with pytest.raises(InvoiceNotIssued):
            load_document(uow, 999)


def test_export_writes_privately_and_is_audited(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow).issue([Line("Entretien")])
        path = export_invoice_pdf(uow, invoice.id, tmp_path / "F-2026-0001.pdf")
        events = [e for e in recent_events(uow) if e.action == AuditAction.EXPORT]

    assert "F-2026-0001" in text_of(path.read_bytes())
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [(e.object_type, e.object_id) for e in events] == [("invoice", invoice.id)]


def test_reminder_letter_lists_overdue_invoices_and_balance(vault: Vault) -> None:
    with vault.uow() as uow:
        seeder = Seeder(uow)
        first = seeder.issue([Line("Entretien", Decimal(2))], issue_date=date(2026, 1, 5))
        second = seeder.issue([Line("Visite à domicile")], issue_date=date(2026, 1, 20))
        first.paid_cents = 2000
        uow.session.flush()
        text = text_of(render_reminder_pdf(uow, [first.id, second.id], today=date(2026, 3, 10)))

    flat = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Relance pour facture impayée" in text
    assert "Roubaix, le 10/03/2026" in text
    assert "F-2026-0001" in text and "F-2026-0002" in text
    assert "34 jours de retard" in text  # due 04/02 → 10/03
    assert "160,00 €" in flat  # 120 - 20 + 60
    assert "Madame, Monsieur" in text
    assert "FR76 3000 6000 0112 3456 7890 189" in text  # how to pay, for both invoices
    assert "F-2026-0002 — Référence à rappeler" in text.replace("\u00a0", " ")
    assert "À régler au plus tard" not in text  # a reminder has no due date of its own


def test_romanian_reminder_letter(vault: Vault) -> None:
    with vault.uow() as uow:
        invoice = Seeder(uow, seller=dict(RO_SELLER)).issue(
            [Line("Ședință de consiliere", Decimal(1), 15000)], issue_date=date(2026, 1, 5)
        )
        text = text_of(render_reminder_pdf(uow, [invoice.id], today=date(2026, 3, 10)))

    for words in ("Notificare de plată", "Stimată doamnă, stimate domn", "zile întârziere",
                  "Cluj-Napoca, 10.03.2026", "Rest de plată", "150,00 €", "Cu stimă"):  # fmt: skip
        assert words in text, words
