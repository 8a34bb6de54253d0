"""Invoices, credit notes and payment reminders as PDF.

Everything printed comes from the invoice as frozen at issue (see
:mod:`services.billing_documents`): seller and payer blocks, lines, totals, the VAT
summary and the legal mentions, the bank details and the payment reference (a Belgian
seller's structured communication ``+++xxx/xxxx/xxxxx+++``), and the invoice's hash in
the chain. Only the logo is today's (branding, not a legal fact). Written in the
document language frozen with the seller (else the profile's; French by default), with
the fonts, styles and "Page X / Y" footer of the other documents
(:mod:`services.gdpr_pdf`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from socialdesk.domain.enums import AuditAction
from socialdesk.services.audit import record_event
from socialdesk.services.billing_documents import (
    InvoiceDocument,
    be_structured_reference,
    load_document,
)
from socialdesk.services.document_language import LANGUAGES, format_day, words_in
from socialdesk.services.gdpr_pdf import (
    ACCENT,
    FONT,
    MARGIN,
    RULE,
    SHADE,
    register_fonts,
)
from socialdesk.services.gdpr_pdf import _numbered_canvas as numbered_canvas
from socialdesk.services.gdpr_pdf import _styles as pdf_styles
from socialdesk.services.gdpr_pdf import _text as markup
from socialdesk.services.profile import get_profile
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "document_language",
    "export_invoice_pdf",
    "format_money",
    "payment_reference",
    "render_invoice_pdf",
    "render_reminder_pdf",
]


# (English, French, Romanian)
WORDS: dict[str, tuple[str, str, str]] = {
    "invoice": ("Invoice", "Facture", "Factură"),
    "credit_note": ("Credit note", "Avoir", "Factură de stornare"),
    "number": ("{title} no. {number}", "{title} n° {number}", "{title} nr. {number}"),
    "issue_date": ("Date of issue", "Date d'émission", "Data emiterii"),
    "due_date": ("Due date", "Date d'échéance", "Data scadenței"),
    "period": ("Period", "Période", "Perioada"),
    "period_value": ("{first} to {last}", "du {first} au {last}", "{first} – {last}"),
    "credits": (
        "Credit note for invoice no. {number} of {date}",
        "Avoir sur la facture n° {number} du {date}",
        "Stornare a facturii nr. {number} din {date}",
    ),
    "seller": ("From", "Émetteur", "Furnizor"),
    "payer": ("Bill to", "Destinataire", "Client"),
    "siren": ("SIREN", "SIREN", "SIREN"),
    "siret": ("SIRET", "SIRET", "SIRET"),
    "bce": ("Company no. (BCE)", "N° d'entreprise (BCE)", "Nr. întreprindere (BCE)"),
    "cui": ("Tax id (CUI)", "CUI", "CUI"),
    "vat_number": ("VAT no.", "N° TVA", "Cod TVA"),
    "legal_id": ("Id", "Identifiant", "Cod de identificare"),
    "col_date": ("Date", "Date", "Data"),
    "col_description": ("Description", "Désignation", "Denumire"),
    "col_quantity": ("Qty", "Qté", "Cant."),
    "col_unit": ("Unit", "Unité", "U.M."),
    "col_price": ("Unit price", "Prix unitaire", "Preț unitar"),
    "col_vat": ("VAT", "TVA", "TVA"),
    "col_total": ("Net amount", "Montant HT", "Valoare"),
    "unit_hour": ("hour", "heure", "oră"),
    "unit_session": ("session", "séance", "ședință"),
    "unit_flat": ("flat fee", "forfait", "forfet"),
    "unit_km": ("km", "km", "km"),
    "total_net": ("Total excl. VAT", "Total HT", "Total fără TVA"),
    "total_vat": ("VAT", "TVA", "TVA"),
    "total_gross": ("Total incl. VAT", "Total TTC", "Total de plată"),
    "total_credit": ("Total credited", "Total de l'avoir", "Total stornat"),
    "paid": ("Already paid", "Déjà réglé", "Achitat"),
    "balance": ("Balance due", "Reste à payer", "Rest de plată"),
    "vat_summary": ("VAT summary", "Récapitulatif TVA", "Sinteza TVA"),
    "vat_rate": ("Rate", "Taux", "Cota"),
    "vat_base": ("Base", "Base HT", "Bază"),
    "vat_amount": ("VAT", "TVA", "TVA"),
    "payment": ("Payment", "Règlement", "Plată"),
    "pay_by": (
        "Payable by {date}, by bank transfer.",
        "À régler au plus tard le {date}, par virement.",
        "De achitat până la {date}, prin transfer bancar.",
    ),
    "iban": ("IBAN", "IBAN", "IBAN"),
    "bic": ("BIC", "BIC", "BIC"),
    "reference": ("Payment reference", "Référence à rappeler", "Referința plății"),
    "structured": (
        "Structured communication",
        "Communication structurée",
        "Comunicare structurată",
    ),
    "no_payment_due": (
        "This credit note will be refunded or set off against a later invoice.",
        "Cet avoir sera remboursé ou déduit d'une prochaine facture.",
        "Această stornare va fi rambursată sau compensată cu o factură ulterioară.",
    ),
    "mentions": ("Legal notices", "Mentions légales", "Mențiuni legale"),
    "terms": (
        "Payment terms: {days} days.",
        "Conditions de paiement : {days} jours.",
        "Termen de plată: {days} zile.",
    ),
    "fingerprint": ("Invoice fingerprint (SHA-256)", "Empreinte de la facture (SHA-256)",
                    "Amprenta facturii (SHA-256)"),  # fmt: skip
    "page": ("Page {page} / {pages}", "Page {page} / {pages}", "Pagina {page} / {pages}"),
    # The payment reminder letter
    "reminder": ("Payment reminder", "Relance pour facture impayée", "Notificare de plată"),
    "reminder_subject": (
        "Subject: unpaid invoice(s)",
        "Objet : facture(s) restant due(s)",
        "Subiect: factură (facturi) neachitată (neachitate)",
    ),
    "reminder_date": ("{city}, {date}", "{city}, le {date}", "{city}, {date}"),
    "reminder_date_nocity": ("{date}", "Le {date}", "{date}"),
    "greeting": ("Dear Sir or Madam,", "Madame, Monsieur,", "Stimată doamnă, stimate domn,"),
    "reminder_body": (
        "Unless I am mistaken, the invoice(s) below remain unpaid after their due date. "
        "I would be grateful if you could settle the balance of {amount} at your earliest "
        "convenience, by bank transfer quoting the reference shown.",
        "Sauf erreur de ma part, la ou les factures ci-dessous restent impayées à ce jour "
        "malgré leur échéance. Je vous remercie de bien vouloir régler le solde de "
        "{amount} dans les meilleurs délais, par virement en rappelant la référence "
        "indiquée.",
        "Dacă nu mă înșel, factura (facturile) de mai jos au rămas neachitate după data "
        "scadenței. Vă rog să achitați soldul de {amount} cât mai curând posibil, prin "
        "transfer bancar, menționând referința indicată.",
    ),
    "reminder_ignore": (
        "If your payment has crossed this letter, please disregard it.",
        "Si votre règlement a croisé ce courrier, je vous prie de ne pas en tenir compte.",
        "Dacă plata dumneavoastră s-a încrucișat cu această scrisoare, vă rog să o ignorați.",
    ),
    "days_late": ("{days} days late", "{days} jours de retard", "{days} zile întârziere"),
    "closing": (
        "Yours faithfully,",
        "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
        "Cu stimă,",
    ),
    "total_due": ("Total due", "Total dû", "Total datorat"),
}  # fmt: skip

Word = Callable[..., str]
NBSP = "\u00a0"
NARROW_SPACE = "\u202f"


def vocabulary(language: str) -> Word:
    return words_in(WORDS, language)


def _colon(language: str) -> str:
    """French puts a (no-break) space before the colon; English and Romanian do not."""
    return "\u00a0: " if language == "fr" else ": "


def _group(digits: str, separator: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return separator.join(parts)


def format_money(cents: int, currency: str, language: str) -> str:
    """``123456`` → ``1 234,56 €`` (fr), ``€1,234.56`` (en), ``1.234,56 EUR`` (ro)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    symbol = "€" if currency == "EUR" else ("lei" if currency == "RON" else currency)
    if language == "en":
        return (
            f"{sign}{symbol if symbol == '€' else symbol + ' '}{_group(str(units), ',')}.{rest:02d}"
        )
    if language == "ro":
        return f"{sign}{_group(str(units), '.')},{rest:02d} {symbol}"
    return f"{sign}{_group(str(units), NARROW_SPACE)},{rest:02d}{NBSP}{symbol}"


def format_quantity(quantity: Decimal, language: str) -> str:
    text = f"{quantity.normalize():f}"
    return text if language == "en" else text.replace(".", ",")


def format_rate(rate_bp: int, language: str) -> str:
    text = f"{(Decimal(rate_bp) / 100).normalize():f}"
    return (text if language == "en" else text.replace(".", ",")) + " %"


def document_language(document: InvoiceDocument, fallback: str = "fr") -> str:
    language = document.seller_text("document_language") or fallback
    return language if language in LANGUAGES else "fr"


def payment_reference(document: InvoiceDocument) -> str:
    """What the payer quotes with the transfer: a Belgian seller's structured
    communication, else the invoice number."""
    if document.seller_text("country") == "BE":
        return be_structured_reference(document.number)
    return document.number


# --- building blocks ------------------------------------------------------------------------
def _address_lines(get: Callable[[str], str]) -> list[str]:
    lines = [get("address_line1"), get("address_line2")]
    lines.append(" ".join(p for p in (get("postal_code"), get("city")) if p))
    return [line for line in lines if line]


def _seller_lines(document: InvoiceDocument, word: Word) -> list[str]:
    get = document.seller_text
    lines = [get("profession_title"), *_address_lines(get)]
    lines.append(" — ".join(p for p in (get("phone"), get("email")) if p))
    for key, label in (("siret", "siret"), ("bce_number", "bce"), ("cui", "cui"),
                       ("vat_number", "vat_number")):  # fmt: skip
        if get(key):
            lines.append(f"{word(label)} {get(key)}")
    if get("siren") and not get("siret"):
        lines.append(f"{word('siren')} {get('siren')}")
    return [line for line in lines if line]


def _payer_lines(document: InvoiceDocument, word: Word) -> list[str]:
    get = document.payer_text
    lines = _address_lines(get)
    if get("legal_id"):
        lines.append(f"{word('legal_id')} {get('legal_id')}")
    if get("vat_number"):
        lines.append(f"{word('vat_number')} {get('vat_number')}")
    return lines


def _seller_name(document: InvoiceDocument) -> str:
    return document.seller_text("legal_name") or document.seller_text("display_name")


def _block(styles: dict, title: str, name: str, lines: Sequence[str]) -> list[Flowable]:  # type: ignore[type-arg]
    return [
        Paragraph(markup(title), styles["flags"]),
        Paragraph(f"<b>{markup(name)}</b>", styles["body"]),
        *(Paragraph(markup(line), styles["cell"]) for line in lines),
    ]


def _logo(logo: bytes | None) -> Flowable | None:
    if not logo:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(logo))
        width, height = reader.getSize()
    except Exception:  # a logo ReportLab cannot read is left out, never fatal
        return None
    box_w, box_h = 45 * mm, 22 * mm
    scale = min(box_w / width, box_h / height)
    return Image(io.BytesIO(logo), width=width * scale, height=height * scale, hAlign="LEFT")


def _header(styles: dict, document: InvoiceDocument, word: Word, logo: bytes | None  # type: ignore[type-arg]
            ) -> list[Flowable]:  # fmt: skip
    seller = _block(styles, word("seller"), _seller_name(document), _seller_lines(document, word))
    image = _logo(logo)
    left: list[Flowable] = ([image, Spacer(1, 3 * mm)] if image else []) + seller
    payer = _block(styles, word("payer"), document.payer_name, _payer_lines(document, word))
    table = Table([[left, payer]], colWidths=["55%", "45%"])
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (1, 0), (1, 0), SHADE),
                ("BOX", (1, 0), (1, 0), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (1, 0), (1, 0), 6),
                ("BOTTOMPADDING", (1, 0), (1, 0), 6),
            ]
        )
    )
    return [table, Spacer(1, 6 * mm)]


def _title(styles: dict, document: InvoiceDocument, word: Word, language: str  # type: ignore[type-arg]
           ) -> list[Flowable]:  # fmt: skip
    kind = word("credit_note" if document.is_credit_note else "invoice")
    story: list[Flowable] = [
        Paragraph(markup(word("number", title=kind, number=document.number)), styles["title"])
    ]
    facts = [(word("issue_date"), format_day(document.issue_date, language))]
    if document.due_date and not document.is_credit_note:
        facts.append((word("due_date"), format_day(document.due_date, language)))
    if document.period_start and document.period_end:
        period = word(
            "period_value",
            first=format_day(document.period_start, language),
            last=format_day(document.period_end, language),
        )
        facts.append((word("period"), period))
    story.append(
        Paragraph(
            " · ".join(f"{markup(k)}{_colon(language)}<b>{markup(v)}</b>" for k, v in facts),
            styles["body"],
        )  # fmt: skip
    )
    if document.is_credit_note and document.credited_number:
        credited = word(
            "credits",
            number=document.credited_number,
            date=format_day(document.credited_issue_date, language),
        )
        story.append(Paragraph(f"<b>{markup(credited)}</b>", styles["body"]))
    story.append(Spacer(1, 5 * mm))
    return story


def _lines_table(styles: dict, document: InvoiceDocument, word: Word, language: str  # type: ignore[type-arg]
                 ) -> Flowable:  # fmt: skip
    money = lambda cents: format_money(cents, document.currency, language)  # noqa: E731
    head = ["col_date", "col_description", "col_quantity", "col_unit", "col_price", "col_vat",
            "col_total"]  # fmt: skip
    rows: list[list[object]] = [[Paragraph(markup(word(k)), styles["cell_head"]) for k in head]]
    for line in document.lines:
        unit = word(f"unit_{line.unit}") if line.unit in ("hour", "session", "flat", "km") else ""
        rows.append(
            [
                Paragraph(markup(format_day(line.service_date, language)), styles["cell"]),
                Paragraph(markup(line.description), styles["cell"]),
                Paragraph(markup(format_quantity(line.quantity, language)), styles["num"]),
                Paragraph(markup(unit), styles["cell"]),
                Paragraph(markup(money(line.unit_price_cents)), styles["num"]),
                Paragraph(markup(format_rate(line.vat_rate_bp, language)), styles["num"]),
                Paragraph(markup(money(line.net_cents)), styles["num"]),
            ]
        )
    widths = [20 * mm, None, 14 * mm, 16 * mm, 24 * mm, 14 * mm, 26 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _totals(styles: dict, document: InvoiceDocument, word: Word, language: str  # type: ignore[type-arg]
            ) -> list[Flowable]:  # fmt: skip
    money = lambda cents: format_money(cents, document.currency, language)  # noqa: E731
    gross_label = "total_credit" if document.is_credit_note else "total_gross"
    rows = [
        (word("total_net"), money(document.net_cents)),
        (word("total_vat"), money(document.vat_cents)),
        (word(gross_label), money(document.gross_cents)),
    ]
    if not document.is_credit_note and document.paid_cents:
        rows.append((word("paid"), money(document.paid_cents)))
        rows.append((word("balance"), money(document.balance_cents)))

    def bold(text: str, index: int) -> str:
        return f"<b>{markup(text)}</b>" if index == 2 else markup(text)  # the total due

    data = [
        [Paragraph(bold(label, i), styles["cell"]), Paragraph(bold(value, i), styles["num"])]
        for i, (label, value) in enumerate(rows)
    ]
    totals = Table(data, colWidths=[40 * mm, 30 * mm], hAlign="RIGHT")
    totals.setStyle(
        _table_style(
            [
                ("LINEABOVE", (0, 2), (-1, 2), 0.8, ACCENT),
                ("BACKGROUND", (0, 2), (-1, 2), SHADE),
            ]
        )
    )
    summary_rows: list[list[object]] = [
        [Paragraph(markup(word(k)), styles["cell_head"]) for k in ("vat_rate", "vat_base", "vat_amount")]
    ]  # fmt: skip
    notes: list[str] = []
    for group in document.vat_groups:
        rate = format_rate(group.rate_bp, language)
        if group.exemption_reason:
            notes.append(group.exemption_reason)
            rate += f" ({len(notes)})" if len(document.vat_groups) > 1 else " *"
        summary_rows.append(
            [
                Paragraph(markup(rate), styles["cell"]),
                Paragraph(markup(money(group.base_cents)), styles["num"]),
                Paragraph(markup(money(group.vat_cents)), styles["num"]),
            ]
        )
    summary = Table(summary_rows, colWidths=[26 * mm, 28 * mm, 24 * mm], hAlign="LEFT")
    summary.setStyle(
        _table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ]
        )
    )
    left: list[Flowable] = [Paragraph(markup(word("vat_summary")), styles["cell_head"]), summary]
    for n, note in enumerate(notes, start=1):
        mark = f"({n})" if len(document.vat_groups) > 1 else "*"
        left.append(Paragraph(markup(f"{mark} {note}"), styles["small"]))
    layout = Table([[left, totals]], colWidths=["52%", "48%"])
    layout.setStyle(
        _table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return [Spacer(1, 4 * mm), KeepTogether([layout])]


def _payment(styles: dict, document: InvoiceDocument, word: Word, language: str,  # type: ignore[type-arg]
             *, due: bool = True, reference: bool = True) -> list[Flowable]:  # fmt: skip
    """How to pay: the due date (``due``), bank details and the payment reference
    (``reference``; a reminder for several invoices lists their references itself)."""
    parts: list[Flowable] = [Paragraph(markup(word("payment")), styles["h2"])]
    if document.is_credit_note:
        parts.append(Paragraph(markup(word("no_payment_due")), styles["body"]))
        return parts
    if document.due_date and due:
        parts.append(
            Paragraph(
                markup(word("pay_by", date=format_day(document.due_date, language))), styles["body"]
            )  # fmt: skip
        )
    rows = []
    if document.seller_text("iban"):
        rows.append((word("iban"), _spaced_iban(document.seller_text("iban"))))
    if document.seller_text("bic"):
        rows.append((word("bic"), document.seller_text("bic")))
    label = "structured" if document.seller_text("country") == "BE" else "reference"
    if reference:
        rows.append((word(label), payment_reference(document)))
    if not rows:
        return parts
    table = Table(
        [[Paragraph(markup(k), styles["cell"]), Paragraph(f"<b>{markup(v)}</b>", styles["cell"])]
         for k, v in rows],
        colWidths=[45 * mm, None], hAlign="LEFT",
    )  # fmt: skip
    table.setStyle(_table_style([("BOX", (0, 0), (-1, -1), 0.5, RULE),
                               ("BACKGROUND", (0, 0), (0, -1), SHADE)]))  # fmt: skip
    parts.append(table)
    return parts


def _table_style(commands: list[tuple[object, ...]] | None = None) -> TableStyle:
    """A table style whose cells default to the embedded font: ReportLab's default,
    Helvetica, is not embedded, which PDF/A (Factur-X) forbids."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *(commands or [])])


def _spaced_iban(iban: str) -> str:
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def legal_mentions(document: InvoiceDocument, word: Word) -> list[str]:
    """What the "Legal notices" section prints, without duplicates: the mentions of
    :mod:`domain.legal_mentions` for the frozen seller and payer, the VAT mention frozen
    with the seller, then the payment terms of an invoice."""
    seen: list[str] = []
    for text in (*document.mentions, document.seller.get("vat_mention")):
        value = str(text or "").strip()
        if value and value not in seen:
            seen.append(value)
    days = document.seller.get("payment_terms_days")
    if days and not document.is_credit_note:
        seen.append(word("terms", days=days))
    return seen


def _mentions(styles: dict, document: InvoiceDocument, word: Word, language: str  # type: ignore[type-arg]
              ) -> list[Flowable]:  # fmt: skip
    parts: list[Flowable] = [Paragraph(markup(word("mentions")), styles["h2"])]
    parts += [Paragraph(markup(text), styles["small"]) for text in legal_mentions(document, word)]
    if document.notes:
        parts.append(Paragraph(markup(document.notes), styles["small"]))
    parts.append(Spacer(1, 3 * mm))
    parts.append(
        Paragraph(
            f"{markup(word('fingerprint'))}{_colon(language)}<font size='7'>"
            f"{markup(document.hash)}</font>",
            styles["small"],
        )  # fmt: skip
    )
    return parts


def _styles() -> dict:  # type: ignore[type-arg]
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    styles = pdf_styles()
    styles["num"] = ParagraphStyle("num", styles["cell"], alignment=TA_RIGHT)
    return styles


def _build(story: list[Flowable], title: str, author: str, footer: str, word: Word,
           language: str) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        creator="SocialDesk",
        initialFontName=FONT,
        lang=language,
        displayDocTitle=True,
    )
    pdf.build(story, canvasmaker=numbered_canvas(footer, word))
    return buffer.getvalue()


# --- public API ---------------------------------------------------------------------------
def render_document_pdf(
    document: InvoiceDocument, *, language: str | None = None, logo: bytes | None = None
) -> bytes:
    """The PDF of an issued invoice or credit note (no database access)."""
    language = language if language in LANGUAGES else document_language(document)
    word = vocabulary(language)
    register_fonts()
    styles = _styles()
    story: list[Flowable] = []
    story += _header(styles, document, word, logo)
    story += _title(styles, document, word, language)
    story.append(_lines_table(styles, document, word, language))
    story += _totals(styles, document, word, language)
    story += _payment(styles, document, word, language)
    story += _mentions(styles, document, word, language)
    kind = word("credit_note" if document.is_credit_note else "invoice")
    title = word("number", title=kind, number=document.number)
    footer = f"{_seller_name(document)} — {title} — {document.hash[:16]}"
    return _build(story, title, _seller_name(document), footer, word, language)


def render_invoice_pdf(uow: UnitOfWork, invoice_id: int, *, language: str | None = None) -> bytes:
    """The PDF of issued invoice or credit note ``invoice_id`` (InvoiceNotIssued for a
    draft). ``language`` overrides the document language frozen at issue."""
    document = load_document(uow, invoice_id)
    profile = get_profile(uow)
    fallback = language or document.seller_text("document_language") or profile.document_language
    return render_document_pdf(document, language=fallback, logo=profile.logo)


def export_invoice_pdf(
    uow: UnitOfWork, invoice_id: int, path: Path, *, language: str | None = None
) -> Path:
    """Write the PDF to ``path`` (private, atomic) after recording the export."""
    data = render_invoice_pdf(uow, invoice_id, language=language)
    record_event(uow, AuditAction.EXPORT, object_type="invoice", object_id=invoice_id,
                 details={"document": "invoice", "formats": ["pdf"]})  # fmt: skip
    path = Path(path)
    write_private_atomic(path, data)
    return path


def render_reminder_pdf(
    uow: UnitOfWork,
    invoice_ids: Sequence[int],
    *,
    today: date | None = None,
    language: str | None = None,
) -> bytes:
    """A payment reminder letter for the overdue invoices ``invoice_ids`` (one payer):
    the invoices with their due dates, days late and balances, and how to pay."""
    day = today or date.today()
    documents = [load_document(uow, i) for i in invoice_ids]
    if not documents:
        raise ValueError("no invoice to remind")
    profile = get_profile(uow)
    first = documents[0]
    language = language or first.seller_text("document_language") or profile.document_language
    language = language if language in LANGUAGES else "fr"
    word = vocabulary(language)
    register_fonts()
    styles = _styles()
    money = lambda cents: format_money(cents, first.currency, language)  # noqa: E731
    story: list[Flowable] = []
    story += _header(styles, first, word, profile.logo)
    city = first.seller_text("city")
    when = format_day(day, language)
    dated = word("reminder_date", city=city, date=when) if city else word(
        "reminder_date_nocity", date=when)  # fmt: skip
    story += [
        Paragraph(markup(dated), styles["right"]),
        Spacer(1, 4 * mm),
        Paragraph(markup(word("reminder")), styles["title"]),
        Paragraph(f"<b>{markup(word('reminder_subject'))}</b>", styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph(markup(word("greeting")), styles["body"]),
        Spacer(1, 2 * mm),
    ]
    total = sum(d.balance_cents for d in documents)
    story.append(Paragraph(markup(word("reminder_body", amount=money(total))), styles["body"]))
    story.append(Spacer(1, 4 * mm))
    head = ["invoice", "issue_date", "due_date", "total_gross", "balance"]
    rows: list[list[object]] = [[Paragraph(markup(word(k)), styles["cell_head"]) for k in head]]
    for d in documents:
        late = (day - d.due_date).days if d.due_date else 0
        due = format_day(d.due_date, language)
        if late > 0:
            due += f" ({word('days_late', days=late)})"
        rows.append(
            [
                Paragraph(markup(d.number), styles["cell"]),
                Paragraph(markup(format_day(d.issue_date, language)), styles["cell"]),
                Paragraph(markup(due), styles["cell"]),
                Paragraph(markup(money(d.gross_cents)), styles["num"]),
                Paragraph(markup(money(d.balance_cents)), styles["num"]),
            ]
        )
    rows.append(
        [Paragraph(f"<b>{markup(word('total_due'))}</b>", styles["cell"]), "", "", "",
         Paragraph(f"<b>{markup(money(total))}</b>", styles["num"])]
    )  # fmt: skip
    table = Table(rows, colWidths=[32 * mm, 26 * mm, None, 28 * mm, 28 * mm], repeatRows=1)
    table.setStyle(
        _table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    story += _payment(styles, first, word, language, due=False, reference=len(documents) == 1)
    if len(documents) > 1:
        for d in documents:
            label = "structured" if d.seller_text("country") == "BE" else "reference"
            story.append(Paragraph(markup(f"{d.number} — {word(label)}{_colon(language)}"
                                          f"{payment_reference(d)}"),
                                   styles["cell"]))  # fmt: skip
    penalty = first.seller_text("late_penalty_text")
    story.append(Spacer(1, 4 * mm))
    if penalty:
        story += [Paragraph(markup(penalty), styles["small"]), Spacer(1, 2 * mm)]
    story += [
        Paragraph(markup(word("reminder_ignore")), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph(markup(word("closing")), styles["body"]),
        Spacer(1, 8 * mm),
        Paragraph(f"<b>{markup(_seller_name(first))}</b>", styles["body"]),
    ]
    title = f"{word('reminder')} — {first.payer_name}"
    footer = f"{_seller_name(first)} — {word('reminder')}"
    return _build(story, title, _seller_name(first), footer, word, language)
