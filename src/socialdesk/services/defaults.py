"""What a new vault starts with: the usual social-issue typology and note types, labelled
in the practitioner's language at creation, and the usual kinds of démarches of France,
Belgium and Romania (official names); all stay editable in Settings."""

from __future__ import annotations

from sqlalchemy import func, select

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.i18n import N_, _
from socialdesk.services.clients import save_social_issue_type
from socialdesk.services.demarches import ensure_default_demarche_kinds
from socialdesk.services.notes import ensure_default_note_types
from socialdesk.storage.orm import SocialIssueType
from socialdesk.storage.uow import UnitOfWork

DEFAULT_SOCIAL_ISSUES: tuple[tuple[str, str], ...] = (
    ("housing", N_("Housing")),
    ("income", N_("Income and benefits")),
    ("debt", N_("Debt and budget")),
    ("health", N_("Health")),
    ("employment", N_("Employment and training")),
    ("family", N_("Family and parenting")),
    ("rights", N_("Access to rights")),
    ("administrative", N_("Administrative procedures")),
    ("isolation", N_("Isolation")),
    ("mobility", N_("Mobility")),
)


def ensure_default_social_issue_types(uow: UnitOfWork) -> Changes:
    """Add the usual typology to a vault that has none; no-op otherwise."""
    if uow.session.execute(select(func.count()).select_from(SocialIssueType)).scalar_one():
        return NO_CHANGES
    changes = NO_CHANGES
    for code, label in DEFAULT_SOCIAL_ISSUES:
        _issue, more = save_social_issue_type(uow, code, _(label), True)
        changes = changes | more
    return changes


def seed_new_vault(uow: UnitOfWork) -> Changes:
    _types, changes = ensure_default_note_types(uow)
    changes = changes | ensure_default_social_issue_types(uow)
    return changes | ensure_default_demarche_kinds(uow)
