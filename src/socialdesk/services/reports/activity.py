"""The activity report of a period: figures, comparison with the previous period, CSV, PDF.

Public API::

    activity_figures(uow, start: date, end: date) -> ActivityFigures     # (activity_figures.py)
    figure_rows(current, previous, language) -> list[FigureRow]          # what tables show
    activity_csv(current, previous, language) -> str
    render_activity_report(uow, request: ActivityReportRequest) -> ReportOutput
    write_activity_report(uow, request, out: Path, csv_out: Path | None = None,
                          *, audience=ReportAudience.INTERNAL) -> ReportOutput

``render_activity_report`` makes the PDF in memory (nothing written, nothing logged: the
preview). ``write_activity_report`` writes the PDF (and the CSV) atomically with 0600
permissions, logs the report (``report_log``: kind ``activity``, the audience INTERNAL or
FUNDER) and records an EXPORT audit event (file names and formats, no figures).

Every figure and its definition: :mod:`socialdesk.domain.activity`. Counts of persons in
breakdowns are masked under 5 in the figures themselves, so neither the PDF nor the CSV
can show them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from socialdesk.domain.activity import MASKED_TEXT, UNKNOWN, ActivityFigures, Breakdown, Cell
from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AuditAction,
    ObjectiveStatus,
    PayerKind,
    ReportAudience,
    ReportKind,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.reports import ActivityReportRequest, ReportOutput, ReportRecord
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.services.csv_safety import safe_row
from socialdesk.services.document_language import words_in
from socialdesk.services.reports.activity_figures import activity_figures
from socialdesk.services.reports.activity_words import WORDS
from socialdesk.storage.orm import ReportLog
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "FigureRow",
    "activity_csv",
    "activity_figures",
    "figure_rows",
    "render_activity_report",
    "write_activity_report",
]

AUDIENCES = (ReportAudience.INTERNAL, ReportAudience.FUNDER)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure of the report: ``unit`` is ``count`` (persons or appointments),
    ``minutes``, ``km_milli`` or ``cents``; a masked side has ``value is None``."""

    section: str
    label: str
    unit: str
    current: Cell
    previous: Cell | None

    @property
    def change(self) -> int | None:
        if self.previous is None or self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


def _breakdown_rows(
    section: str,
    current: Breakdown,
    previous: Breakdown | None,
    label: Callable[[str, str], str],
) -> list[FigureRow]:
    keys = [r.key for r in current.rows]
    labels = {r.key: r.label for r in current.rows}
    if previous is not None:
        for r in previous.rows:
            if r.key not in labels:
                keys.append(r.key)
                labels[r.key] = r.label
    return [
        FigureRow(
            section,
            label(key, labels[key]),
            "count",
            current.cell(key),
            previous.cell(key) if previous is not None else None,
        )
        for key in keys
    ]


def _done_of_kind(kind: AppointmentKind) -> Callable[[ActivityFigures], int]:
    return lambda f: f.appointments_count(kind=kind, status=AppointmentStatus.DONE)


def _of_status(status: AppointmentStatus) -> Callable[[ActivityFigures], int]:
    return lambda f: f.appointments_count(status=status)


def _objectives(outcome: ObjectiveStatus) -> Callable[[ActivityFigures], int]:
    return lambda f: f.objectives.get(outcome, 0)


def figure_rows(
    current: ActivityFigures, previous: ActivityFigures | None, language: str
) -> list[FigureRow]:
    """Every figure of the report in print order, with the previous period's value."""
    word = words_in(WORDS, language)
    rows: list[FigureRow] = []

    def add(section: str, key: str, unit: str, get: Callable[[ActivityFigures], int]) -> None:
        rows.append(
            FigureRow(
                word(section),
                word(key),
                unit,
                Cell(get(current)),
                Cell(get(previous)) if previous is not None else None,
            )
        )

    add("s_persons", "accompanied", "count", lambda f: f.persons_accompanied)
    add("s_persons", "new", "count", lambda f: f.persons_new)
    add("s_persons", "active", "count", lambda f: f.persons_active)
    add("s_persons", "closed", "count", lambda f: f.persons_closed)

    def issue_label(_key: str, label: str) -> str:
        return label  # the practitioner's own typology

    def band_label(key: str, _label: str) -> str:
        return word("age_unknown" if key == UNKNOWN else key)

    def gender_label(key: str, _label: str) -> str:
        return word("gender_unknown" if key == UNKNOWN else key)

    def part(get: Callable[[ActivityFigures], Breakdown]) -> Breakdown | None:
        return get(previous) if previous is not None else None

    rows += _breakdown_rows(
        word("s_issues"), current.by_social_issue, part(lambda f: f.by_social_issue), issue_label
    )
    rows += _breakdown_rows(
        word("s_age"), current.by_age_band, part(lambda f: f.by_age_band), band_label
    )
    rows += _breakdown_rows(
        word("s_gender"), current.by_gender, part(lambda f: f.by_gender), gender_label
    )
    add("s_appointments", "appointments_all", "count", lambda f: f.appointments_count())
    add("s_appointments", "appointments_done", "count", lambda f: f.appointments_done)
    for kind in AppointmentKind:
        add(
            "s_kinds",
            kind.value,
            "count",
            _done_of_kind(kind),
        )
    for status in AppointmentStatus:
        add("s_statuses", status.value, "count", _of_status(status))
    add("s_work", "hours", "minutes", lambda f: f.minutes_of_accompaniment)
    add("s_work", "home_visits", "count", lambda f: f.home_visits_done)
    add("s_work", "km", "km_milli", lambda f: f.km_milli)
    add("s_work", "group_sessions", "count", lambda f: f.group_sessions_done)
    add("s_work", "referrals", "count", lambda f: f.referrals_made)
    for outcome, key in (
        (ObjectiveStatus.ACHIEVED, "obj_achieved"),
        (ObjectiveStatus.PARTIAL, "obj_partial"),
        (ObjectiveStatus.ABANDONED, "obj_abandoned"),
    ):
        add("s_plans", key, "count", _objectives(outcome))
    add("s_plans", "demarches_submitted", "count", lambda f: f.demarches_submitted)
    add("s_plans", "rights_granted", "count", lambda f: f.rights_granted)
    add("s_plans", "rights_persons", "count", lambda f: f.rights_persons)
    add("s_plans", "rights_amount", "cents", lambda f: f.rights_monthly_cents)
    rows += _breakdown_rows(
        word("s_rights"), current.rights_by_kind, part(lambda f: f.rights_by_kind), issue_label
    )
    add("s_revenue", "revenue_person", "cents", lambda f: f.revenue_cents[PayerKind.PERSON])
    add(
        "s_revenue",
        "revenue_organization",
        "cents",
        lambda f: f.revenue_cents[PayerKind.ORGANIZATION],
    )
    add("s_revenue", "revenue_total", "cents", lambda f: f.revenue_total_cents)
    return rows


def csv_number(value: int | None, unit: str) -> str | Decimal | int:
    """A figure as the CSV writes it: counts as integers, hours (from minutes) and km with
    decimals, amounts in currency units with two decimals; masked as ``< 5``."""
    if value is None:
        return MASKED_TEXT
    if unit == "minutes":
        return (Decimal(value) / 60).quantize(Decimal("0.01"))
    if unit == "km_milli":
        return (Decimal(value) / 1000).quantize(Decimal("0.1"))
    if unit == "cents":
        return Decimal(value).scaleb(-2).quantize(Decimal("0.01"))
    return value


def csv_dialect(language: str) -> tuple[str, str]:
    """(delimiter, decimal mark) a spreadsheet of that language opens without asking:
    ``;`` and ``,`` in French and Romanian (as the sales journal), ``,`` and ``.`` in
    English."""
    return (",", ".") if language == "en" else (";", ",")


def activity_csv(current: ActivityFigures, previous: ActivityFigures | None, language: str) -> str:
    """One row per figure: section, label, current, previous, change (UTF-8 text, header
    first; ``;`` and decimal commas in French and Romanian, ``,`` and points in English:
    :func:`csv_dialect`). Masked counts read ``< 5``; their change is empty. Labels
    typed by the practitioner (social issues, kinds of procedures) are neutralised
    against CSV injection."""
    word = words_in(WORDS, language)
    delimiter, mark = csv_dialect(language)

    def number(value: int | None, unit: str) -> str:
        return str(csv_number(value, unit)).replace(".", mark)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        safe_row([word("section"), word("figure"), word("current"), word("previous_col"),
                  word("change")])
    )  # fmt: skip
    for row in figure_rows(current, previous, language):
        change = row.change
        writer.writerow(
            safe_row(
                [
                    row.section,
                    row.label,
                    number(row.current.value, row.unit),
                    number(row.previous.value, row.unit) if row.previous is not None else "",
                    number(change, row.unit) if change is not None else "",
                ]
            )
        )
    return out.getvalue()


def _figures_pair(
    uow: UnitOfWork, request: ActivityReportRequest
) -> tuple[ActivityFigures, ActivityFigures | None]:
    request.validate()
    current = activity_figures(uow, request.period_start, request.period_end)
    previous = None
    if request.compare_previous:
        first, last = request.previous_period()
        previous = activity_figures(uow, first, last)
    return current, previous


def render_activity_report(uow: UnitOfWork, request: ActivityReportRequest) -> ReportOutput:
    """The PDF in memory (the preview): nothing written, nothing logged."""
    from socialdesk.services.reports.activity_pdf import activity_pdf

    current, previous = _figures_pair(uow, request)
    rendered = activity_pdf(uow, request, current, previous)
    return ReportOutput(pdf=rendered.pdf, pages=rendered.pages)


def write_activity_report(
    uow: UnitOfWork,
    request: ActivityReportRequest,
    out: Path,
    csv_out: Path | None = None,
    *,
    audience: ReportAudience = ReportAudience.INTERNAL,
) -> ReportOutput:
    """Write the PDF (and the CSV of the figures) atomically (0600), log the report and
    audit the export. Bad input raises ``ValidationError`` before anything is written."""
    errors: dict[str, str] = {}
    if audience not in AUDIENCES:
        errors["audience"] = N_("An activity report is for my records or for a funder.")
    for field, path in (("out", out), ("csv_out", csv_out)):
        if path is not None and not Path(path).parent.is_dir():
            errors[field] = N_("The folder to save in does not exist.")
    if csv_out is not None and Path(csv_out).resolve() == Path(out).resolve():
        errors["csv_out"] = N_("Choose another file for the CSV than for the PDF.")
    if errors:
        raise ValidationError(errors)
    from socialdesk.services.reports.activity_pdf import activity_pdf

    current, previous = _figures_pair(uow, request)
    rendered = activity_pdf(uow, request, current, previous)
    text = activity_csv(current, previous, request.language) if csv_out is not None else None
    write_private_atomic(Path(out), rendered.pdf)
    if csv_out is not None and text is not None:
        write_private_atomic(Path(csv_out), text.encode("utf-8-sig"))
    sections = ["figures", "charts", "indicators"]
    log = ReportLog(
        kind=ReportKind.ACTIVITY,
        audience=audience,
        client_id=None,
        period_start=request.period_start,
        period_end=request.period_end,
        sections=json.dumps(sections),
        created_at=datetime.now(UTC),
    )
    uow.session.add(log)
    uow.session.flush()
    files = [Path(out).name] + ([Path(csv_out).name] if csv_out is not None else [])
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="report",
        object_id=log.id,
        details={
            "kind": ReportKind.ACTIVITY.value,
            "audience": audience.value,
            "files": files,
            "formats": ["pdf"] + (["csv"] if csv_out is not None else []),
            "period": [request.period_start.isoformat(), request.period_end.isoformat()],
        },
    )
    record = ReportRecord(
        id=log.id,
        kind=ReportKind.ACTIVITY,
        audience=audience,
        client_id=None,
        period_start=request.period_start,
        period_end=request.period_end,
        sections=tuple(sections),
        created_at=log.created_at,
    )
    return ReportOutput(pdf=rendered.pdf, pages=rendered.pages, record=record)


# ---- the GUI's print and CSV export (added for the Reports page) ---------------------------
def log_activity_report(
    uow: UnitOfWork,
    request: ActivityReportRequest,
    *,
    action: AuditAction = AuditAction.PRINT,
    formats: tuple[str, ...] = ("pdf",),
    files: tuple[str, ...] = (),
) -> ReportRecord:
    """Log an activity report that left the vault without being written here (printed
    from the preview): a ``report_log`` row and an audit event, never a figure."""
    request.validate()
    sections = ["figures", "charts", "indicators"]
    log = ReportLog(
        kind=ReportKind.ACTIVITY,
        audience=ReportAudience.INTERNAL,
        client_id=None,
        period_start=request.period_start,
        period_end=request.period_end,
        sections=json.dumps(sections),
        created_at=datetime.now(UTC),
    )
    uow.session.add(log)
    uow.session.flush()
    details: dict[str, object] = {
        "kind": ReportKind.ACTIVITY.value,
        "audience": ReportAudience.INTERNAL.value,
        "formats": list(formats),
        "period": [request.period_start.isoformat(), request.period_end.isoformat()],
    }
    if files:
        details["files"] = list(files)
    record_event(uow, action, object_type="report", object_id=log.id, details=details)
    return ReportRecord(
        id=log.id,
        kind=ReportKind.ACTIVITY,
        audience=ReportAudience.INTERNAL,
        client_id=None,
        period_start=request.period_start,
        period_end=request.period_end,
        sections=tuple(sections),
        created_at=log.created_at,
    )


def write_activity_csv(uow: UnitOfWork, request: ActivityReportRequest, out: Path) -> ReportRecord:
    """Write only the CSV of the figures (atomic, 0600), logged and audited as an export.
    Bad input raises ``ValidationError`` before anything is written."""
    if not Path(out).parent.is_dir():
        raise ValidationError({"csv_out": N_("The folder to save in does not exist.")})
    current, previous = _figures_pair(uow, request)
    text = activity_csv(current, previous, request.language)
    record = log_activity_report(
        uow, request, action=AuditAction.EXPORT, formats=("csv",), files=(Path(out).name,)
    )
    write_private_atomic(Path(out), text.encode("utf-8-sig"))
    return record
