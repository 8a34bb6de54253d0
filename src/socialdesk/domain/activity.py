"""Activity figures of a period, as a funder reads them, and the small-cell masking rule.

Definitions (every day of the period counts, both ends included; days are the
practitioner's local days):

- **contact**: a *done* appointment the person took part in (attendance neither absent
  nor excused), or a case note about the person dated in the period.
- **accompanied** (the "file active"): a person whose file was open on at least one day
  of the period (opened — ``intake_date`` — on or before its last day, not closed before
  its first day) **and** who had at least one contact in the period. A file opened but
  never met, or a closed file only written about, is not counted.
- **new**: accompanied, and the file was opened during the period.
- **closed**: accompanied, and the file was closed during the period.
- **active**: accompanied, and the file is still open at the end of the period; so
  ``accompanied = active + closed`` and ``new <= accompanied``.
- **age**: on the last day of the period, in bands (:data:`AGE_BANDS`); no birth date →
  "unknown".
- **hours of accompaniment**: the length of every done appointment except
  administrative time (kind ``admin``), in minutes.
- **km**: travel kilometres of done appointments (any kind).
- **objectives**: objectives closed (``closed_date``) in the period, by outcome.
- **démarches submitted**: ``submitted_date`` in the period; **rights obtained**:
  démarches granted with a decision dated in the period.
- **revenue**: invoices issued in the period less credit notes issued in the period
  (net, without VAT), by payer type (the person or an organization), in cents.

The computed indicator sources (:class:`~socialdesk.domain.enums.IndicatorSource`) read
the same figures, see :meth:`ActivityFigures.metric`.

**Masking**: a count of persons in a breakdown cell between 1 and ``SMALL_CELL - 1`` is
masked (shown "< 5") so nobody can be recognised from a small group; if exactly one cell
of a breakdown (or of a row or column of a table) is masked, the next smallest cell is
masked too, so a total cannot give it back. Masked cells carry no value at all
(``Cell.value is None``): a masked count never leaves the service. Top-level totals
(accompanied, new, active, closed) are not breakdowns and are shown as they are; counts of
appointments, hours, km and amounts are not counts of persons and are never masked.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    Gender,
    IndicatorSource,
    ObjectiveStatus,
    PayerKind,
)
from socialdesk.domain.reports import SMALL_CELL
from socialdesk.i18n import N_

MASKED_TEXT = f"< {SMALL_CELL}"

UNKNOWN = "unknown"

# (key, label, lowest age, highest age or None); age on the period's last day.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0-17", N_("Under 18"), 0, 17),
    ("18-25", N_("18 to 25"), 18, 25),
    ("26-35", N_("26 to 35"), 26, 35),
    ("36-45", N_("36 to 45"), 36, 45),
    ("46-55", N_("46 to 55"), 46, 55),
    ("56-65", N_("56 to 65"), 56, 65),
    ("66+", N_("66 and over"), 66, None),
)
AGE_UNKNOWN_LABEL = N_("Age unknown")

GENDERS: tuple[str, ...] = (*(g.value for g in Gender), UNKNOWN)
GENDER_LABELS: dict[str, str] = {
    Gender.FEMALE.value: N_("Women"),
    Gender.MALE.value: N_("Men"),
    Gender.OTHER.value: N_("Other gender"),
    Gender.UNDISCLOSED.value: N_("Gender not stated"),
    UNKNOWN: N_("Gender not recorded"),
}


# ---- masking ------------------------------------------------------------------------------
def is_small(value: int) -> bool:
    return 0 < value < SMALL_CELL


def mask_counts(values: Sequence[int]) -> tuple[bool, ...]:
    """Which cells of one breakdown to mask: the small ones (1..SMALL_CELL-1) and, when
    exactly one is small, the next smallest cell as well (a non-zero one when there is
    one, else a zero), so the total cannot give the masked count back."""
    masked = [is_small(v) for v in values]
    _complete_line(values, masked, range(len(values)))
    return tuple(masked)


def _complete_line(values: Sequence[int], masked: list[bool], line: Sequence[int]) -> bool:
    """Mask a second cell of ``line`` (indexes into ``values``) when exactly one is masked;
    True when it masked something."""
    if sum(masked[i] for i in line) != 1:
        return False
    others = [i for i in line if not masked[i]]
    if not others:
        return False
    nonzero = [i for i in others if values[i] > 0]
    pick = min(nonzero or others, key=lambda i: (values[i], i))
    masked[pick] = True
    return True


def mask_table(rows: Sequence[Sequence[int]]) -> tuple[tuple[bool, ...], ...]:
    """The masking of a two-way table (e.g. age band × gender): small cells, then the
    one-masked-cell rule on every row and every column until no line has a lone masked
    cell."""
    width = len(rows[0]) if rows else 0
    flat = [v for row in rows for v in row]
    masked = [is_small(v) for v in flat]
    lines = [range(r * width, (r + 1) * width) for r in range(len(rows))]
    lines += [range(c, len(flat), width) for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            changed = _complete_line(flat, masked, line) or changed
    return tuple(tuple(masked[r * width : (r + 1) * width]) for r in range(len(rows)))


@dataclass(frozen=True, slots=True)
class Cell:
    """A count of persons as it may be shown: ``value`` is None when masked."""

    value: int | None

    @property
    def masked(self) -> bool:
        return self.value is None

    def shown(self) -> str:
        return MASKED_TEXT if self.value is None else str(self.value)


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    key: str  # a stable code (issue code, age band, gender)
    label: str  # an English message id (translate with the document words) or a name
    cell: Cell


@dataclass(frozen=True, slots=True)
class Breakdown:
    rows: tuple[BreakdownRow, ...]

    def cell(self, key: str) -> Cell:
        for row in self.rows:
            if row.key == key:
                return row.cell
        return Cell(0)


def breakdown(items: Sequence[tuple[str, str, int]]) -> Breakdown:
    """A masked breakdown from ``(key, label, count)`` items, in the given order."""
    masks = mask_counts([count for _k, _l, count in items])
    return Breakdown(
        tuple(
            BreakdownRow(key, label, Cell(None if hide else count))
            for (key, label, count), hide in zip(items, masks, strict=True)
        )
    )


@dataclass(frozen=True, slots=True)
class AgeGenderTable:
    """Persons accompanied by age band (rows, :data:`AGE_BANDS` then unknown) and gender
    (columns, :data:`GENDERS`), masked as a table."""

    bands: tuple[str, ...]
    genders: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]


def age_gender_table(counts: dict[tuple[str, str], int]) -> AgeGenderTable:
    bands = (*(b[0] for b in AGE_BANDS), UNKNOWN)
    raw = [[counts.get((band, gender), 0) for gender in GENDERS] for band in bands]
    masks = mask_table(raw)
    cells = tuple(
        tuple(Cell(None if hide else v) for v, hide in zip(row, mrow, strict=True))
        for row, mrow in zip(raw, masks, strict=True)
    )
    return AgeGenderTable(bands=bands, genders=GENDERS, cells=cells)


# ---- the figures ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AppointmentCount:
    kind: AppointmentKind
    status: AppointmentStatus
    count: int


@dataclass(frozen=True, slots=True)
class ActivityFigures:
    """Everything an activity report shows for one period (see the module docstring)."""

    period_start: date
    period_end: date
    persons_accompanied: int
    persons_new: int
    persons_active: int
    persons_closed: int
    by_social_issue: Breakdown  # a person with several issues counts under each
    by_age_band: Breakdown
    by_gender: Breakdown
    age_gender: AgeGenderTable
    appointments: tuple[AppointmentCount, ...]  # every appointment starting in the period
    group_sessions_done: int
    minutes_of_accompaniment: int
    home_visits_done: int
    km_milli: int  # thousandths of a km
    referrals_made: int
    objectives: dict[ObjectiveStatus, int]  # achieved, partial, abandoned (closed in period)
    demarches_submitted: int
    rights_granted: int
    rights_persons: int
    rights_monthly_cents: int
    rights_by_kind: Breakdown  # démarches granted by kind (masked: one per person, mostly)
    revenue_cents: dict[PayerKind, int]  # net, invoices less credit notes

    def appointments_count(
        self, *, kind: AppointmentKind | None = None, status: AppointmentStatus | None = None
    ) -> int:
        return sum(
            a.count
            for a in self.appointments
            if (kind is None or a.kind == kind) and (status is None or a.status == status)
        )

    @property
    def appointments_done(self) -> int:
        return self.appointments_count(status=AppointmentStatus.DONE)

    @property
    def revenue_total_cents(self) -> int:
        return sum(self.revenue_cents.values())

    def metric(self, source: IndicatorSource) -> int:
        """The value of a computed indicator source over this period (minutes for
        ``hours_of_service``, as the indicator table stores it)."""
        values = {
            IndicatorSource.CLIENTS_ACCOMPANIED: self.persons_accompanied,
            IndicatorSource.NEW_CLIENTS: self.persons_new,
            IndicatorSource.CLOSED_CLIENTS: self.persons_closed,
            IndicatorSource.APPOINTMENTS_DONE: self.appointments_done,
            IndicatorSource.HOME_VISITS_DONE: self.home_visits_done,
            IndicatorSource.GROUP_SESSIONS_DONE: self.group_sessions_done,
            IndicatorSource.HOURS_OF_SERVICE: self.minutes_of_accompaniment,
            IndicatorSource.DEMARCHES_SUBMITTED: self.demarches_submitted,
            IndicatorSource.DEMARCHES_GRANTED: self.rights_granted,
            IndicatorSource.REFERRALS_MADE: self.referrals_made,
            IndicatorSource.OBJECTIVES_ACHIEVED: self.objectives.get(ObjectiveStatus.ACHIEVED, 0),
        }
        if source not in values:
            raise ValueError(f"{source} is not a computed source")
        return values[source]


def change(current: Cell | int, previous: Cell | int) -> int | None:
    """current − previous, or None when either side is masked."""
    a = current.value if isinstance(current, Cell) else current
    b = previous.value if isinstance(previous, Cell) else previous
    if a is None or b is None:
        return None
    return a - b
