"""The accountant pack of a period: one zip with every invoice and credit note as a
Factur-X PDF, the sales journal (CSV) and — for a practitioner with a SIREN — the FEC.

Built in memory from one reading of the period, then written privately and atomically;
the audit log records the export (period, number of documents) before the file exists.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from socialdesk.domain.enums import AuditAction
from socialdesk.services.accounting_exports import (
    ExportSummary,
    fec_filename,
    render_fec,
    render_sales_journal,
    summarize,
)
from socialdesk.services.audit import record_event
from socialdesk.services.billing_documents import documents_in_period
from socialdesk.services.facturx_export import document_filename, render_facturx_pdf
from socialdesk.services.profile import get_profile
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = ["PackSummary", "pack_names", "write_accountant_pack"]

DOCUMENTS_FOLDER = {"fr": "factures", "en": "invoices", "ro": "facturi"}
JOURNAL_NAME = {"fr": "journal-des-ventes", "en": "sales-journal", "ro": "jurnal-vanzari"}


@dataclass(frozen=True, slots=True)
class PackSummary:
    export: ExportSummary
    members: tuple[str, ...]  # the names inside the zip
    fec_included: bool


def pack_names(language: str, first: date, last: date) -> tuple[str, str]:
    """The documents folder and the journal file name inside the zip."""
    lang = language if language in DOCUMENTS_FOLDER else "fr"
    return DOCUMENTS_FOLDER[
        lang
    ], f"{JOURNAL_NAME[lang]}_{first.isoformat()}_{last.isoformat()}.csv"


def write_accountant_pack(uow: UnitOfWork, path: Path, first: date, last: date) -> PackSummary:
    """Write the pack of ``first``..``last`` (both included) to ``path``."""
    documents = documents_in_period(uow, first, last)
    profile = get_profile(uow)
    language = profile.document_language
    folder, journal = pack_names(language, first, last)
    siren = profile.siren or profile.siret[:9]
    members: list[tuple[str, bytes]] = [
        (f"{folder}/{document_filename(d, '.pdf')}", render_facturx_pdf(d, logo=profile.logo))
        for d in documents
    ]
    members.append((journal, render_sales_journal(documents, language=language)))
    fec_included = len("".join(c for c in siren if c.isdigit())) == 9
    if fec_included:
        members.append((fec_filename(siren, last), render_fec(documents)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(last.year, last.month, last.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    summary = summarize(Path(path), first, last, documents)
    record_event(uow, AuditAction.EXPORT, object_type="invoices",
                 details={"format": "pack", "from": first.isoformat(), "to": last.isoformat(),
                          "documents": len(documents), "fec": fec_included})  # fmt: skip
    write_private_atomic(summary.path, buffer.getvalue())
    return PackSummary(summary, tuple(name for name, _ in members), fec_included)
