"""How long case files are kept, and when a file becomes due for deletion.

The defaults follow the CNIL's reference framework for the social and medico-social
sector ("référentiel relatif aux traitements de données à caractère personnel mis en
œuvre dans le cadre de l'accompagnement social et médico-social"): the case data of a
person are kept two years after the last contact; accounting documents (invoices) ten
years (Code de commerce, art. L123-22). Invoices are never removed by SocialDesk: erasing
or pseudonymizing a file keeps them, whatever the settings say.

A file's reference date is the later of its last contact and its closing date (the
intake date when it has neither). It becomes due ``case_data_years`` after that date, or
on its ``retention_until`` date if that is later (a file the practitioner must keep
longer). Pseudonymized files are never due again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import N_

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120
DEFAULT_CASE_DATA_YEARS = 2
DEFAULT_INVOICE_YEARS = 10
MIN_INVOICE_YEARS = 10  # the legal minimum in France (and Belgium: 7, Romania: 10)
MAX_RETENTION_YEARS = 50


#: A file's status as the due-for-deletion list shows it.
STATUS_LABELS = {
    "intake": N_("Intake"),
    "active": N_("Active"),
    "paused": N_("Paused"),
    "closed": N_("Closed"),
}


class ErasureMode(StrEnum):
    #: Delete the whole file (a billed file is pseudonymized instead: see services.gdpr).
    ERASE = "erase"
    #: Keep the file under its number for invoices and statistics; everything else goes.
    PSEUDONYMIZE = "pseudonymize"


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    """Settings → Security & retention (stored in the vault)."""

    idle_minutes: int = DEFAULT_IDLE_MINUTES
    case_data_years: int = DEFAULT_CASE_DATA_YEARS
    invoice_years: int = DEFAULT_INVOICE_YEARS


def settings_errors(settings: SecuritySettings) -> dict[str, str]:
    """Message id per refused field (empty when the settings are valid)."""
    errors: dict[str, str] = {}
    if not MIN_IDLE_MINUTES <= settings.idle_minutes <= MAX_IDLE_MINUTES:
        errors["idle_minutes"] = N_("The vault locks after 1 to 120 minutes of inactivity.")
    if not 1 <= settings.case_data_years <= MAX_RETENTION_YEARS:
        errors["case_data_years"] = N_("Case data are kept from 1 to 50 years.")
    if not MIN_INVOICE_YEARS <= settings.invoice_years <= MAX_RETENTION_YEARS:
        errors["invoice_years"] = N_(
            "Invoices are kept from 10 years (the legal minimum) to 50 years."
        )
    return errors


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def reference_date(
    last_contact: date | None, closed_on: date | None, intake: date | None
) -> date | None:
    """The date retention counts from: the later of last contact and closing."""
    known = [d for d in (last_contact, closed_on) if d is not None]
    if known:
        return max(known)
    return intake


def due_date(
    last_contact: date | None,
    closed_on: date | None,
    intake: date | None,
    *,
    case_data_years: int,
    keep_until: date | None = None,
) -> date | None:
    """The day the file becomes due for deletion (None: no date to count from)."""
    start = reference_date(last_contact, closed_on, intake)
    if start is None:
        return None
    due = add_years(start, case_data_years)
    if keep_until is not None and keep_until > due:
        due = keep_until
    return due


@dataclass(frozen=True, slots=True)
class DueFile:
    """A client file whose retention has run out (for the "Due for deletion" list)."""

    client_id: int
    file_number: str
    name: str
    status: str
    last_contact: date | None
    closed_on: date | None
    due_since: date
    billed: bool  # invoices, billable items or packages: erasing keeps them


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What a bulk erasure or pseudonymization did (counts and file numbers only)."""

    mode: ErasureMode
    erased: tuple[str, ...] = ()  # file numbers deleted entirely
    pseudonymized: tuple[str, ...] = ()  # file numbers kept under their number
    kept_invoices: int = 0


class NotDueForDeletion(SocialDeskError):
    exit_code = 2
    message = "The file {file_number} is not due for deletion (due on {due}); nothing was erased."


class NothingSelected(SocialDeskError):
    exit_code = 2
    message = "Select at least one file; nothing was erased."
