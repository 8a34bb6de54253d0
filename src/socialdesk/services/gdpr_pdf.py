"""The readable PDF of a right-of-access export, rendered with ReportLab.

It is made from the export document (:mod:`socialdesk.services.gdpr_data`), so the PDF and
the JSON always say the same thing. Fonts: DejaVu Sans, shipped in
``resources/fonts`` and embedded (subset) in the PDF, so names such as "Ștefan Țurcanu"
or "Françoise Lefèvre" print the same on every machine. Headings are PDF bookmarks;
every page carries the file number and "Page X / Y". Fonts, styles, tables and pages come
from :mod:`socialdesk.services.pdf_layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from socialdesk.services import pdf_layout
from socialdesk.services.gdpr_vocabulary import WORDS, code_word, vocabulary
from socialdesk.services.pdf_layout import (
    ACCENT,
    FONT,
    FONT_BOLD,
    MARGIN,
    RULE,
    SHADE,
    Heading,
    PageFurniture,
    data_table,
    field_table,
    register_fonts,
    render_pdf,
)

# The layout lives in :mod:`socialdesk.services.pdf_layout`; these names stay for the
# modules that imported them from here (invoice_pdf).
__all__ = [
    "ACCENT",
    "FONT",
    "FONT_BOLD",
    "MARGIN",
    "RULE",
    "SHADE",
    "register_fonts",
    "render_access_pdf",
]

Json = dict[str, Any]
Word = Callable[..., str]

_styles = pdf_layout.styles
_text = pdf_layout.text
_Heading = Heading


def _numbered_canvas(footer_left: str, page_word: Word) -> type[Canvas]:
    """A canvas that writes "Page X / Y" once the number of pages is known (the
    footer-only furniture of :mod:`pdf_layout`)."""
    return pdf_layout.numbered_canvas(
        PageFurniture(
            page_label=lambda page, pages: page_word("page", page=page, pages=pages),
            footer_left=footer_left,
        )
    )


class _Renderer:
    def __init__(self, document: Json, language: str, timezone: str) -> None:
        self.doc = document
        self.language = language
        self.word = vocabulary(language)
        self.st = pdf_layout.styles()
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = ZoneInfo("UTC")
        self.story: list[Flowable] = []

    # --- value formatting ---------------------------------------------------------------
    def date(self, value: str | None) -> str:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""

    def instant(self, value: str | None, *, with_time: bool = True) -> str:
        if not value:
            return ""
        local = datetime.fromisoformat(value).astimezone(self.zone)
        return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")

    def money(self, cents: int | None, currency: str | None = "EUR") -> str:
        if cents is None:
            return ""
        sign = "-" if cents < 0 else ""
        units, rest = divmod(abs(cents), 100)
        grouped = f"{units:,}"
        if self.language == "en":
            return f"{sign}{grouped}.{rest:02d} {currency or ''}".strip()
        grouped = grouped.replace(",", "\u202f")
        return f"{sign}{grouped},{rest:02d} {currency or ''}".strip()

    def quantity(self, milli: int | None) -> str:
        if milli is None:
            return ""
        text = f"{milli / 1000:g}"
        return text if self.language == "en" else text.replace(".", ",")

    def code(self, value: str | None, context: str = "") -> str:
        return code_word(self.language, value, context=context)

    def size(self, size: int | None) -> str:
        if size is None:
            return ""
        for unit, factor in (("megabytes", 1024 * 1024), ("kilobytes", 1024)):
            if size >= factor:
                text = f"{size / factor:.1f}"
                text = text if self.language == "en" else text.replace(".", ",")
                return f"{text} {self.word(unit)}"
        return f"{size} {self.word('bytes')}"

    # --- building blocks ---------------------------------------------------------------------
    def p(self, text: Any, style: str = "body") -> Paragraph:
        return Paragraph(pdf_layout.text(text), self.st[style])

    def heading(self, key: str) -> None:
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(Heading(self.word(key), self.st["h1"], 0))

    def none(self) -> None:
        self.story.append(self.p(self.word("none"), "small"))

    def _add(self, table: Flowable | None) -> None:
        if table is None:
            self.none()
        else:
            self.story.append(table)

    def fields(self, pairs: Iterable[tuple[str, Any]]) -> None:
        table = field_table([(self.word(k), v) for k, v in pairs], self.st)
        self._add(table)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]
    ) -> None:
        table = data_table([self.word(h) for h in headers], rows, widths, self.st)
        self._add(table)

    # --- sections ------------------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        d, w = self.doc, self.word
        person = d["person"]
        name = " ".join(x for x in (person["first_name"], person["last_name"]) if x)
        self.story += [
            self.p(w("title"), "title"),
            self.p(f"{name} — {w('file_number')} {person['file_number']}", "subtitle"),
        ]
        controller = d["controller"]
        who = ", ".join(
            x for x in (controller["name"], controller["address"], controller["email"],
                        controller["phone"]) if x
        )  # fmt: skip
        self.fields([("controller", who), ("exported_on", self.instant(d["generated_at"]))])
        self.story.append(Spacer(0, 4))
        for key in ("intro", "intro_files", "intro_rights"):
            self.story += [self.p(w(key)), Spacer(0, 3)]
        self.identity(person)
        self.follow_up(person)
        self.people()
        self.appointments()
        self.notes()
        self.plans()
        self.others()
        return self.story

    def identity(self, person: Json) -> None:
        a = person["address"]
        address = ", ".join(
            x for x in (a["line1"], a["line2"], " ".join(y for y in (a["postal_code"],
                        a["city"]) if y), a["country"]) if x
        )  # fmt: skip
        self.heading("sec_identity")
        self.fields(
            [
                ("civility", person["civility"]),
                ("last_name", person["last_name"]),
                ("first_name", person["first_name"]),
                ("birth_name", person["birth_name"]),
                ("birth_date", self.date(person["birth_date"])),
                ("gender", self.code(person["gender"])),
                ("phone", person["phone"]),
                ("email", person["email"]),
                ("address", address),
                ("pseudonymized_at", self.instant(person["pseudonymized_at"])),
            ]
        )
        self.heading("sec_situation")
        self.fields(list(person["situation"].items()))

    def follow_up(self, person: Json) -> None:
        d = self.doc
        self.heading("sec_follow_up")
        payer = person["default_payer"]
        self.fields(
            [
                ("file_number", person["file_number"]),
                ("status", self.code(person["status"])),
                ("intake_date", self.date(person["intake_date"])),
                ("closed_date", self.date(person["closed_date"])),
                ("closing_reason", person["closing_reason"]),
                ("referral_source", person["referral_source"] or person["referred_by"]),
                ("payer", payer["organization"] or self.code(payer["kind"])),
            ]
        )
        self.story.append(self.p(self.word("sec_status_history"), "h2"))
        self.table(
            ["date", "from_to", "reason"],
            [
                [
                    self.instant(s["changed_at"]),
                    " → ".join(
                        x for x in (self.code(s["from_status"]), self.code(s["to_status"])) if x
                    ),
                    s["reason"],
                ]
                for s in d["status_history"]
            ],
            [3, 4, 6],
        )
        self.story.append(self.p(self.word("sec_issues"), "h2"))
        issues = [
            i["label"] + (f" ({self.word('main_issue')})" if i["is_primary"] else "")
            for i in d["social_issues"]
        ]
        self.story.append(self.p(", ".join(issues)) if issues else self.p(self.word("none"),
                                                                          "small"))  # fmt: skip

    def people(self) -> None:
        d = self.doc
        self.heading("sec_household")
        self.table(
            ["name", "relation", "birth_year", "notes"],
            [[m["name"], m["relation"], m["birth_year"], m["notes"]] for m in d["household"]],
            [4, 3, 2, 6],
        )
        self.heading("sec_contacts")
        self.table(
            ["kind", "name", "organization", "phone", "notes"],
            [
                [
                    self.code(c["kind"]),
                    c["name"],
                    ", ".join(x for x in (c["organization"], c["role"]) if x),
                    "\n".join(x for x in (c["phone"], c["email"]) if x),
                    c["notes"],
                ]
                for c in d["contacts"]
            ],
            [3.2, 3.5, 4, 4, 4],
        )
        self.heading("sec_consents")
        self.table(
            ["date", "scope", "how_obtained", "withdrawn", "notes"],
            [
                [
                    self.date(c["consent_date"]),
                    self.code(c["scope"]),
                    self.code(c["how_obtained"]),
                    self.instant(c["withdrawn_at"], with_time=False),
                    c["notes"],
                ]
                for c in d["consents"]
            ],
            [2.5, 4.5, 3, 2.5, 5],
        )

    def appointments(self) -> None:
        self.heading("sec_appointments")
        rows = []
        for a in self.doc["appointments"]:
            what = ", ".join(
                x
                for x in (
                    self.code(a["kind"]),
                    self.word("group") if a["is_group"] else "",
                    a["title"],
                    a["place"],
                )
                if x
            )
            rows.append(
                [
                    self.instant(a["starts_at"]),
                    what + (f"\n{a['note']}" if a["note"] else ""),
                    self.code(a["status"]),
                    self.code(a["attendance"]),
                ]
            )
        self.table(["when", "what", "status", "attendance"], rows, [3, 9, 2.5, 2.5])

    def notes(self) -> None:
        self.heading("sec_notes")
        if not self.doc["notes"]:
            self.none()
        for n in self.doc["notes"]:
            head = " — ".join(
                x for x in (self.date(n["note_date"]), n["type_label"], n["title"]) if x
            )
            flags = []
            if n["is_private"]:
                flags.append(self.word("private_note"))
            if n["is_draft"]:
                flags.append(self.word("draft_note"))
            if n["signed_at"]:
                flags.append(
                    self.word("signed_by", who=n["signed_by"] or "",
                              when=self.instant(n["signed_at"], with_time=False))
                )  # fmt: skip
            self.story.append(self.p(head, "h2"))  # kept with what follows
            if flags:
                self.story.append(self.p(" · ".join(flags), "flags"))
            self.story.append(self.p(n["body"]))
            for r in n["revisions"]:
                if r["revision"] >= n["current_revision"]:
                    continue  # the current text, printed above
                author = f", {r['author']}" if r["author"] else ""
                reason = f" — {r['reason']}" if r["reason"] else ""
                label = self.word(
                    "earlier_version",
                    number=r["revision"],
                    when=self.instant(r["created_at"], with_time=False),
                    author=author,
                    reason=reason,
                )
                self.story += [Spacer(0, 3), self.p(label, "small"), self.p(r["body"], "small")]

    def history_line(self, event: Json) -> str:
        """ "12/03/2026 10:05 — Status: open → achieved" (values as the plan showed them)."""
        field = event["field"]
        key = f"history_{field}"
        what = self.word(key) if key in WORDS else field.replace("_", " ")
        old, new = event["old"] or "", event["new"] or ""
        if field == "status":
            old, new = self.code(old), self.code(new)
        elif field == "target_date":
            old, new = self.date_or_text(old), self.date_or_text(new)
        change = f"{old} → {new}" if old and new else (new or old)
        when = self.instant(event["at"])
        return f"{when} — {what}: {change}" if change else f"{when} — {what}"

    def date_or_text(self, value: str) -> str:
        try:
            return self.date(value)
        except ValueError:
            return value

    def plans(self) -> None:
        d, w = self.doc, self.word
        self.heading("sec_objectives")
        if not d["objectives"]:
            self.none()
        for o in d["objectives"]:
            self.story.append(self.p(o["title"], "h2"))
            self.fields(
                [
                    ("social_issue", o["social_issue"]),
                    ("status", self.code(o["status"])),
                    ("target_date", self.date(o["target_date"])),
                    ("closed_date", self.date(o["closed_date"])),
                    ("notes", o["description"]),
                    ("actions", "\n".join(
                        f"{a['text']}" + (f" ({self.date(a['due_date'])})" if a["due_date"]
                                          else "") for a in o["actions"])),
                    ("evaluations", "\n".join(
                        " — ".join(x for x in (
                            self.date(e["evaluation_date"]),
                            w("progress", percent=e["progress_percent"])
                            if e["progress_percent"] is not None else "",
                            e["comment"]) if x)
                        for e in o["evaluations"])),
                    ("history", "\n".join(self.history_line(h) for h in o.get("history", []))),
                ]
            )  # fmt: skip
        self.heading("sec_demarches")
        if not d["demarches"]:
            self.none()
        for m in d["demarches"]:
            self.story.append(self.p(" — ".join(x for x in (m["kind"], m["organization"]) if x),
                                     "h2"))  # fmt: skip
            documents = "\n".join(
                f"{doc['label']}: " + (w("received") if doc["received"] else w("missing"))
                for doc in m["documents"]
            )
            self.fields(
                [
                    ("status", self.code(m["status"], "demarche")),
                    ("reference", m["reference"]),
                    ("submitted", self.date(m["submitted_date"])),
                    ("next_action", " ".join(
                        x for x in (self.date(m["next_action_date"]), m["next_action"]) if x)),
                    ("deadline", self.date(m["deadline"])),
                    ("decision", self.date(m["decision_date"])),
                    ("outcome", m["outcome"]),
                    ("benefit", self.money(m["benefit_monthly_cents"])),
                    ("documents", documents),
                    ("notes", m["notes"]),
                ]
            )  # fmt: skip
        self.heading("sec_tasks")
        self.table(
            ["due_date", "title_field", "status"],
            [
                [self.date(t["due_date"]), "\n".join(x for x in (t["title"], t["notes"]) if x),
                 self.code(t["status"])]
                for t in d["tasks"]
            ],
            [3, 11, 3],
        )  # fmt: skip
        self.heading("sec_referrals")
        self.table(
            ["date", "organization", "reason", "outcome"],
            [
                [
                    self.date(r["referral_date"]),
                    ", ".join(x for x in (r["organization"], r["contact"]) if x),
                    "\n".join(x for x in (r["reason"], r["notes"]) if x),
                    self.code(r["outcome"]),
                ]
                for r in d["referrals"]
            ],
            [2.5, 5, 7, 3],
        )

    def others(self) -> None:
        d = self.doc
        self.heading("sec_attachments")
        self.table(
            ["name", "type", "size", "file"],
            [
                [a["filename"], a["mime"], self.size(a["size_bytes"]), a["file"]]
                for a in d["attachments"]
            ],
            [6, 4, 2, 6],
        )
        self.heading("sec_billing")
        self.story.append(self.p(self.word("packages"), "h2"))
        self.table(
            ["service", "sold_date", "valid_until", "units", "price", "status"],
            [
                [p["service"], self.date(p["sold_date"]), self.date(p["valid_until"]),
                 self.quantity(p["units_total_milli"]), self.money(p["price_cents"]),
                 self.code(p["status"])]
                for p in d["packages"]
            ],
            [5, 2.5, 2.5, 1.5, 2.5, 2.5],
        )  # fmt: skip
        self.story.append(self.p(self.word("billable_items"), "h2"))
        self.table(
            ["date", "service", "units", "price", "invoiced"],
            [
                [self.date(b["item_date"]), b["service"], self.quantity(b["quantity_milli"]),
                 self.money(b["unit_price_cents"]), self.word("yes" if b["invoiced"] else "no")]
                for b in d["billable_items"]
            ],
            [2.5, 7, 1.5, 2.5, 2],
        )  # fmt: skip
        self.story.append(self.p(self.word("invoices"), "h2"))
        self.table(
            ["number", "date", "kind", "amount", "paid", "status"],
            [
                [i["number"], self.date(i["issue_date"]), self.code(i["kind"]),
                 self.money(i["total_gross_cents"], i["currency"]),
                 self.money(i["paid_cents"], i["currency"]), self.code(i["status"], "invoice")]
                for i in d["invoices"]
            ],
            [3.5, 2.5, 2.5, 3, 3, 2.5],
        )  # fmt: skip
        self.heading("sec_reports")
        self.table(
            ["date", "kind", "audience", "period"],
            [
                [self.instant(r["created_at"], with_time=False), self.code(r["kind"]),
                 self.code(r["audience"]),
                 " – ".join(x for x in (self.date(r["period_start"]),
                                        self.date(r["period_end"])) if x)]
                for r in d["reports"]
            ],
            [3, 5, 4, 5],
        )  # fmt: skip


def render_access_pdf(
    document: Json, *, language: str = "fr", timezone: str = "Europe/Paris"
) -> bytes:
    """The PDF of an export document, in ``language`` ("fr", "en" or "ro")."""
    renderer = _Renderer(document, language, timezone)
    story = renderer.build()
    person = document["person"]
    word = renderer.word
    furniture = PageFurniture(
        page_label=lambda page, pages: word("page", page=page, pages=pages),
        footer_left=f"{word('file_number')} {person['file_number']} — {word('title')}",
    )
    return render_pdf(
        story,
        furniture,
        title=word("title"),
        language=language,
        author=document["controller"]["name"] or "",
        subject=f"{word('file_number')} {person['file_number']}",
    ).pdf
