"""Done appointments that no package covers become items to bill: per person or one
for the group, the right payer, undone when the appointment leaves "done"."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from socialdesk.domain.agenda import AppointmentInput
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, AttendanceStatus, PayerKind
from socialdesk.domain.enums import GroupBillingMode as Mode
from socialdesk.domain.packages import BillingPolicy, PackageSaleInput
from socialdesk.services.agenda import delete_appointment, set_attendance, update_appointment
from socialdesk.services.billable import AlreadyInvoiced, to_bill, unbilled_total_cents
from socialdesk.services.packages import save_billing_policy, sell_package
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Appointment, BillableItem, Invoice, InvoiceLine, InvoiceSeries
from tests.services.billing_fixtures import (
    MONDAY,
    at,
    mark,
    new_appointment,
    new_client,
    new_offer,
    new_org,
    new_service,
)


def items(vault: Vault) -> list[tuple[int | None, int, int, int | None, str]]:
    """(client, service, quantity milli, payer organization, description) per item."""
    with vault.uow() as uow:
        rows = uow.session.scalars(select(BillableItem).order_by(BillableItem.id)).all()
        return [
            (
                r.client_id,
                r.service_id,
                r.quantity_milli,
                r.payer_organization_id,
                r.description or "",
            )
            for r in rows
        ]


def test_an_uncovered_done_appointment_becomes_an_item_and_undo_removes_it(vault: Vault) -> None:
    service = new_service(vault, price=6000)
    km = new_service(vault, code="KM", unit="km", price=60)
    client = new_client(vault)
    appointment = new_appointment(
        vault, at(MONDAY, 9), (client,), service, duration_minutes=45, travel_km=Decimal("12.5")
    )
    assert mark(vault, appointment, AppointmentStatus.DONE)
    assert items(vault) == [
        (client, service, 750, None, "Service ENT-1H — 02/02/2026"),
        (client, km, 12500, None, "Frais kilométriques (12,5 km) — 02/02/2026"),
    ]
    with vault.uow() as uow:
        row = uow.session.get(BillableItem, 1)
        assert row is not None and row.unit_price_cents == 6000
    assert mark(vault, appointment, AppointmentStatus.PLANNED)
    assert items(vault) == []


def test_no_service_no_item(vault: Vault) -> None:
    client = new_client(vault)
    appointment = new_appointment(vault, at(MONDAY, 9), (client,), None)  # type: ignore[arg-type]
    assert not mark(vault, appointment, AppointmentStatus.DONE)
    assert items(vault) == []


def test_payer_from_the_appointment_then_the_client(vault: Vault) -> None:
    service = new_service(vault)
    town, employer = new_org(vault), new_org(vault, "Employeur SA")
    paid_by_employer = new_client(vault, payer_org=employer)
    self_paying = new_client(vault, "Martin")
    first = new_appointment(vault, at(MONDAY, 9), (paid_by_employer,), service)
    second = new_appointment(vault, at(MONDAY, 11), (self_paying,), service)
    third = new_appointment(
        vault, at(MONDAY, 14), (self_paying,), service, payer_organization_id=town
    )
    for appointment in (first, second, third):
        mark(vault, appointment, AppointmentStatus.DONE)
    assert [(c, payer) for c, _s, _q, payer, _d in items(vault)] == [
        (paid_by_employer, employer),
        (self_paying, None),
        (self_paying, town),
    ]


def test_group_session_per_person_or_one_item_for_the_group(vault: Vault) -> None:
    workshop = new_service(vault, code="ATELIER", unit="session", price=2500)
    town = new_org(vault)
    a, b, c = new_client(vault, "A"), new_client(vault, "B"), new_client(vault, "C")
    per_person = new_appointment(
        vault,
        at(MONDAY, 9),
        (a, b, c),
        workshop,
        is_group=True,
        billing_mode=Mode.PER_PERSON,
    )
    with vault.uow() as uow:
        set_attendance(uow, per_person, b, AttendanceStatus.ABSENT)
    mark(vault, per_person, AppointmentStatus.DONE)
    assert [(client, q) for client, _s, q, _p, _d in items(vault)] == [(a, 1000), (c, 1000)]
    with vault.uow() as uow:  # told later that B came after all, and C did not
        set_attendance(uow, per_person, b, AttendanceStatus.PRESENT)
        _view, changes = set_attendance(uow, per_person, c, AttendanceStatus.ABSENT)
    assert changes.billing
    assert [(client, q) for client, _s, q, _p, _d in items(vault)] == [(a, 1000), (b, 1000)]
    mark(vault, per_person, AppointmentStatus.PLANNED)
    grouped = new_appointment(
        vault,
        at(MONDAY, 14),
        (a, b, c),
        workshop,
        is_group=True,
        title="Atelier budget",
        billing_mode=Mode.GROUP,
        payer_organization_id=town,
    )
    mark(vault, grouped, AppointmentStatus.DONE)
    assert items(vault) == [
        (None, workshop, 1000, town, "Service ATELIER — 02/02/2026 — Atelier budget")
    ]


def test_leaving_done_is_refused_once_invoiced(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    appointment = new_appointment(vault, at(MONDAY, 9), (client,), service)
    mark(vault, appointment, AppointmentStatus.DONE)
    with vault.uow() as uow:  # a draft invoice takes the item
        series = InvoiceSeries(code="F2026", prefix="F-2026-")
        invoice = Invoice(series=series, payer_client_id=client)
        line = InvoiceLine(
            invoice=invoice, position=1, description="x", quantity_milli=1000,
            unit_price_cents=6000, line_net_cents=6000,
        )  # fmt: skip
        uow.session.add_all([series, invoice, line])
        uow.session.flush()
        item = uow.session.scalars(select(BillableItem)).one()
        item.invoice_line_id = line.id
    with pytest.raises(AlreadyInvoiced):
        mark(vault, appointment, AppointmentStatus.PLANNED)
    with vault.uow() as uow:
        row = uow.session.get(Appointment, appointment)
        assert row is not None and row.status is AppointmentStatus.DONE
    assert len(items(vault)) == 1


def test_to_bill_groups_by_payer_with_a_period_filter(vault: Vault) -> None:
    service = new_service(vault, price=6000)
    town = new_org(vault)
    durand = new_client(vault)
    martin = new_client(vault, "Martin", payer_org=town)
    for day, client in ((0, durand), (1, martin), (2, durand), (40, durand)):
        appointment = new_appointment(
            vault, at(MONDAY + timedelta(days=day), 9), (client,), service
        )
        mark(vault, appointment, AppointmentStatus.DONE)
    offer = new_offer(vault, service, units="5", price=27000)
    with vault.uow() as uow:
        sell_package(
            uow,
            PackageSaleInput(
                client_id=martin, definition_id=offer, sold_date=MONDAY, payer_organization_id=town
            ),
            today=MONDAY,
        )
        groups = to_bill(uow, first=MONDAY, last=MONDAY + timedelta(days=30))
        total = unbilled_total_cents(uow)
    assert [(g.payer_name, g.payer_kind, len(g.entries), g.total_cents) for g in groups] == [
        ("DURAND Alice", PayerKind.PERSON, 2, 12000),
        ("Mairie de Lille", PayerKind.ORGANIZATION, 2, 27000 + 6000),
    ]
    town_group = groups[1]
    assert [e.key.split(":")[0] for e in town_group.entries] == ["package", "item"]
    assert town_group.entries[0].description.startswith(
        "Forfait \u00ab\u00a05 entretiens\u00a0\u00bb"
    )
    assert total == 4 * 6000 + 27000
    with vault.uow() as uow:
        assert sum(len(g.entries) for g in to_bill(uow)) == 5


def test_editing_a_done_appointment_updates_its_item(vault: Vault) -> None:
    service = new_service(vault, price=6000)
    client = new_client(vault)
    appointment = new_appointment(vault, at(MONDAY, 9), (client,), service)
    mark(vault, appointment, AppointmentStatus.DONE)

    def edit(**kw: object) -> bool:
        values: dict[str, object] = {
            "starts_at": at(MONDAY, 9),
            "duration_minutes": 60,
            "kind": AppointmentKind.OFFICE,
            "client_ids": (client,),
            "service_id": service,
        }
        values.update(kw)
        with vault.uow() as uow:
            _view, changes = update_appointment(
                uow,
                appointment,
                AppointmentInput(**values),
                allow_conflicts=True,  # type: ignore[arg-type]
            )
        return changes.billing

    assert not edit(note_short="Bien passé")
    assert edit(duration_minutes=90)
    assert [q for _c, _s, q, _p, _d in items(vault)] == [1500]


def test_deleting_a_charged_no_show_removes_its_item(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    with vault.uow() as uow:
        save_billing_policy(uow, BillingPolicy(charge_no_show=True))
    appointment = new_appointment(vault, at(MONDAY, 9), (client,), service)
    mark(vault, appointment, AppointmentStatus.NO_SHOW)
    assert [d for *_rest, d in items(vault)] == [
        "Service ENT-1H — 02/02/2026 — absence non excusée"
    ]
    with vault.uow() as uow:
        _count, changes = delete_appointment(uow, appointment)
    assert changes.billing
    assert items(vault) == []


def test_work_for_an_organization_with_nobody_accompanied(vault: Vault) -> None:
    workshop = new_service(vault, code="ATELIER-FORFAIT", unit="flat", price=24000)
    town = new_org(vault)
    meeting = new_appointment(
        vault,
        at(MONDAY, 14),
        (),
        workshop,
        kind=AppointmentKind.PARTNER_MEETING,
        title="Animation",
        payer_organization_id=town,
    )
    mark(vault, meeting, AppointmentStatus.DONE)
    assert items(vault) == [
        (None, workshop, 1000, town, "Service ATELIER-FORFAIT — 02/02/2026 — Animation")
    ]
    no_payer = new_appointment(
        vault, at(MONDAY, 17), (), workshop, kind=AppointmentKind.PARTNER_MEETING
    )
    mark(vault, no_payer, AppointmentStatus.DONE)
    assert len(items(vault)) == 1  # nobody to bill


def test_item_texts_follow_the_document_language_not_the_ui(vault: Vault) -> None:
    """The lines an item becomes are in the profile's document language, whatever the
    language of the screens."""
    from datetime import date

    from socialdesk.i18n import current_language, set_language
    from socialdesk.services.billable import LINE_WORDS, package_text
    from socialdesk.services.document_language import LANGUAGES
    from socialdesk.storage.orm import PractitionerProfile
    from socialdesk.storage.orm.profile import PROFILE_ID

    assert all(len(words) == len(LANGUAGES) for words in LINE_WORDS.values())
    day = date(2026, 3, 2)
    assert package_text("5 sessions", day, "en") == (
        "Package \u201c5 sessions\u201d — valid until 2 March 2026"
    )
    assert package_text("5 ședințe", day, "ro").endswith("valabil până la 02.03.2026")
    service = new_service(vault)
    client = new_client(vault)
    with vault.uow() as uow:
        save_billing_policy(uow, BillingPolicy(charge_no_show=True))
        profile = uow.session.get(PractitionerProfile, PROFILE_ID)
        if profile is None:
            profile = PractitionerProfile(id=PROFILE_ID)
            uow.session.add(profile)
        profile.document_language = "en"
    before = current_language()
    set_language("fr")  # French screens, English documents
    try:
        appointment = new_appointment(vault, at(MONDAY, 9), (client,), service)
        mark(vault, appointment, AppointmentStatus.NO_SHOW)
    finally:
        set_language(before)
    assert [d for *_rest, d in items(vault)] == ["Service ENT-1H — 2 February 2026 — no-show"]
