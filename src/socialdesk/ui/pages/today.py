"""Today: for now a welcome with the practitioner's name (the agenda, tasks and reminders
arrive with the coming versions — no invented figures meanwhile)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page, heading


def _load_profile(uow: object) -> tuple[PractitionerProfile, Changes]:
    from socialdesk.services.profile import get_profile

    return get_profile(uow), NO_CHANGES  # type: ignore[arg-type]


class TodayPage(Page):
    key = "today"

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self._name = ""
        self.greeting = heading(_("Welcome"), self, 1.8)
        self.greeting.setObjectName("todayGreeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.greeting.setWordWrap(True)
        sentence = QLabel(
            _("Today's agenda, tasks and reminders arrive with the coming versions."), self
        )
        sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sentence.setWordWrap(True)
        sentence.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.greeting)
        layout.addSpacing(6)
        layout.addWidget(sentence)
        layout.addStretch(2)

    def title(self) -> str:
        return _("Today")

    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.profile:
            self.reload()

    def reload(self) -> None:
        self.ops.run_db(_load_profile, on_success=self._show_profile, owner=self)

    def _show_profile(self, profile: PractitionerProfile) -> None:
        self._name = profile.display_name or profile.legal_name
        self.greeting.setText(_("Welcome, {name}", name=self._name) if self._name else _("Welcome"))

    def clear(self) -> None:
        self._name = ""
        self.greeting.setText(_("Welcome"))

    def holds_vault_data(self) -> bool:
        return bool(self._name)
