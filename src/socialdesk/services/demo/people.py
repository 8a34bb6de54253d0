"""Step 2: the people accompanied. :func:`build_clients` decides who they are (facts only,
so the agenda can use them); :func:`insert_clients` writes the client files once the
agenda has told each client's last contact.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from random import Random
from typing import Any

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo import network as net
from socialdesk.services.demo import phrases as ph
from socialdesk.services.demo.context import (
    DAY_START,
    QUARTER,
    Calendar,
    at_local,
    table_of,
    weighted,
)
from socialdesk.services.demo.facts import ClientFacts, DemoState, PackageChoice
from socialdesk.services.demo.household import household_rows
from socialdesk.services.demo.names import (
    BE_ADDRESS_LINE2,
    BE_STREETS,
    BE_TOWNS,
    CIVILITY,
    EMAIL_DOMAINS,
    FR_ADDRESS_LINE2,
    FR_STREETS,
    FR_TOWNS,
    ORIGIN_WEIGHTS,
    ORIGINS,
    PROFESSIONAL_ROLES,
    RELATIVE_ROLES,
)
from socialdesk.services.demo.reference import slug
from socialdesk.services.demo.texts import SITUATION_FIELDS, NoteTexts, client_context, topic_title
from socialdesk.storage.orm import (
    Client,
    ClientContact,
    ClientSocialIssue,
    ClientStatusChange,
    Consent,
    HouseholdMember,
    Referral,
    name_sort_key,
)

STATUS_WEIGHTS = (("intake", 10), ("active", 55), ("paused", 8), ("closed", 27))
ISSUE_COUNT_WEIGHTS = ((1, 25), (2, 40), (3, 25), (4, 10))
RETENTION_YEARS = 5
D = timedelta


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


def phone_number(rng: Random, country: str, area: str, *, mobile: bool) -> str:
    def pairs(n: int) -> str:
        return " ".join(f"{rng.randrange(100):02d}" for _ in range(n))

    if country == "FR":
        return f"0{rng.choice('67')} {pairs(4)}" if mobile else f"{area} {pairs(3)}"
    return (
        f"04{rng.choice('5679')}{rng.randrange(10)} {pairs(3)}" if mobile else f"{area} {pairs(3)}"
    )


def _pick(cal: Calendar, rng: Random, first: date, last: date) -> date:
    return cal.pick(rng, first, max(first, last)) or cal.next_open(first)


def _dates(
    rng: Random, cal: Calendar, status: str
) -> tuple[date, date | None, date | None, date | None]:
    """Intake, active-from, paused-from and closed dates consistent with the status."""
    today, start = cal.today, cal.start
    paused = closed = None
    if status == "intake":
        return _pick(cal, rng, today - D(42), today - D(1)), None, None, None
    if status == "closed":
        intake = _pick(cal, rng, start - D(300), today - D(150))
        closed = _pick(cal, rng, max(intake + D(60), start + D(30)), today - D(7))
    elif status == "paused":
        intake = _pick(cal, rng, start - D(200), today - D(120))
        paused = _pick(cal, rng, max(intake + D(60), start + D(30)), today - D(14))
    else:
        intake = _pick(cal, rng, start - D(300), today - D(45))
    active = _pick(cal, rng, intake + D(7), intake + D(28))
    return intake, active, paused, closed


def _issues(rng: Random) -> list[str]:
    remaining = list(cat.ISSUE_WEIGHTS.items())
    chosen: list[str] = []
    for _ in range(weighted(rng, ISSUE_COUNT_WEIGHTS)):
        code = weighted(rng, remaining)
        chosen.append(code)
        remaining = [(c, w) for c, w in remaining if c != code]
    return chosen


def _payer(rng: Random, state: DemoState, country: str, city: str) -> str | None:
    payers = state.payer_keys
    town_key = {"Wattrelos": "ccas", "Mouscron": "cpas"}.get(city) or f"town-{slug(city)}"
    if country == "BE":
        if rng.random() < 0.55:
            return None
        return town_key if town_key in payers else "cpas"
    kind = weighted(rng, (("person", 58), ("employer", 18), ("town", 12), ("association", 12)))
    if kind == "person":
        return None
    if kind == "town":
        return town_key if town_key in payers else "ccas"
    candidates = [k for k in payers if state.orgs[k].kind == kind]
    return rng.choice(candidates)


def build_clients(state: DemoState) -> None:
    rng, cal = state.rng, state.cal
    raw: list[dict[str, Any]] = []
    for _ in range(state.sizes.clients):
        country = "FR" if rng.random() < 0.8 else "BE"
        origin_code = weighted(rng, ORIGIN_WEIGHTS[country])
        origin = ORIGINS[origin_code]
        g = rng.random()
        gender = "female" if g < 0.6 else "male" if g < 0.98 else "undisclosed"
        feminine = gender == "female" or (gender == "undisclosed" and rng.random() < 0.5)
        first = rng.choice(origin.female if feminine else origin.male)
        last = rng.choice(origin.last)
        birth_name = None
        if gender == "female" and rng.random() < 0.12:
            birth_name = rng.choice(origin.last)
            birth_name = None if birth_name == last else birth_name
        status = weighted(rng, STATUS_WEIGHTS)
        intake, active, paused, closed = _dates(rng, cal, status)
        age = weighted(
            rng,
            (
                (rng.randrange(18, 26), 12),
                (rng.randrange(26, 41), 35),
                (rng.randrange(41, 61), 35),
                (rng.randrange(61, 86), 18),
            ),
        )
        birth = cal.today - D(days=age * 365 + rng.randrange(365))
        town = rng.choice(FR_TOWNS if country == "FR" else BE_TOWNS)
        number = rng.randrange(1, 180)
        if country == "FR":
            line1 = f"{number} {rng.choice(FR_STREETS)}"
            line2 = rng.choice(FR_ADDRESS_LINE2) if rng.random() < 0.2 else None
        else:
            line1 = f"{rng.choice(BE_STREETS)} {number}"
            line2 = rng.choice(BE_ADDRESS_LINE2) if rng.random() < 0.2 else None
        phone = phone_number(rng, country, town.phone_area, mobile=rng.random() < 0.85)
        email = None
        if rng.random() < 0.45:
            suffix = str(rng.randrange(10, 99)) if rng.random() < 0.3 else ""
            email = f"{_ascii(first)}.{_ascii(last)}{suffix}@{rng.choice(EMAIL_DOMAINS)}"
        raw.append(
            {
                "country": country, "origin": origin_code, "gender": gender,
                "civility": CIVILITY.get(gender), "first_name": first, "last_name": last,
                "birth_name": birth_name,
                "birth_date": birth, "town": town, "address_line1": line1,
                "address_line2": line2, "phone": phone, "email": email, "status": status,
                "intake": intake, "active_from": active, "paused_from": paused,
                "closed": closed,
                "closing_reason": rng.choice(ph.CLOSING_REASONS) if closed else None,
                "issues": _issues(rng),
                "payer_org": _payer(rng, state, country, town.city),
                "intensity": min(3.0, max(0.3, rng.lognormvariate(0, 0.5))),
                "order": rng.random(),
            }
        )  # fmt: skip
    raw.sort(key=lambda r: (r["intake"], r["order"]))
    sequence: dict[int, int] = {}
    table = table_of(Client)
    for row in raw:
        row.pop("order")
        year = row["intake"].year
        sequence[year] = sequence.get(year, 0) + 1
        client = ClientFacts(
            id=state.ids.take(table),
            file_number=f"D-{year}-{sequence[year]:04d}",
            context={},
            **row,
        )
        client.context = client_context(client)
        state.clients.append(client)
    _sell_packages(state)


def _sell_packages(state: DemoState) -> None:
    """About one file in ten bought a package: some recently (still open), some used up
    (their meetings are scheduled to use them up), some left to expire, and at least one
    whose file was closed first."""
    rng, cal = state.rng, state.cal
    eligible = [c for c in state.clients if c.active_from]
    ended = [c for c in eligible if c.status in ("closed", "paused")]
    chosen = rng.sample(eligible, min(len(eligible), max(6, len(eligible) // 10)))
    if ended and not any(c in ended for c in chosen):
        chosen[-1] = rng.choice(ended)
    for i, client in enumerate(chosen):
        assert client.active_from is not None
        index = i % len(cat.PACKAGES)
        first_day = max(client.active_from, cal.start)
        last_day = min(client.span_end(cal.today), cal.today - D(20))
        validity = D(cat.PACKAGES[index].validity_days)
        if i % 3 == 0 and client.status == "active":
            first_day = max(first_day, cal.today - D(60))  # recent: still open
        elif i % 3 == 2 and client.status == "active":
            last_day = min(last_day, cal.today - validity - D(10))  # left to expire
        sold = cal.pick(rng, first_day, last_day)
        if sold is not None:
            client.package = PackageChoice(
                index, sold, sold + validity, use_up=i % 3 == 1, regular=i % 3 != 2
            )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _minute(rng: Random) -> int:
    return DAY_START + QUARTER * rng.randrange(36)


def insert_clients(state: DemoState) -> None:
    rng = state.rng
    texts = NoteTexts(rng)
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "client", "client_status_change", "household_member", "client_contact",
            "consent", "client_social_issue", "referral",
        )
    }  # fmt: skip
    # A few files without any consent recorded: the UI warns about them.
    unconsented = set(rng.sample(range(len(state.clients)), max(2, len(state.clients) // 20)))
    for position, c in enumerate(state.clients):
        created = at_local(c.intake, _minute(rng))
        updated = max(created, c.last_contact) if c.last_contact else created
        source, source_org = rng.choice(net.REFERRAL_SOURCES)
        if c.country == "BE" and source_org in ("ccas", "employer", "association", "pmi"):
            source, source_org = "Orientée par le CPAS", "cpas"
        org = state.orgs.get(source_org) if source_org else None
        members, family_line = household_rows(state, c, created)
        situation = {column: texts.situation_line(c, issues) for column, issues in SITUATION_FIELDS}
        situation["situation_family"] = family_line
        retention = _years_after(c.closed, RETENTION_YEARS) if c.closed else None
        rows["client"].append(
            {
                "id": c.id,
                "file_number": c.file_number,
                "civility": c.civility,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "birth_name": c.birth_name,
                "name_sort_key": name_sort_key(c.last_name, c.first_name),
                "birth_date": c.birth_date,
                "gender": c.gender,
                "phone": c.phone,
                "email": c.email,
                "address_line1": c.address_line1,
                "address_line2": c.address_line2,
                "postal_code": c.town.postal_code,
                "city": c.town.city,
                "country": c.country,
                "status": c.status,
                "intake_date": c.intake,
                "closed_date": c.closed,
                "closing_reason": c.closing_reason,
                "referral_source": source,
                "referred_by_organization_id": org.id if org else None,
                "default_payer_kind": "organization" if c.payer_org else "person",
                "default_payer_organization_id": state.orgs[c.payer_org].id
                if c.payer_org
                else None,
                **situation,
                "last_contact_at": c.last_contact,
                "retention_until": retention,
                "pseudonymized_at": None,
                "created_at": created,
                "updated_at": updated,
            }
        )
        rows["household_member"].extend(members)
        _status_history(state, c, rows["client_status_change"])
        _issue_rows(state, c, created, rows["client_social_issue"])
        _contacts(state, c, created, rows["client_contact"])
        if position not in unconsented:
            _consents(state, c, created, rows["consent"])
        _referrals(state, c, rows["referral"])
    for model in (Client, ClientStatusChange, HouseholdMember, ClientContact, Consent,
                  ClientSocialIssue, Referral):  # fmt: skip
        table = table_of(model)
        state.out.insert(table, rows[table.name])


def _status_history(state: DemoState, c: ClientFacts, out: list[dict[str, Any]]) -> None:
    rng, table = state.rng, table_of(ClientStatusChange)
    steps: list[tuple[str | None, str, date, str | None]] = [(None, "intake", c.intake, None)]
    if c.active_from:
        steps.append(("intake", "active", c.active_from, None))
        if c.status == "active" and rng.random() < 0.15:
            pause = state.cal.pick(rng, c.active_from + D(30), state.cal.today - D(60))
            if pause is not None:
                resume = state.cal.next_open(pause + D(rng.randrange(14, 45)))
                steps.append(("active", "paused", pause, rng.choice(ph.PAUSE_REASONS)))
                steps.append(("paused", "active", resume, "Reprise de l'accompagnement"))
    if c.paused_from:
        steps.append(("active", "paused", c.paused_from, rng.choice(ph.PAUSE_REASONS)))
    if c.closed:
        steps.append(("active", "closed", c.closed, c.closing_reason))
    for before, after, day, reason in steps:
        out.append(
            {
                "id": state.ids.take(table),
                "client_id": c.id,
                "from_status": before,
                "to_status": after,
                "changed_at": at_local(day, _minute(rng)),
                "reason": reason,
            }
        )


def _issue_rows(state: DemoState, c: ClientFacts, created: Any, out: list[dict[str, Any]]) -> None:
    table = table_of(ClientSocialIssue)
    for position, code in enumerate(c.issues):
        out.append(
            {
                "id": state.ids.take(table),
                "client_id": c.id,
                "social_issue_type_id": state.issue_ids[code],
                "is_primary": position == 0,
                "created_at": created,
            }
        )


def _contacts(state: DemoState, c: ClientFacts, created: Any, out: list[dict[str, Any]]) -> None:
    rng, table = state.rng, table_of(ClientContact)
    origin = ORIGINS[c.origin]

    def add(kind: str, name: str, role: str, org_id: int | None, phone: str | None) -> None:
        out.append(
            {
                "id": state.ids.take(table), "client_id": c.id, "kind": kind, "name": name,
                "organization_id": org_id, "role": role, "phone": phone, "email": None,
                "notes": None, "created_at": created, "updated_at": created,
            }
        )  # fmt: skip

    for _ in range(weighted(rng, ((0, 30), (1, 50), (2, 20)))):
        role, woman = rng.choice(RELATIVE_ROLES)
        first = rng.choice(origin.female if woman else origin.male)
        last = c.last_name if rng.random() < 0.6 else rng.choice(origin.last)
        phone = phone_number(rng, c.country, c.town.phone_area, mobile=True)
        add("relative", f"{first} {last}", role, None, phone)
    for _ in range(weighted(rng, ((0, 40), (1, 45), (2, 15)))):
        pattern, role = rng.choice(PROFESSIONAL_ROLES)
        other = ORIGINS["fr" if c.country == "FR" else "be"]
        name = pattern.format(first=rng.choice(other.female), last=rng.choice(other.last))
        add(
            "professional",
            name,
            role,
            None,
            phone_number(rng, c.country, c.town.phone_area, mobile=False),
        )
    partners = net.PARTNERS_BY_ISSUE[c.country]
    for issue in c.issues[: weighted(rng, ((0, 35), (1, 45), (2, 20)))]:
        org = state.orgs[rng.choice(partners[issue])]
        if org.contacts:
            _id, name, role = rng.choice(org.contacts)
            add("partner", name, role, org.id, None)


def _consents(state: DemoState, c: ClientFacts, created: Any, out: list[dict[str, Any]]) -> None:
    rng, table = state.rng, table_of(Consent)
    scopes = ["data_processing"]
    if rng.random() < 0.7:
        scopes.append("share_with_partners")
    if rng.random() < 0.3:
        scopes.append("contact_relatives")
    if rng.random() < 0.5:
        scopes.append("reminders")
    if rng.random() < 0.2:
        scopes.append("photo_documents")
    if c.payer_org:
        if rng.random() < 0.8:
            scopes.append("share_with_payer")
        if state.orgs[c.payer_org].name_persons:
            scopes.append("name_on_invoice")
    day = c.intake
    for scope in scopes:
        withdrawn = None
        if scope != "data_processing" and rng.random() < 0.03 and day + D(31) < state.cal.today:
            withdrawn = at_local(
                _pick(state.cal, rng, day + D(30), state.cal.today - D(1)), _minute(rng)
            )
        out.append(
            {
                "id": state.ids.take(table),
                "client_id": c.id,
                "consent_date": day,
                "scope": scope,
                "how_obtained": weighted(
                    rng, (("signed_form", 70), ("oral", 15), ("email", 10), ("other", 5))
                ),
                "withdrawn_at": withdrawn,
                "document_attachment_id": None,
                "notes": rng.choice(ph.CONSENT_NOTES) if rng.random() < 0.2 else None,
                "created_at": created,
                "updated_at": withdrawn or created,
            }
        )


def _referrals(state: DemoState, c: ClientFacts, out: list[dict[str, Any]]) -> None:
    rng, cal, table = state.rng, state.cal, table_of(Referral)
    if not c.active_from:
        return
    partners = net.PARTNERS_BY_ISSUE[c.country]
    last = min(c.span_end(cal.today), cal.today - D(1))
    for issue in c.issues[: weighted(rng, ((0, 30), (1, 45), (2, 20), (3, 5)))]:
        day = cal.pick(rng, max(c.active_from, cal.start), last)
        if day is None:
            continue
        org = state.orgs[rng.choice(partners[issue])]
        recent = (cal.today - day).days < 60
        outcome = weighted(
            rng,
            (("pending", 60 if recent else 0), ("taken_up", 45), ("declined_by_client", 10),
             ("refused_by_partner", 8), ("no_response", 10 if not recent else 0)),
        )  # fmt: skip
        outcome_day = None
        if outcome != "pending":
            outcome_day = min(cal.today - D(1), day + D(rng.randrange(7, 60)))
        stamp = at_local(day, _minute(rng))
        contact = rng.choice(org.contacts)[0] if org.contacts and rng.random() < 0.6 else None
        out.append(
            {
                "id": state.ids.take(table),
                "client_id": c.id,
                "organization_id": org.id,
                "organization_contact_id": contact,
                "referral_date": day,
                "reason": f"Orientation — {topic_title(rng.choice(ph.ISSUES[issue].topics))}",
                "outcome": outcome,
                "outcome_date": outcome_day,
                "notes": None,
                "created_at": stamp,
                "updated_at": at_local(outcome_day, _minute(rng)) if outcome_day else stamp,
            }
        )
