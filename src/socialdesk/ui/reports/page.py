"""The Reports page: the parameters of a report on the left, its live preview on the right,
and Print…, Save as PDF… (and Export CSV… for the activity report).

The preview is rendered on the DB worker (never on the GUI thread) a moment after the
last change of a parameter, and shown from memory. Printing paints that very document;
saving asks the service to write the file, so the report log and the audit are right.
Bad parameters show errors under their fields and produce nothing; nothing typed is lost.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.domain.reports import (
    ActivityReportRequest,
    ClientReportRequest,
    check_period,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.pages.base import Page, heading
from socialdesk.ui.reports import operations as rops
from socialdesk.ui.reports.chart import AppointmentsChart
from socialdesk.ui.reports.output import OutputActions
from socialdesk.ui.reports.params import (
    ActivityReportForm,
    ClientReportForm,
    LanguageCombo,
)
from socialdesk.ui.reports.preview import PdfPreview, PrintJob

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
PANEL_WIDTH = 380
KINDS = (("client", N_("Client report")), ("activity", N_("Activity report")))

Request = ClientReportRequest | ActivityReportRequest


class ReportsPage(OutputActions, Page):
    key = "reports"
    #: A report was printed or saved (its log row is written).
    produced = Signal()
    #: A report was printed and logged: the number of pages.
    printed = Signal(int)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self._generation = 0
        self._shown: Request | None = None  # what the preview shows
        self._notes_key: tuple[Any, ...] | None = None
        self._language_touched = False
        self._profile_stale = True
        self._busy = False
        self._in_flight = False  # a render is on the worker
        self._again = False  # the parameters changed meanwhile: render again when back
        self._print_dialog: QWidget | None = None
        self._job: PrintJob | None = None
        self._indicators: QWidget | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        self.clear()
        app = QCoreApplication.instance()
        if app is not None:  # a thread still printing must not outlive the application
            app.aboutToQuit.connect(self._stop_printing)

    def title(self) -> str:
        return _("Reports")

    # ---- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("reportKindCombo")
        for code, label in KINDS:
            self.kind_combo.addItem(_(label), code)
        self.client_form = ClientReportForm(self.ops, self)
        self.activity_form = ActivityReportForm(self)
        self.forms = QStackedWidget(self)
        self.forms.addWidget(self.client_form)
        self.forms.addWidget(self.activity_form)
        self.language_combo = LanguageCombo("reportLanguageCombo", self)
        self.indicators_button = QPushButton(_("Indicators…"), self)
        self.indicators_button.setObjectName("indicatorsButton")
        self.indicators_button.setToolTip(_("Targets agreed with funders, against what was done"))

        panel = QWidget(self)
        panel.setObjectName("reportParameters")
        left = QVBoxLayout(panel)
        left.setContentsMargins(0, 0, 12, 0)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(_("Report:"), panel))
        kind_row.addWidget(self.kind_combo, 1)
        left.addLayout(kind_row)
        left.addWidget(self.forms)
        language_row = QHBoxLayout()
        language_row.addWidget(QLabel(_("Document language:"), panel))
        language_row.addWidget(self.language_combo, 1)
        left.addSpacing(8)
        left.addLayout(language_row)
        left.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("reportParametersScroll")
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(PANEL_WIDTH)

        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("printReportButton")
        self.save_button = QPushButton(_("Save as PDF…"), self)
        self.save_button.setObjectName("saveReportButton")
        self.csv_button = QPushButton(_("Export CSV…"), self)
        self.csv_button.setObjectName("exportCsvButton")
        self.csv_button.setToolTip(_("The figures of the activity report, for a spreadsheet"))
        self.status = StatusLine(self)
        self.status.setObjectName("reportStatus")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview = PdfPreview(self)
        self.chart = AppointmentsChart(self)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        right = QVBoxLayout()
        right.addLayout(actions)
        right.addWidget(self.chart)
        right.addWidget(self.preview, 1)

        top = QHBoxLayout()
        top.addWidget(heading(_("Reports"), self))
        top.addStretch(1)
        top.addWidget(self.indicators_button)
        body = QHBoxLayout()
        body.addWidget(scroll)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.client_form.changed.connect(self.schedule)
        self.activity_form.changed.connect(self.schedule)
        self.language_combo.activated.connect(self._language_chosen)
        self.print_button.clicked.connect(self.open_print_dialog)
        self.save_button.clicked.connect(self.save_as)
        self.csv_button.clicked.connect(self.export_csv)
        self.indicators_button.clicked.connect(self.open_indicators)
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.activated.connect(self._print_shortcut)
        self._kind_changed()

    # ---- what the user asks for ------------------------------------------------------------
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _kind_changed(self, *_args: Any) -> None:
        client = self.kind() == "client"
        self.forms.setCurrentWidget(self.client_form if client else self.activity_form)
        self._generation += 1  # the other kind's preview, if still coming, is not shown
        self._shown = None
        self._busy = False
        self.preview.show_message(_("Preparing the preview…"))
        self.csv_button.setVisible(not client)
        self.chart.setVisible(not client)
        self.chart.clear()
        self.schedule()

    def _language_chosen(self, *_args: Any) -> None:
        self._language_touched = True
        self.schedule()

    def choose_client(self, client_id: int) -> None:
        """A client report for ``client_id`` (the client file's "New report…")."""
        self.set_kind("client")
        self.ops.run_db(
            rops.client_name(client_id),
            on_success=lambda name: self.client_form.picker.add_client(client_id, name),
            owner=self,
        )

    def request(self, *, for_output: bool = False) -> Request | None:
        """The request of the parameters, or None after showing the field errors.

        Without ``for_output`` (the preview), a person not chosen yet is not an error."""
        form: ClientReportForm | ActivityReportForm
        form = self.client_form if self.kind() == "client" else self.activity_form
        start, end, errors = form.period.read()
        if not errors:
            errors = check_period(start, end)
        request: Request | None = None
        if start is not None and end is not None and not errors:
            language = self.language_combo.language()
            if form is self.client_form:
                client_id = self.client_form.picker.client_id()
                request = ClientReportRequest(
                    client_id=client_id or 0,
                    audience=self.client_form.audience(),
                    period_start=start,
                    period_end=end,
                    sections=self.client_form.sections(),
                    language=language,
                    note_ids=self.client_form.note_ids(),
                )
            else:
                request = ActivityReportRequest(
                    period_start=start,
                    period_end=end,
                    language=language,
                    compare_previous=self.activity_form.compare_box.isChecked(),
                )
            try:
                request.validate()
            except ValidationError as error:
                errors = dict(error.errors)
        if form is self.client_form and not self.client_form.sections():
            errors["sections"] = N_("Choose at least one section.")
        if form is self.client_form and self.client_form.picker.client_id() is None:
            if for_output:
                errors["client_id"] = N_("Choose the person the report is about.")
            elif not errors:
                self.client_form.show_errors({})
                return None
        form.show_errors(errors)
        return None if errors else request

    # ---- preview ---------------------------------------------------------------------------
    def schedule(self) -> None:
        """Render the preview after a pause (the user may still be typing)."""
        if self.ops.vault is not None:
            self._debounce.start()
            self._update_buttons()  # nothing to print until the preview is up to date

    def refresh(self) -> None:
        self._debounce.stop()
        if self.ops.vault is None:
            return
        if self._in_flight:
            # One render at a time (a year on a large vault takes seconds): the latest
            # parameters are rendered when it is back, the ones in between never.
            self._again = True
            self._busy = True
            self._update_buttons()
            return
        self._generation += 1
        generation = self._generation
        request = self.request()
        self._load_notes(request)
        if request is None:
            self._shown = None
            self.chart.clear()
            if self.kind() == "client" and self.client_form.picker.client_id() is None:
                self.preview.show_message(_("Choose a person to see their report."))
            else:
                self.preview.show_message(_("Correct the fields in red to see the preview."))
            self._update_buttons()
            return
        self._busy = True
        self._in_flight = True
        self._update_buttons()
        self.status.clear()
        self.ops.run_db(
            rops.render(request),
            on_success=lambda out: self._rendered(generation, request, out),
            on_error=lambda error: self._render_failed(generation, error),
            owner=self,
        )

    def _render_back(self) -> bool:
        """A render came back: False if newer parameters are rendered instead."""
        self._in_flight = False
        if self._again:
            self._again = False
            self.refresh()
            return False
        return True

    def _rendered(self, generation: int, request: Request, preview: rops.Preview) -> None:
        if not self._render_back() or generation != self._generation:
            return
        self._busy = False
        if preview.current is not None:
            self.chart.show_figures(preview.current, preview.previous)
        if self.preview.show_pdf(preview.output.pdf):
            self._shown = request
        else:
            self._shown = None
            self.preview.show_message(_("The preview could not be shown."))
        self._update_buttons()

    def _render_failed(self, generation: int, error: BaseException) -> bool:
        if not self._render_back() or generation != self._generation:
            return True
        self._busy = False
        self._shown = None
        self.chart.clear()
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
            self.preview.show_message(_("Correct the fields in red to see the preview."))
        else:
            if not isinstance(error, SocialDeskError):
                log.error("The report preview could not be rendered", exc_info=error)
            self.preview.show_message(error_text(error))
        self._update_buttons()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        form = self.client_form if self.kind() == "client" else self.activity_form
        form.show_errors(errors)
        if "language" in errors:
            self.status.error(_(errors["language"]))

    def _load_notes(self, request: Request | None) -> None:
        if not isinstance(request, ClientReportRequest):
            if self.kind() == "client" and self.client_form.picker.client_id() is None:
                self._notes_key = None
                self.client_form.set_notes(None)
            return
        key = (request.client_id, request.period_start, request.period_end, request.audience)
        if key == self._notes_key:
            return
        self._notes_key = key
        self.ops.run_db(
            rops.note_choices(*key),
            on_success=lambda choices: self._show_notes(key, choices),
            owner=self,
        )

    def _show_notes(self, key: tuple[Any, ...], choices: list[Any]) -> None:
        if key != self._notes_key:
            return
        before = self.client_form.note_ids()
        self.client_form.set_notes(choices)
        if self.client_form.note_ids() != before:
            self.schedule()

    def _update_buttons(self) -> None:
        ready = self._shown is not None and not self._busy and not self._debounce.isActive()
        ready = ready and self._job is None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(self.ops.vault is not None)
        self.csv_button.setEnabled(self.ops.vault is not None)

    def is_rendering(self) -> bool:
        return self._in_flight

    def shown_request(self) -> Request | None:
        """The parameters of the report in the preview."""
        return self._shown

    def preview_is_current(self) -> bool:
        """The preview shows what the parameters ask for (nothing pending)."""
        return (
            self._shown is not None
            and not self._busy
            and not self._debounce.isActive()
            and self.preview.is_ready()
        )

    # ---- indicators ------------------------------------------------------------------------
    def open_indicators(self) -> QWidget:
        from socialdesk.ui.reports.indicators import IndicatorsDialog

        if self._indicators is not None and shiboken6.isValid(self._indicators):
            self._indicators.raise_()
            return self._indicators
        dialog = IndicatorsDialog(self.ops, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._indicators = dialog
        return dialog

    # ---- the vault -------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.ops.vault is None:
            return
        if self._profile_stale:
            self._read_profile()
        if self._shown is None and not self._busy:
            self.schedule()

    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.profile:
            self._profile_stale = True
        if not self.isVisible():
            if changes.vault:
                self._shown = None
            return
        if self._profile_stale:
            self._read_profile()
        if changes.vault or changes.clients or changes.notes or changes.plans:
            self._notes_key = None
            self.schedule()

    def _read_profile(self) -> None:
        self._profile_stale = False
        self.ops.run_db(rops.document_language(), on_success=self._profile_read, owner=self)

    def _profile_read(self, language: str) -> None:
        if not self._language_touched and language != self.language_combo.language():
            self.language_combo.set_language(language)
            self.schedule()

    def clear(self) -> None:
        """The vault locks: forget the person, the notes and the PDF (zeroed)."""
        for dialog in (self._print_dialog, self._indicators):
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
        self._print_dialog = self._indicators = None
        self._stop_printing()
        self._debounce.stop()
        self._generation += 1
        self._shown = None
        self._busy = self._in_flight = self._again = False
        self._notes_key = None
        self._profile_stale = True
        self._language_touched = False
        self.client_form.clear()
        self.preview.clear()
        self.chart.clear()
        self.status.clear()
        self._update_buttons()

    def holds_vault_data(self) -> bool:
        return (
            self.preview.byte_count() > 0
            or bool(self.chart.counts)
            or self.client_form.picker.client_id() is not None
            or self.client_form.notes_list.count() > 0
        )
