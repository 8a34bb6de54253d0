"""Case-note texts and situation lines assembled from the phrase banks with each client's
context (name, pronoun, country's institutions), cheaply enough for 250,000 notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from random import Random

from socialdesk.services.demo import phrases as ph
from socialdesk.services.demo.context import french_money
from socialdesk.services.demo.facts import ClientFacts

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

_TERMS: dict[str, dict[str, str]] = {
    "FR": {
        "caf": "la CAF",
        "cpam": "la CPAM",
        "emploi": "France Travail",
        "minima": "le RSA",
        "alloc_logement": "l'APL",
        "dettes": "la Banque de France",
        "mairie": "le CCAS",
        "handicap": "la MDPH",
    },
    "BE": {
        "caf": "le CPAS",
        "cpam": "la mutualité",
        "emploi": "le Forem",
        "minima": "le revenu d'intégration",
        "alloc_logement": "l'allocation loyer",
        "dettes": "le service de médiation de dettes",
        "mairie": "le CPAS",
        "handicap": "l'AVIQ",
    },
}

_NEUTRAL_SITUATION: dict[str, tuple[str, ...]] = {
    "housing": ("Locataire du parc privé, sans difficulté signalée.", "Propriétaire occupant."),
    "income": ("Salaire régulier.", "Pension de retraite."),
    "employment": ("En emploi (CDI).", "Retraité{e}."),
    "family": ("Vit seul{e}.", "En couple, deux enfants."),
}
# Client column → issues whose summary describes it
SITUATION_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("situation_housing", ("housing",)),
    ("situation_resources", ("income", "debt")),
    ("situation_health", ("health",)),
    ("situation_employment", ("employment", "mobility")),
    ("situation_family", ("family", "isolation")),
    ("situation_administrative", ("administrative", "rights")),
)


def _a(term: str) -> str:
    return "au " + term[3:] if term.startswith("le ") else "à " + term


def _de(term: str) -> str:
    return "du " + term[3:] if term.startswith("le ") else "de " + term


def client_context(client: ClientFacts) -> dict[str, str]:
    female = client.gender == "female" or (client.gender != "male" and client.id % 2 == 0)
    who = client.display if client.civility else f"{client.first_name} {client.last_name}"
    context = {
        "qui": who,
        "il": "elle" if female else "il",
        "Il": "Elle" if female else "Il",
        "e": "e" if female else "",
        "ville": client.town.city,
    }
    for key, term in _TERMS[client.country].items():
        context[key] = term
        context["a_" + key] = _a(term)
        context["de_" + key] = _de(term)
    return context


def french_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _uncap(text: str) -> str:
    return text[:1].lower() + text[1:]


def topic_title(topic: str) -> str:
    """``"les impayés de loyer"`` → ``"Impayés de loyer"``."""
    for article in ("la ", "le ", "les ", "l'", "un ", "une "):
        if topic.startswith(article):
            topic = topic[len(article) :]
            break
    return topic[:1].upper() + topic[1:]


def _money(low: int, high: int, step: int) -> Callable[[Random], str]:
    return lambda rng: french_money(int(low + rng.random() * (high - low)) * step)


def _next_meeting(rng: Random, day: date) -> date:
    next_day = day + timedelta(days=7 + int(rng.random() * 15))
    while next_day.weekday() >= 5:
        next_day += timedelta(days=1)
    return next_day


def _hour(rng: Random) -> str:
    minute = rng.choice((540, 570, 600, 630, 660, 840, 870, 900, 960))
    return f"{minute // 60} h {minute % 60:02d}" if minute % 60 else f"{minute // 60} h"


_MAKERS: dict[str, Callable[[Random], str]] = {
    "n": lambda rng: str(2 + int(rng.random() * 13)),
    "montant": lambda rng: french_money(
        int(200 + rng.random() * 2_800) * 100 + rng.choice((0, 0, 50))
    ),
    "loyer": _money(320, 780, 100),
    "revenu": _money(550, 1_450, 100),
    "dette": _money(300, 9_000, 100),
    "dette_conso": _money(40, 600, 10_000),
    "mensualite": _money(3, 16, 1_000),
    "ecart": _money(5, 40, 1_000),
    "heure": _hour,
    "piece": lambda rng: rng.choice(ph.PIECES),
}


class _NoteValues(dict[str, str]):
    """The placeholders of one note: the client's, plus per-note values drawn only when
    a chosen sentence asks for them (in the order asked: deterministic)."""

    rng: Random
    day: date

    def __missing__(self, key: str) -> str:
        if key == "date":
            value = french_date(_next_meeting(self.rng, self.day))
        else:
            value = _MAKERS[key](self.rng)
        self[key] = value
        return value


class NoteTexts:
    """Title and body of a note, for a client, a note type and a date."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def _values(self, client: ClientFacts, issue: str, day: date) -> dict[str, str]:
        values = _NoteValues(client.context)
        values.rng, values.day = self.rng, day
        values["sujet"] = self.rng.choice(ph.ISSUES[issue].topics)
        return values

    def situation_line(self, client: ClientFacts, field_issues: tuple[str, ...]) -> str | None:
        rng = self.rng
        for issue in field_issues:
            if issue in client.issues:
                values = self._values(client, issue, client.intake)
                return rng.choice(ph.ISSUES[issue].summary).format_map(values)
        neutral = _NEUTRAL_SITUATION.get(field_issues[0])
        if neutral and rng.random() < 0.6:
            return rng.choice(neutral).format_map(client.context)
        return None

    def note(
        self,
        client: ClientFacts,
        note_type: str,
        day: date,
        *,
        theme: str | None = None,
        closing_reason: str | None = None,
    ) -> tuple[str, str]:
        rng = self.rng
        issues = client.issues
        issue = issues[0] if len(issues) == 1 or rng.random() < 0.45 else rng.choice(issues)
        bank = ph.ISSUES[issue]
        v = self._values(client, issue, day)
        title = topic_title(v["sujet"])
        opening = rng.choice(ph.OPENINGS[note_type]).format_map(v)
        situation = rng.choice(bank.situation).format_map(v)
        action = rng.choice(bank.actions).format_map(v)
        next_step = rng.choice(ph.NEXT_STEPS).format_map(v)
        if note_type == "interview":
            second = rng.choice(bank.actions).format_map(v)
            actions = action if second == action else f"{action} {second}"
            if rng.random() < 0.5:
                body = (
                    f"Objet : {_uncap(title)}.\n\nSituation : {situation}\n\n"
                    f"Démarches : {actions}\n\nSuite à donner : {next_step}"
                )
            else:
                observation = rng.choice(ph.OBSERVATIONS).format_map(v)
                body = f"{opening} {observation}\n\n{situation}\n\n{actions}\n\n{next_step}"
        elif note_type in ("home_visit", "accompaniment"):
            observation = rng.choice(ph.OBSERVATIONS).format_map(v)
            body = f"{opening}\n\n{situation} {observation}\n\n{action}\n\n{next_step}"
        elif note_type == "phone_call":
            body = f"{opening} {situation if rng.random() < 0.5 else action}\n\n{next_step}"
        elif note_type == "email":
            body = f"{opening}\n\n{action}"
        elif note_type == "partner_meeting":
            body = f"{opening}\n\n{situation}\n\nDécisions : {action} {next_step}"
        elif note_type == "group_session":
            title = theme or title
            observation = rng.choice(ph.OBSERVATIONS).format_map(v)
            body = f"Thème : {title}.\n\n{opening} {observation}"
        elif closing_reason is not None:  # synthesis at the end of the accompaniment
            title = "Synthèse de fin d'accompagnement"
            v["motif"] = _uncap(closing_reason)
            closing = rng.choice(ph.SYNTHESIS_CLOSING).format_map(v)
            body = f"{opening}\n\nRappel de la situation : {situation}\n\n{closing}"
        else:  # synthesis
            title = f"Synthèse — {_uncap(title)}"
            observation = rng.choice(ph.OBSERVATIONS).format_map(v)
            body = (
                f"{opening}\n\nRappel de la situation : {situation}\n\n"
                f"Évolution : {action} {observation}\n\nPerspectives : {next_step}"
            )
        return title, body
