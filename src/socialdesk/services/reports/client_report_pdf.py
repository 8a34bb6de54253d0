"""The client report as a PDF, drawn from an already redacted
:class:`~socialdesk.domain.client_report.ClientReportData` (this module decides how it
looks, never what may be shown).

Each page: the practitioner's identity and the file number at the top; the title and
period, "Page X / Y" and the confidentiality mention at the bottom. Then the title, the
audience, the period, a line saying what the audience's version leaves out, the
sections in their order, and the signature block (place, date, name).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from socialdesk.domain.client_report import (
    ClientReportData,
    ReportAppointments,
    ReportDemarches,
    ReportIdentity,
    ReportNote,
    ReportObjective,
    ReportPackage,
    ReportThirdParty,
)
from socialdesk.domain.enums import AppointmentStatus, ReportAudience
from socialdesk.domain.reports import ReportSection
from socialdesk.services.document_language import (
    format_amount,
    format_date_long,
    format_day,
    format_number,
)
from socialdesk.services.pdf_layout import (
    Heading,
    PageFurniture,
    RenderedPdf,
    Signer,
    data_table,
    field_table,
    para,
    render_pdf,
    signature_block,
    styles,
    text,
)
from socialdesk.services.reports.client_report_words import report_words

_AUDIENCE_KEY = {
    ReportAudience.CLIENT: "client",
    ReportAudience.PARTNER: "partner",
    ReportAudience.INTERNAL: "internal",
}
_STATUS_ORDER = tuple(str(s) for s in AppointmentStatus)


class _Report:
    def __init__(self, data: ClientReportData) -> None:
        self.d = data
        self.lang = data.language
        self.word = report_words(data.language)
        self.st = styles()
        self.story: list[Flowable] = []

    # --- formatting --------------------------------------------------------------------
    def day(self, value: date | None) -> str:
        return format_day(value, self.lang)

    def money(self, cents: int | None) -> str:
        return format_amount(cents, self.d.currency, self.lang)

    def number(self, value: Decimal | int | float) -> str:
        return format_number(value, self.lang, decimals=2)

    def code(self, value: str | None) -> str:
        return self.word(value) if value else ""

    # --- blocks ------------------------------------------------------------------------------
    def add(self, flowable: Flowable | None) -> None:
        self.story.append(flowable if flowable is not None else self.none())

    def none(self) -> Paragraph:
        return para(self.word("none"), self.st["small"])

    def fields(self, pairs: Sequence[tuple[str, Any]]) -> None:
        self.add(field_table([(self.word(k), v) for k, v in pairs], self.st))

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        right: Sequence[int] = (),
    ) -> None:
        self.add(
            data_table([self.word(h) for h in headers], rows, widths, self.st, right_columns=right)
        )

    # --- document ------------------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        d, w = self.d, self.word
        self.story += [
            para(w("title"), self.st["title"]),
            para(f"{d.client_name} — {w('file_number', number=d.file_number)}",
                 self.st["subtitle"]),
            para(w(f"for_{_AUDIENCE_KEY[d.audience]}"), self.st["h2"]),
            para(self.period(), self.st["body"]),
            Spacer(1, 2 * mm),
            para(w(f"redaction_{_AUDIENCE_KEY[d.audience]}"), self.st["small"]),
        ]  # fmt: skip
        for section in d.sections:
            self.story.append(CondPageBreak(25 * mm))
            self.story.append(Heading(w(f"sec_{section}"), self.st["h1"], 0))
            getattr(self, f"section_{section}")()
        self.signature()
        return self.story

    def period(self) -> str:
        d = self.d
        return self.word(
            "period",
            start=format_date_long(d.period_start, self.lang),
            end=format_date_long(d.period_end, self.lang),
        )

    def signature(self) -> None:
        d, w = self.d, self.word
        when = format_date_long(d.generated_on, self.lang)
        made = (
            w("made_at", city=d.practitioner_city, date=when)
            if d.practitioner_city
            else w("made_on", date=when)
        )
        self.story += [CondPageBreak(55 * mm), Spacer(1, 8 * mm)]
        signer = Signer(w("signature_role"), d.practitioner_name, w("signature_hint"))
        self.story.append(signature_block(self.st, made, [signer]))

    # --- sections ------------------------------------------------------------------------------
    def section_identity(self) -> None:
        i: ReportIdentity | None = self.d.identity
        assert i is not None
        self.fields(
            [
                ("name", " ".join(p for p in (i.civility, i.name) if p)),
                ("birth_date", self.day(i.birth_date)),
                ("gender", self.code(i.gender)),
                ("address", i.address or i.city),
                ("phone", i.phone),
                ("email", i.email),
                ("status", self.code(i.status)),
                ("intake_date", self.day(i.intake_date)),
                ("closed_date", self.day(i.closed_date)),
                ("referral_source", i.referral_source),
            ]
        )

    def section_situation(self) -> None:
        assert self.d.situation is not None
        self.fields(list(self.d.situation))

    def section_household(self) -> None:
        people: tuple[ReportThirdParty, ...] | None = self.d.household
        assert people is not None
        w = self.word
        if self.d.audience is ReportAudience.PARTNER:
            rows = [
                [w("redacted_born", who=p.relation, year=p.birth_year) if p.birth_year
                 else p.relation, self.code(p.kind), p.organization]
                for p in people
            ]  # fmt: skip
            self.table(["relation", "kind", "organization"], rows, [6, 3, 6])
            return
        rows = [
            [p.name, p.relation, str(p.birth_year or ""),
             "\n".join(x for x in (p.organization, p.details) if x)]
            for p in people
        ]  # fmt: skip
        self.table(["who", "relation", "born_year", "details"], rows, [4, 3, 2.2, 5.4])

    def section_social_issues(self) -> None:
        issues = self.d.social_issues
        assert issues is not None
        if not issues:
            self.add(None)
            return
        labels = [f"{issues[0]} ({self.word('main_issue')})", *issues[1:]]
        self.story.append(para(", ".join(labels), self.st["body"]))

    def section_plan(self) -> None:
        objectives: tuple[ReportObjective, ...] | None = self.d.objectives
        assert objectives is not None
        w = self.word
        if not objectives:
            self.add(None)
        for o in objectives:
            self.story.append(para(o.title, self.st["h2"]))
            facts = [x for x in (o.social_issue, self.code(o.status)) if x]
            if o.target_date:
                facts.append(w("target", date=self.day(o.target_date)))
            if o.closed_date:
                facts.append(w("closed_on", date=self.day(o.closed_date)))
            self.story.append(para(" · ".join(facts), self.st["flags"]))
            if o.description:
                self.story.append(para(o.description, self.st["body"]))
            if o.actions:
                self.story.append(para(w("actions"), self.st["cell_head"]))
                for a in o.actions:
                    line = a.text
                    if a.due_date:
                        line += f" ({w('by', date=self.day(a.due_date))})"
                    if a.done:
                        line += f" — {w('done_action')}"
                    self.story.append(Paragraph("• " + text(line), self.st["cell"]))
            if o.evaluations:
                self.story.append(para(w("evaluations"), self.st["cell_head"]))
                for e in o.evaluations:
                    parts = [self.day(e.evaluation_date)]
                    if e.progress_percent is not None:
                        parts.append(w("progress", percent=e.progress_percent))
                    if e.comment:
                        parts.append(e.comment)
                    self.story.append(Paragraph("• " + text(" — ".join(parts)), self.st["cell"]))
            self.story.append(Spacer(1, 2 * mm))

    def section_appointments(self) -> None:
        a: ReportAppointments | None = self.d.appointments
        assert a is not None
        w = self.word
        if not a.total:
            self.add(None)
            return
        hours = format_number(Decimal(a.done_minutes) / 60, self.lang, decimals=1)
        self.story.append(
            para(w("appointments_summary", total=a.total, done=a.done, hours=hours),
                 self.st["body"])
        )  # fmt: skip
        self.story.append(Spacer(1, 2 * mm))
        statuses = [s for s in _STATUS_ORDER if any(c[1] == s for c in a.counts)]
        kinds = sorted({c[0] for c in a.counts})
        counts = {(k, s): n for k, s, n in a.counts}
        rows = [
            [self.code(k), *[counts.get((k, s), 0) or "" for s in statuses],
             sum(counts.get((k, s), 0) for s in statuses)]
            for k in kinds
        ]  # fmt: skip
        right = list(range(1, len(statuses) + 2))
        self.table(["kind", *statuses, "total"], rows, [4] + [1.6] * (len(statuses) + 1), right)
        self.story.append(Spacer(1, 3 * mm))
        lines = []
        for r in a.rows:
            what = [self.code(r.kind)]
            if r.is_group:
                what.append(w("group"))
            what += [x for x in (r.title, r.place) if x]
            if r.others:
                what.append(w("others", names=", ".join(r.others)))
            elif r.others_count:
                what.append(w("others_count", count=r.others_count))
            when = f"{self.day(r.starts_at.date())} {r.starts_at:%H:%M}"
            lines.append([when, ", ".join(what), self.code(r.status)])
        self.table(["when", "what", "status"], lines, [3.8, 10, 3])

    def section_notes(self) -> None:
        notes: tuple[ReportNote, ...] | None = self.d.notes
        assert notes is not None
        w = self.word
        if not notes:
            self.add(None)
            return
        if all(n.body is None for n in notes):
            self.story.append(para(w("notes_withheld"), self.st["small"]))
            rows = [[self.day(n.note_date), n.type_label, n.title] for n in notes]
            self.table(["when", "kind", "what"], rows, [2.5, 4, 10])
            return
        # A page break check rather than keepWithNext: with hundreds of notes, keeping
        # each heading with its text makes ReportLab lay every note out twice.
        head_style = ParagraphStyle("note_head", self.st["h2"], keepWithNext=0)
        flags_style = ParagraphStyle("note_flags", self.st["flags"], keepWithNext=0)
        for n in notes:
            head = " — ".join(x for x in (self.day(n.note_date), n.type_label, n.title) if x)
            self.story.append(CondPageBreak(22 * mm))
            self.story.append(para(head, head_style))
            flags = [w("private_note")] if n.is_private else []
            if n.is_draft:
                flags.append(w("draft_note"))
            if n.signed:
                flags.append(w("signed"))
            if flags:
                self.story.append(para(" · ".join(flags), flags_style))
            if n.body is None:
                self.story.append(para(w("body_withheld"), self.st["small"]))
            else:
                self.story.append(para(n.body, self.st["body"]))

    def section_demarches(self) -> None:
        m: ReportDemarches | None = self.d.demarches
        assert m is not None
        w = self.word
        if m.granted_in_period:
            self.story.append(
                para(w("rights_summary", count=m.granted_in_period,
                       amount=self.money(m.monthly_benefit_cents)), self.st["body"])
            )  # fmt: skip
        if not m.rows:
            self.add(None)
        for r in m.rows:
            self.story.append(para(" — ".join(x for x in (r.kind, r.organization) if x),
                                   self.st["h2"]))  # fmt: skip
            self.fields(
                [
                    ("status", self.code(r.status)),
                    ("reference", r.reference),
                    ("submitted_date", self.day(r.submitted_date)),
                    ("next_action", " ".join(
                        x for x in (self.day(r.next_action_date), r.next_action) if x)),
                    ("deadline", self.day(r.deadline)),
                    ("decision_date", self.day(r.decision_date)),
                    ("outcome", r.outcome),
                    ("benefit", self.money(r.benefit_monthly_cents)),
                    ("notes", r.notes),
                ]
            )  # fmt: skip

    def section_packages(self) -> None:
        packages: tuple[ReportPackage, ...] | None = self.d.packages
        assert packages is not None
        with_price = any(p.price_cents is not None for p in packages)
        rows = []
        for p in packages:
            row = [
                "\n".join(x for x in (p.name, p.service, self.code(p.status)) if x),
                self.day(p.sold_date),
                self.day(p.valid_until),
                self.number(p.units_total),
                self.number(p.units_used_in_period),
                self.number(p.units_remaining),
            ]
            if with_price:
                row.append(self.money(p.price_cents))
            rows.append(row)
        headers = ["package", "sold_date", "valid_until", "units", "used_period", "remaining"]
        widths = [4.6, 2.3, 2.4, 1.6, 2.8, 1.8]
        if with_price:
            headers.append("price")
            widths.append(2.2)
        self.table(headers, rows, widths, right=list(range(3, len(headers))))


def render_report_pdf(data: ClientReportData) -> RenderedPdf:
    """The PDF of ``data`` in its language, in memory."""
    report = _Report(data)
    story = report.build()
    word = report.word
    furniture = PageFurniture(
        page_label=lambda page, pages: word("page", page=page, pages=pages),
        header_left=data.practitioner_identity,
        header_right=word("file_number", number=data.file_number),
        footer_left=f"{word('title')} — {report.period()}",
        confidentiality=word("confidential"),
    )
    return render_pdf(
        story,
        furniture,
        title=f"{word('title')} — {data.file_number}",
        language=data.language,
        author=data.practitioner_name,
        subject=word(f"for_{_AUDIENCE_KEY[data.audience]}"),
    )


_SECTIONS_DRAWN = {str(s) for s in ReportSection}
assert all(hasattr(_Report, f"section_{s}") for s in _SECTIONS_DRAWN)
