"""The main window: navigation on the left, one page at a time, the vault in the status bar.

The window does not lock the vault itself: it asks (``lock_requested``) and the controller
locks, clears every page and shows the unlock dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from socialdesk.i18n import _
from socialdesk.ui.accompaniment import wiring as accompaniment_wiring
from socialdesk.ui.accompaniment.partners_page import PartnersPage
from socialdesk.ui.accompaniment.today_sections import TodaySections
from socialdesk.ui.agenda.page import AgendaPage
from socialdesk.ui.backup_status import BackupStatusSection
from socialdesk.ui.billing import wiring as billing_wiring
from socialdesk.ui.billing.page import BillingPage
from socialdesk.ui.client_file import ClientFileWidget
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes import wiring as notes_wiring
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import ComingSoonPage, Page, save_before_lock
from socialdesk.ui.pages.clients import ClientsPage
from socialdesk.ui.pages.settings import SettingsPage
from socialdesk.ui.pages.today import TodayPage
from socialdesk.ui.reports import wiring as reports_wiring
from socialdesk.ui.reports.page import ReportsPage
from socialdesk.ui.retention.hint import due_hint
from socialdesk.ui.search.dialog import SearchDialog
from socialdesk.vault.kdf import KdfParams
from socialdesk.vault.keyring_store import DeviceKeyStore

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
PAGE_KEYS = ("today", "clients", "agenda", "billing", "reports", "partners", "settings")
DEFAULT_SIZE = QSize(1200, 780)


def icon(name: str) -> QIcon:
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def window_title(vault_name: str, *, demo: bool) -> str:
    if demo:
        return _("SocialDesk — Demo")
    return _("SocialDesk — {name}", name=vault_name)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    closed = Signal()

    def __init__(
        self,
        ops: Operations,
        bus: ChangeBus,
        *,
        vault_name: str,
        demo: bool = False,
        device_store: DeviceKeyStore | None = None,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ops = ops
        self.bus = bus
        self.demo = demo
        self.setWindowTitle(window_title(vault_name, demo=demo))

        self.settings_page = SettingsPage(
            ops, bus, device_store=device_store, kdf_params=kdf_params
        )
        self.settings_page.lock_requested.connect(self.lock_requested)
        self.search_dialog: SearchDialog | None = None
        notes_wiring.install()  # every client file gets its Notes and Attachments tabs
        accompaniment_wiring.install()  # Plan, Démarches, Tasks and Referrals tabs
        reports_wiring.install()  # the Reports tab: reports produced about the person
        titles: dict[str, str] = {}
        self.clients_page = ClientsPage(ops, bus)
        self.agenda_page = AgendaPage(ops, bus)
        self.agenda_page.note_requested.connect(self.write_note)
        self.today_page = TodayPage(ops, bus)
        self.today_sections = TodaySections(ops, bus)
        self.today_sections.open_requested.connect(self.open_today_item)
        self.today_page.add_section(self.today_sections)
        self.backup_section = BackupStatusSection(ops, bus)
        self.backup_section.clicked.connect(lambda: self.show_page("settings"))
        self.today_page.add_section(self.backup_section)
        self.today_page.add_section(due_hint(ops, bus))
        self.partners_page = PartnersPage(ops, bus)
        self.partners_page.open_client_requested.connect(self.show_client)
        self.billing_page = BillingPage(ops, bus)
        self.reports_page = ReportsPage(ops, bus)
        self.pages: dict[str, Page] = {
            "today": self.today_page,
            "clients": self.clients_page,
            "agenda": self.agenda_page,
            "billing": self.billing_page,
            "reports": self.reports_page,
            "partners": self.partners_page,
        }
        for key, title in titles.items():
            self.pages[key] = ComingSoonPage(key, title, ops, bus)
        self.pages["settings"] = self.settings_page

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setSpacing(2)
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav_font = self.navigation.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.navigation.setFont(nav_font)
        self.navigation.setStyleSheet(
            "#navigation { background: palette(window); border: none;"
            " border-right: 1px solid palette(mid); padding: 10px 6px; outline: 0; }"
            "#navigation::item { padding: 7px 8px; border-radius: 6px; color: palette(text); }"
            "#navigation::item:hover { background: palette(midlight); }"
            "#navigation::item:selected { background: #d6e4fa; color: #0b3d91; }"
        )
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pageStack")
        for key in PAGE_KEYS:
            page = self.pages[key]
            item = QListWidgetItem(icon(key), page.title())
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        self.navigation.setFixedWidth(self._navigation_width())
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar(vault_name)
        self.show_page("today")
        self._restore_geometry()

    # ---- chrome ------------------------------------------------------------------------
    def _navigation_width(self) -> int:
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.pages[k].title()) for k in PAGE_KEYS)
        # icon + item padding + list padding + border, with room to breathe
        return max(200, widest + 22 + 16 + 12 + 1 + 40)

    def _build_actions(self) -> None:
        self.lock_action = QAction(icon("lock"), _("&Lock"), self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        go_menu = self.menuBar().addMenu(_("&Go"))
        go_menu.setObjectName("goMenu")
        self.search_action = QAction(_("&Search…"), self)
        self.search_action.setObjectName("searchAction")
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.setToolTip(_("Search clients and case notes (Ctrl+K)"))
        self.search_action.triggered.connect(self.open_search)
        go_menu.addAction(self.search_action)
        go_menu.addSeparator()
        for index, key in enumerate(PAGE_KEYS):
            action = QAction(self.pages[key].title(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_page(k))
            go_menu.addAction(action)

    def _build_status_bar(self, vault_name: str) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.vault_label = QLabel(_("Vault: {name}", name=vault_name), self)
        self.vault_label.setObjectName("vaultNameLabel")
        self.busy_label = QLabel(_("Working…"), self)
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.hide()
        self.ops.busy_changed.connect(self.busy_label.setVisible)
        self.lock_button = QPushButton(icon("lock"), _("Lock"), self)
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setToolTip(_("Lock the vault (Ctrl+L)"))
        self.lock_button.setFlat(True)
        self.lock_button.clicked.connect(self.lock_requested)
        status.addWidget(self.vault_label)
        status.addWidget(self.busy_label)
        status.addPermanentWidget(self.lock_button)

    def _restore_geometry(self) -> None:
        self.resize(DEFAULT_SIZE)
        saved = QSettings().value("main_window/geometry")
        if saved is not None:
            self.restoreGeometry(saved)

    # ---- pages -------------------------------------------------------------------------
    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(PAGE_KEYS.index(key))

    def clear_pages(self) -> None:
        for page in self.pages.values():
            page.clear()
        if self.search_dialog is not None:
            self.search_dialog.clear()

    def before_lock(self) -> None:
        """The vault is about to lock: widgets with unsaved typing queue their save."""
        save_before_lock(self)

    # ---- search ------------------------------------------------------------------------
    def open_search(self) -> SearchDialog:
        """Ctrl+K. From an open client file, results start limited to that client."""
        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self.ops, self.bus, self)
            self.search_dialog.open_requested.connect(self.open_search_result)
        current = None
        if self.current_page() is self.clients_page:
            current = self.clients_page.current_client()
        client_id, client_name = current if current is not None else (None, "")
        self.search_dialog.open_for(client_id=client_id, client_name=client_name)
        return self.search_dialog

    def open_search_result(self, client_id: int, note_id: int | None) -> None:
        """Show the client's file (at the note, for a note) on the Clients page."""
        self.show_page("clients")
        self.clients_page.open_client(client_id, note_id=note_id)

    # ---- opening a place from elsewhere (Today, Partners) -------------------------------
    def show_client(self, client_id: int) -> None:
        self.show_page("clients")
        self.clients_page.open_client(client_id)

    def show_client_report(self, client_id: int) -> None:
        """The Reports page, a client report about ``client_id`` (the client file's tab)."""
        self.show_page("reports")
        self.reports_page.choose_client(client_id)

    def with_client_file(self, client_id: int, then: Callable[[ClientFileWidget], None]) -> None:
        """Show the client's file, then call ``then(file_widget)`` once it is open (a file
        with unsaved changes on screen asks first, so opening may take a moment)."""
        self.show_page("clients")
        widget = self.clients_page.open_client(client_id)
        if widget is not None:
            then(widget)
            return

        def opened(file_widget: ClientFileWidget) -> None:
            self.clients_page.file_opened.disconnect(opened)
            if file_widget.client_id == client_id:
                then(file_widget)

        self.clients_page.file_opened.connect(opened)

    def open_today_item(self, kind: str, client_id: int | None, object_id: int | None) -> None:
        """An item of Today was activated: open its place."""
        if kind == "appointment" and object_id is not None:
            self.show_appointment(object_id)
        elif kind in ("billable_item", "invoice"):
            self.show_page("billing")
            billing_wiring.open_today_item(self.billing_page, kind, object_id)
        elif kind == "backup":
            self.show_page("settings")
        elif client_id is None:
            return  # a task of the practitioner alone: Today itself lists it
        elif kind == "demarche":
            self.with_client_file(
                client_id, lambda w: accompaniment_wiring.show_demarche(w, object_id)
            )
        elif kind == "objective":
            self.with_client_file(
                client_id, lambda w: accompaniment_wiring.show_objective(w, object_id)
            )
        elif kind == "task":
            self.with_client_file(
                client_id, lambda w: accompaniment_wiring.show_tasks(w, object_id)
            )
        elif kind == "note":
            self.with_client_file(client_id, lambda w: notes_wiring.show_note(w, object_id))
        else:
            self.show_client(client_id)

    # ---- agenda ------------------------------------------------------------------------
    def show_appointment(self, appointment_id: int) -> None:
        """Show the appointment in the agenda and open it (reminders, client file)."""
        self.show_page("agenda")
        self.agenda_page.show_appointment(appointment_id)

    def write_note(
        self, client_id: int, appointment_id: int, note_date: date | None = None, link: str = ""
    ) -> None:
        """The case note of a done appointment: the client's file, a new note linked to it.

        A file with unsaved changes on screen asks first; the note starts once the
        client's file is open."""
        self.with_client_file(
            client_id, lambda w: self._start_note(w, appointment_id, note_date, link)
        )

    @staticmethod
    def _start_note(
        widget: ClientFileWidget, appointment_id: int, note_date: date | None, link: str
    ) -> None:
        tab = notes_wiring.show_note(widget)
        if tab is not None:
            tab.new_note(appointment_id=appointment_id, note_date=note_date, link_text=link)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
        self.closed.emit()
