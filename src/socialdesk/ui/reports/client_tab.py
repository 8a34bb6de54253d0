"""The "Reports" tab of a client file: the reports produced about this person (date,
audience, period, sections) — what the log keeps, never their content — and "New
report…", which opens the Reports page with this person chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.reports import AUDIENCE_LABELS, SECTION_LABELS, ReportRecord
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import label_of, muted_label
from socialdesk.ui.client_file.labels import format_date, format_datetime
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.reports import operations as rops

COLUMNS = (N_("Produced"), N_("For"), N_("Period"), N_("Sections"))


def period_text(record: ReportRecord) -> str:
    if record.period_start is None or record.period_end is None:
        return ""
    return _(
        "{start} to {end}",
        start=format_date(record.period_start),
        end=format_date(record.period_end),
    )


def sections_text(record: ReportRecord) -> str:
    labels = {str(k): v for k, v in SECTION_LABELS.items()}
    return ", ".join(label_of(labels, code) for code in record.sections)


class ReportsTab(QWidget):
    """``new_report_requested(client_id)``: the user wants a new report for this person."""

    new_report_requested = Signal(int)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientReportsTab")
        self.ops = ops
        self.client_id: int | None = None
        self.records: list[ReportRecord] = []
        self.new_button = QPushButton(_("New report…"), self)
        self.new_button.setObjectName("newClientReportButton")
        self.new_button.setToolTip(_("Open the Reports page with this person chosen"))
        self.new_button.clicked.connect(self.new_report)
        hint = muted_label(
            _("The reports printed or saved about this person. Their content is not kept."),
            self,
        )
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("clientReportsTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = muted_label(_("No report yet about this person."), self)
        self.empty_label.setObjectName("clientReportsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addStretch(0)
        bus.changed.connect(self.on_changes)
        self._fill()

    def set_client(self, client_id: int) -> None:
        self.client_id = client_id
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (changes.clients or changes.vault):
            self.reload()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        # Reports are produced on the Reports page: read the log again when shown.
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        if self.client_id is None or self.ops.vault is None:
            return
        client_id = self.client_id
        self.ops.run_db(
            rops.client_reports(client_id),
            on_success=lambda records: self._show(client_id, records),
            owner=self,
        )

    def _show(self, client_id: int, records: list[ReportRecord]) -> None:
        if client_id != self.client_id:
            return
        self.records = sorted(records, key=lambda r: r.created_at, reverse=True)
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        for record in self.records:
            item = QTreeWidgetItem(
                [
                    format_datetime(record.created_at),
                    label_of(AUDIENCE_LABELS, record.audience),
                    period_text(record),
                    sections_text(record),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip(3, item.text(3))
            self.tree.addTopLevelItem(item)
        self.tree.setVisible(bool(self.records))
        self.empty_label.setVisible(not self.records)

    def new_report(self) -> None:
        if self.client_id is None:
            return
        self.new_report_requested.emit(self.client_id)
        show: Any = getattr(self.window(), "show_client_report", None)
        if callable(show):
            show(self.client_id)

    def clear(self) -> None:
        self.records = []
        self._fill()
