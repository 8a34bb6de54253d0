"""The parameters of a report, as the Reports page asks for them: a period (quick choices
or two dates), the person and audience of a client report with its sections and notes,
the comparison of an activity report, and the document language.

Each form says ``changed()`` when the user changes something (the page re-renders the
preview after a pause) and shows field errors under their fields; nothing typed is lost.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.client_report import NoteChoice
from socialdesk.domain.enums import ReportAudience
from socialdesk.domain.reports import (
    AUDIENCE_LABELS,
    AUDIENCES,
    DEFAULT_SECTIONS,
    SECTION_LABELS,
    ReportSection,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import ERROR_STYLE, MUTED_STYLE
from socialdesk.ui.agenda.client_picker import ClientPicker
from socialdesk.ui.client_file.fields import DateField
from socialdesk.ui.client_file.labels import BAD_DATE, format_date
from socialdesk.ui.ops import Operations

#: Quick choices of a period: (code, label).
PERIOD_CHOICES = (
    ("this_year", N_("This year")),
    ("last_year", N_("Last year")),
    ("last_12_months", N_("Last 12 months")),
    ("custom", N_("Custom dates")),
)
#: What each audience hides, in one line (under its radio button).
AUDIENCE_HINTS: dict[ReportAudience, str] = {
    ReportAudience.CLIENT: N_("Everything about the person except private notes."),
    ReportAudience.PARTNER: N_("Only what the institution needs; third parties' names hidden."),
    ReportAudience.INTERNAL: N_("Everything, private notes included. Keep it to yourself."),
}
#: Document languages: (code, label).
LANGUAGES = (("fr", N_("French")), ("en", N_("English")), ("ro", N_("Romanian")))


def quick_period(code: str, today: date) -> tuple[date, date]:
    """The first and last days of a quick choice (``custom`` keeps this year)."""
    if code == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if code == "last_12_months":
        day = min(today.day, 28) if today.month == 2 else today.day
        return date(today.year - 1, today.month, day) + timedelta(days=1), today
    return date(today.year, 1, 1), date(today.year, 12, 31)


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def set_error(label: QLabel, message: str | None) -> None:
    label.setText(_(message) if message else "")
    label.setVisible(bool(message))


class PeriodBox(QWidget):
    """A quick choice and the two dates it fills (typing a date switches to "Custom")."""

    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"{prefix}PeriodCombo")
        for code, label in PERIOD_CHOICES:
            self.combo.addItem(_(label), code)
        self.start_edit = DateField(self)
        self.start_edit.setObjectName(f"{prefix}StartField")
        self.end_edit = DateField(self)
        self.end_edit.setObjectName(f"{prefix}EndField")
        self.start_error = error_label(self, f"{prefix}StartError")
        self.end_error = error_label(self, f"{prefix}EndError")
        dates = QGridLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(QLabel(_("From"), self), 0, 0)
        dates.addWidget(self.start_edit, 0, 1)
        dates.addWidget(QLabel(_("to"), self), 0, 2)
        dates.addWidget(self.end_edit, 0, 3)
        dates.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.combo)
        layout.addLayout(dates)
        layout.addWidget(self.start_error)
        layout.addWidget(self.end_error)
        self.combo.currentIndexChanged.connect(self._quick_chosen)
        for field, error in ((self.start_edit, self.start_error), (self.end_edit, self.end_error)):
            field.textEdited.connect(lambda _t, e=error: self._typed(e))
        self._quick_chosen()

    def _quick_chosen(self) -> None:
        code = self.combo.currentData()
        if code != "custom":
            start, end = quick_period(code, date.today())
            self.start_edit.set_value(start)
            self.end_edit.set_value(end)
            self.show_errors({})
        self.changed.emit()

    def _typed(self, error: QLabel) -> None:
        set_error(error, None)
        if self.combo.currentData() != "custom":
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(self.combo.findData("custom"))
            self.combo.blockSignals(False)
        self.changed.emit()

    def read(self) -> tuple[date | None, date | None, dict[str, str]]:
        """The two dates and the errors of what was typed (not a date, missing)."""
        errors: dict[str, str] = {}
        values: list[date | None] = []
        for name, field in (("period_start", self.start_edit), ("period_end", self.end_edit)):
            try:
                values.append(field.value())
            except ValueError:
                values.append(None)
                errors[name] = BAD_DATE
        return values[0], values[1], errors

    def show_errors(self, errors: dict[str, str]) -> None:
        set_error(self.start_error, errors.get("period_start"))
        set_error(self.end_error, errors.get("period_end"))


class LanguageCombo(QComboBox):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        for code, label in LANGUAGES:
            self.addItem(_(label), code)

    def language(self) -> str:
        return str(self.currentData())

    def set_language(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)


class SingleClientPicker(ClientPicker):
    """The agenda's people picker, holding one person: choosing another replaces them."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.setObjectName("reportClientPicker")
        self.search_edit.setObjectName("reportClientSearch")
        self.search_edit.setPlaceholderText(_("Type a name or a file number"))
        self.results.setObjectName("reportClientResults")
        self.remove_button.setToolTip(_("Choose no one"))

    def add_client(self, client_id: int, name: str) -> None:
        if self.client_ids() == (client_id,):
            return
        self.chosen.blockSignals(True)
        self.chosen.clear()
        self.chosen.blockSignals(False)
        super().add_client(client_id, name)

    def client_id(self) -> int | None:
        ids = self.client_ids()
        return ids[0] if ids else None

    def client_name(self) -> str:
        item = self.chosen.item(0)
        return item.text().removesuffix("  ×") if item is not None else ""

    def clear_choice(self) -> None:
        self.chosen.clear()
        self.search_edit.clear()
        self.results.clear()
        self.results.hide()
        self._chosen_changed()


def note_text(choice: NoteChoice) -> str:
    """ "05/01/2026 — Interview — Housing" (the date, the type, the title or first line)."""
    parts = [format_date(choice.note_date), choice.type_label, choice.title]
    text = " — ".join(p for p in parts if p)
    return _("{note} (private)", note=text) if choice.is_private else text


class ClientReportForm(QWidget):
    """Person, audience, sections and notes of a client report."""

    changed = Signal()
    notes_wanted = Signal()  # the person, period or audience changed: list their notes again

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientReportForm")
        self.picker = SingleClientPicker(ops, self)
        self.client_error = error_label(self, "reportClientError")
        self.period = PeriodBox("clientReport", self)

        self.audience_group = QButtonGroup(self)
        self.audience_buttons: dict[ReportAudience, QRadioButton] = {}
        audience_box = QVBoxLayout()
        audience_box.setSpacing(2)
        for name, audience in AUDIENCES.items():
            button = QRadioButton(_(AUDIENCE_LABELS[audience]), self)
            button.setObjectName(f"audience{name.capitalize()}Radio")
            hint = QLabel(_(AUDIENCE_HINTS[audience]), self)
            hint.setWordWrap(True)
            hint.setStyleSheet(MUTED_STYLE)
            hint.setContentsMargins(24, 0, 0, 4)
            self.audience_group.addButton(button)
            self.audience_buttons[audience] = button
            audience_box.addWidget(button)
            audience_box.addWidget(hint)
        self.audience_buttons[ReportAudience.CLIENT].setChecked(True)

        self.section_boxes: dict[ReportSection, QCheckBox] = {}
        sections = QGridLayout()
        sections.setContentsMargins(0, 0, 0, 0)
        sections.setVerticalSpacing(2)
        for index, section in enumerate(ReportSection):
            box = QCheckBox(_(SECTION_LABELS[section]), self)
            box.setObjectName(f"section_{section.value}")
            box.toggled.connect(self._section_toggled)
            self.section_boxes[section] = box
            sections.addWidget(box, index // 2, index % 2)
        self.sections_error = error_label(self, "sectionsError")

        self.notes_list = QListWidget(self)
        self.notes_list.setObjectName("reportNotesList")
        self.notes_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.notes_list.setMinimumHeight(self.fontMetrics().height() * 5)
        self.notes_list.setMaximumHeight(self.fontMetrics().height() * 9)
        self.notes_list.itemChanged.connect(lambda _i: self.changed.emit())
        self.notes_hint = QLabel(self)
        self.notes_hint.setObjectName("reportNotesHint")
        self.notes_hint.setWordWrap(True)
        self.notes_hint.setStyleSheet(MUTED_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title(_("Person"), self))
        layout.addWidget(self.picker)
        layout.addWidget(self.client_error)
        layout.addWidget(_title(_("For whom"), self))
        layout.addLayout(audience_box)
        layout.addWidget(_title(_("Period"), self))
        layout.addWidget(self.period)
        layout.addWidget(_title(_("Sections"), self))
        layout.addLayout(sections)
        layout.addWidget(self.sections_error)
        layout.addWidget(_title(_("Case notes to print"), self))
        layout.addWidget(self.notes_hint)
        layout.addWidget(self.notes_list)

        self.picker.changed.connect(self._client_changed)
        self.audience_group.buttonToggled.connect(self._audience_toggled)
        self.period.changed.connect(self._period_changed)
        self._set_default_sections()
        self.set_notes(None)

    # ---- reading -----------------------------------------------------------------------
    def audience(self) -> ReportAudience:
        for audience, button in self.audience_buttons.items():
            if button.isChecked():
                return audience
        return ReportAudience.CLIENT

    def set_audience(self, audience: ReportAudience) -> None:
        self.audience_buttons[audience].setChecked(True)

    def sections(self) -> tuple[ReportSection, ...]:
        return tuple(s for s, box in self.section_boxes.items() if box.isChecked())

    def set_sections(self, sections: tuple[ReportSection, ...]) -> None:
        for section, box in self.section_boxes.items():
            box.blockSignals(True)
            box.setChecked(section in sections)
            box.blockSignals(False)
        self._section_toggled()

    def note_ids(self) -> tuple[int, ...] | None:
        """The notes ticked, or None: for a partner, no note ticked (their dates and
        titles only); for the others, every note they may see ticked."""
        ticked: list[int] = []
        every = True
        for row in range(self.notes_list.count()):
            item = self.notes_list.item(row)
            if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
                continue
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(int(item.data(Qt.ItemDataRole.UserRole)))
            else:
                every = False
        if self.audience() is ReportAudience.PARTNER:
            return tuple(ticked) if ticked else None
        return None if every else tuple(ticked)

    # ---- reacting ----------------------------------------------------------------------
    def _set_default_sections(self) -> None:
        self.set_sections(DEFAULT_SECTIONS[self.audience()])

    def _client_changed(self) -> None:
        set_error(self.client_error, None)
        self.notes_wanted.emit()
        self.changed.emit()

    def _audience_toggled(self, _button: Any, checked: bool) -> None:
        if not checked:
            return
        self._set_default_sections()
        self.notes_list.clear()  # what may be ticked depends on the audience
        self.notes_wanted.emit()
        self.changed.emit()

    def _period_changed(self) -> None:
        self.notes_wanted.emit()
        self.changed.emit()

    def _section_toggled(self, *_args: Any) -> None:
        set_error(self.sections_error, None)
        notes = self.section_boxes[ReportSection.NOTES].isChecked()
        self.notes_list.setEnabled(notes)
        self.changed.emit()

    def set_notes(self, choices: list[NoteChoice] | None) -> None:
        """Fill the note list (None: nothing to list yet), keeping what the user ticked
        or unticked. A partner gets no note's text unless it is ticked: none by default."""
        before = {
            int(self.notes_list.item(r).data(Qt.ItemDataRole.UserRole)): (
                self.notes_list.item(r).checkState() == Qt.CheckState.Checked
            )
            for r in range(self.notes_list.count())
            if self.notes_list.item(r).flags() & Qt.ItemFlag.ItemIsEnabled
        }
        by_default = self.audience() is not ReportAudience.PARTNER
        self.notes_list.blockSignals(True)
        self.notes_list.clear()
        for choice in choices or ():
            item = QListWidgetItem(note_text(choice))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            if choice.allowed:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                checked = before.get(choice.id, by_default)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip(_("A private note is never shown to the person."))
            self.notes_list.addItem(item)
        self.notes_list.blockSignals(False)
        if choices is None:
            hint = _("Choose a person to list their notes.")
        elif not choices:
            hint = _("No case note in this period.")
        elif by_default:
            hint = _("Untick the notes to leave out.")
        else:
            hint = _("Tick the notes whose text the institution may read; the others show "
                     "their date and title only.")  # fmt: skip
        self.notes_hint.setText(hint)

    def show_errors(self, errors: dict[str, str]) -> None:
        set_error(self.client_error, errors.get("client_id"))
        set_error(self.sections_error, errors.get("sections"))
        self.period.show_errors(errors)

    def clear(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear_choice()
        self.picker.blockSignals(False)
        self.set_notes(None)
        self.show_errors({})


class ActivityReportForm(QWidget):
    """Period and comparison of an activity report."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityReportForm")
        self.period = PeriodBox("activityReport", self)
        self.compare_box = QCheckBox(_("Compare with the previous period"), self)
        self.compare_box.setObjectName("compareBox")
        self.compare_box.setChecked(True)
        hint = QLabel(
            _("Figures only: counts under 5 are masked so that no one can be recognised."), self
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title(_("Period"), self))
        layout.addWidget(self.period)
        layout.addWidget(self.compare_box)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.period.changed.connect(self.changed)
        self.compare_box.toggled.connect(lambda _c: self.changed.emit())

    def show_errors(self, errors: dict[str, str]) -> None:
        self.period.show_errors(errors)


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label
