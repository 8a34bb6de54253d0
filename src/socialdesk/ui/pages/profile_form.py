"""The practitioner profile form: fields, per-field error labels, and the logo picker.

Layout and values only; saving is the settings page's business. Only the legal ids of the
chosen country are shown (SIREN/SIRET for France, BCE/KBO for Belgium, CUI for Romania).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.profile import (
    DEFAULT_TIMEZONE,
    LOGO_MAX_BYTES,
    SUPPORTED_TIMEZONES,
    PractitionerProfile,
)
from socialdesk.i18n import N_, _

COUNTRY_IDS = {"FR": ("siren", "siret"), "BE": ("bce_number",), "RO": ("cui",)}
ALL_IDS = ("siren", "siret", "bce_number", "cui")
TEXT_FIELDS = (
    "display_name",
    "legal_name",
    "profession_title",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "siren",
    "siret",
    "bce_number",
    "cui",
    "vat_number",
    "iban",
    "bic",
    "invoice_prefix",
)
PREVIEW_WIDTH, PREVIEW_HEIGHT = 220, 90


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.capitalize() for part in rest)


def logo_mime(data: bytes) -> str | None:
    """``image/png`` or ``image/jpeg`` when ``data`` is such an image, else None."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    fmt = bytes(QImageReader.imageFormat(buffer).data()).decode()
    return {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg"}.get(fmt)


class ProfileForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileForm")
        self.edits: dict[str, QLineEdit] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        self._logo: bytes | None = None
        self._logo_mime: str | None = None
        self.first_error_widget: QWidget | None = None

        self.country_combo = QComboBox(self)
        for code, label in (("FR", _("France")), ("BE", _("Belgium")), ("RO", _("Romania"))):
            self.country_combo.addItem(label, code)
        self.vat_combo = QComboBox(self)
        self.vat_combo.addItem(_("Not charging VAT (franchise)"), "franchise")
        self.vat_combo.addItem(_("VAT registered"), "registered")
        self.terms_spin = QSpinBox(self)
        self.terms_spin.setRange(0, 120)
        self.terms_spin.setSuffix(_(" days"))
        self.language_combo = QComboBox(self)
        for code, label in (("fr", _("French")), ("en", _("English")), ("ro", _("Romanian"))):
            self.language_combo.addItem(label, code)
        self.timezone_combo = QComboBox(self)
        for zone in SUPPORTED_TIMEZONES:
            self.timezone_combo.addItem(zone, zone)
        for name, widget in (
            ("country", self.country_combo),
            ("vat_status", self.vat_combo),
            ("payment_terms_days", self.terms_spin),
            ("document_language", self.language_combo),
            ("timezone", self.timezone_combo),
        ):
            widget.setObjectName(_camel(name) + "Field")

        identity = self._group(
            _("Identity"),
            [
                ("display_name", _("Name:"), _("As people know you, e.g. Marie Dupont")),
                ("legal_name", _("Legal name:"), _("As registered, e.g. Marie Dupont EI")),
                ("profession_title", _("Profession:"), _("e.g. Independent social worker")),
                ("email", _("Email:"), ""),
                ("phone", _("Phone:"), ""),
            ],
        )
        address = self._group(
            _("Address"),
            [
                ("address_line1", _("Address:"), ""),
                ("address_line2", "", _("Additional address line")),
                ("postal_code", _("Postal code:"), ""),
                ("city", _("City:"), ""),
                ("country", _("Country:"), self.country_combo),
            ],
        )
        legal = self._group(
            _("Legal identifiers and VAT"),
            [
                ("siren", _("SIREN:"), _("9 digits")),
                ("siret", _("SIRET:"), _("14 digits")),
                ("bce_number", _("BCE/KBO number:"), _("10 digits, e.g. 0123.456.789")),
                ("cui", _("CUI:"), _("2 to 10 digits")),
                ("vat_status", _("VAT status:"), self.vat_combo),
                ("vat_number", _("VAT number:"), _("e.g. FR12345678901")),
            ],
        )
        invoicing = self._group(
            _("Bank and invoices"),
            [
                ("iban", _("IBAN:"), ""),
                ("bic", _("BIC:"), ""),
                ("invoice_prefix", _("Invoice number prefix:"), _("e.g. F")),
                ("payment_terms_days", _("Payment terms:"), self.terms_spin),
                (
                    "late_penalty_text",
                    _("Late-payment penalties:"),
                    _("Empty: the statutory rate is stated (business payers)"),
                ),
                ("document_language", _("Language of documents:"), self.language_combo),
                ("timezone", _("Time zone:"), self.timezone_combo),
                ("logo", _("Logo:"), self._logo_picker()),
            ],
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in (identity, address, legal, invoicing):
            layout.addWidget(group)
        self._align_label_columns()

        self._country = "FR"
        self.country_combo.currentIndexChanged.connect(self._country_changed)
        self.set_profile(PractitionerProfile())

    # ---- building ----------------------------------------------------------------------
    def _group(self, title: str, rows: list[tuple[str, str, object]]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, label, widget_or_placeholder in rows:
            if isinstance(widget_or_placeholder, QWidget):
                widget = widget_or_placeholder
            else:
                edit = QLineEdit(box)
                edit.setObjectName(_camel(name) + "Edit")
                edit.setPlaceholderText(str(widget_or_placeholder))
                edit.textEdited.connect(lambda _text, n=name: self._hide_error(n))
                self.edits[name] = edit
                widget = edit
            error = QLabel(box)
            error.setObjectName(_camel(name) + "Error")
            error.setWordWrap(True)
            error.setStyleSheet("color: #b3261e;")
            error.hide()
            self.error_labels[name] = error
            cell = QWidget(box)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(error)
            form.addRow(label, cell)
            self._rows[name] = (form, cell)
        return box

    def _align_label_columns(self) -> None:
        """One label width for every group, so the fields line up down the page."""
        labels = [
            label
            for form, cell in self._rows.values()
            if isinstance(label := form.labelForField(cell), QLabel)
        ]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _logo_picker(self) -> QWidget:
        picker = QWidget(self)
        self.logo_preview = QLabel(picker)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet(
            "#logoPreview { border: 1px dashed palette(mid); border-radius: 4px;"
            " color: palette(placeholder-text); }"
        )
        self.choose_logo_button = QPushButton(_("Choose…"), picker)
        self.choose_logo_button.setObjectName("chooseLogoButton")
        self.choose_logo_button.clicked.connect(self._choose_logo)
        self.remove_logo_button = QPushButton(_("Remove"), picker)
        self.remove_logo_button.setObjectName("removeLogoButton")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        hint = QLabel(_("PNG or JPEG, up to 1 MB."), picker)
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addWidget(hint)
        buttons.addStretch(1)
        layout = QHBoxLayout(picker)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_preview)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return picker

    # ---- country-dependent rows --------------------------------------------------------
    def _country_changed(self) -> None:
        previous, self._country = self._country, self.country_combo.currentData()
        # Follow the country with the time zone unless the user chose another one.
        if self.timezone_combo.currentData() == DEFAULT_TIMEZONE.get(previous):
            self._select(self.timezone_combo, DEFAULT_TIMEZONE[self._country])
        self._show_country_ids()

    def _show_country_ids(self) -> None:
        shown = COUNTRY_IDS.get(self._country, ())
        for name in ALL_IDS:
            form, cell = self._rows[name]
            form.setRowVisible(cell, name in shown)

    def is_row_visible(self, name: str) -> bool:
        form, cell = self._rows[name]
        return form.isRowVisible(cell)

    # ---- values ------------------------------------------------------------------------
    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def set_profile(self, profile: PractitionerProfile) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(profile, name))
        self.country_combo.blockSignals(True)
        self._select(self.country_combo, profile.country)
        self.country_combo.blockSignals(False)
        self._country = self.country_combo.currentData()
        self._select(self.vat_combo, profile.vat_status)
        self.terms_spin.setValue(profile.payment_terms_days)
        self._select(self.language_combo, profile.document_language)
        self._select(self.timezone_combo, profile.timezone)
        self._set_logo(profile.logo, profile.logo_mime)
        self._show_country_ids()
        self.clear_errors()

    def profile(self) -> PractitionerProfile:
        values: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        return replace(
            PractitionerProfile(),
            **values,  # type: ignore[arg-type]
            country=self.country_combo.currentData(),
            vat_status=self.vat_combo.currentData(),
            payment_terms_days=self.terms_spin.value(),
            document_language=self.language_combo.currentData(),
            timezone=self.timezone_combo.currentData(),
            logo=self._logo,
            logo_mime=self._logo_mime,
        )

    # ---- errors ------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message next to its field; return the fields not on screen (hidden
        ids of another country, unknown names) so the caller can list them elsewhere."""
        self.clear_errors()
        elsewhere = []
        first: QWidget | None = None
        self.first_error_widget = None
        for name, message in errors.items():
            label = self.error_labels.get(name)
            if label is None:
                elsewhere.append(name)
                continue
            label.setText(_(message))
            label.show()
            if not self.is_row_visible(name):
                elsewhere.append(name)
            elif first is None:
                first = self.edits.get(name) or self._rows[name][1]
        if first is not None:
            first.setFocus()
            self.first_error_widget = first
        return elsewhere

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()

    def _hide_error(self, name: str) -> None:
        self.error_labels[name].hide()

    # ---- logo --------------------------------------------------------------------------
    def _choose_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a logo"), str(Path.home()), _("Images (*.png *.jpg *.jpeg)")
        )
        if name:
            self.load_logo_file(Path(name))

    def load_logo_file(self, path: Path) -> bool:
        """Read a PNG/JPEG file into the form (saved with the profile). False if refused."""
        self._hide_error("logo")
        try:
            size = path.stat().st_size
            data = path.read_bytes() if size <= LOGO_MAX_BYTES else b""
        except OSError:
            self.show_errors({"logo": N_("This file cannot be read.")})
            return False
        if size > LOGO_MAX_BYTES:
            self.show_errors({"logo": N_("The logo must be smaller than 1 MB.")})
            return False
        mime = logo_mime(data)
        if mime is None:
            self.show_errors({"logo": N_("The logo must be a PNG or JPEG image.")})
            return False
        self._set_logo(data, mime)
        return True

    def remove_logo(self) -> None:
        self._set_logo(None, None)

    def _set_logo(self, data: bytes | None, mime: str | None) -> None:
        self._logo, self._logo_mime = data, mime
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    PREVIEW_WIDTH - 8,
                    PREVIEW_HEIGHT - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
        self.remove_logo_button.setEnabled(data is not None)
