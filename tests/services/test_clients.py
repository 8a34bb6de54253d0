"""Client files: creation with a file number, validation of every field (nothing saved on
bad input), status changes with their history, household, contacts, consents and the
social-issue typology. Real temporary encrypted vaults."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from socialdesk.domain.clients import (
    ClientErased,
    ClientFile,
    ClientInput,
    ClientNotFound,
    ConsentDTO,
    ContactDTO,
    HouseholdMemberDTO,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import set_language
from socialdesk.services.clients import (
    change_status,
    create_client,
    get_client_file,
    list_social_issue_types,
    save_consents,
    save_contacts,
    save_household,
    save_social_issue_type,
    update_client,
)
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Client, ClientStatusChange, Organization
from socialdesk.storage.uow import UnitOfWork
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date.today()
ELOISE = ClientInput(
    civility="Mme",
    first_name="Éloïse",
    last_name="Dupont-Ștefan",
    birth_date=date(1990, 4, 12),
    gender="female",
    phone="06 12 34 56 78",
    email="eloise.dupont@example.org",
    address_line1="12 rue des Lilas",
    postal_code="69003",
    city="Lyon",
    country="FR",
    situation_housing="Hébergée chez sa sœur.",
)
ISSUES = (("housing", "Logement"), ("income", "Ressources"), ("debt", "Endettement"))


def add_issue_types(uow: UnitOfWork) -> None:
    for code, label in ISSUES:
        save_social_issue_type(uow, code, label)


def make_client(uow: UnitOfWork, last_name: str, first_name: str = "", **fields: Any) -> ClientFile:
    """A client created through the service (duplicates allowed: tests reuse names)."""
    data = ClientInput(last_name=last_name, first_name=first_name, **fields)
    created, _changes = create_client(uow, data, allow_duplicate=True)
    return created


def client_count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Client)) or 0


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One vault for tests that only read, or whose writes are refused."""
    path: Path = tmp_path_factory.mktemp("clients") / "shared.sdvault"
    opened, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with opened.uow() as uow:
        add_issue_types(uow)
    yield opened
    opened.lock()


# ---- creation --------------------------------------------------------------------------------
def test_client_create_assigns_gapless_file_numbers_and_a_first_status(vault: Vault) -> None:
    # Given a new vault with a social-issue typology
    with vault.uow() as uow:
        add_issue_types(uow)
    # When two clients are created
    with vault.uow() as uow:
        first, changes = create_client(
            uow, replace(ELOISE, social_issue_codes=("income", "housing"))
        )
        second = make_client(uow, "Martin", "Paul")
    # Then they get consecutive numbers of this year, status intake and one history line
    assert changes.clients
    assert first.file_number == f"D-{TODAY.year}-0001"
    assert second.file_number == f"D-{TODAY.year}-0002"
    assert first.status == "intake" and first.intake_date == TODAY
    assert [(h.from_status, h.to_status) for h in first.status_history] == [(None, "intake")]
    assert first.social_issue_codes == ("income", "housing")  # the first is the main one
    assert [i.label for i in first.social_issues] == ["Ressources", "Logement"]
    assert first.display_name == "DUPONT-ȘTEFAN Éloïse"
    # And the file reads back the same from a new transaction
    with vault.uow() as uow:
        assert get_client_file(uow, first.id) == first


def test_client_file_number_uses_the_intake_year(vault: Vault) -> None:
    with vault.uow() as uow:
        old = make_client(uow, "Ancien", intake_date=date(2024, 3, 1))
        new = make_client(uow, "Nouveau")
    assert old.file_number == "D-2024-0001"
    assert new.file_number == f"D-{TODAY.year}-0001"
    assert old.status_history[0].changed_at.date() == date(2024, 3, 1)


def test_client_file_number_of_a_deleted_file_is_never_given_again(vault: Vault) -> None:
    # Given two files, the last one erased (deleted) afterwards
    with vault.uow() as uow:
        make_client(uow, "Un")
        last = make_client(uow, "Deux")
    with vault.uow() as uow:
        uow.session.execute(delete(Client).where(Client.id == last.id))
    # When a new file is created
    with vault.uow() as uow:
        third = make_client(uow, "Trois")
    # Then it does not reuse the erased file's number
    assert third.file_number == f"D-{TODAY.year}-0003"


def test_client_file_number_follows_numbers_written_without_the_service(vault: Vault) -> None:
    # Given a file inserted directly (an import, demo data): no counter was kept
    with vault.uow() as uow:
        uow.session.add(Client(file_number=f"D-{TODAY.year}-0041", last_name="Importé"))
    # When a file is created through the service, Then it continues after it
    with vault.uow() as uow:
        assert make_client(uow, "Suivant").file_number == f"D-{TODAY.year}-0042"


def test_client_file_number_goes_past_9999(vault: Vault) -> None:
    with vault.uow() as uow:
        uow.session.add(Client(file_number=f"D-{TODAY.year}-9999", last_name="Dernier"))
    with vault.uow() as uow:
        assert make_client(uow, "Premier").file_number == f"D-{TODAY.year}-10000"
    with vault.uow() as uow:
        assert make_client(uow, "Deuxième").file_number == f"D-{TODAY.year}-10001"


# ---- validation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_name": "  "}, "last_name"),
        ({"birth_date": TODAY + timedelta(days=1)}, "birth_date"),
        ({"birth_date": date(1899, 12, 31)}, "birth_date"),
        ({"email": "eloise@example"}, "email"),
        ({"email": "eloise dupont@example.org"}, "email"),
        ({"phone": "12 34"}, "phone"),
        ({"phone": "06 12 AB 56 78"}, "phone"),
        ({"phone": "+33 6 12 34 56 78 90 12 34"}, "phone"),
        ({"country": "FR", "postal_code": "6900"}, "postal_code"),
        ({"country": "BE", "postal_code": "10000"}, "postal_code"),
        ({"country": "RO", "postal_code": "01234"}, "postal_code"),
        ({"country": "DE"}, "country"),
        ({"gender": "unknown"}, "gender"),
        ({"intake_date": TODAY + timedelta(days=3)}, "intake_date"),
        ({"intake_date": date(1985, 1, 1)}, "intake_date"),  # before the birth date
        ({"last_name": "x" * 101}, "last_name"),
        ({"social_issue_codes": ("no_such_issue",)}, "social_issue_codes"),
        ({"social_issue_codes": ("Not a code!",)}, "social_issue_codes"),
    ],
)
def test_client_bad_input_is_refused_and_nothing_saved(
    shared_vault: Vault, changes: dict[str, Any], field: str
) -> None:
    before = client_count(shared_vault)
    with pytest.raises(ValidationError) as caught, shared_vault.uow() as uow:
        create_client(uow, replace(ELOISE, **changes), allow_duplicate=True)
    assert field in caught.value.errors
    assert client_count(shared_vault) == before


def test_client_validation_reports_every_bad_field_at_once(shared_vault: Vault) -> None:
    bad = ClientInput(
        last_name="",
        email="nope",
        phone="1",
        country="BE",
        postal_code="75001",
        social_issue_codes=("unknown",),
    )
    with pytest.raises(ValidationError) as caught, shared_vault.uow() as uow:
        create_client(uow, bad)
    assert set(caught.value.errors) == {
        "last_name",
        "email",
        "phone",
        "postal_code",
        "social_issue_codes",
    }


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("FR", "75 001", "75001"),
        ("BE", "1000", "1000"),
        ("RO", "010011", "010011"),
        (None, "SW1A 1AA", "SW1A 1AA"),
    ],
)
def test_client_postal_codes_per_country(
    shared_vault: Vault, country: str | None, typed: str, stored: str
) -> None:
    with shared_vault.uow() as uow:
        created = make_client(uow, "Postal", country=country, postal_code=typed)
    assert created.postal_code == stored and created.country == country


def test_client_validation_messages_are_translated(shared_vault: Vault) -> None:
    set_language("fr")
    try:
        with pytest.raises(ValidationError) as caught, shared_vault.uow() as uow:
            create_client(uow, ClientInput(last_name="", country="FR", postal_code="123"))
        text = str(caught.value)
    finally:
        set_language("en")
    assert "Saisissez le nom de famille." in text
    assert "5 chiffres" in text


def test_client_update_saves_every_field_and_the_issues(vault: Vault) -> None:
    # Given a client with one social issue
    with vault.uow() as uow:
        add_issue_types(uow)
        created = make_client(uow, "Dupont", "Eloise", social_issue_codes=("housing",))
    # When the whole identity and the issues change
    wanted = replace(
        ELOISE,
        intake_date=TODAY - timedelta(days=10),
        social_issue_codes=("debt", "housing"),
        referral_source="CCAS de Lyon",
        situation_health="Suivi CMP.",
    )
    with vault.uow() as uow:
        updated, changes = update_client(uow, created.id, wanted)
    # Then every field is saved and the first issue becomes the main one
    assert changes.clients
    assert updated.to_input() == wanted
    assert updated.status_history[0].changed_at.date() == TODAY - timedelta(days=10)
    with vault.uow() as uow:
        assert get_client_file(uow, created.id) == updated


def test_client_update_keeps_the_intake_date_when_none_is_given(vault: Vault) -> None:
    with vault.uow() as uow:
        created = make_client(uow, "Dupont", intake_date=date(2025, 2, 3))
    with vault.uow() as uow:
        updated, _ = update_client(uow, created.id, ClientInput(last_name="Durand"))
    assert updated.intake_date == date(2025, 2, 3) and updated.last_name == "Durand"
    assert updated.first_name == "" and updated.social_issue_codes == ()


def test_client_update_refuses_an_intake_after_the_next_status_change(vault: Vault) -> None:
    with vault.uow() as uow:
        created = make_client(uow, "Dupont", intake_date=TODAY - timedelta(days=30))
        change_status(uow, created.id, status="active", on=TODAY - timedelta(days=20))
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        update_client(
            uow, created.id, ClientInput(last_name="Dupont", intake_date=TODAY - timedelta(days=5))
        )
    assert "intake_date" in caught.value.errors


def test_client_update_of_a_missing_or_erased_file_is_refused(vault: Vault) -> None:
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        update_client(uow, 404, ClientInput(last_name="X"))
    with vault.uow() as uow:
        created = make_client(uow, "Effacé")
        row = uow.session.get(Client, created.id)
        assert row is not None
        row.pseudonymized_at = datetime.now(UTC)
    with pytest.raises(ClientErased), vault.uow() as uow:
        update_client(uow, created.id, ClientInput(last_name="Nouveau"))
    with vault.uow() as uow:
        assert get_client_file(uow, created.id).pseudonymized


def test_client_get_missing_file(vault: Vault) -> None:
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        get_client_file(uow, 12345)


# ---- status ---------------------------------------------------------------------------------
def test_client_status_close_and_reopen_keep_a_history(vault: Vault) -> None:
    # Given an active client
    with vault.uow() as uow:
        created = make_client(uow, "Dupont", intake_date=TODAY - timedelta(days=60))
        change_status(uow, created.id, status="active", on=TODAY - timedelta(days=50))
    # When the file is closed with a reason, then reopened
    with vault.uow() as uow:
        closed, changes = change_status(
            uow,
            created.id,
            status="closed",
            reason="Objectifs atteints",
            on=TODAY - timedelta(days=5),
        )
    with vault.uow() as uow:
        reopened, _ = change_status(uow, created.id, status="active", reason="Nouvelle demande")
    # Then closing set the date and reason, reopening cleared them, and history has it all
    assert changes.clients
    assert closed.status == "closed" and closed.closed_date == TODAY - timedelta(days=5)
    assert closed.closing_reason == "Objectifs atteints"
    assert reopened.status == "active" and reopened.closed_date is None
    assert reopened.closing_reason == ""
    assert [(h.from_status, h.to_status, h.reason) for h in reopened.status_history] == [
        (None, "intake", ""),
        ("intake", "active", ""),
        ("active", "closed", "Objectifs atteints"),
        ("closed", "active", "Nouvelle demande"),
    ]


def test_client_status_same_day_changes_stay_in_order(vault: Vault) -> None:
    with vault.uow() as uow:
        created = make_client(uow, "Dupont", intake_date=TODAY - timedelta(days=3))
        change_status(uow, created.id, status="active")
        change_status(uow, created.id, status="paused", reason="Hospitalisation")
        final, _ = change_status(uow, created.id, status="active", on=TODAY)
    assert [h.to_status for h in final.status_history] == ["intake", "active", "paused", "active"]
    instants = [h.changed_at for h in final.status_history]
    assert instants == sorted(instants) and len(set(instants)) == 4


@pytest.mark.parametrize(
    ("status", "reason", "days_ago", "field"),
    [
        ("closed", "  ", 0, "reason"),
        ("intake", "", 0, "status"),  # already intake
        ("lost", "", 0, "status"),
        ("active", "", -1, "on"),  # tomorrow
        ("active", "", 40, "on"),  # before the intake
    ],
)
def test_client_status_bad_change_is_refused(
    vault: Vault, status: str, reason: str, days_ago: int, field: str
) -> None:
    with vault.uow() as uow:
        created = make_client(uow, "Dupont", intake_date=TODAY - timedelta(days=30))
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        change_status(
            uow, created.id, status=status, reason=reason, on=TODAY - timedelta(days=days_ago)
        )
    assert field in caught.value.errors
    with vault.uow() as uow:
        assert len(get_client_file(uow, created.id).status_history) == 1
        history = uow.session.scalar(select(func.count()).select_from(ClientStatusChange))
    assert history == 1


# ---- household, contacts, consents ------------------------------------------------------------
def test_client_household_is_replaced_by_the_list(vault: Vault) -> None:
    # Given a household of two
    with vault.uow() as uow:
        created = make_client(uow, "Dupont")
        first, _ = save_household(
            uow,
            created.id,
            [
                HouseholdMemberDTO(name="Léa Dupont", relation="child", birth_year=2015),
                HouseholdMemberDTO(name="Marc Dupont", relation="spouse", birth_year=1988),
            ],
        )
    lea, marc = first.household
    # When Marc is removed, Léa renamed, and a newborn added first
    with vault.uow() as uow:
        second, changes = save_household(
            uow,
            created.id,
            [
                HouseholdMemberDTO(name="Tom Dupont", relation="child", birth_year=TODAY.year),
                replace(lea, name="Léa Dupont-Martin"),
            ],
        )
    # Then the household is exactly the new list, Léa keeping her id
    assert changes.clients
    assert [(m.name, m.birth_year) for m in second.household] == [
        ("Tom Dupont", TODAY.year),
        ("Léa Dupont-Martin", 2015),
    ]
    assert second.household[1].id == lea.id and marc.id not in {m.id for m in second.household}
    with vault.uow() as uow:
        assert get_client_file(uow, created.id).household == second.household


@pytest.mark.parametrize(
    ("member", "field"),
    [
        (HouseholdMemberDTO(name=" "), "household.0.name"),
        (HouseholdMemberDTO(name="Léa", birth_year=1850), "household.0.birth_year"),
        (HouseholdMemberDTO(name="Léa", birth_year=TODAY.year + 1), "household.0.birth_year"),
        (HouseholdMemberDTO(id=999, name="Léa"), "household.0"),  # stale entry
    ],
)
def test_client_household_bad_entry_saves_nothing(
    vault: Vault, member: HouseholdMemberDTO, field: str
) -> None:
    with vault.uow() as uow:
        created = make_client(uow, "Dupont")
        save_household(uow, created.id, [HouseholdMemberDTO(name="Marc")])
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_household(uow, created.id, [member])
    assert field in caught.value.errors
    with vault.uow() as uow:
        assert [m.name for m in get_client_file(uow, created.id).household] == ["Marc"]


def test_client_contacts_are_replaced_and_checked(vault: Vault) -> None:
    with vault.uow() as uow:
        org = Organization(name="CCAS de Lyon")
        uow.session.add(org)
        uow.session.flush()
        org_id = org.id
        created = make_client(uow, "Dupont")
    contacts = [
        ContactDTO(kind="professional", name="Dr Martin", role="médecin", phone="04 78 00 00 00"),
        ContactDTO(kind="partner", name="Mme Roux", organization_id=org_id, email="roux@ccas.fr"),
    ]
    with vault.uow() as uow:
        saved, _ = save_contacts(uow, created.id, contacts)
    assert [(c.kind, c.name, c.organization_id) for c in saved.contacts] == [
        ("professional", "Dr Martin", None),
        ("partner", "Mme Roux", org_id),
    ]
    bad = [
        ContactDTO(kind="friend", name="", email="x@", phone="1"),
        ContactDTO(kind="partner", name="Inconnu", organization_id=9999),
    ]
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_contacts(uow, created.id, bad)
    assert {"contacts.0.kind", "contacts.0.name", "contacts.0.email", "contacts.0.phone"} <= set(
        caught.value.errors
    )
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_contacts(uow, created.id, bad[1:])
    assert set(caught.value.errors) == {"contacts.0.organization_id"}
    with vault.uow() as uow:
        assert get_client_file(uow, created.id).contacts == saved.contacts


def test_client_consents_active_withdrawn_and_refused(vault: Vault) -> None:
    # Given a client without consent: the file says so
    with vault.uow() as uow:
        created = make_client(uow, "Dupont")
    assert not created.has_active_consent
    # When a data-processing consent is recorded, Then the file has an active consent
    given = ConsentDTO(consent_date=TODAY, scope="data_processing", how_obtained="signed_form")
    with vault.uow() as uow:
        saved, _ = save_consents(uow, created.id, [given])
    assert saved.has_active_consent
    # When it is withdrawn, the record stays but is no longer active
    withdrawn = replace(saved.consents[0], withdrawn_at=datetime.now(UTC))
    with vault.uow() as uow:
        after, _ = save_consents(uow, created.id, [withdrawn])
    assert len(after.consents) == 1 and after.consents[0].id == saved.consents[0].id
    assert not after.has_active_consent
    # Bad records are refused with their field
    bad = [
        ConsentDTO(consent_date=None, scope="everything", how_obtained="telepathy"),
        ConsentDTO(
            consent_date=TODAY,
            withdrawn_at=datetime.combine(TODAY - timedelta(days=2), datetime.min.time(), UTC),
        ),
    ]
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_consents(uow, created.id, bad)
    assert set(caught.value.errors) == {
        "consents.0.consent_date",
        "consents.0.scope",
        "consents.0.how_obtained",
        "consents.1.withdrawn_at",
    }


# ---- social issue typology --------------------------------------------------------------------
def test_client_social_issue_typology_codes_are_unique(vault: Vault) -> None:
    with vault.uow() as uow:
        housing, changes = save_social_issue_type(uow, "housing", "Logement")
        save_social_issue_type(uow, "debt", "Dettes")
        # the same code (any case) changes the existing entry instead of adding one
        renamed, _ = save_social_issue_type(uow, " HOUSING ", "Logement et hébergement")
        save_social_issue_type(uow, "debt", "Dettes", active=False)
    assert changes.settings and changes.clients
    assert renamed.id == housing.id and renamed.label == "Logement et hébergement"
    with vault.uow() as uow:
        assert [t.code for t in list_social_issue_types(uow)] == ["housing"]
        every = list_social_issue_types(uow, include_inactive=True)
    assert [(t.code, t.active, t.sort_order) for t in every] == [
        ("housing", True, 0),
        ("debt", False, 1),
    ]
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_social_issue_type(uow, "logement social", "")
    assert set(caught.value.errors) == {"code", "label"}


def test_client_keeps_an_inactive_issue_but_cannot_be_given_one(vault: Vault) -> None:
    with vault.uow() as uow:
        add_issue_types(uow)
        created = make_client(uow, "Dupont", social_issue_codes=("debt",))
        save_social_issue_type(uow, "debt", "Endettement", active=False)
    with vault.uow() as uow:
        kept, _ = update_client(
            uow, created.id, ClientInput(last_name="Dupont", social_issue_codes=("debt", "income"))
        )
    assert kept.social_issue_codes == ("debt", "income")
    with pytest.raises(ValidationError), vault.uow() as uow:
        make_client(uow, "Autre", social_issue_codes=("debt",))
