"""Démarches: administrative procedures and access to rights, followed from preparation
to the decision (and the appeal) — the practitioner's tool against "non-recours".

A démarche is *due* when its next action date or its deadline (an answer expected, an
appeal window closing) falls within a few days; Today lists those.

The catalogue of kinds is configurable; a new vault gets the usual ones of France and
Belgium and a few Romanian ones, labelled with their official names (they are proper
names of the country's benefits, so they are not translated).

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from socialdesk.domain.enums import Country, DemarcheStatus
from socialdesk.domain.errors import NotFound
from socialdesk.domain.plans import (
    MAX_TEXT_LENGTH,
    check_date,
    check_length,
    clean_line,
    clean_text,
)
from socialdesk.i18n import N_

DUE_HORIZON_DAYS = 7
"""A démarche whose next action or deadline is this close is listed as due."""
MAX_KIND_LABEL_LENGTH = 200
MAX_DOCUMENT_LABEL_LENGTH = 200
MAX_REFERENCE_LENGTH = 100
MAX_DOCUMENTS = 50
# Far above any monthly benefit; refuses a mistyped amount (cents typed as euros twice).
MAX_BENEFIT_CENTS = 100_000_00

DEMARCHE_STATUS_LABELS: dict[DemarcheStatus, str] = {
    DemarcheStatus.TO_PREPARE: N_("To prepare"),
    DemarcheStatus.SUBMITTED: N_("Submitted"),
    DemarcheStatus.AWAITING_ANSWER: N_("Awaiting answer"),
    DemarcheStatus.GRANTED: N_("Granted"),
    DemarcheStatus.REFUSED: N_("Refused"),
    DemarcheStatus.APPEAL: N_("Appeal"),
}
OPEN_DEMARCHE_STATUSES = frozenset(
    {
        DemarcheStatus.TO_PREPARE,
        DemarcheStatus.SUBMITTED,
        DemarcheStatus.AWAITING_ANSWER,
        DemarcheStatus.APPEAL,
    }
)
DECIDED_STATUSES = frozenset({DemarcheStatus.GRANTED, DemarcheStatus.REFUSED})


class DueState(StrEnum):
    NONE = "none"
    UPCOMING = "upcoming"  # within the horizon
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


DUE_STATE_LABELS: dict[DueState, str] = {
    DueState.NONE: N_("Nothing due"),
    DueState.UPCOMING: N_("Due soon"),
    DueState.DUE_TODAY: N_("Due today"),
    DueState.OVERDUE: N_("Overdue"),
}


# ---- the default catalogue ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DefaultKind:
    code: str
    label: str
    country: str | None
    documents: tuple[str, ...] = ()


_ID_FR = "Pièce d'identité ou titre de séjour"
_RIB = "RIB"
_TAX = "Avis d'imposition"
_INCOME = "Justificatifs de ressources des 3 derniers mois"
_ID_BE = "Carte d'identité ou titre de séjour"
_ID_RO = "Carte de identitate"

DEFAULT_DEMARCHE_KINDS: tuple[DefaultKind, ...] = (
    # France
    DefaultKind("fr_rsa", "Revenu de solidarité active (RSA)", "FR",
                (_ID_FR, _RIB, _INCOME, "Livret de famille")),
    DefaultKind("fr_prime_activite", "Prime d'activité", "FR",
                (_RIB, "Bulletins de salaire des 3 derniers mois")),
    DefaultKind("fr_apl", "Aide personnalisée au logement (APL)", "FR",
                ("Bail", "Attestation de loyer", _RIB)),
    DefaultKind("fr_aah", "Allocation aux adultes handicapés (AAH)", "FR",
                (_ID_FR, "Certificat médical", _TAX)),
    DefaultKind("fr_mdph", "Reconnaissance MDPH (RQTH, PCH, carte mobilité inclusion)", "FR",
                ("Formulaire de demande MDPH", "Certificat médical de moins d'un an", _ID_FR,
                 "Justificatif de domicile")),
    DefaultKind("fr_css", "Complémentaire santé solidaire", "FR",
                (_ID_FR, _INCOME, "Attestation de droits à l'assurance maladie")),
    DefaultKind("fr_surendettement", "Dossier de surendettement (Banque de France)", "FR",
                (_ID_FR, "Relevés de compte des 3 derniers mois", "Liste des dettes et courriers "
                 "des créanciers", _TAX, "Justificatifs de charges")),
    DefaultKind("fr_retraite", "Demande de retraite", "FR",
                (_ID_FR, "Relevé de carrière", _RIB, _TAX)),
    DefaultKind("fr_aspa", "Allocation de solidarité aux personnes âgées (ASPA)", "FR",
                (_ID_FR, _INCOME, _RIB)),
    DefaultKind("fr_chomage", "Inscription et allocations chômage (France Travail)", "FR",
                (_ID_FR, "Attestation employeur", _RIB, "CV")),
    DefaultKind("fr_logement_social", "Demande de logement social", "FR",
                (_ID_FR, _TAX, "Justificatif de domicile actuel")),
    DefaultKind("fr_fsl", "Fonds de solidarité logement (FSL)", "FR",
                ("Bail", "Quittances ou échéancier de la dette", _INCOME)),
    DefaultKind("fr_allocations_familiales", "Prestations familiales (CAF)", "FR",
                (_ID_FR, "Livret de famille", _RIB)),
    DefaultKind("fr_ame", "Aide médicale de l'État (AME)", "FR",
                ("Justificatif d'identité", "Justificatif de résidence de plus de 3 mois",
                 _INCOME)),
    # Belgium
    DefaultKind("be_ris", "Revenu d'intégration (CPAS)", "BE",
                (_ID_BE, "Extraits de compte des 3 derniers mois", "Composition de ménage")),
    DefaultKind("be_allocations_familiales", "Allocations familiales", "BE",
                (_ID_BE, "Composition de ménage", "Numéro de compte")),
    DefaultKind("be_grapa", "Garantie de revenus aux personnes âgées (GRAPA)", "BE",
                (_ID_BE, "Preuves de revenus et de biens")),
    DefaultKind("be_mediation_dettes", "Médiation de dettes", "BE",
                ("Liste des créanciers", "Preuves de revenus", "Courriers d'huissiers")),
    DefaultKind("be_reglement_collectif", "Règlement collectif de dettes", "BE",
                ("Requête au tribunal du travail", "Liste des dettes", "Preuves de revenus")),
    DefaultKind("be_bim", "Intervention majorée (statut BIM)", "BE",
                (_ID_BE, "Preuves de revenus", "Composition de ménage")),
    DefaultKind("be_handicap", "Allocations aux personnes handicapées (SPF Sécurité sociale)",
                "BE", (_ID_BE, "Formulaire médical", "Preuves de revenus")),
    DefaultKind("be_logement_social", "Candidature logement social (SLSP)", "BE",
                (_ID_BE, "Composition de ménage", "Avertissement-extrait de rôle")),
    DefaultKind("be_chomage", "Allocations de chômage (organisme de paiement)", "BE",
                (_ID_BE, "Formulaire C4", "Numéro de compte")),
    # Romania
    DefaultKind("ro_vmi", "Venitul minim de incluziune (VMI)", "RO",
                (_ID_RO, "Adeverință de venit", "Certificat de atestare fiscală")),
    DefaultKind("ro_alocatie_copii", "Alocația de stat pentru copii", "RO",
                (_ID_RO, "Certificatul de naștere al copilului", "Extras de cont")),
    DefaultKind("ro_handicap", "Certificat de încadrare în grad de handicap", "RO",
                (_ID_RO, "Documente medicale", "Ancheta socială")),
    DefaultKind("ro_ajutor_incalzire", "Ajutor pentru încălzirea locuinței", "RO",
                (_ID_RO, "Adeverință de venit", "Factură de utilități")),
    DefaultKind("ro_somaj", "Indemnizație de șomaj (AJOFM)", "RO",
                (_ID_RO, "Carnetul de muncă sau adeverință REVISAL", "Extras de cont")),
    # Any country
    DefaultKind("id_papers", "Renouvellement pièce d'identité / titre de séjour", None,
                ("Photos d'identité", "Justificatif de domicile", "Ancien titre")),
)  # fmt: skip
DEFAULT_KIND_DOCUMENTS: dict[str, tuple[str, ...]] = {
    k.code: k.documents for k in DEFAULT_DEMARCHE_KINDS
}


# ---- values ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DemarcheKindDTO:
    id: int
    code: str
    label: str
    country: str | None
    active: bool
    sort_order: int
    suggested_documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemarcheKindInput:
    code: str
    label: str
    country: str | None = None
    active: bool = True
    sort_order: int = 0
    suggested_documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemarcheInput:
    client_id: int
    kind_id: int
    organization_id: int | None = None
    reference: str = ""
    status: DemarcheStatus = DemarcheStatus.TO_PREPARE
    submitted_date: date | None = None
    next_action_date: date | None = None
    next_action: str = ""
    deadline: date | None = None
    decision_date: date | None = None
    outcome: str = ""
    benefit_monthly_cents: int | None = None
    notes: str = ""
    documents: tuple[str, ...] = ()  # create only: the initial checklist


@dataclass(frozen=True, slots=True)
class DemarcheDocumentDTO:
    id: int
    demarche_id: int
    label: str
    received: bool
    received_date: date | None
    position: int


@dataclass(frozen=True, slots=True)
class DemarcheDTO:
    id: int
    client_id: int
    client_name: str
    file_number: str
    kind_id: int
    kind_code: str
    kind_label: str
    organization_id: int | None
    organization_name: str
    reference: str
    status: DemarcheStatus
    submitted_date: date | None
    next_action_date: date | None
    next_action: str
    deadline: date | None
    decision_date: date | None
    outcome: str
    benefit_monthly_cents: int | None
    notes: str
    documents: tuple[DemarcheDocumentDTO, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DEMARCHE_STATUSES

    @property
    def documents_received(self) -> int:
        return sum(d.received for d in self.documents)

    @property
    def due_date(self) -> date | None:
        return due_date(self.next_action_date, self.deadline)

    def due_state(self, today: date, horizon_days: int = DUE_HORIZON_DAYS) -> DueState:
        return due_state(self.status, self.next_action_date, self.deadline, today, horizon_days)

    def to_input(self) -> DemarcheInput:
        return DemarcheInput(
            client_id=self.client_id,
            kind_id=self.kind_id,
            organization_id=self.organization_id,
            reference=self.reference,
            status=self.status,
            submitted_date=self.submitted_date,
            next_action_date=self.next_action_date,
            next_action=self.next_action,
            deadline=self.deadline,
            decision_date=self.decision_date,
            outcome=self.outcome,
            benefit_monthly_cents=self.benefit_monthly_cents,
            notes=self.notes,
        )


@dataclass(frozen=True, slots=True)
class RightsObtained:
    """The rights obtained over a period (démarches granted), for the activity report."""

    first: date
    last: date
    granted_count: int
    monthly_benefit_cents: int
    clients: int
    by_kind: tuple[tuple[str, int, int], ...]  # (kind label, count, monthly cents), most first


# ---- errors ---------------------------------------------------------------------------------
class DemarcheNotFound(NotFound):
    message = "This démarche does not exist (it may have been deleted)."


class DemarcheKindNotFound(NotFound):
    message = "This kind of démarche does not exist (it may have been deleted)."


class DemarcheDocumentNotFound(NotFound):
    message = "This document of the checklist does not exist (it may have been removed)."


# ---- rules ----------------------------------------------------------------------------------
def due_date(next_action_date: date | None, deadline: date | None) -> date | None:
    """The date that matters first: the earlier of the next action and the deadline."""
    days = [d for d in (next_action_date, deadline) if d is not None]
    return min(days) if days else None


def due_state(
    status: DemarcheStatus,
    next_action_date: date | None,
    deadline: date | None,
    today: date,
    horizon_days: int = DUE_HORIZON_DAYS,
) -> DueState:
    if status not in OPEN_DEMARCHE_STATUSES:
        return DueState.NONE
    day = due_date(next_action_date, deadline)
    if day is None:
        return DueState.NONE
    if day < today:
        return DueState.OVERDUE
    if day == today:
        return DueState.DUE_TODAY
    if day <= today + timedelta(days=horizon_days):
        return DueState.UPCOMING
    return DueState.NONE


_KIND_CODE = re.compile(r"[a-z0-9_]{1,60}")


def kind_errors(data: DemarcheKindInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _KIND_CODE.fullmatch(data.code or ""):
        errors["code"] = N_(
            "The code of a kind of démarche has 1 to 60 lowercase letters, digits or "
            "underscores (e.g. fr_rsa)."
        )
    label = clean_line(data.label)
    if not label:
        errors["label"] = N_("Give the kind of démarche a name.")
    check_length(errors, "label", label, MAX_KIND_LABEL_LENGTH)
    if data.country is not None and data.country not in Country.__members__:
        errors["country"] = N_("Choose France, Belgium or Romania.")
    documents = [clean_line(d) for d in data.suggested_documents]
    if any(len(d) > MAX_DOCUMENT_LABEL_LENGTH for d in documents) or len(documents) > MAX_DOCUMENTS:
        errors["suggested_documents"] = N_("The checklist is too long.")
    return errors


def document_label_errors(label: str, field: str = "label") -> dict[str, str]:
    errors: dict[str, str] = {}
    text = clean_line(label)
    if not text:
        errors[field] = N_("Name the document.")
    check_length(errors, field, text, MAX_DOCUMENT_LABEL_LENGTH)
    return errors


def demarche_errors(data: DemarcheInput, *, today: date) -> dict[str, str]:
    """Field errors of a démarche (references to rows are checked by the service)."""
    errors: dict[str, str] = {}
    try:
        DemarcheStatus(data.status)
    except ValueError:
        errors["status"] = N_("Choose a status from the list.")
    check_length(errors, "reference", clean_line(data.reference), MAX_REFERENCE_LENGTH)
    check_length(errors, "next_action", clean_line(data.next_action), MAX_KIND_LABEL_LENGTH * 2)
    check_length(errors, "outcome", clean_text(data.outcome), MAX_TEXT_LENGTH)
    check_length(errors, "notes", clean_text(data.notes), MAX_TEXT_LENGTH)
    check_date(errors, "submitted_date", data.submitted_date, today=today, not_after_today=True)
    check_date(errors, "decision_date", data.decision_date, today=today, not_after_today=True)
    check_date(errors, "next_action_date", data.next_action_date, today=today)
    check_date(errors, "deadline", data.deadline, today=today)
    if (
        "decision_date" not in errors
        and "submitted_date" not in errors
        and data.decision_date is not None
        and data.submitted_date is not None
        and data.decision_date < data.submitted_date
    ):
        errors["decision_date"] = N_("The decision cannot be dated before the submission.")
    benefit = data.benefit_monthly_cents
    if benefit is not None and (
        isinstance(benefit, bool)
        or not isinstance(benefit, int)
        or not 0 <= benefit <= MAX_BENEFIT_CENTS
    ):
        errors["benefit_monthly_cents"] = N_("Enter the monthly amount obtained (0 or more).")
    if len(data.documents) > MAX_DOCUMENTS:
        errors["documents"] = N_("The checklist is too long.")
    else:
        for i, label in enumerate(data.documents):
            errors.update(document_label_errors(label, f"documents.{i}"))
    return errors
