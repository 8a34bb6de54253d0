"""The "Situation" tab: optional sections (housing, resources, health, employment,
family, administrative situation), each folded away until it has something to say."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.clients import ClientFile
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.fields import ERROR_COLOR, camel

SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "situation_housing",
        N_("Housing"),
        N_("Type of housing, tenure, conditions, risk of eviction…"),
    ),
    (
        "situation_resources",
        N_("Resources and income"),
        N_("Income, benefits, debts, budget…"),
    ),
    ("situation_health", N_("Health"), N_("Health coverage, follow-up, disability…")),
    (
        "situation_employment",
        N_("Employment and training"),
        N_("Job, job search, training, registration with the employment agency…"),
    ),
    ("situation_family", N_("Family"), N_("Family situation, children, childcare, support…")),
    (
        "situation_administrative",
        N_("Administrative situation"),
        N_("Identity papers, residence permit, rights opened, procedures in progress…"),
    ),
)


class SituationSection(QWidget):
    """A title that folds and unfolds a free text."""

    edited = Signal()

    def __init__(self, name: str, title: str, placeholder: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(camel(name) + "Section")
        self.title = title
        self.toggle = QToolButton(self)
        self.toggle.setObjectName(camel(name) + "Toggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet("QToolButton { border: none; padding: 2px 0; }")
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.toggle.toggled.connect(self.set_expanded)
        self.preview = QLabel(self)
        self.preview.setStyleSheet("color: palette(placeholder-text);")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(camel(name) + "Edit")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._text_changed)
        layout_of_text = self.edit.document().documentLayout()
        layout_of_text.documentSizeChanged.connect(lambda _size: self._fit_height())
        self._fit_height()
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.preview)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._loading = False
        self.set_text("")

    def _fit_height(self) -> None:
        """As tall as the text (a few lines at least, scrolling beyond ~10 lines)."""
        line = self.edit.fontMetrics().lineSpacing()
        lines = max(3, min(10, int(self.edit.document().size().height()) + 1))
        self.edit.setFixedHeight(lines * line + 14)

    def _text_changed(self) -> None:
        self._update_title()
        if not self._loading:
            self.edited.emit()

    def _update_title(self) -> None:
        empty = not self.edit.toPlainText().strip()
        self.toggle.setText(self.title if not empty else _("{title} (empty)", title=self.title))
        first = self.edit.toPlainText().strip().splitlines()
        self.preview.setText(first[0][:140] if first else "")

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(expanded)
        self.toggle.blockSignals(False)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.edit.setVisible(expanded)
        self.preview.setVisible(not expanded and bool(self.preview.text()))
        if expanded and self.isVisible():
            self.edit.setFocus()

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False
        self._update_title()
        self.set_expanded(bool(text.strip()))
        self.show_error("")

    def text(self) -> str:
        return self.edit.toPlainText()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            self.set_expanded(True)


class SituationEditor(QScrollArea):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("situationEditor")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 8, 8, 0)
        intro = QLabel(
            _(
                "Only what is useful for the accompaniment. Click a title to open or fold "
                "its section; empty sections are not printed or exported."
            ),
            content,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(intro)
        self.sections: dict[str, SituationSection] = {}
        for name, title, placeholder in SECTIONS:
            section = SituationSection(name, _(title), _(placeholder), content)
            section.edited.connect(self.edited)
            self.sections[name] = section
            layout.addWidget(section)
        layout.addStretch(1)
        self.setWidget(content)

    def set_file(self, file: ClientFile) -> None:
        for name, section in self.sections.items():
            section.set_text(getattr(file, name) or "")

    def values(self) -> dict[str, str]:
        return {name: section.text() for name, section in self.sections.items()}

    def show_errors(self, errors: dict[str, str]) -> tuple[list[str], QWidget | None]:
        first: QWidget | None = None
        remaining = []
        for key, message in errors.items():
            section = self.sections.get(key)
            if section is None:
                remaining.append(key)
                continue
            section.show_error(_(message))
            first = first or section.edit
        return remaining, first

    def clear_errors(self) -> None:
        for section in self.sections.values():
            section.show_error("")

    def set_read_only(self, read_only: bool) -> None:
        for section in self.sections.values():
            section.edit.setReadOnly(read_only)
