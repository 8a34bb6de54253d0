"""The operations of the report screens, run on the DB worker (no widgets here).

Services are imported when the operation runs, as everywhere in ``ui/``: opening the
Reports page never waits for ReportLab or SQLAlchemy to load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from socialdesk.domain.activity import ActivityFigures
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import ReportAudience
from socialdesk.domain.reports import ActivityReportRequest, ClientReportRequest, ReportOutput
from socialdesk.ui.accompaniment.common import Operation

Request = ClientReportRequest | ActivityReportRequest


@dataclass(frozen=True, slots=True)
class Preview:
    """What the preview shows: the PDF, and for an activity report the figures it was
    made of (drawn on screen too)."""

    output: ReportOutput
    current: ActivityFigures | None = None
    previous: ActivityFigures | None = None


def render(request: Request) -> Operation:
    """The PDF of ``request``, in memory (nothing logged, nothing written)."""

    def op(uow: Any) -> tuple[Any, Changes]:
        if isinstance(request, ClientReportRequest):
            from socialdesk.services.reports.client_report import render_client_report

            return Preview(render_client_report(uow, request)), NO_CHANGES
        # render_activity_report's steps, keeping the figures for the on-screen chart
        # (counted once for both).
        from socialdesk.services.reports.activity import activity_figures
        from socialdesk.services.reports.activity_pdf import activity_pdf

        request.validate()
        current = activity_figures(uow, request.period_start, request.period_end)
        previous = None
        if request.compare_previous:
            previous = activity_figures(uow, *request.previous_period())
        rendered = activity_pdf(uow, request, current, previous)
        output = ReportOutput(pdf=rendered.pdf, pages=rendered.pages)
        return Preview(output, current, previous), NO_CHANGES

    return op


# The report log is read when a client file's Reports tab is shown: no page has to
# reload when a report is produced, so the writes below announce no change.
def log(request: Request) -> Operation:
    """Record that ``request`` was printed (the report log and the audit)."""

    def op(uow: Any) -> tuple[Any, Changes]:
        if isinstance(request, ClientReportRequest):
            from socialdesk.services.reports.client_report import log_client_report

            return log_client_report(uow, request), NO_CHANGES
        from socialdesk.services.reports.activity import log_activity_report

        return log_activity_report(uow, request), NO_CHANGES

    return op


def write(request: Request, out: Path) -> Operation:
    """Write the PDF of ``request`` to ``out`` (atomically) and log it."""

    def op(uow: Any) -> tuple[Any, Changes]:
        if isinstance(request, ClientReportRequest):
            from socialdesk.services.reports.client_report import write_client_report

            return write_client_report(uow, request, out), NO_CHANGES
        from socialdesk.services.reports.activity import write_activity_report

        return write_activity_report(uow, request, out), NO_CHANGES

    return op


def write_csv(request: ActivityReportRequest, out: Path) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.reports.activity import write_activity_csv

        return write_activity_csv(uow, request, out), NO_CHANGES

    return op


def note_choices(client_id: int, start: date, end: date, audience: ReportAudience) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.reports.client_report import report_note_choices

        return list(report_note_choices(uow, client_id, start, end, audience)), NO_CHANGES

    return op


def client_reports(client_id: int) -> Operation:
    """The reports produced about ``client_id``, most recent first."""

    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.reports.client_report import client_report_log

        return list(client_report_log(uow, client_id)), NO_CHANGES

    return op


def client_name(client_id: int) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.clients import get_client_file

        return get_client_file(uow, client_id).display_name, NO_CHANGES

    return op


def document_language() -> Operation:
    """The document language of the practitioner's profile."""

    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.profile import get_profile

        return get_profile(uow).document_language, NO_CHANGES

    return op
