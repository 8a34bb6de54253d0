"""The Reports page on a real vault: the live preview of both report kinds, printing to a
PDF printer headless (no temporary file), saving through the service (logged), field
errors that produce nothing and lose nothing, and no PDF bytes left after a lock."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    Gender,
    ReportAudience,
    ReportKind,
)
from socialdesk.domain.notes import NoteInput
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.domain.reports import ActivityReportRequest, ReportSection
from socialdesk.services.notes import create_note
from socialdesk.services.profile import save_profile
from socialdesk.services.reports.client_report import client_report_log
from socialdesk.storage.orm import Client, ReportLog
from socialdesk.ui.agenda.style import kind_label
from socialdesk.ui.ops import Operations
from socialdesk.ui.reports.page import ReportsPage
from socialdesk.ui.reports.params import quick_period
from tests.pdf import pdf_page_count, pdf_text
from tests.services.billing_fixtures import at, mark, new_appointment
from tests.ui.conftest import type_text

DONE = AppointmentStatus.DONE
OFFICE = AppointmentKind.OFFICE

THIS_YEAR = date.today().year
PUBLIC_MARKER = "MARQUEUR-PUBLIC-4417"
PRIVATE_MARKER = "MARQUEUR-PRIVE-9083"


def person_with_notes(vault) -> int:  # type: ignore[no-untyped-def]
    """A person (Alice Durand) with one ordinary and one private note this year."""
    with vault.uow() as uow:
        save_profile(
            uow, PractitionerProfile(display_name="Marie Dupont", legal_name="Marie Dupont EI")
        )
    with vault.uow() as uow:
        client = Client(
            file_number="R-2026-0001",
            last_name="Durand",
            first_name="Alice",
            gender=Gender.FEMALE,
            birth_date=date(1984, 6, 2),
            status="active",
            intake_date=date(THIS_YEAR - 1, 3, 1),
        )
        uow.session.add(client)
        uow.session.flush()
        client_id = client.id
    with vault.uow() as uow:
        day = date(THIS_YEAR, 1, 5)
        create_note(uow, NoteInput(client_id, day, title="Entretien", body=PUBLIC_MARKER))
        create_note(
            uow, NoteInput(client_id, day, title="Réflexion", body=PRIVATE_MARKER, is_private=True)
        )
    return client_id


def log_of(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return client_report_log(uow, client_id)


@pytest.fixture
def page(qtbot: QtBot, ops: Operations, vault) -> ReportsPage:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = ReportsPage(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def wait_preview(qtbot: QtBot, page: ReportsPage) -> None:
    try:
        qtbot.waitUntil(page.preview_is_current, timeout=20_000)
    except TimeoutError:
        raise AssertionError(page.preview.message.text() or page.status.text()) from None


def choose(qtbot: QtBot, page: ReportsPage, ops: Operations, client_id: int) -> None:
    page.choose_client(client_id)
    qtbot.waitUntil(lambda: page.client_form.picker.client_id() == client_id)
    wait_preview(qtbot, page)
    qtbot.waitUntil(ops.is_idle)


def test_client_report_preview_renders_and_lists_notes(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a person with an ordinary and a private note
    client_id = person_with_notes(vault)

    # When the page is asked for their report (the person's own copy)
    choose(qtbot, page, ops, client_id)

    # Then the preview shows a PDF read from memory
    assert page.preview.document.status() == QPdfDocument.Status.Ready
    assert page.preview.page_count() > 0
    assert page.print_button.isEnabled()
    # and the notes are listed, the private one marked and not tickable for the person
    notes = page.client_form.notes_list
    qtbot.waitUntil(lambda: notes.count() == 2)
    texts = [notes.item(r).text() for r in range(notes.count())]
    assert any("(private)" in t for t in texts)
    private = next(
        notes.item(r) for r in range(notes.count()) if "(private)" in notes.item(r).text()
    )
    assert not private.flags() & private.flags().ItemIsEnabled

    # When the audience becomes "my records", the private note may be ticked
    page.client_form.audience_buttons[ReportAudience.INTERNAL].click()
    assert page.client_form.sections() == tuple(ReportSection)
    wait_preview(qtbot, page)
    qtbot.waitUntil(ops.is_idle)
    private = next(
        notes.item(r) for r in range(notes.count()) if "(private)" in notes.item(r).text()
    )
    assert private.flags() & private.flags().ItemIsEnabled


def test_activity_report_preview_renders(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    person_with_notes(vault)
    page.set_kind("activity")
    assert page.csv_button.isVisible()
    wait_preview(qtbot, page)
    assert page.preview.document.status() == QPdfDocument.Status.Ready
    assert page.preview.page_count() > 0


def activity_logs(vault) -> list[str]:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        rows = uow.session.scalars(select(ReportLog).where(ReportLog.kind == ReportKind.ACTIVITY))
        return [row.sections for row in rows]


def test_activity_report_printed_saved_and_exported_are_logged(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Given the activity report of this year in the preview, three appointments held
    client_id = person_with_notes(vault)
    day = date(THIS_YEAR, 1, 6)
    home = AppointmentKind.HOME_VISIT
    for hour, kind, status in ((9, home, DONE), (11, home, DONE), (14, OFFICE, DONE),
                               (16, OFFICE, AppointmentStatus.CANCELLED)):  # fmt: skip
        mark(vault, new_appointment(vault, at(day, hour), (client_id,), None, kind=kind), status)
    page.set_kind("activity")
    wait_preview(qtbot, page)
    # and the chart of appointments held by kind, against the previous year (none then)
    assert page.chart.isVisible()
    assert page.chart.counts == {"current": [2, 1], "previous": [0, 0]}
    axis = page.chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert axis.categories() == [kind_label(home), kind_label(OFFICE)]  # office on top

    # When it is printed on a PDF printer, saved as PDF and its figures exported
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(page.printed, timeout=30_000) as printing:
        assert page.print_to(printer)
        assert not page.print_button.isEnabled()  # one print at a time, off the GUI thread
    pages = printing.args[0]
    saved = tmp_path / "activite.pdf"
    assert page.save_to(saved)
    qtbot.waitUntil(ops.is_idle)
    figures = tmp_path / "chiffres.csv"
    assert page.export_csv_to(figures)
    qtbot.waitUntil(ops.is_idle)

    # Then each one is in the report log, and the files read back
    assert pages == page.preview.page_count() == pdf_page_count(printed)
    assert "Rapport d'activité" in pdf_text(saved, squeeze=True)
    header = figures.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(";") == [
        "Rubrique",
        "Indicateur",
        "Période",
        "Période précédente",
        "Évolution",
    ]
    assert len(activity_logs(vault)) == 3
    assert str(figures) in page.status.text()


def test_print_to_a_pdf_printer_headless_leaves_no_temp_file_and_logs(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Given the report of a person in the preview, and an empty private temp folder
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert Path(QDir.tempPath()) == temp
    client_id = person_with_notes(vault)
    choose(qtbot, page, ops, client_id)
    assert log_of(vault, client_id) == []

    # (Print… offers the print dialog for the report previewed)
    dialog = page.open_print_dialog()
    assert isinstance(dialog, QPrintDialog)
    dialog.reject()

    # When it is printed on a PDF printer (what the print dialog hands over)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(page.printed, timeout=30_000) as printing:
        assert page.print_to(printer)
        assert not page.print_button.isEnabled()  # one print at a time, off the GUI thread
    pages = printing.args[0]

    # Then every page was printed, the print is logged, and no file was left anywhere
    assert pages == page.preview.page_count() > 0
    assert pdf_page_count(out) == pages
    records = log_of(vault, client_id)
    assert len(records) == 1
    assert records[0].kind == ReportKind.CLIENT_SUMMARY
    assert records[0].audience == ReportAudience.CLIENT
    assert list(temp.iterdir()) == []
    assert "Printed" in page.status.text()


def test_save_as_pdf_writes_through_the_service_and_logs(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = person_with_notes(vault)
    choose(qtbot, page, ops, client_id)
    page.client_form.set_sections((ReportSection.IDENTITY, ReportSection.NOTES))
    wait_preview(qtbot, page)

    out = tmp_path / "rapport.pdf"
    assert page.save_to(out)
    qtbot.waitUntil(ops.is_idle)

    text = pdf_text(out, squeeze=True)
    assert PUBLIC_MARKER in text
    assert PRIVATE_MARKER not in text  # the person's copy never holds a private note
    records = log_of(vault, client_id)
    assert len(records) == 1
    assert set(records[0].sections) == {"identity", "notes"}
    assert str(out) in page.status.text()


def test_bad_input_shows_field_errors_produces_nothing_and_keeps_the_typing(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = person_with_notes(vault)
    choose(qtbot, page, ops, client_id)
    period = page.client_form.period

    # When the period is typed reversed
    period.end_edit.clear()
    type_text(qtbot, period.end_edit, f"01/01/{THIS_YEAR - 1}")
    wait_until_shown = lambda: period.end_error.isVisible()  # noqa: E731
    qtbot.waitUntil(wait_until_shown, timeout=5_000)

    # Then the error is under the field, there is nothing to print or save, nothing typed is lost
    assert period.end_error.text() == "The period ends before it starts."
    assert period.combo.currentData() == "custom"
    assert not page.print_button.isEnabled()
    assert page.preview.byte_count() == 0
    out = tmp_path / "nothing.pdf"
    assert not page.save_to(out)
    qtbot.waitUntil(ops.is_idle)
    assert not out.exists()
    assert period.end_edit.text() == f"01/01/{THIS_YEAR - 1}"

    # When every section is unticked too, both errors show
    page.client_form.set_sections(())
    assert not page.save_to(out)
    assert page.client_form.sections_error.text() == "Choose at least one section."
    assert period.end_error.isVisible()

    # When the date is fixed but every section is still unticked
    period.end_edit.clear()
    type_text(qtbot, period.end_edit, f"31/12/{THIS_YEAR}")
    page.client_form.set_sections(())
    assert not page.save_to(out)
    assert page.client_form.sections_error.isVisible()
    assert page.client_form.sections_error.text() == "Choose at least one section."
    assert not period.end_error.isVisible()

    # When a date is not a date
    period.start_edit.clear()
    type_text(qtbot, period.start_edit, "le 3 mars")
    assert not page.save_to(out)
    assert period.start_error.text() == "Enter a date as DD/MM/YYYY."
    qtbot.waitUntil(ops.is_idle)
    assert not out.exists()
    assert log_of(vault, client_id) == []
    assert period.start_edit.text() == "le 3 mars"


def test_no_person_chosen_is_an_error_only_when_saving(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    person_with_notes(vault)
    page.refresh()
    assert not page.client_form.client_error.isVisible()
    assert page.preview.message.text() == "Choose a person to see their report."
    assert not page.save_to(tmp_path / "x.pdf")
    assert page.client_form.client_error.text() == "Choose the person the report is about."


def test_lock_leaves_no_pdf_bytes(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = person_with_notes(vault)
    choose(qtbot, page, ops, client_id)
    assert page.preview.byte_count() > 0
    assert page.holds_vault_data()
    indicators = page.open_indicators()
    qtbot.waitUntil(ops.is_idle)
    assert indicators.isVisible()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "interrupted.pdf"))
    assert page.print_to(printer)
    assert page.is_printing()

    # When the page is cleared, as the lock does (the lock itself: test_client_reports_tab)
    page.clear()

    # Then the dialogs are closed, the print stopped (and, cut short, not logged) ...
    assert not indicators.isVisible()
    assert not page.is_printing()
    qtbot.wait(200)
    qtbot.waitUntil(ops.is_idle)
    assert log_of(vault, client_id) == []
    # ... and nothing read from the vault stays, the PDF bytes least of all

    assert page.preview.byte_count() == 0
    assert page.preview.document.status() == QPdfDocument.Status.Null
    assert page.preview.document.pageCount() == 0
    assert page.client_form.notes_list.count() == 0
    assert not page.holds_vault_data()


def test_document_language_follows_the_profile_until_chosen(
    qtbot: QtBot, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a practitioner whose documents are in Romanian
    with vault.uow() as uow:
        save_profile(
            uow, PractitionerProfile(display_name="Ana Pop", legal_name="Ana Pop PFA",
                                     document_language="ro")
        )  # fmt: skip
    ops.attach_vault(vault)
    page = ReportsPage(ops, ops.bus)
    qtbot.addWidget(page)
    page.set_kind("activity")

    # When the page is shown, Then the report is in Romanian
    page.show()
    qtbot.waitUntil(lambda: page.language_combo.language() == "ro")
    wait_preview(qtbot, page)
    assert page.request() == ActivityReportRequest(
        date(THIS_YEAR, 1, 1), date(THIS_YEAR, 12, 31), language="ro"
    )
    assert "Raport de activitate" in page.preview.document.getAllText(0).text()


@pytest.mark.parametrize(
    ("code", "today", "first", "last"),
    [
        ("this_year", date(2026, 11, 22), date(2026, 1, 1), date(2026, 12, 31)),
        ("last_year", date(2026, 11, 22), date(2025, 1, 1), date(2025, 12, 31)),
        ("last_12_months", date(2026, 11, 22), date(2025, 11, 23), date(2026, 11, 22)),
        ("last_12_months", date(2024, 2, 29), date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_quick_periods(code: str, today: date, first: date, last: date) -> None:
    assert quick_period(code, today) == (first, last)


def test_changes_during_a_render_are_rendered_once_it_is_back(
    qtbot: QtBot, page: ReportsPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given an activity report being rendered
    person_with_notes(vault)
    page.set_kind("activity")
    page.refresh()
    assert page.is_rendering()

    # When the user chooses another language twice meanwhile
    combo = page.language_combo
    for code in ("en", "ro"):
        combo.set_language(code)
        combo.activated.emit(combo.currentIndex())  # what a choice in the list sends
        page.refresh()
        assert page.is_rendering()

    # Then the preview ends up in the last language chosen
    wait_preview(qtbot, page)
    qtbot.waitUntil(ops.is_idle)
    assert page.request() == page.shown_request()
    assert "Raport de activitate" in page.preview.document.getAllText(0).text()
