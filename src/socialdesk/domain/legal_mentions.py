"""The mandatory mentions of an invoice, per country and VAT status — as DATA, so a
reviewer (or an accountant) checks the whole table in this one file.

Two tables:

- ``WORDING``: the fixed legal sentences printed on the document (VAT franchise, late
  penalties, recovery indemnity…), in the document's language of the country;
- ``RULES``: for each country, the mandatory items, each with the condition under which it
  applies (``when``) and the facts of the invoice that show it (``requires``). The
  issue-time check refuses an invoice for which any applicable item is missing, and lists
  them all.

Sources (as of 2026): France — Code de commerce art. L441-9 and R123-237, CGI art. 242
nonies A of annex II and art. 293 B, art. D441-5 (40 € indemnity), loi n° 2022-172 (the
"EI" mention). Belgium — Code TVA art. 53 and AR n° 1 art. 5; art. 56bis (franchise).
Romania — Codul fiscal art. 319 and art. 310 (special exemption regime).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from socialdesk.i18n import N_

# ---- wording printed on documents -------------------------------------------------------
VAT_FRANCHISE_WORDING: dict[str, str] = {
    "FR": "TVA non applicable, art. 293 B du CGI",
    "BE": "Régime particulier de franchise des petites entreprises",
    "RO": "Scutit de TVA conform art. 310 din Codul fiscal",
}
RECOVERY_INDEMNITY_WORDING: dict[str, str] = {
    "FR": "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €",
}
DEFAULT_LATE_PENALTY_WORDING: dict[str, str] = {
    "FR": "Pénalités de retard : trois fois le taux d'intérêt légal",
}
NO_DISCOUNT_WORDING: dict[str, str] = {
    "FR": "Pas d'escompte pour paiement anticipé",
}


@dataclass(frozen=True, slots=True)
class MentionContext:
    """The facts the check reads: the snapshots frozen at issue and the invoice's dates."""

    country: str
    vat_status: str  # "franchise" | "registered"
    seller: Mapping[str, Any]
    payer: Mapping[str, Any]
    issue_date: date | None
    due_date: date | None
    has_service_dates: bool  # a service period, or a service date on every line
    vat_rates: frozenset[int]  # rates used by the lines (basis points)
    exemption_reasons: frozenset[str]  # reasons of the zero-rate lines ("" when absent)

    @property
    def business_payer(self) -> bool:
        return self.payer.get("kind") == "organization"

    @property
    def franchise(self) -> bool:
        return self.vat_status == "franchise"


def _has(mapping: Mapping[str, Any], *keys: str) -> bool:
    return all(str(mapping.get(key) or "").strip() for key in keys)


_EI = re.compile(r"(^|[\s,(])(EI|E\.I\.|entrepreneur individuel)($|[\s,)])", re.IGNORECASE)


def _seller_name_with_ei(c: MentionContext) -> bool:
    return bool(_EI.search(str(c.seller.get("legal_name") or "")))


def _franchise_lines(c: MentionContext) -> bool:
    """Under the franchise no line carries VAT and each states why (the franchise wording
    by default, or another exemption such as social services); the franchise sentence
    itself is printed from VAT_FRANCHISE_WORDING."""
    return c.vat_rates <= {0} and "" not in c.exemption_reasons


def _zero_rate_reasons(c: MentionContext) -> bool:
    return 0 not in c.vat_rates or "" not in c.exemption_reasons


def _payer_legal_id_needed(c: MentionContext) -> bool:
    return c.business_payer and (c.payer.get("country") or "FR") == "FR"


@dataclass(frozen=True, slots=True)
class Mention:
    key: str
    message: str  # shown in the refusal list (translated at display)
    requires: Callable[[MentionContext], bool]
    when: Callable[[MentionContext], bool] = lambda c: True


def _seller(*keys: str) -> Callable[[MentionContext], bool]:
    return lambda c: _has(c.seller, *keys)


def _payer(*keys: str) -> Callable[[MentionContext], bool]:
    return lambda c: _has(c.payer, *keys)


def _franchise(c: MentionContext) -> bool:
    return c.franchise


def _registered(c: MentionContext) -> bool:
    return not c.franchise


_COMMON: tuple[Mention, ...] = (
    Mention(
        "seller_address",
        N_("Your address (street, postal code and city) in the profile."),
        _seller("address_line1", "postal_code", "city"),
    ),
    Mention("payer_name", N_("The name of the client or payer."), _payer("name")),
    Mention(
        "payer_address",
        N_("The address of the client or payer (street and city)."),
        _payer("address_line1", "city"),
    ),
    Mention("issue_date", N_("The issue date."), lambda c: c.issue_date is not None),
    Mention(
        "service_date",
        N_("The date of the service: a service period or a date on every line."),
        lambda c: c.has_service_dates,
    ),
    Mention(
        "seller_vat_number",
        N_("Your VAT number in the profile (you are registered for VAT)."),
        _seller("vat_number"),
        _registered,
    ),
    Mention(
        "vat_exemption_reason",
        N_("The legal basis of the VAT exemption on every line without VAT."),
        _zero_rate_reasons,
        _registered,
    ),
    Mention(
        "vat_franchise_wording",
        N_("Under the VAT franchise, no line carries VAT and each states its exemption."),
        _franchise_lines,
        _franchise,
    ),
)

RULES: dict[str, tuple[Mention, ...]] = {
    "FR": (
        Mention(
            "seller_name_ei",
            N_("Your name followed by “EI” (entrepreneur individuel) in the profile."),
            _seller_name_with_ei,
        ),
        Mention(
            "seller_siren",
            N_("Your SIREN (or SIRET) number in the profile."),
            lambda c: _has(c.seller, "siren") or _has(c.seller, "siret"),
        ),
        *_COMMON,
        Mention(
            "due_date",
            N_("The payment due date (business payer)."),
            lambda c: c.due_date is not None,
            lambda c: c.business_payer,
        ),
        Mention(
            "late_penalty",
            N_("The late-payment penalty rate in the profile (business payer)."),
            _seller("late_penalty_text"),
            lambda c: c.business_payer,
        ),
        Mention(
            "payer_siren",
            N_("The payer's SIREN number (business payer)."),
            _payer("legal_id"),
            _payer_legal_id_needed,
        ),
    ),
    "BE": (
        Mention(
            "seller_name", N_("Your name or business name in the profile."), _seller("legal_name")
        ),
        Mention(
            "seller_enterprise_number",
            N_("Your enterprise number (BCE/KBO) in the profile."),
            _seller("bce_number"),
        ),
        *_COMMON,
        Mention(
            "payer_vat_number",
            N_("The payer's VAT or enterprise number (business payer)."),
            lambda c: _has(c.payer, "vat_number") or _has(c.payer, "legal_id"),
            lambda c: c.business_payer and not c.franchise,
        ),
    ),
    "RO": (
        Mention(
            "seller_name", N_("Your name or business name in the profile."), _seller("legal_name")
        ),
        Mention(
            "seller_cui",
            N_("Your CUI (fiscal identification code) in the profile."),
            _seller("cui"),
        ),
        *_COMMON,
        Mention(
            "payer_cui",
            N_("The payer's CUI (business payer)."),
            lambda c: _has(c.payer, "legal_id") or _has(c.payer, "vat_number"),
            lambda c: c.business_payer,
        ),
    ),
}


def missing_mentions(context: MentionContext) -> dict[str, str]:
    """Every applicable mandatory item the invoice lacks: ``{key: message}`` ({} = ok)."""
    rules = RULES.get(context.country)
    if rules is None:
        return {"country": N_("Choose France, Belgium or Romania in the profile.")}
    return {m.key: m.message for m in rules if m.when(context) and not m.requires(context)}


def printed_mentions(context: MentionContext) -> tuple[str, ...]:
    """The legal sentences to print at the foot of the document, in order."""
    out: list[str] = []
    if context.franchise and context.country in VAT_FRANCHISE_WORDING:
        out.append(VAT_FRANCHISE_WORDING[context.country])
    if context.country == "FR" and context.business_payer:
        penalty = str(context.seller.get("late_penalty_text") or "").strip()
        if penalty:
            out.append(penalty)
        # The practitioner's own text may already hold these sentences: never twice.
        if "40" not in penalty:
            out.append(RECOVERY_INDEMNITY_WORDING["FR"])
        if "escompte" not in penalty.lower():
            out.append(NO_DISCOUNT_WORDING["FR"])
    return tuple(out)
