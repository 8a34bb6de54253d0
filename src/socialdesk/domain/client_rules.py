"""The rules of a client file's input, shared by the GUI, the CLI and the CSV import.

Pure Python. Each ``validate_*`` returns the input trimmed and normalized, or raises
``ValidationError({field: message_id})`` listing every bad field at once (nothing is saved
then). Entries of a list are keyed ``"household.2.name"``, ``"contacts.0.email"``,
``"consents.1.scope"`` so the form can show the message next to the right cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from socialdesk.domain.clients import (
    TEXT_FIELDS,
    ClientInput,
    ConsentDTO,
    ContactDTO,
    HouseholdMemberDTO,
)
from socialdesk.domain.enums import (
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    Country,
    Gender,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_

EARLIEST_DATE = date(1900, 1, 1)

# Database column widths (PostgreSQL enforces them; SQLite does not, so we do).
_MAX_LENGTH = {
    "civility": 20,
    "first_name": 100,
    "last_name": 100,
    "birth_name": 100,
    "phone": 40,
    "email": 254,
    "address_line1": 200,
    "address_line2": 200,
    "postal_code": 20,
    "city": 100,
    "referral_source": 200,
}
_POSTAL_CODE = {
    Country.FR: (re.compile(r"\d{5}"), N_("A French postal code has 5 digits.")),
    Country.BE: (re.compile(r"\d{4}"), N_("A Belgian postal code has 4 digits.")),
    Country.RO: (re.compile(r"\d{6}"), N_("A Romanian postal code has 6 digits.")),
}
# Pragmatic, not RFC 5322: one @, no spaces, a dot in the domain, no empty labels.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARS = re.compile(r"\+?[\d\s./()\-]+")
ISSUE_CODE = re.compile(r"[a-z0-9_]{1,40}")

TOO_LONG = N_("This text is too long.")
BAD_EMAIL = N_("The email address is not valid.")
BAD_PHONE = N_("The phone number is not valid (8 to 15 digits).")


def _clean(text: str | None) -> str:
    return (text or "").strip()


def normalize_issue_codes(codes: Sequence[str]) -> tuple[str, ...]:
    """Trimmed, lower case, without repeats; the order is kept (the first is the main)."""
    return tuple(dict.fromkeys(c.strip().lower() for c in codes if c.strip()))


def _check_email(errors: dict[str, str], key: str, email: str) -> None:
    if email and not _EMAIL.fullmatch(email):
        errors[key] = BAD_EMAIL


def _check_phone(errors: dict[str, str], key: str, phone: str) -> None:
    if not phone:
        return
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE_CHARS.fullmatch(phone) or not 8 <= digits <= 15:
        errors[key] = BAD_PHONE


def validate_client_input(data: ClientInput, *, today: date) -> ClientInput:
    """The input with text trimmed and codes normalized, or ValidationError listing every
    bad field. Does not check that social issue codes exist (the service does)."""
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {name: _clean(getattr(data, name)) for name in TEXT_FIELDS}
    changes["country"] = _clean(data.country).upper() or None
    changes["gender"] = _clean(data.gender) or None
    changes["social_issue_codes"] = normalize_issue_codes(data.social_issue_codes)
    clean = replace(data, **changes)
    for name, limit in _MAX_LENGTH.items():
        if len(getattr(clean, name)) > limit:
            errors[name] = TOO_LONG
    if not clean.last_name:
        errors["last_name"] = N_("Enter the last name.")
    if clean.birth_date is not None:
        if clean.birth_date > today:
            errors["birth_date"] = N_("The birth date cannot be in the future.")
        elif clean.birth_date < EARLIEST_DATE:
            errors["birth_date"] = N_("The birth date cannot be before 1900.")
    if clean.intake_date is not None:
        if clean.intake_date > today:
            errors["intake_date"] = N_("The intake date cannot be in the future.")
        elif clean.intake_date < EARLIEST_DATE:
            errors["intake_date"] = N_("The intake date cannot be before 1900.")
        elif clean.birth_date is not None and clean.intake_date < clean.birth_date:
            errors["intake_date"] = N_("The intake date cannot be before the birth date.")
    if clean.gender is not None and clean.gender not in {g.value for g in Gender}:
        errors["gender"] = N_("Choose a gender from the list.")
    if clean.country is not None and clean.country not in Country.__members__:
        errors["country"] = N_("Choose France, Belgium or Romania.")
    _check_email(errors, "email", clean.email)
    _check_phone(errors, "phone", clean.phone)
    if clean.postal_code and clean.country in _POSTAL_CODE:
        pattern, message = _POSTAL_CODE[Country(clean.country)]
        compact = clean.postal_code.replace(" ", "")
        if pattern.fullmatch(compact):
            clean = replace(clean, postal_code=compact)
        elif "postal_code" not in errors:
            errors["postal_code"] = message
    if any(not ISSUE_CODE.fullmatch(c) for c in clean.social_issue_codes):
        errors["social_issue_codes"] = N_("Choose social issues from the list.")
    if errors:
        raise ValidationError(errors)
    return clean


def validate_status_change(
    *,
    current: str,
    new: str,
    reason: str,
    on: date,
    today: date,
    intake_date: date,
    last_change: date | None,
) -> None:
    errors: dict[str, str] = {}
    if new not in {s.value for s in ClientStatus}:
        errors["status"] = N_("Choose a status from the list.")
    elif new == current:
        errors["status"] = N_("The file already has this status.")
    elif new == ClientStatus.CLOSED and not reason.strip():
        errors["reason"] = N_("Give the reason for closing the file.")
    if on > today:
        errors["on"] = N_("The date cannot be in the future.")
    elif last_change is not None and on < last_change:
        errors["on"] = N_("The date cannot be before the previous status change.")
    elif new == ClientStatus.CLOSED and on < intake_date:
        errors["on"] = N_("A file cannot be closed before its intake date.")
    if errors:
        raise ValidationError(errors)


def validate_household(
    members: Sequence[HouseholdMemberDTO], *, today: date
) -> tuple[HouseholdMemberDTO, ...]:
    errors: dict[str, str] = {}
    clean: list[HouseholdMemberDTO] = []
    for i, m in enumerate(members):
        member = replace(m, name=_clean(m.name), relation=_clean(m.relation), notes=_clean(m.notes))
        if not member.name:
            errors[f"household.{i}.name"] = N_("Enter the name of each household member.")
        elif len(member.name) > 200:
            errors[f"household.{i}.name"] = TOO_LONG
        if len(member.relation) > 60:
            errors[f"household.{i}.relation"] = TOO_LONG
        if member.birth_year is not None and not EARLIEST_DATE.year <= member.birth_year <= (
            today.year
        ):
            errors[f"household.{i}.birth_year"] = N_(
                "The birth year must be between 1900 and this year."
            )
        clean.append(member)
    if errors:
        raise ValidationError(errors)
    return tuple(clean)


def validate_contacts(contacts: Sequence[ContactDTO]) -> tuple[ContactDTO, ...]:
    errors: dict[str, str] = {}
    clean: list[ContactDTO] = []
    kinds = {k.value for k in ContactKind}
    for i, c in enumerate(contacts):
        contact = replace(
            c,
            kind=_clean(c.kind),
            name=_clean(c.name),
            role=_clean(c.role),
            phone=_clean(c.phone),
            email=_clean(c.email),
            notes=_clean(c.notes),
        )
        if contact.kind not in kinds:
            errors[f"contacts.{i}.kind"] = N_("Choose the kind of contact.")
        if not contact.name:
            errors[f"contacts.{i}.name"] = N_("Enter the name of each contact.")
        elif len(contact.name) > 200:
            errors[f"contacts.{i}.name"] = TOO_LONG
        if len(contact.role) > 100:
            errors[f"contacts.{i}.role"] = TOO_LONG
        _check_email(errors, f"contacts.{i}.email", contact.email)
        _check_phone(errors, f"contacts.{i}.phone", contact.phone)
        clean.append(contact)
    if errors:
        raise ValidationError(errors)
    return tuple(clean)


def validate_consents(
    consents: Sequence[ConsentDTO], *, today: date, now: datetime
) -> tuple[ConsentDTO, ...]:
    errors: dict[str, str] = {}
    clean: list[ConsentDTO] = []
    scopes = {s.value for s in ConsentScope}
    methods = {m.value for m in ConsentMethod}
    for i, c in enumerate(consents):
        consent = replace(
            c, scope=_clean(c.scope), how_obtained=_clean(c.how_obtained), notes=_clean(c.notes)
        )
        if consent.consent_date is None:
            errors[f"consents.{i}.consent_date"] = N_("Enter the date of the consent.")
        elif consent.consent_date > today:
            errors[f"consents.{i}.consent_date"] = N_("The date cannot be in the future.")
        elif consent.consent_date < EARLIEST_DATE:
            errors[f"consents.{i}.consent_date"] = N_("The date cannot be before 1900.")
        if consent.scope not in scopes:
            errors[f"consents.{i}.scope"] = N_("Choose what the consent covers.")
        if consent.how_obtained not in methods:
            errors[f"consents.{i}.how_obtained"] = N_("Choose how the consent was obtained.")
        withdrawn = consent.withdrawn_at
        if withdrawn is not None:
            if withdrawn.tzinfo is None:
                raise ValueError("ConsentDTO.withdrawn_at must be timezone-aware")
            if withdrawn > now:
                errors[f"consents.{i}.withdrawn_at"] = N_("The date cannot be in the future.")
            elif consent.consent_date is not None and withdrawn.date() < consent.consent_date:
                errors[f"consents.{i}.withdrawn_at"] = N_(
                    "A consent cannot be withdrawn before it was given."
                )
        clean.append(consent)
    if errors:
        raise ValidationError(errors)
    return tuple(clean)


def validate_issue_type(code: str, label: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    code, label = code.strip().lower(), label.strip()
    if not ISSUE_CODE.fullmatch(code):
        errors["code"] = N_(
            "The code has 1 to 40 lowercase letters, digits or underscores (e.g. housing)."
        )
    if not label:
        errors["label"] = N_("Enter a label.")
    elif len(label) > 200:
        errors["label"] = TOO_LONG
    if errors:
        raise ValidationError(errors)
    return code, label
