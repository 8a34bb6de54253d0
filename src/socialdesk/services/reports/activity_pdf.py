"""The activity report as a PDF: tables (period against the previous one), ReportLab
charts (appointments by kind, persons by social issue, revenue by payer type) and the
indicators with their targets. Laid out by :mod:`socialdesk.services.pdf_layout`."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from socialdesk.domain.activity import MASKED_TEXT, UNKNOWN, ActivityFigures, Cell
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, PayerKind
from socialdesk.domain.indicators import IndicatorProgress
from socialdesk.domain.reports import ActivityReportRequest
from socialdesk.services.document_language import (
    format_amount,
    format_date_long,
    format_number,
    words_in,
)
from socialdesk.services.indicators import indicator_progress
from socialdesk.services.pdf_layout import (
    ACCENT,
    FONT,
    FONT_BOLD,
    USABLE_WIDTH,
    Heading,
    PageFurniture,
    RenderedPdf,
    data_table,
    para,
    practitioner_identity,
    render_pdf,
    styles,
)
from socialdesk.services.profile import get_profile
from socialdesk.services.reports.activity import FigureRow, figure_rows
from socialdesk.services.reports.activity_words import WORDS
from socialdesk.storage.uow import UnitOfWork

_GREY = colors.HexColor("#9aa9b8")


class _Formats:
    def __init__(self, language: str, currency: str) -> None:
        self.language = language
        self.currency = currency

    def value(self, value: int | None, unit: str, *, signed: bool = False) -> str:
        if value is None:
            return MASKED_TEXT
        sign = "+" if signed and value > 0 else ""
        if unit == "minutes":
            return sign + format_number(value / 60, self.language, decimals=1) + " h"
        if unit == "km_milli":
            return sign + format_number(value / 1000, self.language, decimals=0) + " km"
        if unit == "cents":
            return sign + format_amount(value, self.currency, self.language)
        return sign + format_number(value, self.language, decimals=0)

    def cell(self, cell: Cell | None, unit: str) -> str:
        return "" if cell is None else self.value(cell.value, unit)


def _currency(country: str) -> str:
    return "RON" if country == "RO" else "EUR"


def _section_table(
    rows: list[FigureRow], fmt: _Formats, word: Any, st: dict[str, Any], compare: bool
) -> Flowable | None:
    headers = [word("figure"), word("current")]
    widths = [4.4, 1.7]
    if compare:
        headers += [word("previous_col"), word("change")]
        widths += [1.8, 1.7]
    body = []
    for row in rows:
        line = [row.label, fmt.cell(row.current, row.unit)]
        if compare:
            change = row.change
            line += [
                fmt.cell(row.previous, row.unit),
                "" if change is None else fmt.value(change, row.unit, signed=True),
            ]
        body.append(line)
    return data_table(headers, body, widths, st, right_columns=tuple(range(1, len(headers))))


def _bar_chart(
    title: str, labels: list[str], values: list[int], *, horizontal: bool = False
) -> Drawing:
    """A bar chart in our embedded font (no Helvetica reference)."""
    height = 62 * mm if not horizontal else max(40 * mm, (len(values) * 6 + 18) * mm)
    drawing = Drawing(USABLE_WIDTH, height)
    # The renderer's starting font, else every chart references (unembedded) Helvetica.
    drawing.initialFontName = FONT
    drawing.initialFontSize = 7
    drawing.add(String(0, height - 10, title, fontName=FONT_BOLD, fontSize=9, fillColor=ACCENT))
    chart: Any = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        chart.x, chart.y = 62 * mm, 8 * mm
        chart.width, chart.height = USABLE_WIDTH - 86 * mm, height - 26 * mm
        labels, values = labels[::-1], values[::-1]  # the first item on top
    else:
        chart.x, chart.y = 12 * mm, 16 * mm
        chart.width, chart.height = USABLE_WIDTH - 16 * mm, height - 30 * mm
    chart.data = [values or [0]]
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = labels or [""]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
        axis.strokeColor = _GREY
    if not horizontal:
        chart.categoryAxis.labels.angle = 20
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.barLabelFormat = "%d" if all(isinstance(v, int) for v in values) else "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _charts(current: ActivityFigures, word: Any, fmt: _Formats) -> list[Flowable]:
    kinds = list(AppointmentKind)
    by_kind = [current.appointments_count(kind=k, status=AppointmentStatus.DONE) for k in kinds]
    issues = [(r.label, r.cell.value) for r in current.by_social_issue.rows]
    shown = [(label, v) for label, v in issues if v is not None]
    revenue = [
        current.revenue_cents[PayerKind.PERSON],
        current.revenue_cents[PayerKind.ORGANIZATION],
    ]
    return [
        _bar_chart(word("chart_kinds"), [word(k.value) for k in kinds], by_kind),
        Spacer(1, 4 * mm),
        _bar_chart(
            word("chart_issues"), [label for label, _v in shown], [v for _l, v in shown],
            horizontal=True,
        ),
        Spacer(1, 4 * mm),
        _bar_chart(
            f"{word('chart_revenue')} ({fmt.currency})",
            [word("revenue_person"), word("revenue_organization")],
            [round(v / 100) for v in revenue],
            horizontal=True,
        ),
    ]  # fmt: skip


def _age_gender(current: ActivityFigures, word: Any, st: dict[str, Any]) -> Flowable | None:
    table = current.age_gender
    headers = [""] + [word("gender_unknown" if g == UNKNOWN else g) for g in table.genders]
    rows = [
        [word("age_unknown" if band == UNKNOWN else band)] + [c.shown() for c in cells]
        for band, cells in zip(table.bands, table.cells, strict=True)
    ]
    return data_table(
        headers, rows, [2.2] + [1.0] * len(table.genders), st,
        right_columns=tuple(range(1, len(headers))),
    )  # fmt: skip


def _indicators(
    progress: list[IndicatorProgress], word: Any, fmt: _Formats, st: dict[str, Any]
) -> Flowable | None:
    rows = []
    for p in progress:
        ind = p.indicator
        unit = f" {ind.unit}" if ind.unit else ""
        period = (
            f"{format_date_long(ind.period_start, fmt.language)} – "
            f"{format_date_long(ind.period_end, fmt.language)}"
        )
        rows.append(
            [
                ind.name,
                ind.funder_name,
                period,
                "" if p.target is None else fmt.value(p.target, "count") + unit,
                fmt.value(p.actual, "count") + unit,
                "" if p.percent is None else f"{p.percent} %",
            ]
        )
    headers = [word("figure"), word("funder"), word("indicator_period"), word("target"),
               word("actual"), word("percent")]  # fmt: skip
    return data_table(headers, rows, [3.2, 1.8, 2.4, 1.3, 1.3, 0.9], st, right_columns=(3, 4, 5))


def activity_pdf(
    uow: UnitOfWork,
    request: ActivityReportRequest,
    current: ActivityFigures,
    previous: ActivityFigures | None,
    *,
    today: date | None = None,
) -> RenderedPdf:
    """The report of ``current`` (against ``previous`` when given)."""
    language = request.language
    word = words_in(WORDS, language)
    profile = get_profile(uow)
    fmt = _Formats(language, _currency(profile.country))
    st = styles()
    compare = previous is not None
    day = today or date.today()

    def long(d: date) -> str:
        return format_date_long(d, language)

    story: list[Flowable] = [
        para(word("title"), st["title"]),
        para(word("period", first=long(current.period_start), last=long(current.period_end)),
             st["subtitle"]),
    ]  # fmt: skip
    if previous is not None:
        story.append(
            para(word("previous", first=long(previous.period_start),
                      last=long(previous.period_end)), st["body"])
        )  # fmt: skip
    story += [
        para(word("generated", day=long(day)), st["small"]),
        para(word("masking"), st["small"]),
    ]
    rows = figure_rows(current, previous, language)
    sections: dict[str, list[FigureRow]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    age_gender_after = word("s_gender")
    charts_after = word("s_statuses")
    for title, section_rows in sections.items():
        story.append(Heading(title, st["h1"]))
        table = _section_table(section_rows, fmt, word, st, compare)
        story.append(table if table is not None else para(word("none"), st["body"]))
        if title == age_gender_after:
            story.append(Heading(word("s_age_gender"), st["h1"]))
            grid = _age_gender(current, word, st)
            if grid is not None:
                story.append(grid)
        if title == charts_after:
            story.append(Spacer(1, 4 * mm))
            story.append(KeepTogether(_charts(current, word, fmt)))
    story.append(Heading(word("s_indicators"), st["h1"]))
    # Every indicator of the period, archived ones too: last year's report shows last
    # year's targets. The report's own figures are reused for indicators of its period.
    known = [current] if previous is None else [current, previous]
    progress = indicator_progress(
        uow, current.period_start, current.period_end, include_inactive=True, known=known
    )
    table = _indicators(progress, word, fmt, st)
    story.append(table if table is not None else para(word("no_indicator"), st["body"]))
    furniture = PageFurniture(
        page_label=lambda page, pages: word("page", page=page, pages=pages),
        header_left=practitioner_identity(profile),
        header_right=word("title"),
        footer_left=word("generated", day=long(day)),
        confidentiality=word("confidential"),
    )
    return render_pdf(story, furniture, title=word("title"), language=language)
