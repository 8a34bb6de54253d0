"""Démarches: the catalogue of kinds (seeded for France, Belgium, Romania), a client's
démarches with their checklist, status changes, due logic with a fixed today, rights
obtained — on real encrypted vaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from socialdesk.domain.demarches import (
    DemarcheInput,
    DemarcheKindInput,
    DemarcheNotFound,
    DueState,
    due_state,
)
from socialdesk.domain.enums import ClientStatus, DemarcheStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.services.defaults import seed_new_vault
from socialdesk.services.demarches import (
    add_demarche_document,
    create_demarche,
    delete_demarche,
    ensure_default_demarche_kinds,
    get_demarche,
    list_client_demarches,
    list_demarche_kinds,
    list_due_demarches,
    remove_demarche_document,
    rename_demarche_document,
    rights_obtained,
    save_demarche_kind,
    set_demarche_status,
    set_document_received,
    update_demarche,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client, Demarche, DemarcheDocument
from tests.services.accomp_fixtures import new_client, new_organization, row_count

TODAY = date(2026, 3, 10)
D = timedelta


@pytest.fixture
def kinds(vault: Vault) -> dict[str, int]:
    with vault.uow() as uow:
        ensure_default_demarche_kinds(uow)
        return {k.code: k.id for k in list_demarche_kinds(uow)}


def rsa(client_id: int, kinds: dict[str, int], **changes: object) -> DemarcheInput:
    base = DemarcheInput(client_id=client_id, kind_id=kinds["fr_rsa"])
    return replace(base, **changes)  # type: ignore[arg-type]


# ---- catalogue --------------------------------------------------------------------------------
def test_demarche_kinds_seeded_for_france_belgium_and_romania(vault: Vault) -> None:
    with vault.uow() as uow:
        changes = seed_new_vault(uow)
        assert changes.settings
        # seeding twice adds nothing
        assert not ensure_default_demarche_kinds(uow)
        french = {k.code for k in list_demarche_kinds(uow, country="FR")}
        belgian = {k.code: k for k in list_demarche_kinds(uow, country="BE")}
        romanian = {k.code for k in list_demarche_kinds(uow, country="RO")}
    for code in ("fr_rsa", "fr_prime_activite", "fr_apl", "fr_aah", "fr_mdph", "fr_css",
                 "fr_surendettement", "fr_retraite", "fr_chomage", "id_papers"):  # fmt: skip
        assert code in french
    assert {"be_ris", "be_allocations_familiales", "be_grapa"} <= set(belgian)
    assert "fr_rsa" not in belgian and "id_papers" in belgian
    assert {"ro_vmi", "ro_alocatie_copii"} <= romanian
    assert belgian["be_ris"].label == "Revenu d'intégration (CPAS)"
    assert "Composition de ménage" in belgian["be_ris"].suggested_documents


def test_demarche_kind_saved_with_its_checklist_and_code_unique(
    vault: Vault, kinds: dict[str, int]
) -> None:
    with vault.uow() as uow:
        kind, changes = save_demarche_kind(
            uow, DemarcheKindInput("fr_cheque_energie", "Chèque énergie", "fr",
                                   suggested_documents=(" Avis d'imposition ",)),
        )  # fmt: skip
    assert changes.settings
    assert (kind.country, kind.suggested_documents) == ("FR", ("Avis d'imposition",))
    with vault.uow() as uow:
        renamed, _ = save_demarche_kind(
            uow, DemarcheKindInput("fr_cheque_energie", "Chèque énergie (ASP)", "FR", active=False,
                                   suggested_documents=kind.suggested_documents),
            kind_id=kind.id,
        )  # fmt: skip
        assert kind.id not in {k.id for k in list_demarche_kinds(uow)}
        assert kind.id in {k.id for k in list_demarche_kinds(uow, include_inactive=True)}
    assert renamed.label == "Chèque énergie (ASP)"
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_demarche_kind(uow, DemarcheKindInput("fr_rsa", "", "DE"))
    assert set(caught.value.errors) == {"code", "label", "country"}


# ---- client démarches ------------------------------------------------------------------------
def test_demarche_created_with_checklist_and_listed_for_the_client(
    vault: Vault, kinds: dict[str, int]
) -> None:
    client_id = new_client(vault, "Lemaire", "Gaëlle")
    caf = new_organization(vault, "CAF du Nord")
    with vault.uow() as uow:
        demarche, changes = create_demarche(
            uow,
            rsa(client_id, kinds, organization_id=caf, next_action_date=date(2026, 3, 12),
                next_action="Appeler la CAF", documents=("RIB", "Pièce d'identité")),
            today=TODAY,
        )  # fmt: skip
    assert changes.plans
    assert demarche.kind_label == "Revenu de solidarité active (RSA)"
    assert (demarche.organization_name, demarche.client_name) == ("CAF du Nord", "LEMAIRE Gaëlle")
    assert [d.label for d in demarche.documents] == ["RIB", "Pièce d'identité"]
    assert demarche.status == DemarcheStatus.TO_PREPARE and demarche.is_open
    with vault.uow() as uow:
        assert [d.id for d in list_client_demarches(uow, client_id)] == [demarche.id]


def test_demarche_checklist_ticked_renamed_removed(vault: Vault, kinds: dict[str, int]) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        demarche, _ = create_demarche(uow, rsa(client_id, kinds, documents=("RIB",)), today=TODAY)
        demarche, _ = add_demarche_document(uow, demarche.id, "Avis d'imposition")
        rib, tax = demarche.documents
        demarche, _ = set_document_received(uow, rib.id, True, today=TODAY)
        assert (demarche.documents[0].received, demarche.documents[0].received_date) == (
            True,
            TODAY,
        )
        assert demarche.documents_received == 1
        demarche, _ = rename_demarche_document(uow, tax.id, "Avis d'imposition 2025")
        demarche, _ = set_document_received(uow, rib.id, False, today=TODAY)
        assert demarche.documents[0].received_date is None
        demarche, _ = remove_demarche_document(uow, rib.id)
    assert [d.label for d in demarche.documents] == ["Avis d'imposition 2025"]
    with pytest.raises(ValidationError), vault.uow() as uow:
        add_demarche_document(uow, demarche.id, "  ")
    assert row_count(vault, DemarcheDocument) == 1


def test_demarche_status_dates_submission_and_decision(vault: Vault, kinds: dict[str, int]) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        demarche, _ = create_demarche(
            uow, rsa(client_id, kinds, next_action_date=TODAY, next_action="Déposer"), today=TODAY
        )
        submitted, _ = set_demarche_status(uow, demarche.id, DemarcheStatus.SUBMITTED,
                                           today=TODAY - D(5))  # fmt: skip
        assert submitted.submitted_date == TODAY - D(5)
        granted, _ = set_demarche_status(
            uow,
            demarche.id,
            DemarcheStatus.GRANTED,
            today=TODAY,
            outcome="Droit ouvert",
            benefit_monthly_cents=60_750,
        )
    assert (granted.decision_date, granted.outcome, granted.benefit_monthly_cents) == (
        TODAY, "Droit ouvert", 60_750
    )  # fmt: skip
    assert granted.submitted_date == TODAY - D(5)
    assert granted.next_action_date is None and not granted.is_open
    with vault.uow() as uow:
        appeal, _ = set_demarche_status(uow, demarche.id, DemarcheStatus.APPEAL, today=TODAY)
    assert appeal.is_open and appeal.decision_date == TODAY


def test_demarche_bad_input_gives_field_errors_and_writes_nothing(
    vault: Vault, kinds: dict[str, int]
) -> None:
    client_id = new_client(vault)
    bad = DemarcheInput(
        client_id=999, kind_id=999, organization_id=999, submitted_date=TODAY + D(1),
        deadline=date(1800, 1, 1), benefit_monthly_cents=-5, reference="x" * 101,
        documents=("RIB", " "),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_demarche(uow, bad, today=TODAY)
    assert set(caught.value.errors) == {
        "client_id", "kind_id", "organization_id", "submitted_date", "deadline",
        "benefit_monthly_cents", "reference", "documents.1",
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_demarche(
            uow,
            rsa(client_id, kinds, submitted_date=TODAY, decision_date=TODAY - D(1)),
            today=TODAY,
        )
    assert set(caught.value.errors) == {"decision_date"}
    assert row_count(vault, Demarche) == 0


def test_demarche_updated_and_deleted(vault: Vault, kinds: dict[str, int]) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        demarche, _ = create_demarche(uow, rsa(client_id, kinds, documents=("RIB",)), today=TODAY)
        changed, _ = update_demarche(
            uow, demarche.id, replace(demarche.to_input(), reference="RSA-42"), today=TODAY
        )
    assert changed.reference == "RSA-42" and len(changed.documents) == 1
    with vault.uow() as uow:
        assert delete_demarche(uow, demarche.id)[0] == client_id
    with pytest.raises(DemarcheNotFound), vault.uow() as uow:
        get_demarche(uow, demarche.id)
    assert row_count(vault, DemarcheDocument) == 0


# ---- due logic -------------------------------------------------------------------------------
def test_demarche_due_state_with_a_fixed_today() -> None:
    open_ = DemarcheStatus.AWAITING_ANSWER
    assert due_state(open_, None, None, TODAY) == DueState.NONE
    assert due_state(open_, TODAY - D(1), None, TODAY) == DueState.OVERDUE
    assert due_state(open_, None, TODAY, TODAY) == DueState.DUE_TODAY
    assert due_state(open_, TODAY + D(20), TODAY + D(7), TODAY) == DueState.UPCOMING
    assert due_state(open_, TODAY + D(8), None, TODAY) == DueState.NONE
    assert due_state(open_, TODAY + D(8), None, TODAY, horizon_days=10) == DueState.UPCOMING
    assert due_state(DemarcheStatus.GRANTED, TODAY - D(3), None, TODAY) == DueState.NONE


def test_demarche_due_list_soonest_first_skips_closed_files_and_decided(
    vault: Vault, kinds: dict[str, int]
) -> None:
    client_id = new_client(vault)
    closed_client = new_client(vault, "Fermé", status=ClientStatus.CLOSED)
    with vault.uow() as uow:

        def make(**kw: object) -> int:
            return create_demarche(uow, rsa(client_id, kinds, **kw), today=TODAY)[0].id

        overdue = make(next_action_date=TODAY - D(2))
        deadline_soon = make(next_action_date=TODAY + D(30), deadline=TODAY + D(3))
        today_one = make(deadline=TODAY)
        make(next_action_date=TODAY + D(8))  # beyond the horizon
        make()  # nothing dated
        decided = make(deadline=TODAY - D(1))
        set_demarche_status(uow, decided, DemarcheStatus.REFUSED, today=TODAY)
        create_demarche(uow, rsa(closed_client, kinds, deadline=TODAY), today=TODAY)
    with vault.uow() as uow:
        due = list_due_demarches(uow, TODAY)
        assert [d.id for d in due] == [overdue, today_one, deadline_soon]
        assert [d.due_state(TODAY) for d in due] == [
            DueState.OVERDUE, DueState.DUE_TODAY, DueState.UPCOMING
        ]  # fmt: skip
        # the client file lists open ones by due date, the decided one last
        listed = [d.id for d in list_client_demarches(uow, client_id)]
        assert listed[:3] == [overdue, today_one, deadline_soon] and listed[-1] == decided


def test_demarche_rights_obtained_over_a_period(vault: Vault, kinds: dict[str, int]) -> None:
    first, second = new_client(vault), new_client(vault, "Bis")
    with vault.uow() as uow:
        for client_id, kind, cents, day in (
            (first, "fr_rsa", 60_000, date(2026, 2, 3)),
            (first, "fr_apl", 25_000, date(2026, 2, 20)),
            (second, "fr_rsa", 40_000, date(2026, 2, 27)),
            (second, "fr_css", None, date(2026, 1, 31)),  # before the period
        ):
            d, _ = create_demarche(uow, DemarcheInput(client_id, kinds[kind], submitted_date=day),
                                   today=TODAY)  # fmt: skip
            set_demarche_status(uow, d.id, DemarcheStatus.GRANTED, today=day,
                                benefit_monthly_cents=cents)  # fmt: skip
        refused, _ = create_demarche(uow, DemarcheInput(first, kinds["fr_aah"]), today=TODAY)
        set_demarche_status(uow, refused.id, DemarcheStatus.REFUSED, today=date(2026, 2, 10))
    with vault.uow() as uow:
        rights = rights_obtained(uow, date(2026, 2, 1), date(2026, 2, 28))
    assert (rights.granted_count, rights.clients, rights.monthly_benefit_cents) == (3, 2, 125_000)
    assert rights.by_kind[0] == ("Revenu de solidarité active (RSA)", 2, 100_000)


def test_demarche_of_a_missing_client_row_is_refused(vault: Vault, kinds: dict[str, int]) -> None:
    with vault.uow() as uow:
        assert uow.session.get(Client, 12345) is None
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_demarche(uow, rsa(12345, kinds), today=TODAY)
    assert set(caught.value.errors) == {"client_id"}
