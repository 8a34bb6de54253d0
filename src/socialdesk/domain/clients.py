"""The persons accompanied (clients): input, list rows, the client file, duplicates and
errors. Pure Python: services turn ORM rows into these frozen DTOs; the rules that check
input are in :mod:`domain.client_rules`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from socialdesk.domain.enums import (
    ConsentMethod,
    ConsentScope,
    ContactKind,
)
from socialdesk.domain.errors import NotFound, SocialDeskError
from socialdesk.i18n import N_

FILE_NUMBER_PREFIX = "D"
FILE_NUMBER_WIDTH = 4
# International prefixes of our countries, replaced by the national trunk "0".
_COUNTRY_CALLING_CODES = ("33", "32", "40")


# ---- text helpers ------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case- and accent-free form used for comparisons: ``"Éloïse"`` → ``"eloise"``.

    The same transformation as the stored ``client.name_sort_key``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def phone_digits(phone: str) -> str:
    """National digits of a phone number: ``"+33 6 12 34 56 78"`` → ``"0612345678"``."""
    text = phone.strip()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+") or digits.startswith("00"):
        international = digits[2:] if digits.startswith("00") else digits
        for code in _COUNTRY_CALLING_CODES:
            if international.startswith(code):
                return "0" + international[len(code) :]
        return international
    return digits


def display_name(last_name: str | None, first_name: str | None) -> str:
    """``"DUPONT Éloïse"``: the last name in capitals, as on French and Belgian files."""
    return " ".join(p for p in ((last_name or "").upper(), first_name or "") if p)


def format_file_number(year: int, sequence: int) -> str:
    return f"{FILE_NUMBER_PREFIX}-{year}-{sequence:0{FILE_NUMBER_WIDTH}d}"


def file_number_prefix(year: int) -> str:
    return f"{FILE_NUMBER_PREFIX}-{year}-"


# ---- DTOs ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClientInput:
    """What the identity form (or an import row) gives; text fields use "" for none."""

    civility: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_name: str = ""
    birth_date: date | None = None
    gender: str | None = None
    phone: str = ""
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    country: str | None = None
    referral_source: str = ""
    situation_housing: str = ""
    situation_resources: str = ""
    situation_health: str = ""
    situation_employment: str = ""
    situation_family: str = ""
    situation_administrative: str = ""
    intake_date: date | None = None  # None: today
    social_issue_codes: tuple[str, ...] = ()  # the first one is the main issue


CLIENT_INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ClientInput))
TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ClientInput) if f.type == "str" and f.name != "gender"
)
SITUATION_FIELDS: tuple[str, ...] = tuple(n for n in TEXT_FIELDS if n.startswith("situation_"))


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One line of the clients list."""

    id: int
    file_number: str
    display_name: str
    status: str
    last_contact_at: datetime | None
    next_appointment_at: datetime | None
    social_issues: tuple[str, ...]  # labels, main issue first
    phone: str
    email: str
    city: str


@dataclass(frozen=True, slots=True)
class ClientPage:
    rows: tuple[ClientRow, ...]
    total: int  # clients matching the filter, all pages together


@dataclass(frozen=True, slots=True)
class StatusChange:
    from_status: str | None
    to_status: str
    changed_at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class HouseholdMemberDTO:
    id: int | None = None  # None: a new member
    name: str = ""
    relation: str = ""
    birth_year: int | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ContactDTO:
    id: int | None = None
    kind: str = ContactKind.RELATIVE.value
    name: str = ""
    organization_id: int | None = None
    role: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ConsentDTO:
    id: int | None = None
    consent_date: date | None = None
    scope: str = ConsentScope.DATA_PROCESSING.value
    how_obtained: str = ConsentMethod.SIGNED_FORM.value
    withdrawn_at: datetime | None = None  # aware
    notes: str = ""

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True)
class IssueRef:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class SocialIssueType:
    id: int
    code: str
    label: str
    active: bool
    sort_order: int


@dataclass(frozen=True, slots=True)
class ClientFile:
    """The whole client file but the notes (loaded lazily, see services.notes)."""

    id: int
    file_number: str
    status: str
    status_history: tuple[StatusChange, ...]  # oldest first
    closed_date: date | None
    closing_reason: str
    created_at: datetime
    # identity, contact, situation: the ClientInput fields
    civility: str
    first_name: str
    last_name: str
    birth_name: str
    birth_date: date | None
    gender: str | None
    phone: str
    email: str
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    country: str | None
    referral_source: str
    situation_housing: str
    situation_resources: str
    situation_health: str
    situation_employment: str
    situation_family: str
    situation_administrative: str
    intake_date: date
    social_issue_codes: tuple[str, ...]
    household: tuple[HouseholdMemberDTO, ...]
    contacts: tuple[ContactDTO, ...]
    consents: tuple[ConsentDTO, ...]
    has_active_consent: bool  # a data-processing consent that is not withdrawn
    social_issues: tuple[IssueRef, ...]  # main issue first
    pseudonymized: bool
    last_contact_at: datetime | None = None

    @property
    def display_name(self) -> str:
        return display_name(self.last_name, self.first_name)

    def to_input(self) -> ClientInput:
        """The editable fields, ready to change with ``dataclasses.replace``."""
        return ClientInput(**{name: getattr(self, name) for name in CLIENT_INPUT_FIELDS})


# ---- duplicates -----------------------------------------------------------------------------
DUPLICATE_SAME_NAME_AND_BIRTH_DATE = "name_and_birth_date"
DUPLICATE_SAME_EMAIL = "email"
DUPLICATE_SAME_PHONE = "phone"
DUPLICATE_REASONS = {
    DUPLICATE_SAME_NAME_AND_BIRTH_DATE: N_("same name and birth date"),
    DUPLICATE_SAME_EMAIL: N_("same email address"),
    DUPLICATE_SAME_PHONE: N_("same phone number"),
}


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    client_id: int
    file_number: str
    display_name: str
    birth_date: date | None
    reason: str  # a DUPLICATE_* code, the strongest one; labels in DUPLICATE_REASONS


# ---- errors ---------------------------------------------------------------------------------
class ClientNotFound(NotFound):
    message = "This client file does not exist (it may have been merged or erased)."

    def __init__(self, client_id: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id


class PossibleDuplicate(SocialDeskError):
    """Creation stopped: the person may already have a file. Retry with
    ``allow_duplicate=True`` once the user confirms it is someone else."""

    message = "This person may already have a file: {files}."

    def __init__(self, candidates: Sequence[DuplicateCandidate]) -> None:
        self.candidates = tuple(candidates)
        files = ", ".join(f"{c.file_number} ({c.display_name})" for c in self.candidates)
        super().__init__(files=files)


class ClientErased(SocialDeskError):
    message = (
        "This client file was erased: only what the law requires is kept, "
        "and it can no longer be changed."
    )


class MergeRefused(SocialDeskError):
    """A merge that cannot be done; the message says why (see services.clients_merge)."""

    message = "These two client files cannot be merged."
