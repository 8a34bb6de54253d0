"""The accountant's pack from the export window: a progress bar while the PDFs are made,
and Cancel, which stops between two documents and leaves no file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.services.invoices import create_draft, issue_invoice
from socialdesk.ui.billing.export_dialog import ExportDialog
from socialdesk.ui.ops import Operations
from tests.services.invoice_setup import line, new_client, person_draft, set_profile

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def dialog(qtbot: QtBot, ops: Operations, vault) -> ExportDialog:  # type: ignore[no-untyped-def]
    set_profile(vault, "FR")
    client = new_client(vault)
    today = date.today()
    with vault.uow() as uow:
        for _n in range(3):
            data = replace(person_draft(client, line(day=today)), period_start=today,
                           period_end=today)  # fmt: skip
            view, _c = create_draft(uow, data)
            issue_invoice(uow, view.id, issue_date=today)
    ops.attach_vault(vault)
    widget = ExportDialog(ops)
    qtbot.addWidget(widget)
    widget.first_field.set_value(today.replace(month=1, day=1))
    widget.last_field.set_value(today)
    return widget


def test_the_pack_shows_its_progress(qtbot: QtBot, ops: Operations, dialog: ExportDialog,
                                     tmp_path: Path) -> None:  # fmt: skip
    seen: list[tuple[int, int]] = []
    dialog._progress.advanced.connect(lambda done, total: seen.append((done, total)))
    dialog.show()
    dialog.target_edit.setText(str(tmp_path / "pack.zip"))
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert dialog.progress.isVisible() and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: ops.is_idle() and (tmp_path / "pack.zip").exists())
    qtbot.waitUntil(lambda: not dialog.progress.isVisible())
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert dialog.status.text().startswith("3 invoice(s) and credit note(s) from")
    assert dialog.export_button.isEnabled()


def test_cancel_stops_the_pack_and_leaves_no_file(
    qtbot: QtBot, ops: Operations, dialog: ExportDialog, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # Cancel as soon as the first PDF is done (in the worker thread, so the test does
    # not race the remaining two documents).
    dialog._progress.advanced.connect(
        lambda _done, _total: dialog.cancel(), Qt.ConnectionType.DirectConnection
    )
    dialog.show()
    dialog.target_edit.setText(str(out / "pack.zip"))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not dialog.progress.isVisible())
    assert dialog.status.text() == "The export was cancelled: no file was written."
    assert list(out.iterdir()) == []
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isVisible()
    # The button sets the same flag.
    dialog._cancel.clear()
    dialog.cancel_button.setEnabled(True)
    dialog.cancel_button.show()
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert dialog._cancel.is_set()
