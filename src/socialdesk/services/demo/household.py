"""A client's household: who lives with them (spouse, children with their schooling, an
elderly parent), and the one-line family situation that goes with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from socialdesk.services.demo.context import table_of, weighted
from socialdesk.services.demo.facts import ClientFacts, DemoState
from socialdesk.services.demo.names import ORIGINS, RECENT_FIRST_NAMES
from socialdesk.storage.orm import HouseholdMember


def _school(age: int) -> str | None:
    if age < 3:
        return None
    if age < 6:
        return "École maternelle"
    if age < 11:
        return "École élémentaire"
    if age < 15:
        return "Collège"
    if age < 18:
        return "Lycée"
    return "Étudiant·e ou en recherche d'emploi"


def _children(count: int) -> str:
    return "un enfant" if count == 1 else f"{count} enfants"


def household_rows(
    state: DemoState, c: ClientFacts, created: datetime
) -> tuple[list[dict[str, Any]], str]:
    rng, this_year = state.rng, state.cal.today.year
    origin = ORIGINS[c.origin]
    age = this_year - c.birth_date.year
    if age < 23:
        shape = weighted(rng, (("alone", 50), ("with_parent", 35), ("single_parent", 15)))
    elif age > 64:
        shape = weighted(rng, (("alone", 60), ("couple", 40)))
    else:
        shape = weighted(
            rng,
            (("alone", 30), ("single_parent", 30), ("family", 28), ("couple", 7),
             ("with_parent", 5)),
        )  # fmt: skip
    members: list[tuple[str, str, int | None, str | None]] = []
    feminine = c.gender == "female"
    if shape in ("family", "couple"):
        first = rng.choice(origin.male if feminine else origin.female)
        married = rng.random() < 0.6
        if feminine:
            relation = "Conjoint" if married else "Compagnon"
        else:
            relation = "Conjointe" if married else "Compagne"
        year = c.birth_date.year + rng.randrange(-6, 7)
        members.append((f"{first} {c.last_name}", relation, year, None))
    children = 0
    if shape in ("family", "single_parent"):
        oldest = max(c.birth_date.year + 18, this_year - 20)
        if oldest <= this_year:
            children = weighted(rng, ((1, 35), (2, 35), (3, 20), (4, 10)))
            for _ in range(children):
                year = rng.randrange(oldest, this_year + 1)
                female_names, male_names = RECENT_FIRST_NAMES.get(
                    c.origin, (origin.female, origin.male)
                )
                first = rng.choice(female_names + male_names)
                members.append(
                    (f"{first} {c.last_name}", "Enfant", year, _school(this_year - year))
                )
            members.sort(key=lambda m: m[2] or 0)
    if shape == "with_parent":
        first = rng.choice(origin.female)
        year = c.birth_date.year - rng.randrange(22, 36)
        members.append((f"{first} {c.last_name}", "Mère", year, None))
    e = c.context["e"]
    line = {
        "alone": f"Vit seul{e}.",
        "couple": "En couple, sans enfant à charge.",
        "family": f"En couple, {_children(children)} à charge." if children else "En couple.",
        "single_parent": (
            f"Parent isolé, {_children(children)} à charge." if children else f"Vit seul{e}."
        ),
        "with_parent": "Vit chez sa mère.",
    }[shape]
    table = table_of(HouseholdMember)
    rows = [
        {
            "id": state.ids.take(table),
            "client_id": c.id,
            "name": name,
            "relation": relation,
            "birth_year": year,
            "notes": notes,
            "position": position,
            "created_at": created,
            "updated_at": created,
        }
        for position, (name, relation, year, notes) in enumerate(members)
    ]
    return rows, line
