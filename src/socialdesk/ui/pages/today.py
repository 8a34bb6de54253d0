"""Today: a welcome with the practitioner's name and the date, then sections of what the
day holds — for now the appointments of today and tomorrow.

Each section is a widget that reads and refreshes itself (see :class:`TodaySection`);
more of them (démarches due, tasks, …) are added with :meth:`TodayPage.add_section`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.i18n import _
from socialdesk.ui.agenda.today import TodayAgendaSection
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page, heading

CONTENT_MAX_WIDTH = 980
MINUTE_MS = 60_000


@runtime_checkable
class TodaySection(Protocol):
    """What the Today page expects of a section (a QWidget that subscribes to the change
    bus and reloads itself): ``clear()`` at lock, ``holds_vault_data()`` for the lock
    check, and ``minute_tick()`` every minute (to move on at midnight)."""

    def clear(self) -> None: ...

    def holds_vault_data(self) -> bool: ...

    def minute_tick(self) -> None: ...


def _load_profile(uow: Any) -> tuple[PractitionerProfile, Changes]:
    from socialdesk.services.profile import get_profile

    return get_profile(uow), NO_CHANGES


class TodayPage(Page):
    key = "today"

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self._name = ""
        self._zone: tzinfo | None = None  # None: the computer's zone, until the profile is read
        self.sections: list[QWidget] = []

        self.greeting = heading(_("Welcome"), self, 1.8)
        self.greeting.setObjectName("todayGreeting")
        self.greeting.setWordWrap(True)
        self.date_label = QLabel(self)
        self.date_label.setObjectName("todayDate")
        self.date_label.setStyleSheet("color: palette(placeholder-text);")

        content = QWidget(self)
        content.setObjectName("todayContent")
        content.setMaximumWidth(CONTENT_MAX_WIDTH)
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(24, 20, 24, 24)
        self.column.setSpacing(6)
        self.column.addWidget(self.greeting)
        self.column.addWidget(self.date_label)
        self.column.addSpacing(14)
        self.column.addStretch(1)

        holder = QWidget(self)
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(content, 1)
        holder_layout.addStretch(0)
        scroll = QScrollArea(self)
        scroll.setObjectName("todayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.agenda = TodayAgendaSection(ops, bus, content)
        self.add_section(self.agenda)

        self.minute_timer = QTimer(self)
        self.minute_timer.setInterval(MINUTE_MS)
        self.minute_timer.timeout.connect(self._minute_tick)
        self.minute_timer.start()
        self._show_date()

    def add_section(self, section: QWidget) -> None:
        """Add a section below the others (it must follow :class:`TodaySection`)."""
        assert isinstance(section, TodaySection)
        section.setParent(self.column.parentWidget())
        if self.sections:
            self.column.insertSpacing(self.column.count() - 1, 18)
        self.column.insertWidget(self.column.count() - 1, section)
        self.sections.append(section)

    def title(self) -> str:
        return _("Today")

    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.profile:
            self.reload()

    def reload(self) -> None:
        self.ops.run_db(_load_profile, on_success=self._show_profile, owner=self)

    def _show_profile(self, profile: PractitionerProfile) -> None:
        self._name = profile.display_name or profile.legal_name
        try:
            self._zone = ZoneInfo(profile.timezone)
        except (ValueError, KeyError):  # a zone this computer does not know: its own
            self._zone = None
        self.greeting.setText(_("Welcome, {name}", name=self._name) if self._name else _("Welcome"))
        self._show_date()

    def _show_date(self) -> None:
        # The practitioner's day, as the lists below count it (not the computer's zone).
        day = datetime.now(UTC).astimezone(self._zone).date()
        self.date_label.setText(
            QLocale().toString(QDate(day.year, day.month, day.day), "dddd d MMMM yyyy")
        )

    def _minute_tick(self) -> None:
        self._show_date()
        for section in self.sections:
            section.minute_tick()  # type: ignore[attr-defined]

    def clear(self) -> None:
        self._name = ""
        self.greeting.setText(_("Welcome"))
        for section in self.sections:
            section.clear()  # type: ignore[attr-defined]

    def holds_vault_data(self) -> bool:
        return bool(self._name) or any(
            section.holds_vault_data()  # type: ignore[attr-defined]
            for section in self.sections
        )
