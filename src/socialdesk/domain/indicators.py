"""Indicators agreed with a funder and their targets: value types and validation rules.

An indicator ("Personnes accompagnées 2026", target 100 persons) is counted over its own
period either from the data (a computed :class:`~socialdesk.domain.enums.IndicatorSource`,
with the definitions of :mod:`socialdesk.domain.activity`) or by hand (``manual``: the
sum of the values entered). ``hours_of_service`` is stored and computed in **minutes**
(the indicator table's unit); :attr:`IndicatorProgress.actual` is in the same unit as the
target.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from socialdesk.domain.enums import IndicatorSource
from socialdesk.domain.errors import NotFound
from socialdesk.domain.reports import check_period
from socialdesk.i18n import N_

NAME_MAX = 200
UNIT_MAX = 40
DESCRIPTION_MAX = 2000
NOTE_MAX = 500
MAX_TARGET = 100_000_000
MAX_VALUE = 100_000_000

SOURCE_LABELS: dict[IndicatorSource, str] = {
    IndicatorSource.MANUAL: N_("Entered by hand"),
    IndicatorSource.CLIENTS_ACCOMPANIED: N_("Persons accompanied"),
    IndicatorSource.NEW_CLIENTS: N_("New files opened"),
    IndicatorSource.CLOSED_CLIENTS: N_("Files closed"),
    IndicatorSource.APPOINTMENTS_DONE: N_("Appointments held"),
    IndicatorSource.HOME_VISITS_DONE: N_("Home visits made"),
    IndicatorSource.GROUP_SESSIONS_DONE: N_("Group sessions held"),
    IndicatorSource.HOURS_OF_SERVICE: N_("Hours of accompaniment (in minutes)"),
    IndicatorSource.DEMARCHES_SUBMITTED: N_("Procedures submitted"),
    IndicatorSource.DEMARCHES_GRANTED: N_("Rights obtained"),
    IndicatorSource.REFERRALS_MADE: N_("Referrals to partners"),
    IndicatorSource.OBJECTIVES_ACHIEVED: N_("Objectives achieved"),
}


class IndicatorNotFound(NotFound):
    message = "This indicator does not exist (it may have been deleted)."


class IndicatorValueNotFound(NotFound):
    message = "This value does not exist (it may have been deleted)."


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    name: str
    source: IndicatorSource
    period_start: date
    period_end: date
    target: int | None = None
    unit: str = ""
    description: str = ""
    funder_organization_id: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class IndicatorView:
    id: int
    name: str
    description: str
    source: IndicatorSource
    period_start: date
    period_end: date
    target: int | None
    unit: str
    funder_organization_id: int | None
    funder_name: str
    active: bool
    manual_values: int  # how many values entered by hand


@dataclass(frozen=True, slots=True)
class IndicatorValueInput:
    value_date: date
    value: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorValueView:
    id: int
    indicator_id: int
    value_date: date
    value: int
    note: str


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """Target against actual over the indicator's own period."""

    indicator: IndicatorView
    actual: int

    @property
    def target(self) -> int | None:
        return self.indicator.target

    @property
    def percent(self) -> int | None:
        """Whole percent of the target reached (None without a positive target)."""
        if not self.indicator.target or self.indicator.target <= 0:
            return None
        return self.actual * 100 // self.indicator.target


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def indicator_errors(data: IndicatorInput) -> dict[str, str]:
    """Field errors of an indicator (message ids)."""
    errors: dict[str, str] = {}
    name = clean(data.name)
    if not name:
        errors["name"] = N_("Enter the indicator's name.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("The name is too long (200 characters at most).")
    if not isinstance(data.source, IndicatorSource):
        try:
            IndicatorSource(data.source)
        except ValueError:
            errors["source"] = N_("Choose how the indicator is counted.")
    errors.update(check_period(data.period_start, data.period_end))
    if data.target is not None and not (0 <= data.target <= MAX_TARGET):
        errors["target"] = N_("Enter a target between 0 and 100,000,000.")
    if len(clean(data.unit)) > UNIT_MAX:
        errors["unit"] = N_("The unit is too long (40 characters at most).")
    if len((data.description or "").strip()) > DESCRIPTION_MAX:
        errors["description"] = N_("The description is too long (2,000 characters at most).")
    return errors


def value_errors(data: IndicatorValueInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.value_date is None:
        errors["value_date"] = N_("Enter the date of the value.")
    if not (0 <= data.value <= MAX_VALUE):
        errors["value"] = N_("Enter a value between 0 and 100,000,000.")
    if len((data.note or "").strip()) > NOTE_MAX:
        errors["note"] = N_("The note is too long (500 characters at most).")
    return errors
