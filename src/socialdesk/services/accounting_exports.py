"""Accountant exports of a period: the sales journal as CSV and the French FEC.

Both read the invoices and credit notes as frozen at issue
(:mod:`services.billing_documents`), in issue order; a credit note reverses its
amounts (negative in the journal, debit and credit swapped in the FEC).

* Sales journal (CSV): one row per document, ``;``-separated, UTF-8 with a byte-order
  mark and CRLF line ends so that Excel and LibreOffice open it right away with its
  accents; amounts with a decimal comma except in English. Every row goes through
  :func:`services.csv_safety.safe_row` (a payer named ``=HYPERLINK(…)`` stays text).
* FEC (fichier des écritures comptables, art. A47 A-1 of the French LPF): the 18
  columns in their legal order, tab-separated, dates ``YYYYMMDD``, amounts with a
  decimal comma, one balanced entry per document — debit 411 (the payer, with an
  auxiliary account per payer) = credit of the service accounts (706… per line) +
  credit 44571 (VAT collected). Named ``<SIREN>FEC<YYYYMMDD>.txt`` after the last day.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.services.billing_documents import InvoiceDocument, documents_in_period
from socialdesk.services.csv_safety import safe_row
from socialdesk.services.profile import get_profile
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "FEC_COLUMNS",
    "ExportSummary",
    "fec_entries",
    "fec_filename",
    "render_fec",
    "render_sales_journal",
    "summarize",
    "write_fec",
    "write_sales_journal",
]

CLIENT_ACCOUNT = "411"
VAT_ACCOUNT = "44571"
JOURNAL_CODE = "VE"
JOURNAL_LABEL = "Journal des ventes"

FEC_COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip

ACCOUNT_LABELS = {
    CLIENT_ACCOUNT: "Clients",
    VAT_ACCOUNT: "TVA collectée",
    "706": "Prestations de services",
}

LANGUAGES = ("en", "fr", "ro")
# Sales journal headings: (English, French, Romanian)
HEADINGS: tuple[tuple[str, str, str], ...] = (
    ("Date", "Date", "Data"),
    ("Number", "Numéro", "Număr"),
    ("Type", "Type", "Tip"),
    ("Credited invoice", "Facture d'origine", "Factura stornată"),
    ("Payer", "Payeur", "Client"),
    ("Payer kind", "Type de payeur", "Tip client"),
    ("Due date", "Échéance", "Scadență"),
    ("Net", "Montant HT", "Valoare fără TVA"),
    ("VAT", "TVA", "TVA"),
    ("Gross", "Montant TTC", "Total"),
    ("Currency", "Devise", "Monedă"),
    ("Paid", "Réglé", "Încasat"),
    ("Status", "Statut", "Stare"),
    ("Account", "Compte", "Cont"),
    ("Fingerprint", "Empreinte", "Amprentă"),
)  # fmt: skip
KIND_WORDS = {
    "invoice": ("Invoice", "Facture", "Factură"),
    "credit_note": ("Credit note", "Avoir", "Factură de stornare"),
}
PAYER_WORDS = {
    "person": ("Person", "Particulier", "Persoană fizică"),
    "organization": ("Organization", "Organisme", "Organizație"),
}
STATUS_WORDS = {
    "issued": ("Issued", "Émise", "Emisă"),
    "partially_paid": ("Partly paid", "Partiellement réglée", "Achitată parțial"),
    "paid": ("Paid", "Réglée", "Achitată"),
    "cancelled": ("Cancelled by a credit note", "Annulée par avoir", "Stornată"),
}


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: where, how many documents, and their signed totals."""

    path: Path
    first: date
    last: date
    documents: int
    net_cents: int
    vat_cents: int
    gross_cents: int


def summarize(
    path: Path, first: date, last: date, docs: Sequence[InvoiceDocument]
) -> ExportSummary:
    return ExportSummary(
        path=path,
        first=first,
        last=last,
        documents=len(docs),
        net_cents=sum(d.sign * d.net_cents for d in docs),
        vat_cents=sum(d.sign * d.vat_cents for d in docs),
        gross_cents=sum(d.sign * d.gross_cents for d in docs),
    )


class _Amount(Decimal):
    """A computed amount that a spreadsheet reads as a number in the file's locale:
    ``safe_row`` leaves numbers alone, and this one is written with a decimal comma."""

    def __str__(self) -> str:
        return Decimal.__str__(self).replace(".", ",")


def _euros(cents: int, comma: bool) -> Decimal:
    value = (Decimal(cents) / 100).quantize(Decimal("0.01"))
    return _Amount(value) if comma else value


def payer_account(document: InvoiceDocument) -> str:
    """The payer's auxiliary account: the same payer always gets the same one."""
    if document.payer_organization_id is not None:
        return f"{CLIENT_ACCOUNT}O{document.payer_organization_id:05d}"
    if document.payer_client_id is not None:
        return f"{CLIENT_ACCOUNT}P{document.payer_client_id:05d}"
    return f"{CLIENT_ACCOUNT}DIVERS"


# --- sales journal ----------------------------------------------------------------------
def render_sales_journal(documents: Sequence[InvoiceDocument], *, language: str = "fr") -> bytes:
    """The journal as bytes (UTF-8 with BOM, ``;``, CRLF)."""
    index = LANGUAGES.index(language) if language in LANGUAGES else 1
    comma = language != "en"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(h[index] for h in HEADINGS))
    for d in documents:
        sign = d.sign
        writer.writerow(
            safe_row(
                [
                    d.issue_date,
                    d.number,
                    KIND_WORDS[str(d.kind)][index],
                    d.credited_number or "",
                    d.payer_name,
                    PAYER_WORDS.get(d.payer_text("kind") or "person", PAYER_WORDS["person"])[index],
                    d.due_date,
                    _euros(sign * d.net_cents, comma),
                    _euros(sign * d.vat_cents, comma),
                    _euros(sign * d.gross_cents, comma),
                    d.currency,
                    _euros(sign * d.paid_cents, comma),
                    STATUS_WORDS.get(str(d.status), (str(d.status),) * 3)[index],
                    payer_account(d),
                    d.hash,
                ]
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- FEC --------------------------------------------------------------------------------
def _fec_amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def _fec_date(day: date | None) -> str:
    return "" if day is None else day.strftime("%Y%m%d")


def _clean(text: str) -> str:
    """No tab or line break inside a FEC field."""
    return " ".join(str(text).split())


def _fec_entry(d: InvoiceDocument, entry: str) -> list[list[str]]:
    """The balanced entry of one document (a credit note on the opposite sides)."""
    day = _fec_date(d.issue_date)
    kind = "Avoir" if d.is_credit_note else "Facture"
    label = _clean(f"{kind} {d.number} {d.payer_name}")[:200]
    aux, aux_label = payer_account(d), _clean(d.payer_name)

    def row(account: str, debit: int, credit: int, *, auxiliary: bool = False) -> list[str]:
        if d.is_credit_note:
            debit, credit = credit, debit
        return [
            JOURNAL_CODE, JOURNAL_LABEL, entry, day, account,
            ACCOUNT_LABELS.get(account, ACCOUNT_LABELS.get(account[:3], "Ventes")),
            aux if auxiliary else "", aux_label if auxiliary else "",
            d.number, day, label, _fec_amount(debit), _fec_amount(credit),
            "", "", day, "", "",
        ]  # fmt: skip

    rows = [row(CLIENT_ACCOUNT, d.gross_cents, 0, auxiliary=True)]
    by_account: dict[str, int] = {}
    for line in d.lines:
        by_account[line.account] = by_account.get(line.account, 0) + line.net_cents
    # A negative net (a discount line larger than the rest) goes to the other side.
    rows += [
        row(account, max(-net, 0), max(net, 0))
        for account, net in sorted(by_account.items())
        if net
    ]
    if d.vat_cents:
        rows.append(row(VAT_ACCOUNT, 0, d.vat_cents))
    return rows


def fec_entries(documents: Sequence[InvoiceDocument]) -> list[list[str]]:
    """The FEC rows (without the heading), one balanced entry per document, numbered
    without gaps in issue order (``VE000001``…)."""
    rows: list[list[str]] = []
    for number, document in enumerate(documents, start=1):
        rows += _fec_entry(document, f"{JOURNAL_CODE}{number:06d}")
    return rows


def render_fec(documents: Sequence[InvoiceDocument]) -> bytes:
    lines = ["\t".join(FEC_COLUMNS)]
    lines += ["\t".join(r) for r in fec_entries(documents)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def fec_filename(siren: str, last: date) -> str:
    """``<SIREN>FEC<YYYYMMDD>.txt``; ValidationError without a SIREN."""
    digits = "".join(c for c in siren if c.isdigit())[:9]
    if len(digits) != 9:
        raise ValidationError(
            {"siren": N_("Enter your SIREN (Settings → Practitioner): it names the FEC file.")}
        )
    return f"{digits}FEC{last.strftime('%Y%m%d')}.txt"


# --- writing ----------------------------------------------------------------------------
def _audit(uow: UnitOfWork, fmt: str, summary: ExportSummary) -> None:
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="invoices",
        details={
            "format": fmt,
            "from": summary.first.isoformat(),
            "to": summary.last.isoformat(),
            "documents": summary.documents,
        },
    )


def _write(
    uow: UnitOfWork,
    fmt: str,
    path: Path,
    first: date,
    last: date,
    render: Callable[[Sequence[InvoiceDocument]], bytes],
) -> ExportSummary:
    documents = documents_in_period(uow, first, last)
    summary = summarize(Path(path), first, last, documents)
    data = render(documents)
    _audit(uow, fmt, summary)  # an export that cannot be audited is not written
    write_private_atomic(summary.path, data)
    return summary


def write_sales_journal(
    uow: UnitOfWork, path: Path, first: date, last: date, *, language: str | None = None
) -> ExportSummary:
    """Write the sales journal of ``first``..``last`` to ``path`` (private, atomic)."""
    chosen = language or get_profile(uow).document_language
    return _write(
        uow, "csv", path, first, last, lambda docs: render_sales_journal(docs, language=chosen)
    )


def write_fec(uow: UnitOfWork, target: Path, first: date, last: date) -> ExportSummary:
    """Write the FEC of ``first``..``last``: into ``target`` under its legal name when
    ``target`` is a folder, else to ``target`` itself."""
    target = Path(target)
    if target.is_dir():
        profile = get_profile(uow)
        target = target / fec_filename(profile.siren or profile.siret, last)
    return _write(uow, "fec", target, first, last, render_fec)
