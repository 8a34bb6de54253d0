"""Step 6b: invoices. What is owed is grouped by payer and month and invoiced on the
first open day of the following month: issued invoices get a gapless number in the
series of their year (F-2025-0001…), frozen seller and payer snapshots and a place in
the hash chain; a few are cancelled by a credit note (AV-2025-0001…); payments follow
(full, in two instalments, partial, or none yet). Last month's invoices not yet due to
be issued and a few of this month's stay drafts; the rest of this month is unbilled.

Every document is issued by the invoice service, like a real one: the demo writes the
drafts and their lines in bulk, then :func:`services.invoices.issue_invoices` issues them
in date order (mentions check, gapless number, frozen snapshots, hash chain — the same
code as the Issue button) and :func:`services.invoices.create_credit_note` issues the
credit notes. Payments follow, written in bulk against the numbers and due dates the
service gave.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo.billing import Entry, Owed, Payer
from socialdesk.services.demo.context import at_local, table_of, weighted
from socialdesk.services.demo.facts import DemoState
from socialdesk.services.invoices import IssueRequest, create_credit_note, issue_invoices
from socialdesk.storage.orm import Invoice, InvoiceLine, InvoiceSeries, Payment
from socialdesk.storage.uow import UnitOfWork

D = timedelta
PER_SESSION_SHARE = 0.3  # people paying for themselves invoiced at each session
CREDIT_REASONS = (
    "erreur sur le tarif appliqué",
    "prestation facturée deux fois",
    "erreur sur le destinataire de la facture",
)


@dataclass(slots=True)
class Bill:
    payer: Payer
    period: tuple[date, date]  # first and last day billed
    entries: list[Entry]
    issue_date: date | None = None  # None: stays a draft
    row: dict[str, Any] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)
    credits: Bill | None = None  # for a credit note: the invoice it cancels
    reason: str = ""  # for a credit note
    issued_at: datetime | None = None


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - D(1)


class Invoicing:
    def __init__(self, state: DemoState, owed: Owed, uow: UnitOfWork) -> None:
        self.state, self.owed, self.rng, self.uow = state, owed, state.rng, uow
        self.issued: list[Bill] = []
        self.drafts: list[Bill] = []
        self.credit_notes: list[Bill] = []
        self.series: dict[tuple[str, int], dict[str, Any]] = {}
        self.payments: list[dict[str, Any]] = []

    # ---- grouping ---------------------------------------------------------------------
    def _payer_sort(self, payer: Payer) -> tuple[int, str]:
        if payer[0] == "organization":
            return 0, self.state.orgs[payer[1]].name
        client = self.owed.clients[payer[1]]
        return 1, f"{client.last_name} {client.first_name} {client.id:08d}"

    def group(self) -> None:
        """Monthly invoices per payer; a share of the people who pay for themselves are
        invoiced at each session instead (handed over at the end of the meeting)."""
        cal, rng = self.state.cal, self.rng
        per_session = {c.id for c in self.state.clients if rng.random() < PER_SESSION_SHARE}
        groups: dict[tuple[Payer, date, date], list[Entry]] = {}
        for entry in self.owed.entries:
            if entry.payer[0] == "person" and entry.payer[1] in per_session:
                first = last = entry.day
            else:
                first, last = _month_bounds(entry.day.year, entry.day.month)
            groups.setdefault((entry.payer, first, last), []).append(entry)
        month_start = cal.today.replace(day=1)
        this_month: list[Bill] = []
        for (payer, first, last), entries in sorted(
            groups.items(), key=lambda kv: (kv[0][1], kv[0][2], self._payer_sort(kv[0][0]))
        ):
            entries.sort(key=lambda e: (e.day, e.label))
            bill = Bill(payer, (first, last), entries)
            if first == last:
                issue = first
            elif last >= month_start:
                this_month.append(bill)
                continue
            else:
                issue = cal.next_open(last + D(1))
            if issue < cal.today:
                bill.issue_date = issue
                self.issued.append(bill)
            else:
                self.drafts.append(bill)
        people = [b for b in this_month if b.payer[0] == "person"]
        if people:
            self.drafts.extend(rng.sample(people, min(len(people), max(2, len(people) // 10))))
        self.issued.sort(key=lambda b: (b.issue_date, self._payer_sort(b.payer)))

    # ---- rows ---------------------------------------------------------------------------
    def _series_for(self, kind: str, year: int) -> dict[str, Any]:
        key = (kind, year)
        if key not in self.series:
            letter = "F" if kind == "invoice" else "AV"
            self.series[key] = {
                "id": self.state.ids.take(table_of(InvoiceSeries)),
                "code": f"{letter}{year}",
                "prefix": f"{letter}-{year}-",
                "next_number": 1,
                "number_width": 4,
                "kind": kind,
                "description": f"{'Factures' if kind == 'invoice' else 'Avoirs'} {year}",
                "active": year == self.state.cal.today.year,
                "created_at": at_local(date(year, 1, 2), 9 * 60),
                "updated_at": at_local(date(year, 1, 2), 9 * 60),
            }
        return self.series[key]

    def _payer_snapshot(self, payer: Payer) -> str:
        if payer[0] == "organization":
            org = self.state.orgs[payer[1]]
            snapshot: dict[str, Any] = {
                "kind": "organization", "name": org.name, "address_line1": org.address_line1,
                "address_line2": None, "postal_code": org.postal_code, "city": org.city,
                "country": org.country, "legal_id": org.legal_id,
            }  # fmt: skip
        else:
            c = self.owed.clients[payer[1]]
            snapshot = {
                "kind": "person", "name": f"{c.civility or ''} {c.first_name} {c.last_name}".strip(),
                "address_line1": c.address_line1, "address_line2": c.address_line2,
                "postal_code": c.town.postal_code, "city": c.town.city, "country": c.country,
                "legal_id": None,
            }  # fmt: skip
        return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)

    def _build(self, bill: Bill, kind: str = "invoice") -> None:
        """The draft row and its lines (the service issues it later)."""
        state = self.state
        org = state.orgs[bill.payer[1]] if bill.payer[0] == "organization" else None
        name_persons = bool(org and org.name_persons)
        invoice_id = state.ids.take(table_of(Invoice))
        year = (bill.issue_date or state.cal.today).year
        created = at_local(bill.issue_date or bill.entries[-1].day, 8 * 60 + 45)
        for position, entry in enumerate(bill.entries, start=1):
            description = entry.label
            if org is not None and entry.client is not None:
                c = entry.client
                description += (
                    f" — {c.civility or ''} {c.last_name}"
                    if name_persons
                    else f" — dossier {c.file_number}"
                )
            line = {
                "id": state.ids.take(table_of(InvoiceLine)),
                "invoice_id": invoice_id,
                "position": position,
                "description": description,
                "service_id": entry.service.id,
                "unit": entry.unit,
                "service_date": entry.day,
                "quantity_milli": entry.quantity_milli,
                "unit_price_cents": entry.unit_price_cents,
                "vat_rate_bp": 0,
                "vat_exemption_reason": cat.VAT_FRANCHISE_MENTION,
                "line_net_cents": entry.net_cents,
                "line_vat_cents": 0,
                "accounting_account": cat.SALES_ACCOUNT,
                "created_at": created,
                "updated_at": created,
            }
            bill.lines.append(line)
            if entry.item_row is not None:
                entry.item_row["invoice_line_id"] = line["id"]
            if entry.package_row is not None:
                entry.package_row["invoice_line_id"] = line["id"]
        total = sum(line["line_net_cents"] for line in bill.lines)
        first, last = bill.period
        bill.row = {
            "id": invoice_id,
            "series_id": self._series_for(kind, year)["id"],
            "sequence_number": None,
            "number": None,
            "kind": kind,
            "credited_invoice_id": None,
            "status": "draft",
            "issue_date": None,
            "due_date": None,
            "period_start": first,
            "period_end": last,
            "payer_kind": bill.payer[0],
            "payer_organization_id": org.id if org else None,
            "payer_client_id": bill.payer[1] if org is None else None,
            "seller_snapshot": None,
            "payer_snapshot": None,
            "name_persons": name_persons,
            "currency": "EUR",
            "total_net_cents": total,
            "total_vat_cents": 0,
            "total_gross_cents": total,
            "paid_cents": 0,
            "previous_hash": None,
            "hash": None,
            "issued_at": None,
            "notes": None,
            "created_at": created,
            "updated_at": created,
        }

    def build(self) -> None:
        for bill in self.issued + self.drafts:
            self._build(bill)
        self._credit_notes()
        self._schedule()

    def _credit_notes(self) -> None:
        """A few invoices cancelled by a credit note some days later (issued by the
        service, which copies the invoice's lines; its items stay billed by the invoice)."""
        rng, cal = self.rng, self.state.cal
        candidates = [b for b in self.issued if b.issue_date and b.issue_date <= cal.today - D(40)]
        count = min(len(candidates), max(2, round(len(self.issued) * 0.002)))
        for original in sorted(rng.sample(candidates, count), key=lambda b: b.row["id"]):
            assert original.issue_date is not None
            day = cal.before_today(cal.next_open(original.issue_date + D(rng.randrange(5, 26))))
            note = Bill(original.payer, original.period, original.entries, day, credits=original)
            note.reason = f"Avoir pour {rng.choice(CREDIT_REASONS)}."
            self.credit_notes.append(note)

    def _schedule(self) -> list[Bill]:
        """Issue times (invoices at 9:00, credit notes at 11:00, seconds apart) and the
        width of each series' numbers; the documents in the order they are issued."""
        documents = self.issued + self.credit_notes
        per_day: dict[date, int] = {}
        count: dict[tuple[str, int], int] = {}
        for bill in documents:
            assert bill.issue_date is not None
            index = per_day[bill.issue_date] = per_day.get(bill.issue_date, 0) + 1
            hour = 9 if bill.credits is None else 11
            bill.issued_at = at_local(bill.issue_date, hour * 60) + D(seconds=index * 7)
            kind = "invoice" if bill.credits is None else "credit_note"
            key = (kind, bill.issue_date.year)
            count[key] = count.get(key, 0) + 1
            self._series_for(*key)
        for key, number in count.items():
            if number >= 10_000:
                self.series[key]["number_width"] = 5
        documents.sort(key=lambda b: b.issued_at or datetime.min)
        return documents

    def _issue(self) -> None:
        """Through the invoice service, in the order of the issue times: runs of invoices
        in one call, each credit note on its own."""
        uow, documents = self.uow, self._schedule()
        pending: list[IssueRequest] = []
        for bill in documents:
            assert bill.issue_date is not None
            if bill.credits is None:
                pending.append(IssueRequest(bill.row["id"], bill.issue_date, bill.issued_at))
                continue
            issue_invoices(uow, pending)
            pending = []
            view, _changes = create_credit_note(
                uow,
                bill.credits.row["id"],
                issue_date=bill.issue_date,
                reason=bill.reason,
                now=bill.issued_at,
            )
            bill.row = {"id": view.id, "number": view.number}
        issue_invoices(uow, pending)
        uow.session.flush()
        table = table_of(Invoice)
        issued_ids = {bill.row["id"]: bill for bill in self.issued}
        for row in uow.session.connection().execute(
            select(
                table.c.id, table.c.number, table.c.status, table.c.issue_date,
                table.c.due_date, table.c.updated_at, table.c.total_gross_cents,
            ).where(table.c.number.is_not(None), table.c.kind == "invoice")
        ):  # fmt: skip
            bill = issued_ids.get(row.id)  # type: ignore[assignment]
            if bill is not None:
                bill.row.update(row._mapping)
                # Last changed when issued (or paid, below), not when the demo was made.
                bill.row["updated_at"] = bill.issued_at

    def _payments(self) -> None:
        rng, cal, state = self.rng, self.state.cal, self.state
        for bill in self.issued:
            row = bill.row
            if row["status"] == "cancelled":
                continue
            due: date = row["due_date"]
            odds = (86, 7) if due < cal.today - D(15) else (35, 7)
            outcome = weighted(
                rng, (("paid", odds[0]), ("partial", odds[1]), ("unpaid", 100 - sum(odds)))
            )
            if outcome == "unpaid":
                continue
            gross = row["total_gross_cents"]
            if outcome == "partial":
                amounts = [max(100, gross * rng.randrange(30, 71) // 100 // 100 * 100)]
                if amounts[0] >= gross:
                    amounts = [gross // 2 or 1]
            elif gross >= 20_000 and rng.random() < 0.12:
                half = gross // 2
                amounts = [half, gross - half]
            else:
                amounts = [gross]
            issued: date = row["issue_date"]
            day = issued
            organization = bill.payer[0] == "organization"
            for amount in amounts:
                day = min(cal.today - D(1), day + D(rng.randrange(2, 40)))
                method = (
                    "transfer"
                    if organization
                    else weighted(
                        rng,
                        (
                            ("transfer", 45),
                            ("cheque", 25),
                            ("card", 15),
                            ("cash", 10),
                            ("other", 5),
                        ),
                    )
                )
                reference = {
                    "transfer": f"VIR {row['number']}",
                    "cheque": f"Chèque n° {rng.randrange(1_000_000, 9_999_999)}",
                    "card": "Paiement par carte (terminal)",
                }.get(method)
                stamp = at_local(day, 10 * 60)
                self.payments.append(
                    {
                        "id": state.ids.take(table_of(Payment)),
                        "invoice_id": row["id"],
                        "payment_date": day,
                        "amount_cents": amount,
                        "method": method,
                        "reference": reference,
                        "notes": None,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
                row["paid_cents"] += amount
                row["updated_at"] = max(row["updated_at"], stamp)
            row["status"] = "paid" if row["paid_cents"] == gross else "partially_paid"

    # ---- writing ------------------------------------------------------------------------
    def insert(self) -> None:
        """Drafts and lines in bulk, the items and packages they bill, then issue through
        the service, then the payments."""
        out = self.state.out
        bills = self.issued + self.drafts
        bills.sort(key=lambda b: b.row["id"])
        out.insert(table_of(InvoiceSeries), list(self.series.values()))
        out.insert(table_of(Invoice), [bill.row for bill in bills])
        out.insert(table_of(InvoiceLine), [line for bill in bills for line in bill.lines])
        self.owed.insert_after_lines()
        self._issue()
        self._payments()
        out.insert(table_of(Payment), self.payments)
        table = table_of(Invoice)
        columns = ("paid_cents", "status", "updated_at")
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({column: bindparam(f"b_{column}") for column in columns})
        )
        parameters = [
            {"b_id": bill.row["id"], **{f"b_{column}": bill.row[column] for column in columns}}
            for bill in self.issued
        ]
        for start in range(0, len(parameters), 5_000):
            out.connection.execute(statement, parameters[start : start + 5_000])


def write_invoices(state: DemoState, owed: Owed, uow: UnitOfWork) -> Invoicing:
    invoicing = Invoicing(state, owed, uow)
    invoicing.group()
    invoicing.build()
    invoicing.insert()
    return invoicing
