"""The practice's reference data for the demo: social-issue typology, note types,
démarche kinds (France and Belgium), service catalogue and packages.

Codes are stable identifiers; labels are French because they are the practitioner's own
configurable vocabulary (data, not interface text). Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass

VAT_FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"
SALES_ACCOUNT = "706000"

# ---- social issues --------------------------------------------------------------------
SOCIAL_ISSUES: tuple[tuple[str, str], ...] = (
    ("housing", "Logement"),
    ("income", "Ressources et budget"),
    ("debt", "Endettement"),
    ("health", "Santé"),
    ("employment", "Emploi et insertion professionnelle"),
    ("family", "Famille et parentalité"),
    ("rights", "Accès aux droits"),
    ("mobility", "Mobilité"),
    ("isolation", "Isolement social"),
    ("administrative", "Démarches administratives"),
)
ISSUE_WEIGHTS: dict[str, int] = {
    "housing": 20,
    "income": 18,
    "debt": 12,
    "health": 10,
    "employment": 10,
    "family": 9,
    "rights": 9,
    "mobility": 4,
    "isolation": 5,
    "administrative": 8,
}

# ---- note types -----------------------------------------------------------------------
_INTERVIEW_TEMPLATE = "Objet :\n\nSituation :\n\nDémarches :\n\nSuite à donner :\n"
NOTE_TYPES: tuple[tuple[str, str, str | None], ...] = (
    ("interview", "Entretien", _INTERVIEW_TEMPLATE),
    ("phone_call", "Appel téléphonique", "Interlocuteur :\n\nObjet de l'appel :\n\nSuite :\n"),
    (
        "home_visit",
        "Visite à domicile",
        "Conditions de logement :\n\nÉchanges :\n\nSuite à donner :\n",
    ),
    ("email", "Courriel", "Destinataire / expéditeur :\n\nContenu :\n"),
    ("accompaniment", "Accompagnement extérieur", "Lieu :\n\nDéroulement :\n\nSuite à donner :\n"),
    (
        "synthesis",
        "Note de synthèse",
        "Rappel de la situation :\n\nÉvolution :\n\nPerspectives :\n",
    ),
    ("partner_meeting", "Réunion partenariale", "Participants :\n\nÉchanges :\n\nDécisions :\n"),
    ("group_session", "Atelier collectif", "Thème :\n\nParticipation :\n\nObservations :\n"),
)

# Appointment kind → note type code
NOTE_TYPE_FOR_KIND: dict[str, str] = {
    "office": "interview",
    "video": "interview",
    "home_visit": "home_visit",
    "phone": "phone_call",
    "accompaniment": "accompaniment",
    "partner_meeting": "partner_meeting",
}


# ---- démarches ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DemarcheKindSpec:
    code: str
    label: str
    country: str | None
    issue: str  # social issue it answers
    org: str | None  # key of the partner organization that handles it
    documents: tuple[str, ...]
    benefit_cents: tuple[int, int] | None = None  # monthly amount range when granted


_ID = "Pièce d'identité ou titre de séjour"
_RIB = "RIB"
_TAX = "Avis d'imposition"
DEMARCHE_KINDS: tuple[DemarcheKindSpec, ...] = (
    DemarcheKindSpec(
        "fr_rsa",
        "Revenu de solidarité active (RSA)",
        "FR",
        "income",
        "caf",
        (_ID, _RIB, "Justificatifs de ressources des 3 derniers mois", "Livret de famille"),
        (45_000, 92_000),
    ),
    DemarcheKindSpec(
        "fr_prime_activite",
        "Prime d'activité",
        "FR",
        "income",
        "caf",
        (_RIB, "Bulletins de salaire des 3 derniers mois"),
        (9_000, 25_000),
    ),
    DemarcheKindSpec(
        "fr_apl",
        "Aide personnalisée au logement (APL)",
        "FR",
        "housing",
        "caf",
        ("Bail", "Attestation de loyer", _RIB),
        (15_000, 38_000),
    ),
    DemarcheKindSpec(
        "fr_aah",
        "Allocation aux adultes handicapés (AAH)",
        "FR",
        "health",
        "mdph",
        ("Certificat médical de moins d'un an", _ID, "Formulaire Cerfa 15692"),
        (70_000, 101_600),
    ),
    DemarcheKindSpec(
        "fr_mdph",
        "Reconnaissance MDPH (RQTH, PCH, carte mobilité inclusion)",
        "FR",
        "health",
        "mdph",
        (
            "Certificat médical de moins d'un an",
            _ID,
            "Justificatif de domicile",
            "Projet de vie rédigé",
        ),
    ),
    DemarcheKindSpec(
        "fr_css",
        "Complémentaire santé solidaire",
        "FR",
        "health",
        "cpam",
        (_ID, _TAX, "Attestation de droits à l'Assurance maladie"),
    ),
    DemarcheKindSpec(
        "fr_surendettement",
        "Dossier de surendettement (Banque de France)",
        "FR",
        "debt",
        "banque_de_france",
        (
            _ID,
            "Relevés de comptes des 3 derniers mois",
            "Tableau des dettes",
            "Justificatifs de charges",
            _TAX,
        ),
    ),
    DemarcheKindSpec(
        "fr_retraite",
        "Demande de retraite",
        "FR",
        "income",
        "carsat",
        (_ID, "Relevé de carrière", _RIB, _TAX),
        (60_000, 140_000),
    ),
    DemarcheKindSpec(
        "fr_chomage",
        "Inscription et allocations chômage (France Travail)",
        "FR",
        "employment",
        "france_travail",
        ("Attestation employeur", _RIB, "CV à jour"),
        (55_000, 130_000),
    ),
    DemarcheKindSpec(
        "fr_logement_social",
        "Demande de logement social",
        "FR",
        "housing",
        "bailleur",
        (_ID, _TAX, "Justificatifs de ressources", "Bail actuel"),
    ),
    DemarcheKindSpec(
        "fr_fsl",
        "Fonds de solidarité logement (FSL)",
        "FR",
        "housing",
        "ccas",
        ("Échéancier de la dette locative", "Attestation du bailleur", _RIB),
    ),
    DemarcheKindSpec(
        "be_ris",
        "Revenu d'intégration (CPAS)",
        "BE",
        "income",
        "cpas",
        ("Carte d'identité", "Composition de ménage", "Extraits de compte", "Contrat de bail"),
        (87_000, 131_000),
    ),
    DemarcheKindSpec(
        "be_allocations_familiales",
        "Allocations familiales",
        "BE",
        "family",
        "famiwal",
        ("Composition de ménage", "Numéro de compte"),
        (17_000, 52_000),
    ),
    DemarcheKindSpec(
        "be_grapa",
        "Garantie de revenus aux personnes âgées (GRAPA)",
        "BE",
        "income",
        "pensions",
        ("Carte d'identité", "Extraits de compte"),
        (35_000, 130_000),
    ),
    DemarcheKindSpec(
        "be_mediation_dettes",
        "Médiation de dettes",
        "BE",
        "debt",
        "cpas",
        ("Liste des créanciers", "Extraits de compte", "Courriers des huissiers"),
    ),
    DemarcheKindSpec(
        "be_logement_social",
        "Candidature logement social (SLSP)",
        "BE",
        "housing",
        "slsp",
        ("Composition de ménage", "Avertissement-extrait de rôle"),
    ),
    DemarcheKindSpec(
        "be_chomage",
        "Allocations de chômage (organisme de paiement)",
        "BE",
        "employment",
        "forem",
        ("Formulaire C4", "Carte d'identité"),
        (90_000, 150_000),
    ),
    DemarcheKindSpec(
        "id_papers",
        "Renouvellement pièce d'identité / titre de séjour",
        None,
        "administrative",
        None,
        ("Photos d'identité", "Justificatif de domicile", "Ancien titre"),
    ),
)


# ---- service catalogue and packages ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class ServiceSpec:
    code: str
    name: str
    description: str
    unit: str  # ServiceUnit value
    price_cents: int
    duration_minutes: int | None


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "ENT-1H",
        "Entretien individuel (1 h)",
        "Entretien d'évaluation ou de suivi au cabinet.",
        "hour",
        6_000,
        60,
    ),
    ServiceSpec(
        "ENT-VISIO",
        "Entretien en visioconférence",
        "Entretien de suivi à distance.",
        "hour",
        5_500,
        60,
    ),
    ServiceSpec(
        "ENT-TEL",
        "Entretien téléphonique (30 min)",
        "Point téléphonique programmé.",
        "session",
        3_000,
        30,
    ),
    ServiceSpec(
        "VAD", "Visite à domicile", "Entretien au domicile de la personne.", "session", 8_000, 90
    ),
    ServiceSpec(
        "ACC-EXT",
        "Accompagnement extérieur",
        "Accompagnement physique auprès d'un organisme (heure).",
        "hour",
        5_500,
        120,
    ),
    ServiceSpec(
        "ACC-ADM",
        "Accompagnement administratif",
        "Constitution et suivi de dossiers (heure).",
        "hour",
        5_000,
        60,
    ),
    ServiceSpec("KM", "Forfait kilométrique", "Frais de déplacement (par km).", "km", 60, None),
    ServiceSpec(
        "BILAN", "Bilan social", "Évaluation globale et rapport écrit.", "flat", 18_000, 90
    ),
    ServiceSpec(
        "ATELIER",
        "Atelier collectif (par personne)",
        "Participation à un atelier collectif.",
        "session",
        2_500,
        120,
    ),
    ServiceSpec(
        "ATELIER-FORFAIT",
        "Animation d'atelier collectif (forfait)",
        "Animation d'une séance collective pour le commanditaire.",
        "flat",
        24_000,
        120,
    ),
    ServiceSpec(
        "RAPPORT",
        "Rapport social",
        "Rédaction d'un rapport ou d'une note sociale.",
        "flat",
        12_000,
        None,
    ),
)

# Appointment kind → service code when billable
SERVICE_FOR_KIND: dict[str, str] = {
    "office": "ENT-1H",
    "video": "ENT-VISIO",
    "phone": "ENT-TEL",
    "home_visit": "VAD",
    "accompaniment": "ACC-EXT",
}


@dataclass(frozen=True, slots=True)
class PackageSpec:
    name: str
    service: str
    units_milli: int
    price_cents: int
    validity_days: int


PACKAGES: tuple[PackageSpec, ...] = (
    PackageSpec("Accompagnement administratif — 10 h", "ACC-ADM", 10_000, 45_000, 180),
    PackageSpec("5 entretiens", "ENT-1H", 5_000, 27_000, 120),
)
