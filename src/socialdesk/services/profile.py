"""Use cases of the practitioner profile (Settings → Practitioner)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from socialdesk.domain.changes import Changes
from socialdesk.domain.profile import DEFAULT_TIMEZONE, PractitionerProfile, normalize_profile
from socialdesk.storage.orm import PractitionerProfile as ProfileRow
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork

_FIELDS = tuple(f.name for f in fields(PractitionerProfile))


def _to_dto(row: ProfileRow) -> PractitionerProfile:
    values: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(row, name)
        if value is None and name not in ("logo", "logo_mime"):
            continue  # keep the dataclass default ("" for text)
        values[name] = str(value) if hasattr(value, "value") else value
    return PractitionerProfile(**values)


def get_profile(uow: UnitOfWork) -> PractitionerProfile:
    """The saved profile, or an empty one with defaults when none is saved yet."""
    row = uow.session.get(ProfileRow, PROFILE_ID)
    return PractitionerProfile() if row is None else _to_dto(row)


def save_profile(
    uow: UnitOfWork, profile: PractitionerProfile
) -> tuple[PractitionerProfile, Changes]:
    """Validate and save. Raises ValidationError listing every bad field; nothing is
    written then."""
    clean = normalize_profile(profile)
    if clean.timezone == "":
        clean = replace(clean, timezone=DEFAULT_TIMEZONE.get(clean.country, "Europe/Paris"))
    row = uow.session.get(ProfileRow, PROFILE_ID)
    if row is None:
        row = ProfileRow(id=PROFILE_ID)
        uow.session.add(row)
    for name in _FIELDS:
        value = getattr(clean, name)
        setattr(row, name, None if value == "" else value)
    uow.session.flush()
    return _to_dto(row), Changes(profile=True)
