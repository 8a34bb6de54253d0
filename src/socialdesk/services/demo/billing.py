"""Step 6a: what is owed. Packages sold and consumed by done appointments, and billable
items for every other appointment done (plus kilometres, some late cancellations).

Each item or package sale becomes an :class:`Entry` that :mod:`.invoicing` groups into
monthly invoices per payer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo.context import at_local, table_of
from socialdesk.services.demo.facts import AppointmentFacts, ClientFacts, DemoState, ServiceFacts
from socialdesk.storage.orm import BillableItem, ClientPackage, PackageConsumption

Payer = tuple[str, Any]  # ("organization", org key) or ("person", client id)


@dataclass(slots=True)
class Entry:
    """One future invoice line: a billable item, or the sale of a package."""

    day: date
    payer: Payer
    client: ClientFacts | None
    service: ServiceFacts
    unit: str
    quantity_milli: int
    unit_price_cents: int
    label: str  # the line's text before the person's mention
    item_row: dict[str, Any] | None = None
    package_row: dict[str, Any] | None = None

    @property
    def net_cents(self) -> int:
        return (self.quantity_milli * self.unit_price_cents + 500) // 1000


def payer_of(client: ClientFacts) -> Payer:
    return ("organization", client.payer_org) if client.payer_org else ("person", client.id)


def quantity(service: ServiceFacts, minutes: int) -> int:
    return minutes * 1000 // 60 if service.unit == "hour" else 1000


def km_text(km_milli: int) -> str:
    whole, rest = divmod(km_milli // 100, 10)
    return f"{whole},{rest} km" if rest else f"{whole} km"


class Owed:
    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.rng = state.rng
        self.entries: list[Entry] = []
        self.covered: set[int] = set()
        self.package_rows: list[dict[str, Any]] = []
        self.consumption_rows: list[dict[str, Any]] = []
        self.item_rows: list[dict[str, Any]] = []
        self.clients = {c.id: c for c in state.clients}

    def packages(self) -> None:
        state, cal = self.state, self.state.cal
        done: dict[int, list[AppointmentFacts]] = defaultdict(list)
        for a in state.appointments:
            if a.status == "done" and not a.is_group and a.client_ids:
                done[a.client_ids[0]].append(a)
        for c in state.clients:
            if c.package is None:
                continue
            choice = c.package
            spec = cat.PACKAGES[choice.definition_index]
            service = state.services[spec.service]
            package_id = state.ids.take(table_of(ClientPackage))
            remaining = spec.units_milli
            for a in done[c.id]:
                if a.service != spec.service or not choice.sold <= a.day <= choice.valid_until:
                    continue
                if remaining == 0:
                    break
                units = min(quantity(service, a.minutes), remaining)  # the balance covers it
                remaining -= units
                self.covered.add(a.id)
                stamp = a.starts_at
                self.consumption_rows.append(
                    {
                        "id": state.ids.take(table_of(PackageConsumption)),
                        "client_package_id": package_id,
                        "appointment_id": a.id,
                        "consumed_date": a.day,
                        "units_milli": units,
                        "reason": None,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
            closed_reason = None
            if remaining == 0:
                status = "exhausted"
            elif (c.closed or c.paused_from) and c.span_end(cal.today) <= choice.valid_until:
                status = "closed"
                closed_reason = "Accompagnement terminé avant la fin du forfait"
            elif choice.valid_until < cal.today:
                status = "expired"
            else:
                status = "open"
            sold_at = at_local(choice.sold, 9 * 60)
            row = {
                "id": package_id,
                "client_id": c.id,
                "definition_id": state.package_definition_ids[choice.definition_index],
                "service_id": service.id,
                "payer_organization_id": state.orgs[c.payer_org].id if c.payer_org else None,
                "sold_date": choice.sold,
                "valid_until": choice.valid_until,
                "units_total_milli": spec.units_milli,
                "price_cents": spec.price_cents,
                "status": status,
                "closed_reason": closed_reason,
                "invoice_line_id": None,
                "created_at": sold_at,
                "updated_at": sold_at,
            }
            self.package_rows.append(row)
            self.entries.append(
                Entry(
                    choice.sold, payer_of(c), c, service, "flat", 1000, spec.price_cents,
                    f"Forfait « {spec.name} » — valable jusqu'au {choice.valid_until:%d/%m/%Y}",
                    package_row=row,
                )
            )  # fmt: skip

    def _item(
        self,
        a: AppointmentFacts | None,
        client: ClientFacts | None,
        payer: Payer,
        service: ServiceFacts,
        quantity_milli: int,
        label: str,
        day: date | None = None,
    ) -> None:
        """An item for appointment ``a``, or (``a`` None) entered by hand on ``day``."""
        state = self.state
        org_id = state.orgs[payer[1]].id if payer[0] == "organization" else None
        when = a.day if a is not None else day
        assert when is not None
        stamp = a.starts_at if a is not None else at_local(when, 17 * 60)
        row = {
            "id": state.ids.take(table_of(BillableItem)),
            "client_id": client.id if client else None,
            "appointment_id": a.id if a is not None else None,
            "service_id": service.id,
            "item_date": when,
            "quantity_milli": quantity_milli,
            "unit_price_cents": service.price_cents,
            "payer_organization_id": org_id,
            "invoice_line_id": None,
            "description": label,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.item_rows.append(row)
        self.entries.append(
            Entry(when, payer, client, service, service.unit, quantity_milli,
                  service.price_cents, label, item_row=row)
        )  # fmt: skip

    def reports(self) -> None:
        """Social reports written for a funder: billed by hand, without an appointment."""
        rng, cal, service = self.rng, self.state.cal, self.state.services["RAPPORT"]
        for client in self.state.clients:
            if client.payer_org is None or client.active_from is None or rng.random() > 0.1:
                continue
            last = min(client.span_end(cal.today), cal.today - timedelta(days=1))
            day = cal.pick(rng, max(client.active_from, cal.start), last)
            if day is not None:
                label = f"{service.name} — {day:%d/%m/%Y}"
                self._item(None, client, payer_of(client), service, 1000, label, day=day)

    def items(self) -> None:
        rng, services = self.rng, self.state.services
        for a in self.state.appointments:
            if a.service is None or a.id in self.covered:
                continue
            service = services[a.service]
            when = f"{a.day:%d/%m/%Y}"
            if a.status == "done":
                if a.group_billing:
                    label = f"{service.name} — {when} — {a.title}"
                    self._item(a, None, ("organization", a.payer_org), service, 1000, label)
                    continue
                for client_id, attendance in zip(a.client_ids, a.attendance, strict=True):
                    if attendance != "present":
                        continue
                    client = self.clients[client_id]
                    label = f"{service.name} — {when}"
                    self._item(
                        a, client, payer_of(client), service, quantity(service, a.minutes), label
                    )
                    if a.km_milli:
                        km = services["KM"]
                        self._item(a, client, payer_of(client), km, a.km_milli,
                                   f"Frais kilométriques ({km_text(a.km_milli)}) — {when}")  # fmt: skip
            elif a.status == "late_cancelled" and len(a.client_ids) == 1 and rng.random() < 0.6:
                client = self.clients[a.client_ids[0]]
                if client.payer_org is None:
                    label = f"Annulation tardive (moins de 24 h) — {service.name} — {when}"
                    self._item(
                        a, client, payer_of(client), service, quantity(service, a.minutes), label
                    )

    def insert_after_lines(self) -> None:
        """Packages, consumptions and items name invoice lines: written after them."""
        out = self.state.out
        out.insert(table_of(ClientPackage), self.package_rows)
        out.insert(table_of(PackageConsumption), self.consumption_rows)
        out.insert(table_of(BillableItem), self.item_rows)


def work_out_what_is_owed(state: DemoState) -> Owed:
    owed = Owed(state)
    owed.packages()
    owed.items()
    owed.reports()
    return owed
