"""Reports: what a report request says, and what the log keeps of each report produced.

A client report is written for one **audience**, which decides what it may show
(professional secrecy):

- ``person`` (the person's right of access): everything about them except private notes;
- ``partner`` (a referring institution, a judge): only what the institution needs; the
  names of third parties (household members, relatives, contacts) are redacted;
- ``file`` (the practitioner's own records): everything.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from socialdesk.domain.enums import ReportAudience, ReportKind
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_

MAX_REPORT_DAYS = 366 * 10
"""A report period spans at most ten years."""

SMALL_CELL = 5
"""Aggregates under this count are masked in activity reports (re-identification risk)."""


class ReportSection(StrEnum):
    """The sections a client report may hold, in the order they are printed."""

    IDENTITY = "identity"
    SITUATION = "situation"
    HOUSEHOLD = "household"
    SOCIAL_ISSUES = "social_issues"
    PLAN = "plan"
    APPOINTMENTS = "appointments"
    NOTES = "notes"
    DEMARCHES = "demarches"
    PACKAGES = "packages"


SECTION_LABELS: dict[ReportSection, str] = {
    ReportSection.IDENTITY: N_("Identity"),
    ReportSection.SITUATION: N_("Situation"),
    ReportSection.HOUSEHOLD: N_("Household"),
    ReportSection.SOCIAL_ISSUES: N_("Social issues"),
    ReportSection.PLAN: N_("Accompaniment plan"),
    ReportSection.APPOINTMENTS: N_("Appointments"),
    ReportSection.NOTES: N_("Case notes"),
    ReportSection.DEMARCHES: N_("Procedures and rights"),
    ReportSection.PACKAGES: N_("Packages"),
}

# The three audiences of a client report, by the name the CLI and the screens use.
AUDIENCES: dict[str, ReportAudience] = {
    "person": ReportAudience.CLIENT,
    "partner": ReportAudience.PARTNER,
    "file": ReportAudience.INTERNAL,
}

AUDIENCE_LABELS: dict[ReportAudience, str] = {
    ReportAudience.CLIENT: N_("The person (right of access)"),
    ReportAudience.PARTNER: N_("A partner institution"),
    ReportAudience.INTERNAL: N_("My records (full file)"),
}

# Sections offered by default to each audience (the user may tick others off or on).
DEFAULT_SECTIONS: dict[ReportAudience, tuple[ReportSection, ...]] = {
    ReportAudience.CLIENT: (
        ReportSection.IDENTITY,
        ReportSection.SITUATION,
        ReportSection.PLAN,
        ReportSection.APPOINTMENTS,
        ReportSection.DEMARCHES,
        ReportSection.PACKAGES,
    ),
    ReportAudience.PARTNER: (
        ReportSection.IDENTITY,
        ReportSection.SOCIAL_ISSUES,
        ReportSection.PLAN,
        ReportSection.DEMARCHES,
    ),
    ReportAudience.INTERNAL: tuple(ReportSection),
}


def audience_from_name(name: str) -> ReportAudience:
    """``person`` / ``partner`` / ``file`` → the audience; a clear error otherwise."""
    try:
        return AUDIENCES[name.strip().lower()]
    except KeyError:
        raise ValidationError(
            {"audience": N_("Choose the audience: person, partner or file.")}
        ) from None


def audience_name(audience: ReportAudience) -> str:
    for name, value in AUDIENCES.items():
        if value == audience:
            return name
    raise ValueError(audience)


def check_period(start: date | None, end: date | None) -> dict[str, str]:
    """Field errors of a report period (both ends included)."""
    errors: dict[str, str] = {}
    if start is None:
        errors["period_start"] = N_("Enter the first day of the period.")
    if end is None:
        errors["period_end"] = N_("Enter the last day of the period.")
    if start is not None and end is not None:
        if end < start:
            errors["period_end"] = N_("The period ends before it starts.")
        elif (end - start).days > MAX_REPORT_DAYS:
            errors["period_end"] = N_("A report covers at most ten years.")
    return errors


@dataclass(frozen=True, slots=True)
class ClientReportRequest:
    client_id: int
    audience: ReportAudience
    period_start: date
    period_end: date
    sections: tuple[ReportSection, ...]
    language: str = "fr"
    # Case notes to print; None = every note of the period the audience may see.
    note_ids: tuple[int, ...] | None = None

    def validate(self) -> None:
        errors = check_period(self.period_start, self.period_end)
        if self.audience not in AUDIENCE_LABELS:
            errors["audience"] = N_("Choose the audience: person, partner or file.")
        if not self.sections:
            errors["sections"] = N_("Choose at least one section.")
        if self.language not in ("fr", "en", "ro"):
            errors["language"] = N_("Choose French, English or Romanian for documents.")
        if errors:
            raise ValidationError(errors)

    def ordered_sections(self) -> tuple[ReportSection, ...]:
        return tuple(s for s in ReportSection if s in self.sections)


@dataclass(frozen=True, slots=True)
class ActivityReportRequest:
    period_start: date
    period_end: date
    language: str = "fr"
    compare_previous: bool = True

    def validate(self) -> None:
        errors = check_period(self.period_start, self.period_end)
        if self.language not in ("fr", "en", "ro"):
            errors["language"] = N_("Choose French, English or Romanian for documents.")
        if errors:
            raise ValidationError(errors)

    def previous_period(self) -> tuple[date, date]:
        """The period of the same length that ends the day before this one starts."""
        length = self.period_end - self.period_start
        end = date.fromordinal(self.period_start.toordinal() - 1)
        return end - length, end


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One report produced, as the log keeps it (never its content)."""

    id: int
    kind: ReportKind
    audience: ReportAudience
    client_id: int | None
    period_start: date | None
    period_end: date | None
    sections: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReportOutput:
    """A report rendered in memory: PDF bytes (never written unless asked) and its log."""

    pdf: bytes
    pages: int
    record: ReportRecord | None = None
