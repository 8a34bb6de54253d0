"""Today's sections other than the appointments: a démarche with a deadline appears
when it is due (fixed clock), late tasks are red, and every item opens its place."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.tasks import TaskInput
from socialdesk.domain.today import TodaySectionKey
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_demarche_kinds,
)
from socialdesk.services.tasks import create_task
from socialdesk.services.today import today_overview
from socialdesk.ui.accompaniment.common import OVERDUE_COLOR
from socialdesk.ui.accompaniment.today_sections import TodaySections
from socialdesk.ui.ops import Operations
from tests.ui.test_partner_page import make_person

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)
DEMARCHES = TodaySectionKey.DEMARCHES_DUE
TASKS = TodaySectionKey.TASKS_DUE


@pytest.fixture
def sections(qtbot: QtBot, ops: Operations, vault) -> TodaySections:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    with vault.uow() as uow:
        ensure_default_demarche_kinds(uow)
    widget = TodaySections(ops, ops.bus)
    widget.clock = lambda: NOW
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def demarche(vault, client_id: int, code: str, **values) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        kind = next(k.id for k in list_demarche_kinds(uow) if k.code == code)
        saved, _c = create_demarche(
            uow, DemarcheInput(client_id, kind, **values), today=date(2026, 3, 1)
        )
    return saved.id


def titles(widget: TodaySections, key: TodaySectionKey) -> list[str]:
    return [row.text() for row in widget.rows(key)]


def test_today_demarche_with_a_deadline_appears_when_due(
    qtbot: QtBot, sections: TodaySections, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a démarche whose next action is in two days, and one due in three weeks
    client_id = make_person(vault, "Durand", "Marie")
    soon = demarche(vault, client_id, "fr_rsa", next_action_date=date(2026, 3, 12),
                    next_action="Envoyer l'attestation", deadline=date(2026, 3, 25))  # fmt: skip
    demarche(vault, client_id, "fr_apl", deadline=date(2026, 3, 31))

    # When Today is read on 10 March
    sections.reload()
    qtbot.waitUntil(lambda: ops.is_idle() and sections.overview is not None)

    # Then only the one due soon is listed, with the person and what to do
    card = sections.cards[DEMARCHES]
    assert card.isVisible()
    (row,) = sections.rows(DEMARCHES)
    assert "DURAND Marie" in row.text()
    assert "Revenu de solidarité active" in row.text()
    assert "Envoyer l'attestation" in row.detail_label.full_text()
    assert row.when_label.text().startswith("Next action")
    assert "in 2 days" in row.when_label.text()

    # And a click on it asks to open the démarche in the person's file
    with qtbot.waitSignal(sections.open_requested) as signal:
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert signal.args == ["demarche", client_id, soon]

    # When the clock moves to the 15th, the day has passed: it is late
    sections.clock = lambda: datetime(2026, 3, 15, 9, 0, tzinfo=UTC)
    sections.reload()
    qtbot.waitUntil(lambda: ops.is_idle() and sections.overview.today == date(2026, 3, 15))
    (row,) = sections.rows(DEMARCHES)
    assert "(3 days late)" in row.when_label.text()
    assert OVERDUE_COLOR in row.when_label.styleSheet()


def test_today_tasks_due_open_with_the_keyboard_and_quiet_sections_hide(
    qtbot: QtBot, sections: TodaySections, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        task, _c = create_task(
            uow,
            TaskInput("Rappeler le bailleur", client_id, due_date=date(2026, 3, 9)),
            today=date(2026, 3, 1),
        )
        create_task(uow, TaskInput("Plus tard", client_id, due_date=date(2026, 4, 9)),
                    today=date(2026, 3, 1))  # fmt: skip
    sections.reload()
    qtbot.waitUntil(lambda: ops.is_idle() and sections.overview is not None)
    assert [t.endswith("Rappeler le bailleur") for t in titles(sections, TASKS)] == [True]
    assert not sections.cards[DEMARCHES].isVisible()  # nothing due there
    assert TodaySectionKey.BACKUP not in sections.cards  # the backup has its own section

    (row,) = sections.rows(TASKS)
    row.setFocus()
    with qtbot.waitSignal(sections.open_requested) as signal:
        qtbot.keyClick(row, Qt.Key.Key_Return)
    assert signal.args == ["task", client_id, task.id]


def test_today_sections_fold_long_lists_and_show_an_overview_given_by_the_host(
    qtbot: QtBot, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        for n in range(9):
            create_task(uow, TaskInput(f"Tâche {n}", client_id, due_date=date(2026, 3, 2 + n)),
                        today=date(2026, 3, 1))  # fmt: skip
        overview = today_overview(uow, TODAY, NOW)
    widget = TodaySections(ops, ops.bus, auto_load=False)
    qtbot.addWidget(widget)
    widget.resize(600, 900)
    widget.show()
    widget.set_overview(overview)
    card = widget.cards[TASKS]
    assert len(widget.rows(TASKS)) == 6
    assert card.more_button.text() == "Show all (9)"
    card.more_button.click()
    assert len(widget.rows(TASKS)) == 9
    assert widget.holds_vault_data()
    widget.clear()
    assert not widget.holds_vault_data() and not card.isVisible()
