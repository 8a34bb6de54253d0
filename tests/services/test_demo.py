"""Demo data on real temporary encrypted vaults: what a small demo holds, that it is
consistent (working hours, invoices, notes, plans), deterministic, and never written over
existing data."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, func, select, text

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceStatus,
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    DemarcheStatus,
    GroupBillingMode,
    InvoiceKind,
    InvoiceStatus,
    ObjectiveStatus,
    PackageStatus,
    ReferralOutcome,
    TaskStatus,
)
from socialdesk.domain.invoicing import invoice_hash
from socialdesk.domain.profile import PractitionerProfile as ProfileDTO
from socialdesk.domain.profile import normalize_profile
from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.demo import (
    DEMO_PASSPHRASE,
    DemoSummary,
    DemoVaultNotEmpty,
    generate_demo,
    open_or_create_demo_vault,
)
from socialdesk.services.profile import get_profile
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    Base,
    CaseNote,
    CaseNoteRevision,
    Client,
    ClientContact,
    ClientPackage,
    Consent,
    Demarche,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Objective,
    PackageConsumption,
    Payment,
    Referral,
    Task,
)
from socialdesk.storage.search import search_clients, search_index_problems, search_notes
from socialdesk.storage.stats import record_counts
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date(2026, 11, 23)  # a Monday; the window spans two DST changes a year
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, DemoSummary]]:
    """One small demo shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    summary = generate_demo(vault, size="small", seed=7, today=TODAY)
    yield vault, summary
    vault.lock()


@pytest.fixture
def db(demo: tuple[Vault, DemoSummary]) -> Iterator[Connection]:
    with demo[0].engine.connect() as connection:
        yield connection


def _values(db: Connection, column: object) -> set[str]:
    return {str(v) for v in db.execute(select(column).distinct()).scalars()}  # type: ignore[call-overload]


# ---- what a small demo holds ----------------------------------------------------------
def test_small_demo_has_realistic_volumes(demo: tuple[Vault, DemoSummary]) -> None:
    vault, summary = demo
    counts = record_counts(vault.engine)

    assert summary.size == "small"
    assert summary.counts == counts
    assert counts["client"] == 50
    assert counts["appointment"] == 1_000
    assert counts["case_note"] == 2_500
    assert 200 <= counts["invoice"] <= 450
    expected = {
        "appointment_participant": (950, 1_300),
        "case_note_revision": (1_500, 2_500),
        "client_status_change": (90, 200),
        "household_member": (30, 150),
        "client_contact": (60, 200),
        "consent": (80, 250),
        "client_social_issue": (60, 200),
        "referral": (20, 120),
        "organization": (20, 40),
        "organization_contact": (20, 80),
        "objective": (30, 150),
        "evaluation": (30, 250),
        "demarche": (40, 200),
        "demarche_document": (100, 700),
        "task": (20, 150),
        "invoice_line": (500, 1_300),
        "billable_item": (500, 1_300),
        "payment": (150, 450),
        "client_package": (4, 12),
        "package_consumption": (5, 60),
        "recurrence_series": (3, 10),
        "indicator": (6, 30),
        "audit_event": (5, 60),
    }
    outside = {t: counts[t] for t, (low, high) in expected.items() if not low <= counts[t] <= high}
    assert outside == {}
    assert counts["practitioner_profile"] == 1
    assert counts["social_issue_type"] == 10
    assert counts["note_type"] >= 6
    assert counts["service"] >= 8


@pytest.mark.parametrize(
    ("column", "enum"),
    [
        (Client.status, ClientStatus),
        (Appointment.kind, AppointmentKind),
        (Appointment.status, AppointmentStatus),
        (Appointment.billing_mode, GroupBillingMode),
        (AppointmentParticipant.attendance, AttendanceStatus),
        (Objective.status, ObjectiveStatus),
        (Demarche.status, DemarcheStatus),
        (Task.status, TaskStatus),
        (ClientPackage.status, PackageStatus),
        (Invoice.status, InvoiceStatus),
        (Invoice.kind, InvoiceKind),
        (Referral.outcome, ReferralOutcome),
        (ClientContact.kind, ContactKind),
        (Consent.scope, ConsentScope),
        (Consent.how_obtained, ConsentMethod),
    ],
)
def test_every_status_appears(db: Connection, column: object, enum: type[StrEnum]) -> None:
    assert _values(db, column) == {member.value for member in enum}


def test_clients_are_french_and_belgian_with_national_formats(db: Connection) -> None:
    rows = db.execute(
        select(Client.country, Client.phone, Client.postal_code, Client.file_number)
    ).all()
    by_country = Counter(row.country for row in rows)

    assert set(by_country) == {"FR", "BE"}
    assert by_country["FR"] > by_country["BE"] > 0
    for row in rows:
        assert row.file_number[:2] == "D-" and row.file_number[6] == "-"
        if row.country == "FR":
            assert len(row.postal_code) == 5 and row.phone[0] == "0" and len(row.phone) == 14
        else:
            assert len(row.postal_code) == 4 and row.phone[0] == "0"


def test_a_few_files_have_no_consent_so_the_ui_warns(db: Connection) -> None:
    with_consent = db.execute(select(func.count(Consent.client_id.distinct()))).scalar_one()
    clients = db.execute(select(func.count()).select_from(Client)).scalar_one()

    assert 0 < clients - with_consent < clients // 5


def test_the_practitioner_profile_passes_the_profile_validation(
    demo: tuple[Vault, DemoSummary],
) -> None:
    with demo[0].uow() as uow:
        profile = get_profile(uow)

    assert isinstance(profile, ProfileDTO)
    assert normalize_profile(profile) == profile  # SIREN, SIRET, IBAN, BIC all valid
    assert profile.vat_status == "franchise" and profile.siret.startswith(profile.siren)


def test_nothing_was_written_in_the_future(demo: tuple[Vault, DemoSummary], db: Connection) -> None:
    tomorrow = datetime.combine(TODAY + timedelta(days=1), time(0), PARIS).astimezone(UTC)
    late = {}
    for table in Base.metadata.sorted_tables:
        for column in ("created_at", "updated_at", "signed_at", "issued_at", "at", "changed_at"):
            if column in table.c:
                latest = db.execute(select(func.max(table.c[column]))).scalar()
                if latest is not None and latest >= tomorrow:
                    late[f"{table.name}.{column}"] = latest
    assert late == {}


# ---- agenda -------------------------------------------------------------------------------
def test_appointments_are_within_working_hours_in_paris(db: Connection) -> None:
    rows = db.execute(select(Appointment.starts_at, Appointment.ends_at)).all()

    for starts_at, ends_at in rows:
        start, end = starts_at.astimezone(PARIS), ends_at.astimezone(PARIS)
        assert start.weekday() < 5, start
        assert start.date() == end.date()
        assert time(8, 30) <= start.time() and end.time() <= time(18, 30), (start, end)
        assert start < end


def test_nothing_is_done_in_the_future_and_nothing_planned_in_the_past(db: Connection) -> None:
    midnight = datetime.combine(TODAY, time(0), PARIS).astimezone(UTC)
    rows = db.execute(select(Appointment.status, Appointment.starts_at)).all()

    assert all(starts < midnight for status, starts in rows if status in ("done", "no_show"))
    assert all(starts >= midnight for status, starts in rows if status == "planned")
    past = [s for s, starts in rows if starts < midnight]
    assert Counter(past).most_common(1)[0][0] == "done"


def test_the_agenda_spans_two_years_and_two_months_ahead(db: Connection) -> None:
    starts = list(db.execute(select(Appointment.starts_at)).scalars())
    first_day, last_day = min(starts).date(), max(starts).date()

    assert first_day <= TODAY - timedelta(days=700)
    assert TODAY + timedelta(days=40) <= last_day <= TODAY + timedelta(days=62)


def test_group_sessions_have_several_participants(db: Connection) -> None:
    sizes = (
        db.execute(
            select(func.count(AppointmentParticipant.id))
            .join(Appointment, Appointment.id == AppointmentParticipant.appointment_id)
            .where(Appointment.is_group, Appointment.status == "done")
            .group_by(Appointment.id)
        )
        .scalars()
        .all()
    )
    assert sizes and max(sizes) >= 3


def test_recurring_occurrences_belong_to_their_series(db: Connection) -> None:
    rows = db.execute(
        select(Appointment.series_id, Appointment.series_occurrence, Appointment.starts_at).where(
            Appointment.series_id.is_not(None)
        )
    ).all()
    per_series = Counter(row.series_id for row in rows)

    assert len(per_series) >= 3
    assert all(row.series_occurrence == row.starts_at for row in rows)


# ---- notes -----------------------------------------------------------------------------
def test_notes_are_linked_to_done_appointments_and_signed_with_a_revision(db: Connection) -> None:
    linked_status = set(
        db.execute(
            select(Appointment.status)
            .join(CaseNote, CaseNote.appointment_id == Appointment.id)
            .distinct()
        ).scalars()
    )
    notes = db.execute(select(CaseNote)).all()
    revisions = {(r.note_id, r.revision): r for r in db.execute(select(CaseNoteRevision)).all()}

    assert linked_status == {"done"}
    signed = [n for n in notes if n.signed_at is not None]
    assert len(signed) > len(notes) // 2
    for note in signed:
        revision = revisions[(note.id, note.current_revision)]
        assert (revision.body, revision.title) == (note.body, note.title)
        assert note.signed_by and not note.is_draft
    assert any(n.current_revision == 2 for n in notes) or len(signed) < 300
    assert any(n.is_draft for n in notes) and any(n.is_private for n in notes)
    assert not any("lorem" in n.body.lower() or "{" in n.body for n in notes)


# ---- billing -------------------------------------------------------------------------------
def test_invoice_numbers_are_gapless_per_series(db: Connection) -> None:
    series = {s.id: s for s in db.execute(select(InvoiceSeries)).all()}
    numbers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for invoice in db.execute(select(Invoice).where(Invoice.number.is_not(None))).all():
        numbers[invoice.series_id].append((invoice.sequence_number, invoice.number))

    assert {s.prefix for s in series.values()} >= {f"F-{TODAY.year}-", f"F-{TODAY.year - 1}-"}
    for series_id, issued in numbers.items():
        issued.sort()
        s = series[series_id]
        assert [n for n, _ in issued] == list(range(1, len(issued) + 1))
        assert all(text == f"{s.prefix}{n:0{s.number_width}d}" for n, text in issued)
        assert s.next_number == len(issued) + 1


def test_invoice_totals_and_payments_add_up(db: Connection) -> None:
    lines: dict[int, list[int]] = defaultdict(list)
    for invoice_id, net, vat in db.execute(
        select(InvoiceLine.invoice_id, InvoiceLine.line_net_cents, InvoiceLine.line_vat_cents)
    ):
        lines[invoice_id].append(net + vat)
        assert vat == 0
    paid: Counter[int] = Counter()
    for invoice_id, amount in db.execute(select(Payment.invoice_id, Payment.amount_cents)):
        paid[invoice_id] += amount

    for invoice in db.execute(select(Invoice)).all():
        assert sum(lines[invoice.id]) == invoice.total_net_cents == invoice.total_gross_cents > 0
        assert invoice.paid_cents == paid[invoice.id]
        expected = {
            "paid": invoice.paid_cents == invoice.total_gross_cents,
            "partially_paid": 0 < invoice.paid_cents < invoice.total_gross_cents,
            "issued": invoice.paid_cents == 0,
            "cancelled": invoice.paid_cents == 0,
            "draft": invoice.paid_cents == 0 and invoice.number is None,
        }[invoice.status]
        assert expected, invoice


def test_lines_carry_the_vat_franchise_mention(db: Connection) -> None:
    reasons = _values(db, InvoiceLine.vat_exemption_reason)

    assert reasons == {"TVA non applicable, art. 293 B du CGI"}


def test_issued_invoices_are_frozen_and_chained_by_hash(db: Connection) -> None:
    invoices = [
        dict(row._mapping)
        for row in db.execute(select(Invoice).where(Invoice.number.is_not(None))).all()
    ]
    lines: dict[int, list[dict[str, object]]] = defaultdict(list)
    for row in db.execute(select(InvoiceLine)).all():
        lines[row.invoice_id].append(dict(row._mapping))
    invoices.sort(key=lambda i: i["issued_at"])

    previous = None
    for invoice in invoices:
        assert invoice["seller_snapshot"] and invoice["payer_snapshot"]
        assert invoice["previous_hash"] == previous
        assert invoice["hash"] == invoice_hash(previous, invoice, lines[invoice["id"]])
        previous = invoice["hash"]


def test_credit_notes_cancel_an_invoice_for_its_full_amount(db: Connection) -> None:
    credit_notes = db.execute(select(Invoice).where(Invoice.kind == "credit_note")).all()
    by_id = {i.id: i for i in db.execute(select(Invoice)).all()}

    assert 1 <= len(credit_notes) <= 4
    for note in credit_notes:
        original = by_id[note.credited_invoice_id]
        assert original.status == "cancelled"
        assert note.total_gross_cents == original.total_gross_cents
        assert note.issue_date >= original.issue_date


def test_packages_are_consumed_by_done_appointments_within_their_balance(db: Connection) -> None:
    packages = {p.id: p for p in db.execute(select(ClientPackage)).all()}
    used: Counter[int] = Counter()
    rows = db.execute(
        select(
            PackageConsumption.client_package_id, PackageConsumption.units_milli, Appointment.status
        ).join(Appointment, Appointment.id == PackageConsumption.appointment_id)
    ).all()
    for package_id, units, status in rows:
        assert status == "done"
        used[package_id] += units

    for package in packages.values():
        assert used[package.id] <= package.units_total_milli
        assert (package.status == "exhausted") == (used[package.id] == package.units_total_milli)
        assert package.invoice_line_id is not None


# ---- search, audit, last contact ---------------------------------------------------------
def test_the_demo_is_searchable_and_its_index_matches_the_rows(
    demo: tuple[Vault, DemoSummary], db: Connection
) -> None:
    triggers = set(
        db.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'trigger'").scalars()
    )
    name = db.execute(select(Client.last_name).order_by(Client.id).limit(1)).scalar_one()

    assert {"trg_client_fts_insert", "trg_case_note_fts_insert"} <= triggers
    assert search_index_problems(db) == []
    assert search_clients(db, name, limit=5)
    assert search_notes(db, "logement", limit=5)  # accent- and case-insensitive words


def test_audit_events_are_chained_by_the_audit_service(demo: tuple[Vault, DemoSummary]) -> None:
    with demo[0].uow() as uow:
        assert verify_chain(uow) is None
        actions = {event.action for event in recent_events(uow)}

    assert {"unlock", "backup", "export"} <= actions


def test_last_contact_is_the_latest_note_or_appointment_attended(db: Connection) -> None:
    latest: dict[int, datetime] = {}
    for client_id, day in db.execute(select(CaseNote.client_id, CaseNote.note_date)):
        instant = datetime.combine(day, time(12), UTC)
        latest[client_id] = max(latest.get(client_id, instant), instant)
    attended = (
        select(AppointmentParticipant.client_id, Appointment.starts_at)
        .join(Appointment, Appointment.id == AppointmentParticipant.appointment_id)
        .where(Appointment.status == "done", AppointmentParticipant.attendance == "present")
    )
    for client_id, starts_at in db.execute(attended):
        latest[client_id] = max(latest.get(client_id, starts_at), starts_at)

    for client_id, last_contact in db.execute(select(Client.id, Client.last_contact_at)):
        assert last_contact == latest.get(client_id), client_id


# ---- determinism, refusal, the demo vault -----------------------------------------------
def _fingerprint(vault: Vault) -> tuple[list[tuple[str, str, str]], list[str]]:
    with vault.engine.connect() as connection:
        clients = [
            tuple(row)
            for row in connection.execute(
                select(Client.file_number, Client.first_name, Client.last_name).order_by(Client.id)
            )
        ]
        bodies = list(connection.execute(select(CaseNote.body).order_by(CaseNote.id)).scalars())
    return clients, bodies  # type: ignore[return-value]


def test_the_same_seed_and_day_give_the_same_demo(vault: Vault, tmp_path: Path) -> None:
    other, _recovery = create_vault(tmp_path / "other.sdvault", PASSPHRASE, kdf_params=CHEAP_KDF)
    try:
        generate_demo(vault, seed=11, today=TODAY)
        generate_demo(other, seed=11, today=TODAY)

        assert _fingerprint(vault) == _fingerprint(other)
    finally:
        other.lock()


def test_another_seed_gives_other_people(vault: Vault, demo: tuple[Vault, DemoSummary]) -> None:
    generate_demo(vault, seed=8, today=TODAY)

    assert _fingerprint(vault)[0] != _fingerprint(demo[0])[0]


def test_a_vault_that_holds_data_is_refused_and_left_untouched(vault: Vault) -> None:
    generate_demo(vault, today=TODAY)
    before = record_counts(vault.engine)

    with pytest.raises(DemoVaultNotEmpty) as raised:
        generate_demo(vault, today=TODAY)

    assert "already holds data" in str(raised.value)
    assert record_counts(vault.engine) == before


def test_a_failure_half_way_leaves_the_vault_empty_and_searchable(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialdesk.services.demo import generate as generator

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full half-way")

    monkeypatch.setattr(generator, "write_plans", broken)
    with vault.engine.connect() as connection:
        triggers_before = sorted(
            connection.exec_driver_sql("SELECT sql FROM sqlite_schema WHERE type = 'trigger'")
            .scalars()
            .all()
        )

    with pytest.raises(RuntimeError, match="half-way"):
        generate_demo(vault, today=TODAY)

    counts = record_counts(vault.engine)
    with vault.engine.connect() as connection:
        triggers_after = sorted(
            connection.exec_driver_sql("SELECT sql FROM sqlite_schema WHERE type = 'trigger'")
            .scalars()
            .all()
        )
    assert counts["client"] == counts["case_note"] == counts["appointment"] == 0
    assert triggers_after == triggers_before
    monkeypatch.undo()
    generate_demo(vault, today=TODAY)  # the vault can still be filled afterwards


def test_an_unknown_size_is_refused(vault: Vault) -> None:
    with pytest.raises(ValueError, match="small"):
        generate_demo(vault, size="huge")


def test_the_large_code_path_runs_at_a_small_scale(vault: Vault) -> None:
    summary = generate_demo(vault, size="large", today=TODAY, _scale=0.012)

    assert summary.size == "large"
    assert summary.counts["client"] == 60
    assert summary.counts["appointment"] == 1_200
    assert summary.counts["case_note"] == 3_000


def test_open_or_create_demo_vault_creates_then_reopens(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "socialdesk-demo.sdvault"

    created = open_or_create_demo_vault(path, kdf_params=CHEAP_KDF)
    first = _fingerprint(created)
    created.lock()
    reopened = open_or_create_demo_vault(path, kdf_params=CHEAP_KDF)
    try:
        assert _fingerprint(reopened) == first
        assert len(first[0]) == 50
    finally:
        reopened.lock()
    assert len(DEMO_PASSPHRASE) >= 12


def test_a_few_notes_carry_fictitious_pdf_letters(demo: tuple[Vault, DemoSummary]) -> None:
    import hashlib

    from socialdesk.services.attachments import list_attachments, read_attachment

    vault, _summary = demo
    with vault.uow() as uow:
        client_ids = (
            uow.session.execute(text("SELECT DISTINCT client_id FROM attachment")).scalars().all()
        )
        assert len(client_ids) >= 3
        infos = list_attachments(uow, client_id=client_ids[0])
        assert infos and all(i.note_id is not None for i in infos)
        info, data = read_attachment(uow, infos[0].id)
    assert data.startswith(b"%PDF") and info.mime == "application/pdf"
    assert info.size_bytes == len(data)
    with vault.uow() as uow:
        stored = uow.session.execute(
            text("SELECT sha256 FROM attachment WHERE id = :i"), {"i": info.id}
        ).scalar_one()
    assert stored == hashlib.sha256(data).hexdigest()


def test_the_demo_vault_has_its_french_typology_whatever_the_ui_language(tmp_path: Path) -> None:
    from socialdesk.services.clients import list_social_issue_types
    from socialdesk.services.demo import open_or_create_demo_vault
    from tests.conftest import CHEAP_KDF

    vault = open_or_create_demo_vault(tmp_path / "demo.sdvault", kdf_params=CHEAP_KDF)
    try:
        with vault.uow() as uow:
            labels = {t.code: t.label for t in list_social_issue_types(uow)}
    finally:
        vault.lock()
    assert labels["housing"] == "Logement"
