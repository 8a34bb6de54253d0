"""The accountant pack of a period: one zip with every invoice and credit note as a
Factur-X PDF, the sales journal (CSV) and — for a practitioner with a SIREN — the FEC.

Built from one reading of the period and streamed into a private temporary file next to
the target, renamed over it at the end: an interruption (an error, or the user's Cancel
between two documents) leaves no partial zip. The audit log records the export (period,
number of documents) before the file takes its name.

A year of a busy practice is thousands of Factur-X PDFs: the caller may pass
``progress(done, total)``, called after each document, and ``cancelled()``, asked before
each one (:class:`PackCancelled` then stops the export).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import N_
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
from socialdesk.vault.atomic import fsync_dir

__all__ = ["PackCancelled", "PackSummary", "pack_names", "write_accountant_pack"]


class PackCancelled(SocialDeskError):
    message = N_("The export was cancelled: no file was written.")


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


def _member(archive: zipfile.ZipFile, name: str, data: bytes, last: date) -> None:
    info = zipfile.ZipInfo(name, date_time=(last.year, last.month, last.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    archive.writestr(info, data)


def write_accountant_pack(
    uow: UnitOfWork,
    path: Path,
    first: date,
    last: date,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PackSummary:
    """Write the pack of ``first``..``last`` (both included) to ``path``."""
    documents = documents_in_period(uow, first, last)
    profile = get_profile(uow)
    language = profile.document_language
    folder, journal = pack_names(language, first, last)
    siren = profile.siren or profile.siret[:9]
    fec_included = len("".join(c for c in siren if c.isdigit())) == 9
    path = Path(path)
    summary = summarize(path, first, last, documents)
    members: list[str] = []
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with (
            os.fdopen(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for done, document in enumerate(documents, start=1):
                if cancelled is not None and cancelled():
                    raise PackCancelled()
                name = f"{folder}/{document_filename(document, '.pdf')}"
                _member(archive, name, render_facturx_pdf(document, logo=profile.logo), last)
                members.append(name)
                if progress is not None:
                    progress(done, len(documents))
            _member(archive, journal, render_sales_journal(documents, language=language), last)
            members.append(journal)
            if fec_included:
                fec = fec_filename(siren, last)
                _member(archive, fec, render_fec(documents), last)
                members.append(fec)
            archive.close()
            handle.flush()
            os.fsync(handle.fileno())
        if cancelled is not None and cancelled():
            raise PackCancelled()
        record_event(uow, AuditAction.EXPORT, object_type="invoices",
                     details={"format": "pack", "from": first.isoformat(),
                              "to": last.isoformat(), "documents": len(documents),
                              "fec": fec_included})  # fmt: skip
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)
    return PackSummary(summary, tuple(members), fec_included)
