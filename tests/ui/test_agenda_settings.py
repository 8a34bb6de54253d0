"""Settings → Agenda: hours, days, defaults and holidays are saved and read back; a day
that ends before it starts is refused next to the field and nothing is saved or lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from socialdesk.domain.agenda import AgendaSettings
from socialdesk.services.agenda import agenda_settings
from socialdesk.ui.controller import AppController
from socialdesk.ui.pages.settings_agenda import AgendaSettingsSection
from tests.ui.conftest import click_checkbox, wait_idle

LEFT = Qt.MouseButton.LeftButton


def _section(qtbot: QtBot, make_controller: Callable[..., AppController], vault):  # type: ignore[no-untyped-def]
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    wait_idle(qtbot, controller.ops)
    window.show_page("settings")
    section: AgendaSettingsSection = window.settings_page.agenda
    window.settings_page.scroll_area.ensureWidgetVisible(section.save_button)
    return controller, section


def _saved(vault) -> AgendaSettings:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return agenda_settings(uow)


def test_agenda_settings_are_saved_and_read_back(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given the settings of a new vault (the defaults)
    controller, section = _section(qtbot, make_controller, vault)
    assert section.settings() == _saved(vault)

    # When the user sets 9:00-17:00, Monday to Thursday, 45 min, a reminder 30 min
    # before and Belgian holidays, and saves
    section.day_start_edit.setTime(QTime(9, 0))
    section.day_end_edit.setTime(QTime(17, 0))
    click_checkbox(qtbot, section.day_checks[4])  # Friday off
    section.duration_spin.setValue(45)
    section.reminder_spin.setValue(30)
    section.holidays_combo.setCurrentIndex(section.holidays_combo.findData("BE"))
    qtbot.mouseClick(section.save_button, LEFT)
    wait_idle(qtbot, controller.ops)

    # Then the vault has them, and the page says so
    saved = _saved(vault)
    assert (saved.day_start, saved.day_end) == (time(9, 0), time(17, 0))
    assert saved.work_days == frozenset({0, 1, 2, 3})
    assert (saved.default_duration_minutes, saved.default_reminder_minutes) == (45, 30)
    assert saved.holidays_country == "BE"
    assert section.status.text() == "Agenda settings saved."

    # ... and a fresh read (after a lock, say) shows them again
    section.clear()
    assert section.duration_spin.value() == AgendaSettings().default_duration_minutes
    section.reload()
    wait_idle(qtbot, controller.ops)
    assert section.settings() == saved
    assert not section.day_checks[4].isChecked()


def test_agenda_settings_refuse_a_day_ending_before_it_starts(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, section = _section(qtbot, make_controller, vault)
    before = _saved(vault)

    # When the day ends at 08:00 but starts at 09:00, with another change besides
    section.day_start_edit.setTime(QTime(9, 0))
    section.day_end_edit.setTime(QTime(8, 0))
    section.duration_spin.setValue(50)
    qtbot.mouseClick(section.save_button, LEFT)
    wait_idle(qtbot, controller.ops)

    # Then the error is shown next to the hours, nothing is saved, nothing typed is lost
    errors = [section.form.error_labels[n] for n in ("day_start", "day_end")]
    assert any(label.isVisible() and label.text() for label in errors)
    assert section.status.text().startswith("Nothing was saved")
    assert _saved(vault) == before
    assert section.day_end_edit.time() == QTime(8, 0)
    assert section.duration_spin.value() == 50

    # When the end is corrected, it saves
    section.day_end_edit.setTime(QTime(17, 30))
    assert not any(label.isVisible() for label in errors)
    qtbot.mouseClick(section.save_button, LEFT)
    wait_idle(qtbot, controller.ops)
    assert _saved(vault).day_end == time(17, 30)
    assert _saved(vault).default_duration_minutes == 50


def test_agenda_settings_no_reminder_by_default(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, section = _section(qtbot, make_controller, vault)
    section.reminder_spin.setValue(0)
    assert section.reminder_spin.text() == "No reminder"
    section.holidays_combo.setCurrentIndex(section.holidays_combo.findData(""))
    qtbot.mouseClick(section.save_button, LEFT)
    wait_idle(qtbot, controller.ops)
    saved = _saved(vault)
    assert saved.default_reminder_minutes == 0 and saved.holidays_country == ""
