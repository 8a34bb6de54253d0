"""The activity report on a real small demo vault: figures equal independent SQL, small
cells masked (and never recomputable), the previous period, the CSV and the PDF read
back, and bad input refused with nothing written."""

from __future__ import annotations

import csv
import io
import stat
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import Connection, select, text, update

from socialdesk.domain.activity import (
    MASKED_TEXT,
    ActivityFigures,
    Breakdown,
    mask_counts,
    mask_table,
)
from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    ObjectiveStatus,
    PayerKind,
    ReportAudience,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.reports import ActivityReportRequest
from socialdesk.services.csv_safety import restore_cell
from socialdesk.services.demo import generate_demo
from socialdesk.services.reports.activity import (
    activity_csv,
    activity_figures,
    figure_rows,
    render_activity_report,
    write_activity_report,
)
from socialdesk.services.reports.activity_figures import accompanied_query
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Client
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.pdf import pdf_page_count, pdf_text

TODAY = date(2026, 11, 23)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("activity") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    generate_demo(vault, size="small", seed=7, today=TODAY)
    yield vault
    vault.lock()


@pytest.fixture
def db(demo: Vault) -> Iterator[Connection]:
    with demo.engine.connect() as connection:
        yield connection


def figures(vault: Vault, first: date, last: date) -> ActivityFigures:
    with vault.uow() as uow:
        return activity_figures(uow, first, last)


def utc_text(db: Connection, day: date) -> str:
    zone = ZoneInfo(db.execute(text("SELECT timezone FROM practitioner_profile")).scalar_one())
    instant = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    return instant.replace(tzinfo=None).isoformat(sep=" ")


def accompanied_ids(db: Connection, first: date, last: date) -> set[int]:
    """Independent SQL of the definition in domain.activity."""
    start, after = utc_text(db, first), utc_text(db, last + timedelta(days=1))
    met = db.execute(
        text(
            "SELECT DISTINCT p.client_id FROM appointment_participant p "
            "JOIN appointment a ON a.id = p.appointment_id "
            "WHERE a.status = 'done' AND p.attendance NOT IN ('absent', 'excused') "
            "AND a.starts_at >= :s AND a.starts_at < :e"
        ),
        {"s": start, "e": after},
    ).scalars()
    noted = db.execute(
        text("SELECT DISTINCT client_id FROM case_note WHERE note_date BETWEEN :f AND :l"),
        {"f": first.isoformat(), "l": last.isoformat()},
    ).scalars()
    open_files = db.execute(
        text(
            "SELECT id FROM client WHERE intake_date <= :l "
            "AND (closed_date IS NULL OR closed_date >= :f)"
        ),
        {"f": first.isoformat(), "l": last.isoformat()},
    ).scalars()
    return (set(met) | set(noted)) & set(open_files)


def check_breakdown(shown: Breakdown, true_counts: dict[str, int]) -> None:
    """Unmasked cells equal the truth; masked ones are really small or the one other cell
    masked with a lone small one; the one-masked-cell rule holds."""
    masked = [r for r in shown.rows if r.cell.masked]
    assert len(masked) != 1
    small = [r for r in shown.rows if 0 < true_counts.get(r.key, 0) < 5]
    assert {r.key for r in small} <= {r.key for r in masked}
    assert len(masked) - len(small) <= 1
    for row in shown.rows:
        if not row.cell.masked:
            assert row.cell.value == true_counts.get(row.key, 0), row.key


# ---- masking rule (pure) ----------------------------------------------------------------
def test_small_cells_are_masked_and_a_lone_one_takes_the_next_smallest_with_it() -> None:
    assert mask_counts([12, 9, 0]) == (False, False, False)
    assert mask_counts([10, 3, 7, 0, 20]) == (False, True, True, False, False)
    assert mask_counts([10, 3, 2]) == (False, True, True)
    # Only zeros besides the small cell: a zero is masked too (the total gives nothing).
    assert mask_counts([3, 0, 0]) == (True, True, False)
    assert mask_counts([5, 4, 6]) == (True, True, False)


def test_a_table_has_no_row_or_column_with_a_single_masked_cell() -> None:
    table = [[20, 3, 30], [15, 12, 40], [25, 18, 2]]
    masks = mask_table(table)
    assert masks[0][1] and masks[2][2]
    for line in [*masks, *zip(*masks, strict=True)]:
        assert sum(line) != 1
    flat = [
        (v, m)
        for row, mrow in zip(table, masks, strict=True)
        for v, m in zip(row, mrow, strict=True)
    ]
    assert all(m for v, m in flat if 0 < v < 5)


# ---- figures against independent SQL ---------------------------------------------------------
def test_person_figures_equal_independent_sql(demo: Vault, db: Connection) -> None:
    first, last = YEAR
    shown = figures(demo, first, last)
    ids = accompanied_ids(db, first, last)
    rows = db.execute(
        text("SELECT id, intake_date, closed_date, gender, birth_date FROM client")
    ).all()
    people = {r.id: r for r in rows if r.id in ids}
    new = [i for i, r in people.items() if date.fromisoformat(str(r.intake_date)) >= first]
    closed = [
        i for i, r in people.items()
        if r.closed_date is not None and date.fromisoformat(str(r.closed_date)) <= last
    ]  # fmt: skip
    assert shown.persons_accompanied == len(ids) > 10
    assert shown.persons_new == len(new) > 0
    assert shown.persons_closed == len(closed) > 0
    assert shown.persons_active == len(ids) - len(closed)

    issues = Counter(
        db.execute(
            text(
                "SELECT t.code FROM client_social_issue i "
                "JOIN social_issue_type t ON t.id = i.social_issue_type_id"
                f" WHERE i.client_id IN ({','.join(map(str, ids))})"
            )
        ).scalars()
    )
    check_breakdown(shown.by_social_issue, dict(issues))
    genders = Counter(r.gender or "unknown" for r in people.values())
    check_breakdown(shown.by_gender, dict(genders))

    def band(birth: object) -> str:
        if birth is None:
            return "unknown"
        born = date.fromisoformat(str(birth))
        age = last.year - born.year - ((last.month, last.day) < (born.month, born.day))
        for low, high, key in (
            (0, 17, "0-17"),
            (18, 25, "18-25"),
            (26, 35, "26-35"),
            (36, 45, "36-45"),
            (46, 55, "46-55"),
            (56, 65, "56-65"),
        ):
            if low <= age <= high:
                return key
        return "66+"  # fmt: skip

    bands = Counter(band(r.birth_date) for r in people.values())
    check_breakdown(shown.by_age_band, dict(bands))
    table = shown.age_gender
    cross = Counter((band(r.birth_date), r.gender or "unknown") for r in people.values())
    for b, cells in zip(table.bands, table.cells, strict=True):
        for g, cell in zip(table.genders, cells, strict=True):
            assert cell.masked or cell.value == cross.get((b, g), 0)
            assert not (0 < cross.get((b, g), 0) < 5) or cell.masked


def test_activity_figures_equal_independent_sql(demo: Vault, db: Connection) -> None:
    first, last = YEAR
    shown = figures(demo, first, last)
    start, after = utc_text(db, first), utc_text(db, last + timedelta(days=1))
    span = {"s": start, "e": after}
    appointments = db.execute(
        text(
            "SELECT kind, status, starts_at, ends_at, travel_km_milli, is_group "
            "FROM appointment WHERE starts_at >= :s AND starts_at < :e"
        ),
        span,
    ).all()
    by_kind_status = Counter((a.kind, a.status) for a in appointments)
    for kind in AppointmentKind:
        for status in AppointmentStatus:
            assert shown.appointments_count(kind=kind, status=status) == by_kind_status.get(
                (kind.value, status.value), 0
            )
    done = [a for a in appointments if a.status == "done"]
    minutes = sum(
        round(
            (datetime.fromisoformat(str(a.ends_at)) - datetime.fromisoformat(str(a.starts_at)))
            .total_seconds() / 60
        )
        for a in done if a.kind != "admin"
    )  # fmt: skip
    assert shown.minutes_of_accompaniment == minutes > 0
    assert shown.km_milli == sum(a.travel_km_milli or 0 for a in done) > 0
    assert shown.home_visits_done == sum(a.kind == "home_visit" for a in done) > 0
    assert shown.group_sessions_done == sum(bool(a.is_group) for a in done) > 0

    days = {"f": first.isoformat(), "l": last.isoformat()}
    objectives = dict(
        db.execute(
            text(
                "SELECT status, COUNT(*) FROM objective WHERE closed_date BETWEEN :f AND :l "
                "AND status != 'open' GROUP BY status"
            ),
            days,
        ).all()
    )
    for status in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.PARTIAL, ObjectiveStatus.ABANDONED):
        assert shown.objectives[status] == objectives.get(status.value, 0)
    assert (
        shown.demarches_submitted
        == db.execute(
            text("SELECT COUNT(*) FROM demarche WHERE submitted_date BETWEEN :f AND :l"), days
        ).scalar_one()
    )
    granted = db.execute(
        text(
            "SELECT COUNT(*), COUNT(DISTINCT client_id), COALESCE(SUM(benefit_monthly_cents), 0)"
            " FROM demarche WHERE status = 'granted' AND decision_date BETWEEN :f AND :l"
        ),
        days,
    ).one()
    assert (shown.rights_granted, shown.rights_persons, shown.rights_monthly_cents) == tuple(
        granted
    )
    assert (
        shown.referrals_made
        == db.execute(
            text("SELECT COUNT(*) FROM referral WHERE referral_date BETWEEN :f AND :l"), days
        ).scalar_one()
    )
    revenue = dict(
        db.execute(
            text(
                "SELECT payer_kind, SUM(CASE WHEN kind = 'credit_note' THEN -total_net_cents "
                "ELSE total_net_cents END) FROM invoice WHERE status != 'draft' "
                "AND issue_date BETWEEN :f AND :l GROUP BY payer_kind"
            ),
            days,
        ).all()
    )
    assert shown.revenue_cents[PayerKind.PERSON] == revenue.get("person", 0) > 0
    assert shown.revenue_cents[PayerKind.ORGANIZATION] == revenue.get("organization", 0) > 0


def test_persons_without_gender_or_birth_date_count_as_unknown(demo: Vault) -> None:
    with demo.uow() as uow:
        known = activity_figures(uow, *YEAR)
        ids = accompanied_query(uow, *YEAR).subquery()
        uow.session.execute(
            update(Client)
            .where(Client.id.in_(select(ids.c.id)))
            .values(gender=None, birth_date=None)
        )
        unknown = activity_figures(uow, *YEAR)
        uow.session.rollback()
    everyone = known.persons_accompanied
    assert unknown.by_gender.cell("unknown").value == everyone
    assert unknown.by_age_band.cell("unknown").value == everyone
    assert all(r.cell.value == 0 for r in unknown.by_gender.rows if r.key != "unknown")
    assert unknown.age_gender.cells[-1][-1].value == everyone


def test_no_masked_count_leaves_the_service(demo: Vault) -> None:
    shown = figures(demo, date(2026, 3, 1), date(2026, 3, 31))  # one month: small cells
    breakdowns = [shown.by_social_issue, shown.by_age_band, shown.by_gender, shown.rights_by_kind]
    cells = [r.cell for b in breakdowns for r in b.rows]
    cells += [c for row in shown.age_gender.cells for c in row]
    assert any(c.masked for c in cells)
    assert all(c.value is None or not (0 < c.value < 5) for c in cells)
    for b in breakdowns:
        assert sum(r.cell.masked for r in b.rows) != 1


# ---- previous period, CSV -----------------------------------------------------------------
def test_previous_period_is_the_same_length_just_before() -> None:
    request = ActivityReportRequest(date(2026, 1, 1), date(2026, 6, 30))
    first, last = request.previous_period()
    assert last == date(2025, 12, 31)
    assert (last - first) == (request.period_end - request.period_start)


def test_rows_compare_with_the_previous_period(demo: Vault) -> None:
    current = figures(demo, *YEAR)
    previous = figures(demo, date(2024, 1, 1), date(2024, 12, 31))
    rows = figure_rows(current, previous, "en")
    first = rows[0]
    assert first.label == "Persons accompanied"
    assert first.current.value == current.persons_accompanied
    assert first.previous is not None and first.previous.value == previous.persons_accompanied
    assert first.change == current.persons_accompanied - previous.persons_accompanied
    for row in rows:
        if row.current.masked or (row.previous is not None and row.previous.masked):
            assert row.change is None


def test_csv_reads_back_row_for_row_and_resists_injection(demo: Vault) -> None:
    with demo.uow() as uow:
        uow.session.execute(
            text("UPDATE social_issue_type SET label = '=HYPERLINK(\"x\")' WHERE code = 'housing'")
        )
        current = activity_figures(uow, *YEAR)
        previous = activity_figures(uow, date(2024, 1, 1), date(2024, 12, 31))
        uow.session.rollback()
    data = activity_csv(current, previous, "fr")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))  # as a French spreadsheet
    assert rows[0] == ["Rubrique", "Indicateur", "Période", "Période précédente", "Évolution"]
    expected = figure_rows(current, previous, "fr")
    assert len(rows) == len(expected) + 1
    by_label = {r[1]: r for r in rows[1:]}
    first = by_label["Personnes accompagnées"]
    assert first[2:] == [
        str(current.persons_accompanied),
        str(previous.persons_accompanied),
        str(current.persons_accompanied - previous.persons_accompanied),
    ]
    hours = by_label["Heures d'accompagnement"]
    assert "," in hours[2]  # a decimal comma, as a French spreadsheet reads it
    assert float(hours[2].replace(",", ".")) == pytest.approx(
        current.minutes_of_accompaniment / 60, abs=0.01
    )
    injected = [r for r in rows if "HYPERLINK" in r[1]]
    assert injected and all(r[1].startswith("'=") for r in injected)
    assert restore_cell(injected[0][1]) == '=HYPERLINK("x")'
    masked = [r for r in rows if MASKED_TEXT in r[2:4]]
    assert masked and all(r[4] == "" for r in masked)


# ---- PDF ------------------------------------------------------------------------------------
def test_romanian_pdf_reads_back_with_sections_numbers_and_diacritics(demo: Vault) -> None:
    request = ActivityReportRequest(YEAR[0], YEAR[1], language="ro")
    with demo.uow() as uow:
        out = render_activity_report(uow, request)
        current = activity_figures(uow, *YEAR)
    body = pdf_text(out.pdf, squeeze=True)
    assert out.pages == pdf_page_count(out.pdf) >= 2
    for words in (
        "Raport de activitate",
        "Persoane însoțite",
        "Întâlniri, pe stare",
        "Vizite la domiciliu",
        "Indicatori și ținte",
        "Perioada anterioară",
        "Cifra de afaceri pe tip de plătitor",
        f"Pagina 1 / {out.pages}",
        "1 ianuarie 2025",
        "< 5",
    ):
        assert words in body, words  # fmt: skip
    assert f"Persoane însoțite {current.persons_accompanied} " in body
    # Last year's indicators are archived (inactive) but their year's report shows them.
    assert "Visites à domicile 2025" in body
    assert f"{current.home_visits_done} visites" in body


def font_names(data: bytes) -> dict[str, bool]:
    """Every font the pages use (charts included) → whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def test_french_pdf_has_the_indicators_against_their_targets(demo: Vault) -> None:
    request = ActivityReportRequest(date(2026, 1, 1), date(2026, 10, 31), language="fr")
    with demo.uow() as uow:
        out = render_activity_report(uow, request)
    fonts = font_names(out.pdf)
    assert fonts and all(fonts.values()), fonts  # no Helvetica left by the charts
    body = pdf_text(out.pdf, squeeze=True)
    assert "Indicateurs et objectifs" in body
    assert "Personnes accompagnées 2026" in body  # a demo indicator
    assert "Rendez-vous réalisés par type" in body  # a chart's title


# ---- writing, log, audit, bad input ------------------------------------------------------------
def test_write_saves_private_files_logs_and_audits(demo: Vault, tmp_path: Path) -> None:
    pdf, sheet = tmp_path / "activite.pdf", tmp_path / "activite.csv"
    request = ActivityReportRequest(YEAR[0], YEAR[1], language="en", compare_previous=False)
    with demo.uow() as uow:
        out = write_activity_report(uow, request, pdf, sheet, audience=ReportAudience.FUNDER)
    assert pdf.read_bytes() == out.pdf and out.pdf.startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600 == stat.S_IMODE(sheet.stat().st_mode)
    sheet_rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8-sig"))))
    assert all(r[3] == r[4] == "" for r in sheet_rows[1:])  # no comparison asked
    assert out.record is not None
    with demo.engine.connect() as db:
        log = db.execute(
            text("SELECT kind, audience, period_start, client_id FROM report_log WHERE id = :i"),
            {"i": out.record.id},
        ).one()
        event = db.execute(
            text("SELECT action, details FROM audit_event ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(log) == ("activity", "funder", "2025-01-01", None)
    assert event.action == "export" and "activite.csv" in event.details


@pytest.mark.parametrize(
    ("first", "last", "language", "field"),
    [
        (date(2025, 12, 31), date(2025, 1, 1), "fr", "period_end"),
        (date(2000, 1, 1), date(2025, 1, 1), "fr", "period_end"),
        (date(2025, 1, 1), date(2025, 12, 31), "de", "language"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(
    demo: Vault, tmp_path: Path, first: date, last: date, language: str, field: str
) -> None:
    pdf = tmp_path / "out.pdf"
    with demo.engine.connect() as db:
        before = db.execute(text("SELECT COUNT(*) FROM report_log")).scalar_one()
    with pytest.raises(ValidationError) as caught, demo.uow() as uow:
        write_activity_report(uow, ActivityReportRequest(first, last, language), pdf)
    assert field in caught.value.errors
    assert not pdf.exists() and list(tmp_path.iterdir()) == []
    with demo.engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM report_log")).scalar_one() == before


def test_a_client_audience_or_a_missing_folder_is_refused(demo: Vault, tmp_path: Path) -> None:
    request = ActivityReportRequest(*YEAR)
    with pytest.raises(ValidationError) as caught, demo.uow() as uow:
        write_activity_report(
            uow, request, tmp_path / "nowhere" / "a.pdf", audience=ReportAudience.CLIENT
        )
    assert set(caught.value.errors) == {"audience", "out"}
