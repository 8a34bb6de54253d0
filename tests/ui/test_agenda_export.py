"""The agenda's "Export to calendar (.ics)" dialog on a real vault, from the Agenda page:
the anonymized file keeps no name, the full one does, and a bad range or a bad target is
said in the dialog, which keeps what was chosen and writes nothing."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import AppointmentKind
from socialdesk.ui.agenda import export_dialog
from socialdesk.ui.agenda.export_dialog import ExportDialog
from socialdesk.ui.agenda.periods import ViewMode
from socialdesk.ui.controller import AppController
from tests.ui.test_agenda_page import MONDAY, add_appointment, add_client, at, open_agenda

LEFT = Qt.MouseButton.LeftButton
MARKER = "Qzxmarkerwv"  # a client name found nowhere else


def events(path: Path) -> list[Any]:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def unfolded_text(path: Path) -> str:
    """The file's text with the folded lines joined (a name may be split at 75 octets)."""
    return path.read_bytes().replace(b"\r\n ", b"").decode("utf-8").lower()


class SaveDialogStub:
    """Stands for the desktop's save dialog: each question takes the next of
    ``targets`` (None, "cancelled", when there is none) and is recorded in ``calls``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path]] = []
        self.targets: list[Path] = []

    def __call__(self, _parent: Any, title: str, suggested: Path) -> Path | None:
        self.calls.append((title, suggested))
        return self.targets.pop(0) if self.targets else None


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> SaveDialogStub:
    stub = SaveDialogStub()
    monkeypatch.setattr(export_dialog, "ask_ics_path", stub)
    monkeypatch.setattr(ExportDialog, "last_folder", None)
    return stub


def open_export(qtbot: QtBot, page: Any) -> ExportDialog:
    assert page.toolbar.export_action in page.toolbar.more_button.menu().actions()
    page.toolbar.export_action.trigger()
    dialog = page.export_dialog
    assert isinstance(dialog, ExportDialog)
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot: QtBot, controller: AppController, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and not dialog.busy, timeout=10_000)


def test_export_anonymized_keeps_no_name_and_full_export_names_the_person(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    vault: Any,
    tmp_path: Path,
    asked: SaveDialogStub,
) -> None:
    # Given a home visit on Tuesday with a person whose name is a marker
    client_id = add_client(vault, MARKER, "Éloïse")
    add_appointment(
        vault,
        at(MONDAY + timedelta(days=1), 10),
        kind=AppointmentKind.HOME_VISIT,
        client_ids=(client_id,),
        place="3 rue des Lilas",
    )
    controller, window, page = open_agenda(qtbot, make_controller, vault)

    # When the export dialog is opened from the agenda's toolbar
    dialog = open_export(qtbot, page)

    # Then it proposes the week shown, anonymized
    assert (dialog.first(), dialog.last()) == (MONDAY, MONDAY + timedelta(days=6))
    assert dialog.anonymize_check.isChecked()
    assert "keep it safe" not in dialog.privacy_hint.text()

    # When it is saved (the save dialog answers a file in tmp_path)
    anonymous = tmp_path / "anonymous.ics"
    asked.targets.append(anonymous)
    save(qtbot, controller, dialog)

    # Then the suggested file was agenda-<first day>.ics, and the file holds the event
    # with initials and kind only: neither the name nor the place
    (_title, suggested) = asked.calls[0]
    assert suggested.name == "agenda-2031-03-10.ics"
    assert dialog.status_label.text() == f"1 appointment(s) exported to {anonymous}"
    assert dialog.isVisible()
    (event,) = events(anonymous)
    assert str(event["summary"]) == "É.Q. — Home visit"
    assert "location" not in event and "description" not in event
    text = unfolded_text(anonymous)
    assert MARKER.lower() not in text
    assert "lilas" not in text
    assert stat.S_IMODE(anonymous.stat().st_mode) == 0o600

    # When the same period is exported in full
    dialog.anonymize_check.setChecked(False)
    assert "keep it safe" in dialog.privacy_hint.text()
    full = tmp_path / "full.ics"
    asked.targets.append(full)
    save(qtbot, controller, dialog)

    # Then the file names the person and the place; the next save suggested the same folder
    (event,) = events(full)
    assert MARKER.upper() in str(event["summary"]).upper()
    assert MARKER.lower() in str(event["description"]).lower()
    assert str(event["location"]) == "3 rue des Lilas"
    assert asked.calls[1][1] == tmp_path / "agenda-2031-03-10.ics"
    assert dialog.status_label.text() == f"1 appointment(s) exported to {full}"

    # And closing the dialog forgets it
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: page.export_dialog is None)


def test_export_bad_range_or_target_is_said_in_the_dialog_and_writes_nothing(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    vault: Any,
    tmp_path: Path,
    asked: SaveDialogStub,
) -> None:
    client_id = add_client(vault, MARKER, "Jean")
    add_appointment(vault, at(MONDAY, 9), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault, mode=ViewMode.MONTH)
    dialog = open_export(qtbot, page)

    # The month view proposes the month itself, not the days of the weeks around it
    assert (dialog.first(), dialog.last()) == (MONDAY.replace(day=1), MONDAY.replace(day=31))

    # When the last day is before the first and the export is asked
    dialog.first_edit.setDate(QDate(2031, 3, 20))
    dialog.last_edit.setDate(QDate(2031, 3, 12))
    dialog.anonymize_check.setChecked(False)
    target = tmp_path / "agenda.ics"
    asked.targets.append(target)
    save(qtbot, controller, dialog)

    # Then the error shows under the dates, no file was asked for nor written, and the
    # dialog keeps what was chosen
    assert dialog.range_error.isVisible()
    assert dialog.range_error.text() == "The end date is before the start date."
    assert asked.calls == []
    assert not target.exists()
    assert list(tmp_path.glob("*.ics")) == []
    assert dialog.isVisible()
    assert (dialog.first().day, dialog.last().day) == (20, 12)
    assert not dialog.anonymize_check.isChecked()
    asked.targets.clear()

    # The same check on the worker (the dialog does not rely on its own check only)
    dialog.export_to(target)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and not dialog.busy)
    assert dialog.range_error.isVisible()
    assert not target.exists()

    # When the range is fixed, the error goes; a folder that does not exist is said too
    dialog.last_edit.setDate(QDate(2031, 3, 25))
    assert not dialog.range_error.isVisible()
    missing = tmp_path / "nowhere" / "agenda.ics"
    asked.targets.append(missing)
    save(qtbot, controller, dialog)
    assert dialog.status_label.isVisible()
    assert dialog.status_label.text() == (
        f"The folder {missing.parent} does not exist; create it first or choose another one."
    )
    assert not missing.parent.exists()
    assert dialog.isVisible()

    # The vault itself is never a target
    dialog.export_to(vault.path)
    assert "would overwrite the vault" in dialog.status_label.text()
    assert not dialog.busy

    # When the user cancels the save dialog, nothing happens
    save(qtbot, controller, dialog)
    assert list(tmp_path.glob("*.ics")) == []

    # Locking the vault closes the dialog
    page.clear()
    assert page.export_dialog is None
