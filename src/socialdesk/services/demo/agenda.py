"""Step 3: the agenda over the last two years and the next two months.

Every appointment starts and ends within working hours (Monday to Friday, 8:30–18:30,
Europe/Paris wall clock, stored UTC), on a day the practice is open; occurrences of a
recurring series that fall on a closed day are kept, cancelled. Past appointments are
mostly done, some cancelled, cancelled late or missed; future ones are planned. Slots are
chosen free when the day has room (the large demo, ~190 appointments a working day,
cannot avoid overlaps).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from socialdesk.domain.recurrence import until_instant
from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo import network as net
from socialdesk.services.demo import phrases as ph
from socialdesk.services.demo.context import (
    DAY_START,
    PRACTICE_ZONE,
    QUARTER,
    QUARTERS_PER_DAY,
    apportion,
    at_local,
    table_of,
    weighted,
)
from socialdesk.services.demo.facts import AppointmentFacts, ClientFacts, DemoState
from socialdesk.storage.orm import Appointment, AppointmentParticipant, RecurrenceSeries

D = timedelta
CLIENT_KINDS = (
    ("office", 44),
    ("home_visit", 18),
    ("phone", 17),
    ("video", 7),
    ("accompaniment", 8),
)
DURATIONS: dict[str, tuple[tuple[int, int], ...]] = {
    "office": ((45, 2), (60, 6), (90, 2)),
    "home_visit": ((60, 4), (90, 5), (120, 1)),
    "phone": ((15, 3), (30, 6), (45, 1)),
    "video": ((30, 3), (45, 3), (60, 4)),
    "accompaniment": ((90, 3), (120, 5), (180, 2)),
    "partner_meeting": ((60, 5), (90, 4), (120, 1)),
    "admin": ((30, 2), (60, 4), (120, 3), (180, 1)),
}
PAST_STATUS = (("done", 85), ("cancelled", 6), ("late_cancelled", 4), ("no_show", 5))
FUTURE_STATUS = (("planned", 94), ("cancelled", 6))
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR")
OFFICE_PLACE = "Cabinet — 27 rue de l'Épeule, Roubaix"
GROUP_PLACE = "Salle polyvalente, maison de quartier de l'Épeule, Roubaix"
TITLES = {
    "office": "Entretien de suivi",
    "home_visit": "Visite à domicile",
    "phone": "Point téléphonique",
    "video": "Entretien en visioconférence",
}


class Agenda:
    """Builds the appointments; :meth:`insert` writes them in start order."""

    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.rng: Random = state.rng
        self.busy: dict[date, bytearray] = {}
        self.items: list[tuple[AppointmentFacts, dict[str, Any]]] = []
        self.series_rows: list[dict[str, Any]] = []
        self.participant_rows: list[dict[str, Any]] = []

    # ---- slots ------------------------------------------------------------------------
    def _mark(self, day: date, start: int, quarters: int) -> None:
        slots = self.busy.setdefault(day, bytearray(QUARTERS_PER_DAY))
        slots[start : start + quarters] = b"\x01" * quarters

    def book(self, first: date, last: date, minutes: int) -> tuple[date, int] | None:
        """A day in ``[first, last]`` and a start (minutes after midnight) with room."""
        rng, quarters = self.rng, minutes // QUARTER
        choice: tuple[date, int] | None = None
        for _ in range(4):
            day = self.state.cal.pick(rng, first, last)
            if day is None:
                return None
            start = int(rng.random() * (QUARTERS_PER_DAY - quarters + 1))
            if start % 2 and rng.random() < 0.75:
                start -= 1  # most meetings start on the hour or half hour
            choice = (day, start)
            slots = self.busy.get(day)
            if slots is None or slots.count(0, start, start + quarters) == quarters:
                break
        assert choice is not None
        self._mark(choice[0], choice[1], quarters)
        return choice[0], DAY_START + choice[1] * QUARTER

    # ---- one appointment ----------------------------------------------------------------
    def add(
        self,
        *,
        day: date,
        minute: int,
        minutes: int,
        kind: str,
        clients: Sequence[ClientFacts],
        title: str,
        place: str | None,
        service: str | None,
        payer: str | None,
        status: str | None = None,
        series: tuple[int, datetime] | None = None,
        is_group: bool = False,
        group_billing: bool = False,
        travel_minutes: int | None = None,
        cancel_reason: str | None = None,
    ) -> None:
        rng, cal = self.rng, self.state.cal
        starts, ends = at_local(day, minute), at_local(day, minute + minutes)
        if status is None:
            status = weighted(rng, PAST_STATUS if day < cal.today else FUTURE_STATUS)
            if not clients and status == "no_show":
                status = "done"
        cancelled_at = None
        if status == "cancelled":
            if day >= cal.today:
                cancelled_at = at_local(cal.today - D(rng.randrange(1, 6)), DAY_START + 60)
            else:
                cancelled_at = starts - D(days=rng.randrange(2, 12), minutes=rng.randrange(600))
            cancel_reason = cancel_reason or rng.choice(ph.CANCEL_REASONS)
        elif status == "late_cancelled":
            cancelled_at = starts - D(minutes=rng.randrange(45, 20 * 60))
            cancel_reason = rng.choice(ph.LATE_CANCEL_REASONS)
        if status == "done" and is_group:
            attendance = tuple(
                weighted(rng, (("present", 85), ("absent", 10), ("excused", 5))) for _ in clients
            )
        else:
            single = {"done": "present", "planned": "expected", "no_show": "absent"}
            attendance = tuple(single.get(status, "excused") for _ in clients)
        km_milli = None
        if travel_minutes is not None:
            km_milli = int(travel_minutes * rng.uniform(0.4, 0.9) * 1000) // 100 * 100
        facts = AppointmentFacts(
            id=0,
            day=day,
            starts_at=starts,
            ends_at=ends,
            minutes=minutes,
            kind=kind,
            status=status,
            client_ids=tuple(c.id for c in clients),
            attendance=attendance,
            service=service,
            payer_org=payer,
            title=title,
            is_group=is_group,
            group_billing=group_billing,
            km_milli=km_milli,
        )
        booked = min(day - D(days=1 + int(rng.random() * 21)), cal.today - D(days=1))
        created = at_local(booked, minute)  # booked days or weeks before, never in the future
        updated = {"done": ends, "planned": created}.get(status, cancelled_at or ends)
        orgs = self.state.orgs
        row = {
            "starts_at": starts,
            "ends_at": ends,
            "kind": kind,
            "status": status,
            "title": title,
            "place": place,
            "service_id": self.state.services[service].id if service else None,
            "travel_minutes": travel_minutes,
            "travel_km_milli": km_milli,
            "note_short": rng.choice(ph.APPOINTMENT_MEMOS)
            if clients and rng.random() < 0.12
            else None,
            "reminder_minutes": 1440 if clients and rng.random() < 0.4 else None,
            "series_id": series[0] if series else None,
            "series_occurrence": series[1] if series else None,
            "is_group": is_group,
            "billing_mode": "group" if group_billing else "per_person",
            "payer_organization_id": orgs[payer].id if payer else None,
            "cancelled_at": cancelled_at,
            "cancellation_reason": cancel_reason if cancelled_at else None,
            "created_at": min(created, cancelled_at or created),
            "updated_at": updated,
        }
        self.items.append((facts, row))

    # ---- recurring series -------------------------------------------------------------
    def _series(
        self,
        days: list[date],
        minute: int,
        minutes: int,
        rrule: str,
        *,
        titles: Sequence[str],
        clients_for: Callable[[date], Sequence[ClientFacts]],
        until_last_day: bool = False,
        **kwargs: Any,
    ) -> None:
        """A series whose occurrences are ``days`` at ``minute`` (Paris wall clock, so
        10:00 stays 10:00 across DST); occurrences on a closed day are cancelled. It is
        bounded by its count, or with ``until_last_day`` by the end of its last day (an
        RFC 5545 UNTIL in UTC, as the agenda writes it)."""
        rng, cal = self.rng, self.state.cal
        series_id = self.state.ids.take(table_of(RecurrenceSeries))
        first, last = at_local(days[0], minute), at_local(days[-1], minute)
        set_up = min(days[0] - D(days=rng.randrange(3, 15)), cal.today - D(days=1))
        until = until_instant(days[-1], PRACTICE_ZONE) if until_last_day else None
        bound = f"UNTIL={until:%Y%m%dT%H%M%SZ}" if until else f"COUNT={len(days)}"
        self.series_rows.append(
            {
                "id": series_id,
                "rrule": f"{rrule};{bound}",
                "dtstart": first,
                "until": until,
                "count": None if until else len(days),
                "timezone": "Europe/Paris",
                "duration_minutes": minutes,
                "materialized_until": last,
                "created_at": at_local(set_up, DAY_START),
                "updated_at": at_local(set_up, DAY_START),
            }
        )
        for i, day in enumerate(days):
            closed = not cal.is_open(day)
            self._mark(day, (minute - DAY_START) // QUARTER, minutes // QUARTER)
            self.add(
                day=day,
                minute=minute,
                minutes=minutes,
                clients=clients_for(day),
                title=titles[i % len(titles)],
                series=(series_id, at_local(day, minute)),
                status="cancelled" if closed else None,
                cancel_reason=ph.CLOSED_DAY_REASON if closed else None,
                **kwargs,
            )

    def _monthly_days(self, weekday: int, nth: int) -> list[date]:
        """The ``nth`` ``weekday`` of every month of the window (RRULE BYDAY=2TH…)."""
        cal, days = self.state.cal, []
        year, month = cal.start.year, cal.start.month
        while date(year, month, 1) <= cal.end:
            first = date(year, month, 1)
            day = first + D(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            if cal.start <= day <= cal.end and day.month == month:
                days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days

    def group_sessions(self) -> None:
        """Monthly collective workshops; the first one is commissioned (billed as a
        whole) by the CCAS, the others are billed per participant (at least one of each,
        so even the small demo shows both billing modes of a group session)."""
        state, rng = self.state, self.rng
        count = max(2, state.sizes.clients // 40)
        state.group_series = count
        clients = state.clients

        def participants(day: date) -> list[ClientFacts]:
            pool = rng.sample(clients, min(len(clients), 40))
            active = [
                c for c in pool
                if c.active_from and c.active_from <= day <= c.span_end(state.cal.end)
            ]  # fmt: skip
            return active[: rng.randrange(3, 9)]

        for g in range(count):
            weekday, nth = (1, 3)[g % 2], 1 + (g // 2) % 4
            minute = (14 * 60, 9 * 60 + 30)[(g // 8) % 2]
            shift = rng.randrange(len(ph.GROUP_THEMES))
            themes = ph.GROUP_THEMES[shift:] + ph.GROUP_THEMES[:shift]
            billed_whole = g == 0
            self._series(
                self._monthly_days(weekday, nth),
                minute,
                120,
                f"FREQ=MONTHLY;BYDAY={nth}{WEEKDAY_CODES[weekday]}",
                titles=[f"Atelier collectif — {theme}" for theme in themes],
                clients_for=participants,
                kind="office",
                place=GROUP_PLACE,
                service="ATELIER-FORFAIT" if billed_whole else "ATELIER",
                payer="ccas" if billed_whole else None,
                is_group=True,
                group_billing=billed_whole,
            )

    def supervision(self) -> None:
        self._series(
            self._monthly_days(0, 1),
            9 * 60,
            120,
            "FREQ=MONTHLY;BYDAY=1MO",
            titles=["Supervision — analyse des pratiques"],
            clients_for=lambda _day: (),
            kind="admin",
            place="Lille",
            service=None,
            payer=None,
        )

    def client_series(self, client: ClientFacts) -> int:
        """Weekly or fortnightly meetings for a while; returns how many were made."""
        rng, cal = self.rng, self.state.cal
        assert client.active_from is not None
        end = client.span_end(cal.end)
        start = cal.pick(rng, max(client.active_from, cal.start), end - D(60))
        if start is None:
            return 0
        interval = rng.choice((1, 2))
        days = []
        for k in range(rng.randrange(4, 11)):
            day = start + D(weeks=k * interval)
            if day > end:
                break
            days.append(day)
        if len(days) < 2:
            return 0
        kind = weighted(rng, (("office", 3), ("phone", 1)))
        minute = rng.randrange(9, 17) * 60
        minutes = 30 if kind == "phone" else 60
        rrule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={WEEKDAY_CODES[start.weekday()]}"
        self._series(
            days,
            minute,
            minutes,
            rrule.replace("INTERVAL=1;", ""),
            titles=[TITLES[kind]],
            clients_for=lambda _day: (client,),
            until_last_day=interval == 2,  # fortnightly ones end on a date, weekly after N
            kind=kind,
            place=OFFICE_PLACE if kind == "office" else None,
            service=cat.SERVICE_FOR_KIND[kind],
            payer=client.payer_org,
        )
        return len(days)

    def use_up_package(self, client: ClientFacts) -> None:
        """Enough hour-long meetings, done, to consume the client's package."""
        cal, package = self.state.cal, client.package
        assert package is not None
        spec = cat.PACKAGES[package.definition_index]
        last = min(package.valid_until, client.span_end(cal.end), cal.today - D(1))
        for _ in range(-(-spec.units_milli // 1000)):
            slot = self.book(package.sold, last, 60)
            if slot is None:
                return
            self.add(
                day=slot[0], minute=slot[1], minutes=60, kind="office", clients=(client,),
                title=TITLES["office"], place=OFFICE_PLACE, service=spec.service,
                payer=client.payer_org, status="done",
            )  # fmt: skip

    # ---- one-off appointments -----------------------------------------------------------
    def admin_and_meetings(self, count: int) -> None:
        state, rng, cal = self.state, self.rng, self.state.cal
        partners = [o for o in state.orgs.values() if o.role != "payer"]
        for i in range(count):
            kind = "admin" if i % 2 else "partner_meeting"
            minutes = weighted(rng, DURATIONS[kind])
            client: ClientFacts | None = None
            first, last = cal.start, cal.end
            if kind == "partner_meeting" and rng.random() < 0.5:
                client = rng.choice(state.clients)
                first = max(cal.start, client.active_from or client.intake)
                last = client.span_end(cal.end)
            slot = self.book(first, last, minutes)
            if slot is None:
                continue
            if kind == "admin":
                title, place = rng.choice(ph.ADMIN_TITLES), OFFICE_PLACE
            else:
                org = rng.choice(partners)
                title = rng.choice(ph.PARTNER_MEETING_TITLES).format(org=org.name)
                place = f"{org.address_line1}, {org.city}"
            self.add(
                day=slot[0], minute=slot[1], minutes=minutes, kind=kind,
                clients=(client,) if client else (), title=title, place=place,
                service=None, payer=None,
            )  # fmt: skip

    def client_appointment(
        self, client: ClientFacts, first: date, last: date, *, opening: bool = False
    ) -> None:
        state, rng = self.state, self.rng
        kind = "office" if opening else weighted(rng, CLIENT_KINDS)
        package = client.package
        if not opening and package is not None and package.regular and rng.random() < 0.5:
            # A package is bought for a stretch of regular meetings at the office.
            window = max(first, package.sold), min(last, package.valid_until)
            if window[0] <= window[1]:
                first, last = window
                kind = "office"
        minutes = 60 if opening else weighted(rng, DURATIONS[kind])
        slot = self.book(first, last, minutes)
        if slot is None:
            return
        day, minute = slot
        service = cat.SERVICE_FOR_KIND[kind]
        if package is not None and kind == "office" and package.sold <= day <= package.valid_until:
            service = cat.PACKAGES[package.definition_index].service
        if opening and rng.random() < 0.3:
            service = "BILAN"  # the first meeting billed as a full social assessment
        travel: int | None = None
        if kind == "home_visit" or (kind == "accompaniment" and rng.random() < 0.6):
            travel = rng.randrange(2, 9) * 5
        if opening:
            title = "Premier entretien — évaluation de la situation"
            place: str | None = OFFICE_PLACE
        elif kind == "accompaniment":
            key = rng.choice(net.PARTNERS_BY_ISSUE[client.country][client.issues[0]])
            org = state.orgs[key]
            title, place = f"Accompagnement — {org.name}", f"{org.address_line1}, {org.city}"
        else:
            title = TITLES[kind]
            place = {
                "office": OFFICE_PLACE,
                "home_visit": f"{client.address_line1}, {client.town.city}",
                "video": "Visioconférence",
            }.get(kind)
        self.add(
            day=day, minute=minute, minutes=minutes, kind=kind, clients=(client,), title=title,
            place=place, service=service, payer=client.payer_org, travel_minutes=travel,
        )  # fmt: skip

    # ---- writing --------------------------------------------------------------------
    def finish(self) -> None:
        """Ids in start order, participants, and each client's last contact (the last
        appointment done that the client attended)."""
        state = self.state
        self.items.sort(key=lambda item: item[0].starts_at)
        table, participant_table = table_of(Appointment), table_of(AppointmentParticipant)
        by_id = {c.id: c for c in state.clients}
        for facts, row in self.items:
            facts.id = row["id"] = state.ids.take(table)
            for client_id, attendance in zip(facts.client_ids, facts.attendance, strict=True):
                self.participant_rows.append(
                    {
                        "id": state.ids.take(participant_table),
                        "appointment_id": facts.id,
                        "client_id": client_id,
                        "attendance": attendance,
                        "created_at": row["created_at"],
                        "updated_at": row["updated_at"],
                    }
                )
                if attendance == "present":
                    by_id[client_id].last_contact = facts.starts_at
        state.appointments = [facts for facts, _row in self.items]

    def insert(self) -> None:
        out = self.state.out
        out.insert(table_of(RecurrenceSeries), self.series_rows)
        out.insert(table_of(Appointment), [row for _facts, row in self.items])
        out.insert(table_of(AppointmentParticipant), self.participant_rows)


def build_agenda(state: DemoState) -> Agenda:
    """Decide every appointment: series first, then one-offs, then each client's own
    meetings in proportion to how long and how intensely they are accompanied."""
    agenda = Agenda(state)
    rng, cal = state.rng, state.cal
    agenda.supervision()
    agenda.group_sessions()
    for client in state.clients:
        if client.active_from and rng.random() < 0.05:
            agenda.client_series(client)
    for client in state.clients:
        if client.package is not None and client.package.use_up:
            agenda.use_up_package(client)
    total = state.sizes.appointments
    agenda.admin_and_meetings(round(total * 0.08))
    remaining = max(0, total - len(agenda.items))
    weights = []
    for client in state.clients:
        first = max(client.intake, cal.start)
        days = max(1, (client.span_end(cal.end) - first).days)
        weights.append(client.intensity * days)
    for client, count in zip(state.clients, apportion(remaining, weights), strict=True):
        first = max(client.intake, cal.start)
        last = client.span_end(cal.end)
        if count and client.intake >= cal.start:
            agenda.client_appointment(client, client.intake, client.intake, opening=True)
            count -= 1
        for _ in range(count):
            agenda.client_appointment(client, first, last)
    agenda.finish()
    return agenda
