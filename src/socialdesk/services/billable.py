"""What an appointment costs once done: a package consumption or an item to bill.

``agenda.set_status`` calls :func:`on_status_changed`. A done appointment with a service
(or a no-show / late cancellation the billing policy charges) takes units from each
person's covering package; what no package covers becomes an unbilled item. A group
session billed "as a group" gives one item for the paying organization. Leaving that
status undoes it all, unless an item is already on an invoice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from socialdesk.domain.billable import (
    ITEM_PREFIX,
    PACKAGE_PREFIX,
    PayerGroup,
    ToBillEntry,
    amount_cents,
)
from socialdesk.domain.catalogue import from_milli
from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import (
    AppointmentStatus,
    AttendanceStatus,
    GroupBillingMode,
    PackageStatus,
    PayerKind,
    ServiceUnit,
)
from socialdesk.domain.errors import SocialDeskError
from socialdesk.domain.packages import BillingPolicy, PackageClosed
from socialdesk.i18n import _
from socialdesk.services.document_language import (
    DEFAULT_DOCUMENT_LANGUAGE,
    LANGUAGES,
    format_day,
    format_number,
    words_in,
)
from socialdesk.services.packages import billing_policy, covering_package, refresh_status
from socialdesk.services.profile import get_profile
from socialdesk.storage.orm import (
    Appointment,
    BillableItem,
    Client,
    ClientPackage,
    Organization,
    PackageConsumption,
    PackageDefinition,
    PractitionerProfile,
    Service,
)
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork

_NOT_ATTENDED = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


class AlreadyInvoiced(SocialDeskError):
    message = (
        "This appointment is already on an invoice: its status can no longer change and it "
        "cannot be deleted. Issue a credit note first, or delete the draft invoice."
    )


def charged(status: AppointmentStatus, policy: BillingPolicy) -> bool:
    """Whether an appointment in this status is paid for."""
    return (
        status is AppointmentStatus.DONE
        or (status is AppointmentStatus.NO_SHOW and policy.charge_no_show)
        or (status is AppointmentStatus.LATE_CANCELLED and policy.charge_late_cancellation)
    )


def quantity_milli(service: Service, row: Appointment) -> int:
    """Hours from the appointment's length; kilometres from its travel; else one."""
    unit = ServiceUnit(service.unit)
    if unit is ServiceUnit.HOUR:
        minutes = int((row.ends_at - row.starts_at).total_seconds() // 60)
        return (minutes * 1000 + 30) // 60
    if unit is ServiceUnit.KM:
        return row.travel_km_milli or 0
    return 1000


# Item texts become invoice lines: they are written in the document language (the
# profile's), not the UI's. One row per key: English, French, Romanian (LANGUAGES order).
LINE_WORDS: dict[str, tuple[str, str, str]] = {
    "no_show": (
        "{service} — {day} — no-show",
        "{service} — {day} — absence non excusée",
        "{service} — {day} — neprezentare",
    ),
    "late_cancelled": (
        "{service} — {day} — late cancellation",
        "{service} — {day} — annulation tardive",
        "{service} — {day} — anulare târzie",
    ),
    "travel": (
        "Travel expenses ({km}) — {day}",
        "Frais kilométriques ({km}) — {day}",
        "Cheltuieli de deplasare ({km}) — {day}",
    ),
    "package": ("Package \u201c{name}\u201d", "Forfait \u00ab\u00a0{name}\u00a0\u00bb",
                "Pachet \u201e{name}\u201d"),
    "package_until": (
        "Package \u201c{name}\u201d — valid until {day}",
        "Forfait \u00ab\u00a0{name}\u00a0\u00bb — valable jusqu'au {day}",
        "Pachet \u201e{name}\u201d — valabil până la {day}",
    ),
}  # fmt: skip


def line_language(uow: UnitOfWork) -> str:
    """The language of the lines written from now on: the profile's document language."""
    profile = uow.session.get(PractitionerProfile, PROFILE_ID)
    language = (profile.document_language if profile is not None else None) or ""
    return language if language in LANGUAGES else DEFAULT_DOCUMENT_LANGUAGE


def _km_text(km_milli: int, language: str) -> str:
    return f"{format_number(from_milli(km_milli), language, decimals=3)} km"


def _describe(
    service: Service, row: Appointment, day: date, status: AppointmentStatus, language: str
) -> str:
    word = words_in(LINE_WORDS, language)
    when = format_day(day, language)
    if status is AppointmentStatus.NO_SHOW:
        return word("no_show", service=service.name, day=when)
    if status is AppointmentStatus.LATE_CANCELLED:
        return word("late_cancelled", service=service.name, day=when)
    if (row.billing_mode is GroupBillingMode.GROUP or not row.participants) and row.title:
        return f"{service.name} — {when} — {row.title}"
    return f"{service.name} — {when}"


def _payer_org(row: Appointment, client: Client | None) -> int | None:
    if row.payer_organization_id is not None:
        return row.payer_organization_id
    if client is not None and client.default_payer_kind == PayerKind.ORGANIZATION:
        return client.default_payer_organization_id
    return None


def _km_service(uow: UnitOfWork) -> Service | None:
    return uow.session.scalars(
        select(Service)
        .where(Service.unit == ServiceUnit.KM, Service.active.is_(True))
        .order_by(Service.sort_order, Service.id)
        .limit(1)
    ).first()


def _local_day(uow: UnitOfWork, row: Appointment) -> date:
    try:
        zone = ZoneInfo(get_profile(uow).timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("Europe/Paris")
    return row.starts_at.astimezone(zone).date()


def on_status_changed(
    uow: UnitOfWork, row: Appointment, old: AppointmentStatus, new: AppointmentStatus
) -> bool:
    """Keep packages and items in step with an appointment's status. Returns whether
    anything billing-related changed. Raises AlreadyInvoiced (nothing changes) when the
    appointment's items are already invoiced."""
    old, new = AppointmentStatus(old), AppointmentStatus(new)
    if old == new:
        return False
    changed = undo_charges(uow, row)
    if row.service_id is not None and charged(new, billing_policy(uow)):
        changed = _charge(uow, row, new) or changed
    return changed


def on_attendance_changed(uow: UnitOfWork, row: Appointment) -> bool:
    """A person marked present or absent after the fact: a done appointment's items and
    consumptions follow (AlreadyInvoiced when they are on an invoice)."""
    status = AppointmentStatus(row.status)
    if status is not AppointmentStatus.DONE or row.service_id is None:
        return False
    changed = undo_charges(uow, row)
    return _charge(uow, row, status) or changed


def on_appointment_edited(uow: UnitOfWork, row: Appointment) -> bool:
    """A charged appointment edited (service, length, people, payer, km): its unbilled
    items and package units are worked out again. Items already invoiced stay as they
    are (the invoice is corrected by a credit note), so an edit is never refused."""
    status = AppointmentStatus(row.status)
    if not charged(status, billing_policy(uow)):
        return False
    session = uow.session
    items = session.scalars(select(BillableItem).where(BillableItem.appointment_id == row.id)).all()
    if any(item.invoice_line_id is not None for item in items):
        return False
    before = _charges(uow, row)
    try:
        undo_charges(uow, row)
    except PackageClosed:
        return False
    if row.service_id is not None:
        _charge(uow, row, status)
    return _charges(uow, row) != before


def _charges(uow: UnitOfWork, row: Appointment) -> set[tuple[object, ...]]:
    session = uow.session
    items = session.scalars(select(BillableItem).where(BillableItem.appointment_id == row.id))
    used = session.scalars(
        select(PackageConsumption).where(PackageConsumption.appointment_id == row.id)
    )
    return {
        *(
            (i.client_id, i.service_id, i.quantity_milli, i.unit_price_cents,
             i.payer_organization_id, i.item_date, i.description)
            for i in items
        ),
        *((c.client_package_id, c.units_milli, c.consumed_date, c.reason) for c in used),
    }  # fmt: skip


def undo_charges(uow: UnitOfWork, row: Appointment) -> bool:
    """Remove the appointment's package consumptions and unbilled items."""
    session = uow.session
    items = session.scalars(select(BillableItem).where(BillableItem.appointment_id == row.id)).all()
    if any(item.invoice_line_id is not None for item in items):
        raise AlreadyInvoiced()
    consumptions = session.scalars(
        select(PackageConsumption).where(PackageConsumption.appointment_id == row.id)
    ).all()
    packages = {c.client_package_id for c in consumptions}
    for package_id in packages:
        package = session.get(ClientPackage, package_id)
        if package is not None and package.status is PackageStatus.CLOSED:
            raise PackageClosed()
    for thing in (*items, *consumptions):
        session.delete(thing)
    session.flush()
    for package_id in packages:
        package = session.get(ClientPackage, package_id)
        if package is not None:
            refresh_status(uow, package)
    return bool(items or consumptions)


def _charge(uow: UnitOfWork, row: Appointment, status: AppointmentStatus) -> bool:
    session = uow.session
    service = session.get(Service, row.service_id)
    if service is None:
        return False
    quantity = quantity_milli(service, row)
    if quantity <= 0:
        return False
    day = _local_day(uow, row)
    language = line_language(uow)
    text = _describe(service, row, day, status, language)
    # (client, payer organization) of each item
    billed: list[tuple[Client | None, int | None]] = []
    as_group = row.billing_mode is GroupBillingMode.GROUP and (
        row.is_group or len(row.participants) != 1
    )
    # Work for an organization with nobody accompanied there (a workshop it ordered, a
    # partner meeting it pays): one item for it.
    for_org_alone = not row.participants and row.payer_organization_id is not None
    if as_group or for_org_alone:
        single = (
            session.get(Client, row.participants[0].client_id)
            if (len(row.participants) == 1)
            else None
        )
        billed.append((None, _payer_org(row, single)))
        session.add(_item(row, None, service, day, quantity, billed[0][1], text))
    else:
        for participant in row.participants:
            if status is AppointmentStatus.DONE and participant.attendance in _NOT_ATTENDED:
                continue
            client = session.get(Client, participant.client_id)
            if client is None:
                continue
            payer = _payer_org(row, client)
            billed.append((client, payer))
            left = _consume(uow, row, client.id, service, day, quantity, status)
            if left > 0:
                session.add(_item(row, client.id, service, day, left, payer, text))
    if status is AppointmentStatus.DONE and len(billed) == 1 and row.travel_km_milli:
        km = _km_service(uow) if ServiceUnit(service.unit) is not ServiceUnit.KM else None
        if km is not None:
            client, payer = billed[0]
            label = words_in(LINE_WORDS, language)(
                "travel",
                km=_km_text(row.travel_km_milli, language),
                day=format_day(day, language),
            )
            session.add(
                _item(
                    row, client.id if client else None, km, day, row.travel_km_milli, payer, label
                )
            )
    session.flush()
    return bool(billed)


def _consume(
    uow: UnitOfWork,
    row: Appointment,
    client_id: int,
    service: Service,
    day: date,
    quantity: int,
    status: AppointmentStatus,
) -> int:
    """Take the units from the client's covering package; returns what it did not cover."""
    found = covering_package(uow, client_id, service.id, day)
    if found is None:
        return quantity
    package, remaining = found
    taken = min(quantity, remaining)
    reason = None
    if status is AppointmentStatus.NO_SHOW:
        reason = _("No-show")
    elif status is AppointmentStatus.LATE_CANCELLED:
        reason = _("Late cancellation")
    uow.session.add(
        PackageConsumption(
            client_package_id=package.id,
            appointment_id=row.id,
            consumed_date=day,
            units_milli=taken,
            reason=reason,
        )
    )
    uow.session.flush()
    refresh_status(uow, package)
    return quantity - taken


def _item(
    row: Appointment,
    client_id: int | None,
    service: Service,
    day: date,
    quantity: int,
    payer_organization_id: int | None,
    description: str,
) -> BillableItem:
    return BillableItem(
        client_id=client_id,
        appointment_id=row.id,
        service_id=service.id,
        item_date=day,
        quantity_milli=quantity,
        unit_price_cents=service.unit_price_cents,
        payer_organization_id=payer_organization_id,
        description=description,
    )


# ---- "To bill" ----------------------------------------------------------------------------
def _payer_key(
    org_id: int | None, client_id: int | None
) -> tuple[PayerKind, int | None, int | None]:
    if org_id is not None:
        return PayerKind.ORGANIZATION, None, org_id
    return PayerKind.PERSON, client_id, None


def package_text(name: str, valid_until: date | None, language: str) -> str:
    """The invoice line of a package sale, in the document ``language``."""
    word = words_in(LINE_WORDS, language)
    if valid_until is None:
        return word("package", name=name)
    return word("package_until", name=name, day=format_day(valid_until, language))


def to_bill(
    uow: UnitOfWork, *, first: date | None = None, last: date | None = None
) -> list[PayerGroup]:
    """Unbilled items and package sales not yet on an invoice, dated within
    [first, last] (inclusive, both optional), grouped by payer (by name)."""
    session = uow.session
    item_query = (
        select(BillableItem, Service, Client)
        .join(Service, Service.id == BillableItem.service_id)
        .outerjoin(Client, Client.id == BillableItem.client_id)
        .where(BillableItem.invoice_line_id.is_(None))
    )
    package_query = (
        select(ClientPackage, Service, Client, PackageDefinition.name)
        .join(Service, Service.id == ClientPackage.service_id)
        .join(Client, Client.id == ClientPackage.client_id)
        .outerjoin(PackageDefinition, PackageDefinition.id == ClientPackage.definition_id)
        .where(ClientPackage.invoice_line_id.is_(None), ClientPackage.price_cents > 0)
    )
    if first is not None:
        item_query = item_query.where(BillableItem.item_date >= first)
        package_query = package_query.where(ClientPackage.sold_date >= first)
    if last is not None:
        item_query = item_query.where(BillableItem.item_date <= last)
        package_query = package_query.where(ClientPackage.sold_date <= last)
    grouped: dict[tuple[PayerKind, int | None, int | None], list[ToBillEntry]] = {}
    for item, service, client in session.execute(item_query).all():
        entry = ToBillEntry(
            key=f"{ITEM_PREFIX}{item.id}",
            item_id=item.id,
            package_id=None,
            client_id=item.client_id,
            client_name=display_name(client.last_name, client.first_name) if client else "",
            day=item.item_date,
            description=item.description or service.name,
            service_id=service.id,
            service_name=service.name,
            unit=ServiceUnit(service.unit),
            quantity=from_milli(item.quantity_milli),
            unit_price_cents=item.unit_price_cents,
            amount_cents=amount_cents(item.quantity_milli, item.unit_price_cents),
        )
        key = _payer_key(item.payer_organization_id, item.client_id)
        grouped.setdefault(key, []).append(entry)
    language = line_language(uow)
    for package, service, client, name in session.execute(package_query).all():
        entry = ToBillEntry(
            key=f"{PACKAGE_PREFIX}{package.id}",
            item_id=None,
            package_id=package.id,
            client_id=package.client_id,
            client_name=display_name(client.last_name, client.first_name),
            day=package.sold_date,
            description=package_text(name or service.name, package.valid_until, language),
            service_id=service.id,
            service_name=service.name,
            unit=ServiceUnit.FLAT,
            quantity=Decimal(1),
            unit_price_cents=package.price_cents,
            amount_cents=package.price_cents,
        )
        key = _payer_key(package.payer_organization_id, package.client_id)
        grouped.setdefault(key, []).append(entry)
    org_ids = [org for _kind, _client, org in grouped if org is not None]
    org_names: dict[int, str] = {}
    if org_ids:
        query = select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))
        org_names = {r.id: r.name for r in session.execute(query)}
    groups = []
    for (kind, client_id, org_id), entries in grouped.items():
        entries.sort(key=lambda e: (e.day, e.key))
        if org_id is not None:
            payer_name = org_names.get(org_id, "")
        else:
            payer_name = next((e.client_name for e in entries if e.client_id == client_id), "")
        groups.append(
            PayerGroup(
                payer_kind=kind,
                payer_client_id=client_id,
                payer_organization_id=org_id,
                payer_name=payer_name,
                entries=tuple(entries),
                total_cents=sum(e.amount_cents for e in entries),
            )
        )
    groups.sort(key=lambda g: (g.payer_missing, g.payer_name.casefold(), g.payer_kind))
    return groups


def unbilled_total_cents(uow: UnitOfWork) -> int:
    """What is still to bill: unbilled items and uninvoiced package sales."""
    session = uow.session
    items = session.scalar(
        select(
            func.coalesce(
                func.sum(
                    (BillableItem.quantity_milli * BillableItem.unit_price_cents + 500) // 1000
                ),
                0,
            )
        ).where(BillableItem.invoice_line_id.is_(None))
    )
    packages = session.scalar(
        select(func.coalesce(func.sum(ClientPackage.price_cents), 0)).where(
            ClientPackage.invoice_line_id.is_(None)
        )
    )
    return int(items or 0) + int(packages or 0)
