"""The "Social issues" tab: tick the person's issues in the typology (configured in
Settings) and choose the main one (it comes first in the list and in reports)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.clients import ClientFile, IssueRef, SocialIssueType
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import ERROR_COLOR

CODE_ROLE = Qt.ItemDataRole.UserRole


class IssuesEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuesEditor")
        self._types: list[SocialIssueType] = []
        self._client_issues: tuple[IssueRef, ...] = ()
        self._loading = False
        intro = QLabel(
            _("Tick the issues the accompaniment deals with. The list is set in Settings."),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("socialIssuesList")
        self.list.setSpacing(3)
        self.list.itemChanged.connect(self._item_changed)
        self.empty_label = QLabel(
            _("No social issues are defined yet: add them in Settings → Social issues."), self
        )
        self.empty_label.setObjectName("socialIssuesEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self.empty_label.hide()
        self.main_combo = QComboBox(self)
        self.main_combo.setObjectName("mainIssueCombo")
        self.main_combo.setMinimumContentsLength(28)
        self.main_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.main_combo.currentIndexChanged.connect(self._main_changed)
        self.error = QLabel(self)
        self.error.setObjectName("socialIssuesError")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        main_row = QHBoxLayout()
        main_row.addWidget(QLabel(_("Main issue:"), self))
        main_row.addWidget(self.main_combo)
        main_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(main_row)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)

    # ---- values ------------------------------------------------------------------------
    def set_types(self, types: Sequence[SocialIssueType]) -> None:
        """The active typology (kept while the user's ticks stay as they are)."""
        codes = self.codes()
        self._types = list(types)
        self._fill(codes)

    def set_file(self, file: ClientFile) -> None:
        self._client_issues = file.social_issues
        self._fill([issue.code for issue in file.social_issues])

    def _fill(self, codes: Sequence[str]) -> None:
        self._loading = True
        try:
            self.list.clear()
            labels = {t.code: t.label for t in self._types}
            # Issues of the file that left the typology (deactivated) stay listed.
            for ref in self._client_issues:
                labels.setdefault(ref.code, ref.label)
            for code, text in labels.items():
                item = QListWidgetItem(text, self.list)
                item.setData(CODE_ROLE, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked
                )
            self.empty_label.setVisible(not labels)
            self._fill_main(codes[0] if codes else None)
        finally:
            self._loading = False
        self.show_error("")

    def _fill_main(self, main: str | None) -> None:
        self.main_combo.blockSignals(True)
        self.main_combo.clear()
        for item in self._checked_items():
            self.main_combo.addItem(item.text(), item.data(CODE_ROLE))
        index = self.main_combo.findData(main)
        self.main_combo.setCurrentIndex(max(index, 0))
        self.main_combo.setEnabled(self.main_combo.count() > 1)
        self.main_combo.blockSignals(False)

    def _checked_items(self) -> list[QListWidgetItem]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [item for item in items if item.checkState() == Qt.CheckState.Checked]

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        self._fill_main(self.main_combo.currentData())
        self.edited.emit()

    def _main_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def codes(self) -> tuple[str, ...]:
        """The ticked codes, main issue first."""
        codes = [item.data(CODE_ROLE) for item in self._checked_items()]
        main = self.main_combo.currentData()
        if main in codes:
            codes.remove(main)
            codes.insert(0, main)
        return tuple(codes)

    def check(self, code: str, checked: bool = True) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CODE_ROLE) == code:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_read_only(self, read_only: bool) -> None:
        self.list.setEnabled(not read_only)
        self.main_combo.setEnabled(not read_only and self.main_combo.count() > 1)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def clear(self) -> None:
        self._types = []
        self._client_issues = ()
        self._fill(())
