"""Likely duplicates at creation: same name and birth date (accent-, case- and order-
insensitive), same email, same phone digits. The user can still confirm a new file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from socialdesk.domain.clients import (
    DUPLICATE_SAME_EMAIL,
    DUPLICATE_SAME_NAME_AND_BIRTH_DATE,
    DUPLICATE_SAME_PHONE,
    ClientInput,
    PossibleDuplicate,
)
from socialdesk.i18n import set_language
from socialdesk.services.clients import create_client, find_duplicates
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client

KNOWN = ClientInput(
    first_name="Éloïse",
    last_name="Dupont",
    birth_date=date(1990, 4, 12),
    phone="06 12 34 56 78",
    email="Eloise.Dupont@example.org",
)


@pytest.fixture
def known(vault: Vault) -> int:
    with vault.uow() as uow:
        created, _ = create_client(uow, KNOWN)
    return created.id


def _count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Client)) or 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (ClientInput(first_name="ELOISE", last_name="dupont", birth_date=date(1990, 4, 12)),
         DUPLICATE_SAME_NAME_AND_BIRTH_DATE),
        (ClientInput(first_name="Dupont", last_name="Eloïse", birth_date=date(1990, 4, 12)),
         DUPLICATE_SAME_NAME_AND_BIRTH_DATE),  # first and last names swapped
        (ClientInput(last_name="Martin", birth_name="Dupont", first_name="Éloïse",
                     birth_date=date(1990, 4, 12)), DUPLICATE_SAME_NAME_AND_BIRTH_DATE),
        (ClientInput(last_name="Autre", email="  ELOISE.dupont@Example.ORG "), DUPLICATE_SAME_EMAIL),
        (ClientInput(last_name="Autre", phone="+33 6.12.34.56.78"), DUPLICATE_SAME_PHONE),
        (ClientInput(last_name="Autre", phone="0033 612 345 678"), DUPLICATE_SAME_PHONE),
        (ClientInput(last_name="Autre", phone="06-12-34-56-78"), DUPLICATE_SAME_PHONE),
    ],
)  # fmt: skip
def test_duplicate_is_detected_and_nothing_saved(
    vault: Vault, known: int, data: ClientInput, reason: str
) -> None:
    # Given a known person, When a likely duplicate is created
    with pytest.raises(PossibleDuplicate) as caught, vault.uow() as uow:
        create_client(uow, data)
    # Then the candidate is reported with why, and no file is added
    [candidate] = caught.value.candidates
    assert (candidate.client_id, candidate.reason) == (known, reason)
    assert candidate.display_name == "DUPONT Éloïse"
    assert candidate.file_number in str(caught.value)
    assert _count(vault) == 1


@pytest.mark.parametrize(
    "data",
    [
        ClientInput(first_name="Éloïse", last_name="Dupont", birth_date=date(1991, 4, 12)),
        ClientInput(first_name="Éloïse", last_name="Dupont"),  # no birth date: not enough
        ClientInput(first_name="Elise", last_name="Dupont", birth_date=date(1990, 4, 12)),
        ClientInput(last_name="Autre", phone="07 12 34 56 78"),
        ClientInput(last_name="Autre", email="eloise.dupont@example.com"),
    ],
)
def test_duplicate_not_reported_for_someone_else(
    vault: Vault, known: int, data: ClientInput
) -> None:
    with vault.uow() as uow:
        assert find_duplicates(uow, data) == []
        create_client(uow, data)
    assert _count(vault) == 2


def test_duplicate_confirmed_by_the_user_creates_the_file(vault: Vault, known: int) -> None:
    with vault.uow() as uow:
        created, changes = create_client(uow, KNOWN, allow_duplicate=True)
    assert changes.clients and created.id != known and _count(vault) == 2


def test_duplicate_candidates_strongest_reason_first_and_self_excluded(
    vault: Vault, known: int
) -> None:
    # Given a second file sharing only the phone number
    with vault.uow() as uow:
        other, _ = create_client(
            uow, ClientInput(last_name="Martin", phone="0612345678"), allow_duplicate=True
        )
    with vault.uow() as uow:
        both = find_duplicates(uow, KNOWN)
        without_self = find_duplicates(uow, KNOWN, exclude_id=known)
    assert [(c.client_id, c.reason) for c in both] == [
        (known, DUPLICATE_SAME_NAME_AND_BIRTH_DATE),
        (other.id, DUPLICATE_SAME_PHONE),
    ]
    assert [c.client_id for c in without_self] == [other.id]


def test_duplicate_ignores_erased_files(vault: Vault, known: int) -> None:
    with vault.uow() as uow:
        row = uow.session.get(Client, known)
        assert row is not None
        row.pseudonymized_at = datetime.now(UTC)
    with vault.uow() as uow:
        assert find_duplicates(uow, KNOWN) == []


def test_duplicate_message_in_french(vault: Vault, known: int) -> None:
    set_language("fr")
    try:
        with pytest.raises(PossibleDuplicate) as caught, vault.uow() as uow:
            create_client(uow, replace(KNOWN, email=""))
        text = str(caught.value)
    finally:
        set_language("en")
    assert text.startswith("Cette personne a peut-être déjà un dossier : D-")
    assert "DUPONT Éloïse" in text
