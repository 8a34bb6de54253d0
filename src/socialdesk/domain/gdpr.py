"""GDPR rights of a person accompanied: access (export everything) and erasure.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from socialdesk.i18n import N_

EXPORT_SCHEMA = "socialdesk.gdpr-export"
EXPORT_SCHEMA_VERSION = 1
"""Version of the JSON layout described in :mod:`socialdesk.services.gdpr`; raised on any
change that a reader could notice (a key renamed or removed, a meaning changed)."""

ERASED_PERSON = N_("Erased person")
"""How the UI names a pseudonymized file (its identity was erased, its number kept)."""

RETENTION_EXPLANATION = N_(
    "Invoices already issued are accounting records: the law requires keeping them "
    "unchanged for several years (10 years in France), so they are kept, with the "
    "person's name and address as printed on them, and linked only to the file number. "
    "Billable items and packages that those invoices rely on are kept as well. Everything "
    "else about the person was erased."
)
BACKUPS_EXPLANATION = N_(
    "Backups made before the erasure still hold the person's data until they are "
    "deleted: remove or replace them as your backup routine allows."
)


@dataclass(frozen=True, slots=True)
class GdprExport:
    """Files written by a right-of-access export (all 0600, in the chosen folder)."""

    json_path: Path
    pdf_path: Path
    attachment_paths: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What erasing a client did.

    ``pseudonymized`` is False when the file was deleted entirely (never billed), True
    when billing records oblige to keep the file under its number: identity and contact
    data were replaced, everything else listed in ``deleted`` was removed, and the
    ``kept_*`` records stay (see :data:`RETENTION_EXPLANATION`).
    """

    client_id: int
    file_number: str
    pseudonymized: bool
    deleted: dict[str, int] = field(default_factory=dict)  # table -> rows removed
    kept_invoices: int = 0
    kept_billable_items: int = 0
    kept_packages: int = 0

    @property
    def explanations(self) -> tuple[str, ...]:
        """Message ids to show after the erasure (translate with ``_``)."""
        if self.pseudonymized:
            return (RETENTION_EXPLANATION, BACKUPS_EXPLANATION)
        return (BACKUPS_EXPLANATION,)
