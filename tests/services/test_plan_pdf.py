"""The accompaniment agreement PDF: read back (pypdf) — the person's name, the
objectives, the signature blocks, French and Romanian diacritics intact."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.enums import AuditAction, ObjectiveStatus
from socialdesk.domain.plans import ActionInput, ObjectiveInput
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.audit import recent_events
from socialdesk.services.clients import save_social_issue_type
from socialdesk.services.plan_pdf import export_agreement_pdf, render_agreement_pdf
from socialdesk.services.plans import add_action, create_objective, set_objective_status
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import Vault
from tests.pdf import pdf_text as read_pdf_text
from tests.services.accomp_fixtures import new_client

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    return read_pdf_text(data, squeeze=True)


def setup_plan(vault: Vault, language: str = "fr") -> int:
    with vault.uow() as uow:
        save_profile(
            uow,
            PractitionerProfile(
                display_name="Françoise Lefèvre", profession_title="Assistante sociale",
                city="Roubaix", document_language=language,
            ),
        )  # fmt: skip
        save_social_issue_type(uow, "housing", "Logement", True)
    client_id = new_client(vault, "Țurcanu", "Ștefan")
    with vault.uow() as uow:
        first, _ = create_objective(
            uow, client_id,
            ObjectiveInput("Accéder à un logement décent", social_issue_code="housing",
                           target_date=date(2026, 9, 30)),
            now=NOW,
        )  # fmt: skip
        add_action(uow, first.id, ActionInput("Déposer la demande", date(2026, 4, 15)), now=NOW)
        create_objective(uow, client_id, ObjectiveInput("Ouvrir les droits à la CSS"), now=NOW)
        closed, _ = create_objective(uow, client_id, ObjectiveInput("Objectif abandonné"), now=NOW)
        set_objective_status(uow, closed.id, ObjectiveStatus.ABANDONED, today=TODAY, now=NOW)
    return client_id


def test_plan_agreement_pdf_names_the_person_objectives_and_signatures(
    vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_plan(vault)
    with vault.uow() as uow:
        data = render_agreement_pdf(uow, client_id, today=TODAY)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Contrat d'accompagnement" in text
    assert "ȚURCANU Ștefan" in text
    assert "Françoise Lefèvre" in text
    assert "Objectif 1 — Accéder à un logement décent" in text
    assert "Domaine : Logement" in text and "Date visée : 30/09/2026" in text
    assert "Déposer la demande (avant le 15/04/2026)" in text
    assert "Objectif 2 — Ouvrir les droits à la CSS" in text
    assert "Objectif abandonné" not in text  # closed objectives are left out
    assert "Fait à Roubaix, le 10/03/2026" in text
    assert "La personne accompagnée" in text and "Le travailleur social" in text
    assert "lu et approuvé" in text


def test_plan_agreement_pdf_in_english_with_closed_objectives(vault: Vault, tmp_path: Path) -> None:
    client_id = setup_plan(vault, language="en")
    with vault.uow() as uow:
        text = pdf_text(render_agreement_pdf(uow, client_id, today=TODAY, include_closed=True),
                        tmp_path)  # fmt: skip
    assert "Accompaniment agreement" in text
    assert "Objective 3 — Objectif abandonné" in text and "abandoned" in text
    assert "Made in Roubaix, on 10 March 2026" in text


def test_plan_agreement_export_is_private_and_audited(vault: Vault, tmp_path: Path) -> None:
    client_id = setup_plan(vault)
    target = tmp_path / "out" / "contrat.pdf"
    target.parent.mkdir()
    with vault.uow() as uow:
        written = export_agreement_pdf(uow, client_id, target, today=TODAY)
    assert written == target and target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_mode & 0o777 == 0o600
    with vault.uow() as uow:
        events = [e for e in recent_events(uow) if e.action == AuditAction.EXPORT]
    assert events[0].object_id == client_id
    assert events[0].details["document"] == "agreement"


def test_plan_agreement_of_unknown_client(vault: Vault) -> None:
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        render_agreement_pdf(uow, 999, today=TODAY)
