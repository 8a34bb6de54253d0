"""Step 1: the practitioner's profile, the configurable vocabularies (typology, note
types, démarche kinds), the service catalogue and packages, and the organizations.

Vocabulary rows are matched by code: a vault whose migrations already seeded some of
them keeps its rows and the demo uses their ids.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from sqlalchemy import Table, select
from stdnum import iban as std_iban
from stdnum import luhn

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo import network as net
from socialdesk.services.demo.context import table_of, weighted
from socialdesk.services.demo.facts import DemoState, OrgFacts, ServiceFacts
from socialdesk.services.demo.names import BE_TOWNS, FR_TOWNS, ORIGINS
from socialdesk.storage.orm import (
    DemarcheKind,
    NoteType,
    Organization,
    OrganizationContact,
    PackageDefinition,
    PractitionerProfile,
    Service,
    SocialIssueType,
)
from socialdesk.storage.orm.profile import PROFILE_ID

PRACTITIONER_FIRST = "Claire"
PRACTITIONER_LAST = "Vandamme"
LATE_PENALTY_TEXT = (
    "Paiement à 30 jours. En cas de retard, pénalités au taux d'intérêt légal majoré de "
    "10 points ; pour les professionnels, indemnité forfaitaire pour frais de recouvrement "
    "de 40 € (art. L441-10 du Code de commerce). Pas d'escompte pour paiement anticipé."
)


def digits(rng: Any, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def siren_siret(rng: Any) -> tuple[str, str]:
    """A SIREN and a SIRET of its head office, both with valid Luhn check digits."""
    body = str(rng.choice((8, 9))) + digits(rng, 7)
    siren = body + luhn.calc_check_digit(body)
    head = siren + "0001"
    return siren, head + luhn.calc_check_digit(head)


def french_iban(rng: Any, bank: str = "10278") -> str:
    """A French IBAN with a correct RIB key and correct IBAN check digits."""
    branch, account = digits(rng, 5), digits(rng, 11)
    rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    return f"FR{std_iban.calc_check_digits('FR00' + bban)}{bban}"


def belgian_enterprise_number(rng: Any) -> str:
    body = "0" + str(rng.randrange(2, 10)) + digits(rng, 6)
    return body + f"{97 - int(body) % 97:02d}"


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else "-" for c in plain).strip("-").replace("--", "-")


def insert_reference(state: DemoState) -> None:
    _profile(state)
    stamp = state.created_at
    state.issue_ids = _upsert(
        state,
        table_of(SocialIssueType),
        [
            {"code": code, "label": label, "active": True, "sort_order": i}
            for i, (code, label) in enumerate(cat.SOCIAL_ISSUES)
        ],
    )
    state.note_type_ids = _upsert(
        state,
        table_of(NoteType),
        [
            {"code": code, "label": label, "template": template, "active": True, "sort_order": i}
            for i, (code, label, template) in enumerate(cat.NOTE_TYPES)
        ],
    )
    state.note_type_labels = {code: label for code, label, _t in cat.NOTE_TYPES}
    state.demarche_kind_ids = _upsert(
        state,
        table_of(DemarcheKind),
        [
            {
                "code": k.code,
                "label": k.label,
                "country": k.country,
                "active": True,
                "sort_order": i,
            }
            for i, k in enumerate(cat.DEMARCHE_KINDS)
        ],
    )
    service_ids = _upsert(
        state,
        table_of(Service),
        [
            {
                "code": s.code,
                "name": s.name,
                "description": s.description,
                "unit": s.unit,
                "unit_price_cents": s.price_cents,
                "vat_rate_bp": 0,
                "vat_exemption_reason": cat.VAT_FRANCHISE_MENTION,
                "accounting_account": cat.SALES_ACCOUNT,
                "default_duration_minutes": s.duration_minutes,
                "active": True,
                "sort_order": i,
            }
            for i, s in enumerate(cat.SERVICES)
        ],
    )
    state.services = {
        s.code: ServiceFacts(service_ids[s.code], s.code, s.name, s.unit, s.price_cents)
        for s in cat.SERVICES
    }
    table = table_of(PackageDefinition)
    rows = []
    for spec in cat.PACKAGES:
        package_id = state.ids.take(table)
        state.package_definition_ids.append(package_id)
        rows.append(
            {
                "id": package_id,
                "name": spec.name,
                "service_id": service_ids[spec.service],
                "units_milli": spec.units_milli,
                "price_cents": spec.price_cents,
                "validity_days": spec.validity_days,
                "active": True,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    state.out.insert(table, rows)
    _organizations(state)


def _upsert(state: DemoState, table: Table, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert the rows whose code is new; return code → id for all of them."""
    connection = state.out.connection
    existing = {
        code: row_id for code, row_id in connection.execute(select(table.c.code, table.c.id))
    }
    new_rows = []
    for row in rows:
        if row["code"] in existing:
            continue
        row_id = state.ids.take(table)
        existing[row["code"]] = row_id
        new_rows.append(
            {"id": row_id, **row, "created_at": state.created_at, "updated_at": state.created_at}
        )
    state.out.insert(table, new_rows)
    return {row["code"]: existing[row["code"]] for row in rows}


def _profile(state: DemoState) -> None:
    rng = state.rng
    siren, siret = siren_siret(rng)
    iban = french_iban(rng)
    state.practitioner_name = f"{PRACTITIONER_FIRST} {PRACTITIONER_LAST}"
    row: dict[str, Any] = {
        "id": PROFILE_ID,
        "display_name": state.practitioner_name,
        "legal_name": f"{state.practitioner_name} EI",
        "profession_title": "Assistante sociale libérale (diplôme d'État)",
        "address_line1": "27 rue de l'Épeule",
        "address_line2": "Cabinet au rez-de-chaussée",
        "postal_code": "59100",
        "city": "Roubaix",
        "country": "FR",
        "email": "claire.vandamme@example.org",
        "phone": "06 71 24 58 93",
        "siren": siren,
        "siret": siret,
        "bce_number": None,
        "cui": None,
        "vat_status": "franchise",
        "vat_number": None,
        "iban": iban,
        "bic": "CMCIFR2A",
        "invoice_prefix": "F",
        "payment_terms_days": 30,
        "late_penalty_text": LATE_PENALTY_TEXT,
        "document_language": "fr",
        "logo": None,
        "logo_mime": None,
        "timezone": "Europe/Paris",
        "updated_at": state.created_at,
    }
    state.out.insert(table_of(PractitionerProfile), [row])
    state.seller = {
        key: row[key]
        for key in (
            "legal_name",
            "profession_title",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "country",
            "email",
            "phone",
            "siren",
            "siret",
            "vat_status",
            "iban",
            "bic",
            "payment_terms_days",
            "late_penalty_text",
        )
    } | {"vat_mention": cat.VAT_FRANCHISE_MENTION}
    json.dumps(state.seller)  # frozen into every invoice: must be plain JSON


def _payer_specs(state: DemoState) -> list[net.OrgSpec]:
    """The five main payers, plus (for bigger demos) one per town, employers and
    associations, so no payer gets thousands of lines a month."""
    wanted = max(len(net.PAYERS), state.sizes.clients // 100)
    specs = list(net.PAYERS)
    extra: list[net.OrgSpec] = []
    seen = {"Wattrelos", "Mouscron"}
    for town in FR_TOWNS + BE_TOWNS:
        if town.city in seen:
            continue
        seen.add(town.city)
        prefix = "CCAS" if town.country == "FR" else "CPAS"
        street = "Hôtel de ville" if town.country == "FR" else "Rue de l'Hôtel de Ville 1"
        extra.append(
            net.OrgSpec(
                f"town-{slug(town.city)}",
                f"{prefix} de {town.city}",
                "both",
                "town",
                street,
                town.postal_code,
                town.city,
                town.country,
                "Aide sociale",
                ("Responsable du service social",),
            )
        )
    for i, name in enumerate(net.EXTRA_EMPLOYERS):
        town = FR_TOWNS[i % len(FR_TOWNS)]
        extra.append(
            net.OrgSpec(
                f"employer-{i}",
                f"{name} — Service RH",
                "payer",
                "employer",
                f"{10 + i} zone d'activités",
                town.postal_code,
                town.city,
                "FR",
                "Accompagnement social des salariés",
                ("Responsable RH",),
            )
        )
    for i, name in enumerate(net.EXTRA_ASSOCIATIONS):
        town = FR_TOWNS[(3 * i) % len(FR_TOWNS)]
        extra.append(
            net.OrgSpec(
                f"association-{i}",
                name,
                "payer",
                "association",
                f"{2 + i} rue des Arts",
                town.postal_code,
                town.city,
                "FR",
                "Soutien aux familles",
                ("Coordinatrice",),
            )
        )
    return specs + extra[: max(0, wanted - len(specs))]


def _organizations(state: DemoState) -> None:
    rng = state.rng
    org_table, contact_table = table_of(Organization), table_of(OrganizationContact)
    org_rows: list[dict[str, Any]] = []
    contact_rows: list[dict[str, Any]] = []
    payers = _payer_specs(state)
    specs = payers + list(net.PARTNERS)
    for spec in specs:
        org_id = state.ids.take(org_table)
        is_fr = spec.country == "FR"
        if is_fr:
            legal_id: str | None = siren_siret(rng)[1]
            phone = f"03 20 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        else:
            legal_id = belgian_enterprise_number(rng)
            phone = f"056 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        facts = OrgFacts(
            org_id,
            spec.key,
            spec.name,
            spec.role,
            spec.kind,
            spec.street,
            spec.postal_code,
            spec.city,
            spec.country,
            legal_id,
            name_persons=spec.kind == "association",
        )
        state.orgs[spec.key] = facts
        email = f"{slug(spec.key)}@example.org"
        org_rows.append(
            {
                "id": org_id,
                "name": spec.name,
                "role": spec.role,
                "kind": spec.kind,
                "domains": spec.domains,
                "address_line1": spec.street,
                "address_line2": None,
                "postal_code": spec.postal_code,
                "city": spec.city,
                "country": spec.country,
                "phone": phone,
                "email": email,
                "website": spec.website,
                "opening_hours": spec.opening_hours,
                "vat_number": None,
                "legal_id": legal_id,
                "notes": None,
                "active": True,
                "created_at": state.created_at,
                "updated_at": state.created_at,
            }
        )
        origin = ORIGINS["fr" if is_fr else "be"]
        for role in spec.contact_roles:
            contact_id = state.ids.take(contact_table)
            female = rng.random() < 0.7 or role.endswith(("trice", "ière", "ante"))
            first = rng.choice(origin.female if female else origin.male)
            last = rng.choice(ORIGINS[weighted(rng, (("fr", 8), ("maghreb", 2)))].last)
            facts.contacts.append((contact_id, f"{first} {last}", role))
            contact_rows.append(
                {
                    "id": contact_id,
                    "organization_id": org_id,
                    "name": f"{first} {last}",
                    "role": role,
                    "phone": phone[:-2] + f"{rng.randrange(10, 99)}",
                    "email": f"{slug(first)}.{slug(last)}@example.org",
                    "notes": None,
                    "active": rng.random() > 0.05,
                    "created_at": state.created_at,
                    "updated_at": state.created_at,
                }
            )
    state.payer_keys = [spec.key for spec in payers]
    state.out.insert(org_table, org_rows)
    state.out.insert(contact_table, contact_rows)
