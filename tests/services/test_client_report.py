"""The client report: sections read back from the PDF, redaction for each audience
(marker strings), fonts embedded, French and Romanian diacritics, the log written when a
report leaves the vault (and not for a preview), and clear errors on bad requests."""

from __future__ import annotations

import io
import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from socialdesk.domain.clients import ClientNotFound, ContactDTO, HouseholdMemberDTO
from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AuditAction,
    DemarcheStatus,
    ReportAudience,
    ReportKind,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import NoteInput
from socialdesk.domain.packages import PackageSaleInput
from socialdesk.domain.plans import ActionInput, EvaluationInput, ObjectiveInput
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.domain.reports import (
    DEFAULT_SECTIONS,
    ClientReportRequest,
    ReportSection,
    audience_from_name,
)
from socialdesk.services.audit import recent_events
from socialdesk.services.clients import save_contacts, save_household, save_social_issue_type
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_demarche_kinds,
)
from socialdesk.services.notes import create_note
from socialdesk.services.packages import sell_package
from socialdesk.services.plans import add_action, add_evaluation, create_objective
from socialdesk.services.profile import save_profile
from socialdesk.services.reports.client_report import (
    client_report_log,
    gather_client_report,
    log_client_report,
    render_client_report,
    report_note_choices,
    write_client_report,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client, ClientSocialIssue, ReportLog, SocialIssueType
from tests.pdf import pdf_page_count, pdf_text
from tests.services.billing_fixtures import at, mark, new_appointment, new_offer, new_service

START, END = date(2026, 1, 1), date(2026, 3, 31)
TODAY = date(2026, 4, 2)
NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)

CHILD = "Xandrelle Quorvak"  # a household member: a third party
AUNT = "Bertille Pomerol"  # a relative (contact)
OTHER_CLIENT = "Gwendoline Ravajoux"  # another person at a group session
PUBLIC = "MARQUEUR-PUBLIC"
PRIVATE = "MARQUEUR-PRIVE"
OLD = "MARQUEUR-ANCIEN"
DRAFT = "MARQUEUR-BROUILLON"


def _client(vault: Vault, last: str, first: str, number: str) -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=number, last_name=last, first_name=first, status="active",
            intake_date=date(2025, 11, 3), birth_date=date(1984, 6, 2), phone="06 11 22 33 44",
            email="stefan@example.org", address_line1="12 rue des Écoles", postal_code="59100",
            city="Roubaix",
            situation_family=f"Vit avec sa fille {CHILD} ; la tante {AUNT} aide.",
            situation_housing="Logement social, loyer 420 €.",
            referral_source=f"Sa tante {AUNT}",
        )  # fmt: skip
        uow.session.add(client)
        uow.session.flush()
        return client.id


@pytest.fixture
def person(vault: Vault) -> int:
    """Ștefan Țurcanu's file: household, contact, notes (one private, one out of the
    period), a plan with an evaluation, appointments (one a group session with another
    person), a right granted, a package consumed."""
    with vault.uow() as uow:
        save_profile(
            uow,
            PractitionerProfile(
                display_name="Françoise Lefèvre", profession_title="Assistante sociale",
                city="Roubaix", phone="03 20 00 00 00",
            ),
        )  # fmt: skip
        save_social_issue_type(uow, "housing", "Logement", True)
        save_social_issue_type(uow, "debt", "Surendettement", True)
        ensure_default_demarche_kinds(uow)
    client_id = _client(vault, "Țurcanu", "Ștefan", "D-2026-0007")
    other = _client(vault, "Ravajoux", "Gwendoline", "D-2026-0008")
    with vault.uow() as uow:
        types = {t.code: t.id for t in uow.session.scalars(select(SocialIssueType))}
        uow.session.add_all(
            [
                ClientSocialIssue(client_id=client_id, social_issue_type_id=types["debt"]),
                ClientSocialIssue(
                    client_id=client_id, social_issue_type_id=types["housing"], is_primary=True
                ),
            ]
        )
        save_household(
            uow, client_id, [HouseholdMemberDTO(name=CHILD, relation="enfant", birth_year=2015)]
        )
        save_contacts(uow, client_id, [ContactDTO(kind="relative", name=AUNT, role="tante",
                                                  phone="07 00 00 00 01")])  # fmt: skip
        for day, title, body, private in (
            (date(2026, 2, 3), "Entretien", f"{PUBLIC} Point sur le dossier, {CHILD} va mieux.",
             False),
            (date(2026, 2, 10), "Réflexion", f"{PRIVATE} hypothèse de travail", True),
            (date(2025, 12, 1), "Ancien", f"{OLD} avant la période", False),
        ):  # fmt: skip
            create_note(uow, NoteInput(client_id, day, title=title, body=body, is_private=private))
        create_note(uow, NoteInput(client_id, date(2026, 2, 20), body=DRAFT), draft=True)
        objective, _ = create_objective(
            uow, client_id,
            ObjectiveInput("Accéder à un logement décent", social_issue_code="housing",
                           target_date=date(2026, 9, 30)),
            now=NOW,
        )  # fmt: skip
        add_action(uow, objective.id, ActionInput("Déposer la demande DALO"), now=NOW)
        add_evaluation(
            uow, objective.id,
            EvaluationInput(date(2026, 3, 2), 40, "Dossier complet, en attente."),
            today=TODAY, now=NOW,
        )  # fmt: skip
        kinds = {k.code: k.id for k in list_demarche_kinds(uow)}
        create_demarche(
            uow,
            DemarcheInput(
                client_id=client_id, kind_id=kinds["fr_rsa"], status=DemarcheStatus.GRANTED,
                submitted_date=date(2026, 1, 20), decision_date=date(2026, 3, 5),
                benefit_monthly_cents=60_700, reference="RSA-2026-77",
            ),
            today=TODAY,
        )  # fmt: skip
    service = new_service(vault)
    offer = new_offer(vault, service)
    with vault.uow() as uow:
        sell_package(uow, PackageSaleInput(client_id, offer, date(2026, 1, 15)), today=TODAY)
    office = new_appointment(vault, at(date(2026, 2, 3), 10), (client_id,), service)
    mark(vault, office, AppointmentStatus.DONE)
    group = new_appointment(
        vault, at(date(2026, 3, 3), 14), (client_id, other), service,
        kind=AppointmentKind.HOME_VISIT, is_group=True, title="Atelier budget avec Gwendoline",
    )  # fmt: skip
    mark(vault, group, AppointmentStatus.DONE)
    new_appointment(vault, at(date(2026, 3, 24), 9), (client_id,), service)
    return client_id


def request(client_id: int, audience: str, **changes: object) -> ClientReportRequest:
    base = ClientReportRequest(
        client_id=client_id,
        audience=audience_from_name(audience),
        period_start=START,
        period_end=END,
        sections=tuple(ReportSection),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def render(vault: Vault, req: ClientReportRequest) -> str:
    with vault.uow() as uow:
        out = render_client_report(uow, req, today=TODAY)
    assert out.pdf.startswith(b"%PDF") and out.pages == pdf_page_count(out.pdf)
    assert out.record is None
    return pdf_text(out.pdf, squeeze=True)


def log_rows(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(ReportLog)) or 0


# ---- content ----------------------------------------------------------------------------------
def test_file_report_holds_every_section_in_french(vault: Vault, person: int) -> None:
    text = render(vault, request(person, "file"))
    assert "Rapport d'accompagnement" in text
    assert "ȚURCANU Ștefan — Dossier n° D-2026-0007" in text
    assert "Période : du 1 janvier 2026 au 31 mars 2026" in text
    for heading in ("Identité", "Situation", "Foyer et entourage", "Problématiques sociales",
                    "Plan d'accompagnement", "Rendez-vous", "Notes de suivi",
                    "Démarches et droits obtenus", "Forfaits"):  # fmt: skip
        assert heading in text, heading
    assert text.index("Identité") < text.index("Notes de suivi") < text.index("Forfaits")
    assert "Logement (problématique principale), Surendettement" in text
    assert "Accéder à un logement décent" in text and "Dossier complet, en attente." in text
    assert "3 rendez-vous sur la période, dont 2 réalisé(s) (2 h)." in text
    assert "Atelier budget avec Gwendoline" in text and "avec RAVAJOUX Gwendoline" in text
    assert "1 droit(s) obtenu(s) sur la période, pour 607,00 € par mois" in text  # squeezed spaces
    assert "RSA-2026-77" in text
    assert PUBLIC in text and PRIVATE in text and "note privée" in text
    assert DRAFT in text and "brouillon, non finalisée" in text
    assert OLD not in text  # a note before the period
    assert CHILD in text and AUNT in text and "07 00 00 00 01" in text
    # page furniture and signature
    assert "Document confidentiel — secret professionnel" in text
    assert "Françoise Lefèvre — Assistante sociale" in text
    assert "Page 1 / " in text
    assert "Fait à Roubaix, le 2 avril 2026." in text and "Le travailleur social" in text


def test_person_report_leaves_private_notes_out(vault: Vault, person: int) -> None:
    text = render(vault, request(person, "person"))
    assert PUBLIC in text
    assert PRIVATE not in text and "note privée" not in text
    assert DRAFT not in text  # a draft is not final: only in the file report
    assert "Destiné à la personne accompagnée (droit d'accès)" in text
    # The people around the person are theirs to read; another person accompanied (met
    # at a group session) is not named: only a count.
    assert CHILD in text and AUNT in text
    assert OTHER_CLIENT.split()[0] not in text and "RAVAJOUX" not in text
    assert "avec 1 autre(s) participant(s)" in text
    assert "Atelier budget avec [participant(e)]" in text
    # Even a private note ticked by mistake stays out.
    with vault.uow() as uow:
        ids = tuple(c.id for c in report_note_choices(uow, person, START, END,
                                                      ReportAudience.CLIENT))  # fmt: skip
    assert PRIVATE not in render(vault, request(person, "person", note_ids=ids))


def test_partner_report_redacts_third_parties(vault: Vault, person: int) -> None:
    text = render(vault, request(person, "partner"))
    for name in (CHILD, AUNT, "Xandrelle", "Quorvak", "Pomerol", "RAVAJOUX", "Gwendoline",
                 "07 00 00 00 01"):  # fmt: skip
        assert name not in text, name
    assert "enfant (né(e) en 2015)" in text and "tante" in text
    assert "Vit avec sa fille [enfant] ; la tante [tante] aide." in text
    assert "Orienté(e) par Sa tante [tante]" in text
    # The person's contact details stay with the practitioner.
    assert "06 11 22 33 44" not in text and "stefan@example.org" not in text
    assert "12 rue des Écoles" not in text and "Roubaix" in text
    # No private note; no note text unless ticked: the list only.
    assert PRIVATE not in text and PUBLIC not in text
    assert "Seules les notes choisies par le professionnel sont transmises en entier." in text
    assert "Entretien" in text
    assert "270,00" not in text  # no prices


def test_partner_report_with_ticked_notes_scrubs_names_in_them(vault: Vault, person: int) -> None:
    with vault.uow() as uow:
        choices = report_note_choices(uow, person, START, END, ReportAudience.PARTNER)
        data = gather_client_report(uow, request(person, "partner", note_ids=tuple(
            c.id for c in choices)), today=TODAY)  # fmt: skip
    assert [(c.title, c.is_private, c.is_draft, c.allowed) for c in choices] == [
        ("Entretien", False, False, True),
        ("Réflexion", True, False, False),
        (DRAFT, False, True, False),  # no title: its first line; a draft is not passed on
    ]
    assert data.notes is not None and len(data.notes) == 1  # private and draft left out
    assert data.notes[0].body == f"{PUBLIC} Point sur le dossier, [enfant] va mieux."
    assert all(not p.name and not p.details for p in data.household or ())


def test_sections_not_asked_are_not_read(vault: Vault, person: int) -> None:
    req = request(person, "file", sections=(ReportSection.PACKAGES, ReportSection.IDENTITY))
    with vault.uow() as uow:
        data = gather_client_report(uow, req, today=TODAY)
    assert data.sections == (ReportSection.IDENTITY, ReportSection.PACKAGES)
    assert data.notes is None and data.household is None and data.appointments is None
    assert data.packages is not None and data.packages[0].units_used_in_period == 2
    text = render(vault, req)
    assert "Identité" in text and "Forfaits" in text and "Notes de suivi" not in text


# ---- fonts and languages -------------------------------------------------------------------
def test_report_fonts_are_embedded_and_romanian_reads_back(vault: Vault, person: int) -> None:
    with vault.uow() as uow:
        out = render_client_report(uow, request(person, "file", language="ro"), today=TODAY)
    reader = PdfReader(io.BytesIO(out.pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font  # fmt: skip
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    text = pdf_text(out.pdf, squeeze=True)
    assert "Raport de însoțire socială" in text
    assert "Perioada: 1 ianuarie 2026 – 31 martie 2026" in text
    assert "Document confidențial — secret profesional" in text
    assert "Problema principală" in text or "problema principală" in text
    assert "ȚURCANU Ștefan" in text and "Întocmit la Roubaix, la 2 aprilie 2026." in text
    assert "607,00 EUR" in text  # babel, ro_RO


def test_report_in_english(vault: Vault, person: int) -> None:
    text = render(vault, request(person, "person", language="en"))
    assert "Accompaniment report" in text and "Period: 1 January 2026 to 31 March 2026" in text
    assert "Confidential document — professional secrecy" in text


# ---- log ----------------------------------------------------------------------------------------
def test_preview_is_not_logged_but_a_written_report_is(
    vault: Vault, person: int, tmp_path: Path
) -> None:
    render(vault, request(person, "partner"))
    assert log_rows(vault) == 0
    out = tmp_path / "rapport.pdf"
    req = request(person, "partner", sections=DEFAULT_SECTIONS[ReportAudience.PARTNER])
    with vault.uow() as uow:
        result = write_client_report(uow, req, out, today=TODAY)
    assert out.read_bytes() == result.pdf
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert result.record is not None and result.record.kind is ReportKind.CLIENT_SUMMARY
    with vault.uow() as uow:
        log = client_report_log(uow, person)
        events = recent_events(uow, 5)
    assert [r.id for r in log] == [result.record.id]
    assert log[0].audience is ReportAudience.PARTNER
    assert (log[0].period_start, log[0].period_end) == (START, END)
    assert log[0].sections == ("identity", "social_issues", "plan", "demarches")
    export = events[0]
    assert export.action == AuditAction.EXPORT and export.object_id == person
    assert export.details["report_id"] == result.record.id
    dumped = json.dumps(export.details, ensure_ascii=False)
    for case_text in (PUBLIC, CHILD, "Țurcanu", "logement"):
        assert case_text not in dumped


def test_printing_logs_and_the_log_is_newest_first(vault: Vault, person: int) -> None:
    with vault.uow() as uow:
        first = log_client_report(uow, request(person, "file"))
        second = log_client_report(uow, request(person, "person"))
    with vault.uow() as uow:
        log = client_report_log(uow, person)
        assert recent_events(uow, 1)[0].action == AuditAction.PRINT
    assert [r.id for r in log] == [second.id, first.id]


# ---- bad input ------------------------------------------------------------------------------
BAD_REQUESTS: list[tuple[dict[str, object], str]] = [
    ({"period_start": END, "period_end": START}, "period_end"),
    ({"period_start": date(2010, 1, 1)}, "period_end"),  # more than ten years
    ({"sections": ()}, "sections"),
    ({"language": "de"}, "language"),
    ({"audience": ReportAudience.FUNDER}, "audience"),
]


def test_bad_requests_are_refused_clearly(vault: Vault, person: int, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    for changes, field in BAD_REQUESTS:
        bad = replace(request(person, "file"), **changes)  # type: ignore[arg-type]
        with vault.uow() as uow, pytest.raises(ValidationError) as caught:
            write_client_report(uow, bad, out, today=TODAY)
        assert field in caught.value.errors, changes
        with vault.uow() as uow, pytest.raises(ValidationError):
            render_client_report(uow, bad, today=TODAY)
    assert not out.exists() and log_rows(vault) == 0


def test_bad_audience_name_and_unknown_client(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        audience_from_name("judge")
    assert "person, partner or file" in caught.value.errors["audience"]
    out = tmp_path / "r.pdf"
    with vault.uow() as uow, pytest.raises(ClientNotFound):
        write_client_report(uow, request(999, "file"), out, today=TODAY)
    with vault.uow() as uow, pytest.raises(ClientNotFound):
        report_note_choices(uow, 999, START, END, ReportAudience.CLIENT)
    assert not out.exists() and log_rows(vault) == 0


def test_a_failed_write_logs_nothing(vault: Vault, person: int, tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "r.pdf"
    with pytest.raises(FileNotFoundError), vault.uow() as uow:
        write_client_report(uow, request(person, "file"), out, today=TODAY)
    assert log_rows(vault) == 0 and not out.exists()
