"""The accompaniment agreement (contrat d'accompagnement) as a PDF for the person to sign.

It states who accompanies whom, the objectives of the plan agreed together (with their
target dates and planned actions), what each side commits to, how the information is
kept confidential, and ends with two signature blocks. Written in the practitioner's
document language (Settings → Practitioner), not the interface language, so its texts
are a document vocabulary here, not ``_()`` messages. Fonts, styles, the signature block
and the page footer come from :mod:`services.pdf_layout`, shared by every PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import AuditAction
from socialdesk.domain.plans import ObjectiveDTO
from socialdesk.services.audit import record_event
from socialdesk.services.document_language import LANGUAGES, format_day, words_in
from socialdesk.services.pdf_layout import (
    RULE,
    SHADE,
    PageFurniture,
    Signer,
    register_fonts,
    render_pdf,
    signature_block,
)
from socialdesk.services.pdf_layout import styles as pdf_styles
from socialdesk.services.pdf_layout import text as markup
from socialdesk.services.plans import get_plan
from socialdesk.services.profile import get_profile
from socialdesk.storage.orm import Client
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = ["export_agreement_pdf", "render_agreement_pdf"]


# (English, French, Romanian)
WORDS: dict[str, tuple[str, str, str]] = {
    "title": (
        "Accompaniment agreement",
        "Contrat d'accompagnement",
        "Contract de însoțire socială",
    ),
    "between": ("Between", "Entre", "Între"),
    "and": ("And", "Et", "Și"),
    "practitioner": ("the social worker", "le travailleur social", "asistentul social"),
    "person": ("the person accompanied", "la personne accompagnée", "persoana însoțită"),
    "file_number": ("File no.", "Dossier n°", "Dosar nr."),
    "born": ("born on {date}", "né(e) le {date}", "născut(ă) la {date}"),
    "purpose_title": ("Purpose", "Objet", "Obiect"),
    "purpose": (
        "This agreement sets out the accompaniment freely agreed between the person and "
        "the social worker: the objectives they have chosen together, the steps planned to "
        "reach them, and how they will be reviewed. It is not a contract of services and "
        "creates no obligation of result.",
        "Le présent contrat formalise l'accompagnement librement convenu entre la personne "
        "et le travailleur social : les objectifs choisis ensemble, les démarches prévues "
        "pour les atteindre et la façon dont ils seront évalués. Il ne crée aucune "
        "obligation de résultat.",
        "Prezentul contract stabilește însoțirea convenită liber între persoană și "
        "asistentul social: obiectivele alese împreună, pașii prevăzuți pentru atingerea "
        "lor și modul în care vor fi evaluate. Nu creează nicio obligație de rezultat.",
    ),
    "objectives_title": ("Objectives agreed", "Objectifs convenus", "Obiective convenite"),
    "no_objectives": (
        "No objective has been recorded yet; they will be added at the next meeting.",
        "Aucun objectif n'est encore enregistré ; ils seront fixés lors du prochain rendez-vous.",
        "Niciun obiectiv nu este încă înregistrat; vor fi stabilite la următoarea întâlnire.",
    ),
    "objective": ("Objective {n}", "Objectif {n}", "Obiectivul {n}"),
    "issue": ("Area: {value}", "Domaine : {value}", "Domeniu: {value}"),
    "target": ("Target date: {value}", "Date visée : {value}", "Termen: {value}"),
    "actions": ("Planned steps", "Actions prévues", "Pași prevăzuți"),
    "by": ("by {date}", "avant le {date}", "până la {date}"),
    "done": ("done", "réalisée", "realizat"),
    "status_open": ("in progress", "en cours", "în curs"),
    "status_achieved": ("achieved", "atteint", "atins"),
    "status_partial": ("partly achieved", "partiellement atteint", "parțial atins"),
    "status_abandoned": ("abandoned", "abandonné", "abandonat"),
    "commitments_title": ("Commitments", "Engagements", "Angajamente"),
    "practitioner_commits": (
        "The social worker undertakes to support the person in the steps agreed, to inform "
        "and guide them towards the rights and services they may claim, to respect their "
        "choices, and to keep what they share confidential.",
        "Le travailleur social s'engage à soutenir la personne dans les démarches convenues, "
        "à l'informer et l'orienter vers les droits et services auxquels elle peut "
        "prétendre, à respecter ses choix et à garder confidentiel ce qu'elle lui confie.",
        "Asistentul social se angajează să sprijine persoana în demersurile convenite, să o "
        "informeze și să o orienteze către drepturile și serviciile la care este "
        "îndreptățită, să-i respecte alegerile și să păstreze confidențial ceea ce i se "
        "încredințează.",
    ),
    "person_commits": (
        "The person undertakes to take part in the meetings agreed (or to cancel them in "
        "advance), to carry out the steps that fall to them, and to share the information "
        "needed to follow them up.",
        "La personne s'engage à participer aux rendez-vous convenus (ou à les annuler à "
        "l'avance), à réaliser les démarches qui lui incombent et à transmettre les "
        "informations nécessaires à leur suivi.",
        "Persoana se angajează să participe la întâlnirile convenite (sau să le anuleze din "
        "timp), să îndeplinească pașii care îi revin și să transmită informațiile necesare "
        "urmăririi lor.",
    ),
    "privacy_title": ("Confidentiality", "Confidentialité", "Confidențialitate"),
    "privacy": (
        "The information concerning the person is kept in an encrypted file and is shared "
        "with a partner only with their agreement and only as far as needed. The person may "
        "see the data held about them, have it corrected, and ask for a copy (GDPR).",
        "Les informations concernant la personne sont conservées dans un dossier chiffré et "
        "ne sont transmises à un partenaire qu'avec son accord et dans la limite du "
        "nécessaire. La personne peut consulter les données la concernant, les faire "
        "rectifier et en demander une copie (RGPD).",
        "Informațiile privind persoana sunt păstrate într-un dosar criptat și sunt "
        "transmise unui partener doar cu acordul ei și numai în măsura necesară. Persoana "
        "poate consulta datele care o privesc, poate cere rectificarea lor și o copie (GDPR).",
    ),
    "duration_title": ("Duration and review", "Durée et évaluation", "Durată și evaluare"),
    "duration": (
        "This agreement takes effect on {date}. The objectives are reviewed together at "
        "least every three months and may be changed by mutual agreement. Either party may "
        "end the accompaniment at any time.",
        "Le présent contrat prend effet le {date}. Les objectifs sont évalués ensemble au "
        "moins tous les trois mois et peuvent être modifiés d'un commun accord. Chacune des "
        "parties peut mettre fin à l'accompagnement à tout moment.",
        "Prezentul contract intră în vigoare la {date}. Obiectivele sunt evaluate împreună "
        "cel puțin o dată la trei luni și pot fi modificate de comun acord. Oricare dintre "
        "părți poate încheia însoțirea în orice moment.",
    ),
    "made_at": ("Made in {city}, on {date}, in two copies.", "Fait à {city}, le {date}, en deux exemplaires.",
                "Încheiat la {city}, la {date}, în două exemplare."),  # fmt: skip
    "made_on": ("Made on {date}, in two copies.", "Fait le {date}, en deux exemplaires.",
                "Încheiat la {date}, în două exemplare."),  # fmt: skip
    "sign_person": ("The person accompanied", "La personne accompagnée", "Persoana însoțită"),
    "sign_practitioner": ("The social worker", "Le travailleur social", "Asistentul social"),
    "read_approved": (
        "Signature preceded by “read and approved”",
        "Signature précédée de la mention « lu et approuvé »",
        "Semnătura precedată de mențiunea „citit și aprobat”",
    ),
    "page": ("Page {page} / {pages}", "Page {page} / {pages}", "Pagina {page} / {pages}"),
}  # fmt: skip


def vocabulary(language: str) -> Callable[..., str]:
    return words_in(WORDS, language)


@dataclass(frozen=True, slots=True)
class _Party:
    name: str
    lines: tuple[str, ...]


def _address(*parts: str | None) -> str:
    street = ", ".join(p for p in parts[:2] if p)
    town = " ".join(p for p in parts[2:] if p)
    return " — ".join(p for p in (street, town) if p)


def render_agreement_pdf(
    uow: UnitOfWork,
    client_id: int,
    *,
    today: date | None = None,
    include_closed: bool = False,
) -> bytes:
    """The agreement of client ``client_id`` (ClientNotFound). Objectives achieved,
    partly achieved or abandoned are left out unless ``include_closed``."""
    day = today or date.today()
    plan = get_plan(uow, client_id)
    client = uow.session.get(Client, client_id)
    assert client is not None  # get_plan raised otherwise
    profile = get_profile(uow)
    language = profile.document_language if profile.document_language in LANGUAGES else "fr"
    word = vocabulary(language)
    objectives = [o for o in plan.objectives if include_closed or o.is_open]

    practitioner_name = profile.display_name or profile.legal_name
    practitioner = _Party(
        practitioner_name,
        tuple(
            line
            for line in (
                profile.profession_title,
                _address(profile.address_line1, profile.address_line2, profile.postal_code,
                         profile.city),
                " — ".join(p for p in (profile.phone, profile.email) if p),
            )
            if line
        ),
    )  # fmt: skip
    person_lines = [f"{word('file_number')} {client.file_number}"]
    if client.birth_date:
        person_lines.append(word("born", date=format_day(client.birth_date, language)))
    address = _address(client.address_line1, client.address_line2, client.postal_code, client.city)
    if address:
        person_lines.append(address)
    person = _Party(display_name(client.last_name, client.first_name), tuple(person_lines))

    register_fonts()
    styles = pdf_styles()
    story: list[Flowable] = [Paragraph(markup(word("title")), styles["title"]), Spacer(1, 4 * mm)]
    story += _parties(styles, word, practitioner, person)
    story += [
        Paragraph(markup(word("purpose_title")), styles["h1"]),
        Paragraph(markup(word("purpose")), styles["body"]),
        Paragraph(markup(word("objectives_title")), styles["h1"]),
    ]
    if not objectives:
        story.append(Paragraph(markup(word("no_objectives")), styles["body"]))
    for number, objective in enumerate(objectives, start=1):
        story.append(_objective_block(styles, word, language, number, objective, include_closed))
    story += [
        Paragraph(markup(word("commitments_title")), styles["h1"]),
        Paragraph(markup(word("practitioner_commits")), styles["body"]),
        Spacer(1, 2 * mm),
        Paragraph(markup(word("person_commits")), styles["body"]),
        Paragraph(markup(word("privacy_title")), styles["h1"]),
        Paragraph(markup(word("privacy")), styles["body"]),
        Paragraph(markup(word("duration_title")), styles["h1"]),
        Paragraph(markup(word("duration", date=format_day(day, language))), styles["body"]),
        CondPageBreak(60 * mm),
        Spacer(1, 8 * mm),
    ]
    story += _signatures(styles, word, language, day, profile.city, person, practitioner)

    furniture = PageFurniture(
        page_label=lambda page, pages: word("page", page=page, pages=pages),
        footer_left=f"{word('file_number')} {client.file_number} — {word('title')}",
    )
    return render_pdf(
        story,
        furniture,
        title=word("title"),
        language=language,
        author=practitioner_name or "",
        subject=f"{word('file_number')} {client.file_number}",
    ).pdf


def _parties(
    styles: dict, word: Callable[..., str], practitioner: _Party, person: _Party
) -> list[Flowable]:  # type: ignore[type-arg]
    def cell(intro: str, role: str, party: _Party) -> list[Flowable]:
        head = f"{markup(intro)} <b>{markup(party.name)}</b>, {markup(role)}"
        return [Paragraph(head, styles["body"])] + [
            Paragraph(markup(line), styles["small"]) for line in party.lines
        ]

    table = Table(
        [[cell(word("between"), word("practitioner"), practitioner),
          cell(word("and"), word("person"), person)]],
        colWidths=["50%", "50%"],
    )  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [table]


def _objective_block(
    styles: dict,  # type: ignore[type-arg]
    word: Callable[..., str],
    language: str,
    number: int,
    objective: ObjectiveDTO,
    with_status: bool,
) -> Flowable:
    title = f"{markup(word('objective', n=number))} — {markup(objective.title)}"
    parts: list[Flowable] = [Paragraph(title, styles["h2"])]
    facts = []
    if objective.social_issue_label:
        facts.append(word("issue", value=objective.social_issue_label))
    if objective.target_date:
        facts.append(word("target", value=format_day(objective.target_date, language)))
    if with_status:
        facts.append(word(f"status_{objective.status}"))
    if facts:
        parts.append(Paragraph(markup(" · ".join(facts)), styles["flags"]))
    if objective.description:
        parts.append(Paragraph(markup(objective.description), styles["body"]))
    if objective.actions:
        parts.append(Paragraph(markup(word("actions")), styles["cell_head"]))
        for action in objective.actions:
            line = action.text
            if action.due_date:
                line += f" ({word('by', date=format_day(action.due_date, language))})"
            if action.is_done:
                line += f" — {word('done')}"
            parts.append(Paragraph("• " + markup(line), styles["cell"]))
    parts.append(Spacer(1, 2 * mm))
    return KeepTogether(parts)


def _signatures(
    styles: dict,  # type: ignore[type-arg]
    word: Callable[..., str],
    language: str,
    day: date,
    city: str,
    person: _Party,
    practitioner: _Party,
) -> list[Flowable]:
    when = format_day(day, language)
    made = word("made_at", city=city, date=when) if city else word("made_on", date=when)

    hint = word("read_approved")
    signers = [
        Signer(word("sign_person"), person.name, hint),
        Signer(word("sign_practitioner"), practitioner.name, hint),
    ]
    return [signature_block(styles, made, signers, space=30 * mm)]


def export_agreement_pdf(
    uow: UnitOfWork,
    client_id: int,
    path: Path,
    *,
    today: date | None = None,
    include_closed: bool = False,
) -> Path:
    """Write the agreement to ``path`` (private, atomic) and record the export in the
    audit log (recorded first: an export that cannot be audited is not written)."""
    data = render_agreement_pdf(uow, client_id, today=today, include_closed=include_closed)
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="client",
        object_id=client_id,
        details={"document": "agreement", "formats": ["pdf"]},
    )
    path = Path(path)
    write_private_atomic(path, data)
    return path
