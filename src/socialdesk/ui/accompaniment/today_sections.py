"""What needs the practitioner today, apart from the appointments: démarches due,
objectives to evaluate, notes not signed, tasks due, sessions not billed, overdue
invoices, packages running out, and the backup.

Each section is a card listing its items (the first few, "Show all" for the rest); an
item is a row that opens its place when clicked or when Enter is pressed on it: the
widget only says what was asked for, with ``open_requested(kind, client_id, object_id)``
(``kind`` is a :class:`TodayTarget` value), and the host navigates.

The widget reads ``today_overview`` itself (``reload()``, and again when the data it
shows changes), or shows an overview the host already read (``set_overview``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.today import (
    REASON_LABELS,
    SECTION_LABELS,
    TodayItem,
    TodayOverview,
    TodayReason,
    TodaySection,
    TodaySectionKey,
    TodayTarget,
)
from socialdesk.i18n import _
from socialdesk.ui.accompaniment.common import (
    DONE_COLOR,
    DUE_TODAY_COLOR,
    MUTED_STYLE,
    OVERDUE_COLOR,
    ElidedLabel,
    day_text,
    format_money,
    label_of,
    section_label,
)
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

#: The sections shown here (the appointments are the agenda's part of Today).
SECTIONS: tuple[TodaySectionKey, ...] = (
    TodaySectionKey.DEMARCHES_DUE,
    TodaySectionKey.TASKS_DUE,
    TodaySectionKey.OBJECTIVES_TO_EVALUATE,
    TodaySectionKey.UNSIGNED_NOTES,
    TodaySectionKey.UNBILLED_SESSIONS,
    TodaySectionKey.OVERDUE_INVOICES,
    TodaySectionKey.PACKAGES_RUNNING_OUT,
)  # the backup has its own section (ui/backup_status.py: folder, missing drive, failures)
#: Rows shown before "Show all".
FOLDED_ROWS = 6
#: Below this width the cards stack in one column.
ONE_COLUMN_BELOW = 820
CARD_STYLE = (
    "#todayCard { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 8px; }"
)
ROW_STYLE = (
    "TodayRow { border-radius: 5px; }"
    "TodayRow:hover { background: palette(alternate-base); }"
    "TodayRow:focus { background: #e3ecfb; }"
)


#: Beyond this many days, the date alone says it (the colour tells it is late).
RELATIVE_DAYS = 45


def relative_day(day: date, today: date, *, late: bool = True) -> str:
    """ "today", "in 3 days", "12 days late" (or "12 days ago" when not ``late``)…
    ("" when far away)."""
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("yesterday")
    if abs(delta) > RELATIVE_DAYS:
        return ""
    if delta < 0:
        if late:
            return _("{count} days late", count=-delta)
        return _("{count} days ago", count=-delta)
    return _("in {count} days", count=delta)


def _units(milli: int) -> str:
    whole, rest = divmod(milli, 1000)
    return str(whole) if rest == 0 else f"{milli / 1000:.1f}".replace(".", ",")


def item_texts(item: TodayItem, today: date) -> tuple[str, str, str, str, str]:
    """(person, title, detail, when, colour) of an item, as plain text."""
    details = [item.detail] if item.detail else []
    if item.amount_cents is not None:
        details.append(format_money(item.amount_cents))
    if item.remaining_milli is not None and item.total_milli:
        details.append(
            _(
                "{left} of {total} units left",
                left=_units(item.remaining_milli),
                total=_units(item.total_milli),
            )
        )
    reason = label_of(REASON_LABELS, item.reason)
    if item.target == TodayTarget.BACKUP:
        when = ""
        if item.at is not None:
            when = _("last {date}", date=day_text(item.at.astimezone().date()))
        if item.reason != TodayReason.BACKUP_OK:
            details = [_("Save an encrypted copy of the vault on another disk.")]
        color = OVERDUE_COLOR if item.overdue else DONE_COLOR
        return "", reason, " · ".join(details), when, color
    when = reason
    if item.day is not None:
        relative = relative_day(item.day, today, late=item.overdue)
        when = day_text(item.day) + (f" ({relative})" if relative else "")
        if reason:
            when = f"{reason} · {when}"
    color = OVERDUE_COLOR if item.overdue else (DUE_TODAY_COLOR if item.day == today else "")
    return item.client_name, item.title, " · ".join(details), when, color


class TodayRow(QFrame):
    """One item; a click or Enter/Space emits ``activated``."""

    activated = Signal()

    def __init__(self, item: TodayItem, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("todayRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(ROW_STYLE)
        person, title, detail, when, color = item_texts(item, today)
        self.person_label = QLabel(person, self)
        bold = self.person_label.font()
        bold.setBold(True)
        self.person_label.setFont(bold)
        self.person_label.setVisible(bool(person))
        self.title_label = ElidedLabel(title, self)
        self.detail_label = ElidedLabel(detail, self)
        self.detail_label.setStyleSheet(MUTED_STYLE)
        self.detail_label.setVisible(bool(detail))
        self.when_label = QLabel(when, self)
        self.when_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if color:
            self.when_label.setStyleSheet(f"color: {color};")
        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(self.person_label)
        first.addWidget(self.title_label, 1)
        first.addWidget(self.when_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(0)
        layout.addLayout(first)
        layout.addWidget(self.detail_label)
        self.setAccessibleName(" — ".join(p for p in (self.text(), when) if p))

    def text(self) -> str:
        """The person and the title, as read (tests, accessibility)."""
        person = self.person_label.text()
        title = self.title_label.full_text()
        return f"{person} · {title}" if person else title

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)


class SectionCard(QFrame):
    """A section: heading with its count (and amount), its rows, "Show all"."""

    def __init__(self, key: TodaySectionKey, owner: TodaySections) -> None:
        super().__init__(owner)
        self.key = key
        self.owner = owner
        self.setObjectName("todayCard")
        self.setStyleSheet(CARD_STYLE)
        self.setProperty("section", key.value)
        self.title_label = section_label(_(SECTION_LABELS[key]), self, 1.05)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("todaySectionCount")
        self.amount_label = QLabel(self)
        self.amount_label.setStyleSheet(MUTED_STYLE)
        head = QHBoxLayout()
        head.addWidget(self.title_label)
        head.addWidget(self.count_label)
        head.addStretch(1)
        head.addWidget(self.amount_label)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(0)
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("todayShowAllButton")
        self.more_button.setFlat(True)
        self.more_button.setStyleSheet("text-align: left; color: #0b57d0; padding: 2px 6px;")
        self.more_button.clicked.connect(self._toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(self.rows_layout)
        layout.addWidget(self.more_button)
        self.rows: list[TodayRow] = []
        self.section: TodaySection | None = None
        self.unfolded = False

    def set_section(self, section: TodaySection, today: date) -> None:
        self.section = section
        self.today = today
        self.count_label.setText(
            f"<span style='background:#e6eefb; color:#0b3d91; border-radius:8px;'>"
            f"&nbsp;{section.total}&nbsp;</span>"
            if section.key != TodaySectionKey.BACKUP
            else ""
        )
        self.amount_label.setText(
            format_money(section.amount_cents) if section.amount_cents else ""
        )
        self._fill()

    def _fill(self) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        section = self.section
        if section is None:
            return
        shown = section.items if self.unfolded else section.items[:FOLDED_ROWS]
        for item in shown:
            row = TodayRow(item, self.today, self)
            row.activated.connect(lambda i=item: self.owner.activate(i))
            self.rows_layout.addWidget(row)
            self.rows.append(row)
        hidden = len(section.items) - len(shown)
        beyond = section.more  # not even read (over the service's limit)
        if hidden:
            self.more_button.setText(_("Show all ({count})", count=section.total))
        elif self.unfolded and len(section.items) > FOLDED_ROWS:
            self.more_button.setText(
                _("Show fewer")
                if not beyond
                else _("Show fewer ({count} more not listed)", count=beyond)  # fmt: skip
            )
        elif beyond:
            self.more_button.setText(_("and {count} more", count=beyond))
        self.more_button.setVisible(bool(hidden or beyond or self.unfolded))
        self.more_button.setEnabled(bool(hidden) or self.unfolded)

    def _toggle(self) -> None:
        self.unfolded = not self.unfolded
        self._fill()


class TodaySections(QWidget):
    """``open_requested(kind, client_id, object_id)``: an item was activated. ``kind`` is
    a TodayTarget value; ``client_id`` and ``object_id`` may be None (the backup)."""

    open_requested = Signal(str, object, object)

    def __init__(
        self,
        ops: Operations,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        auto_load: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todaySections")
        self.ops = ops
        self.bus = bus
        self.auto_load = auto_load
        #: The instant "now" (tests set a fixed clock); today is its day in the practitioner's zone.
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.overview: TodayOverview | None = None
        self._zone: tzinfo = UTC  # the practitioner's, read with each overview
        self.cards = {key: SectionCard(key, self) for key in SECTIONS}
        self.quiet_label = QLabel(
            _("Nothing else needs you today: no démarche, task or note waiting."), self
        )
        self.quiet_label.setObjectName("todayQuietLabel")
        self.quiet_label.setStyleSheet(f"color: {DONE_COLOR};")
        self.quiet_label.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quiet_label)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self._columns = 0
        self._arrange()
        if auto_load:
            bus.changed.connect(self.on_changes)

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if any(
            (changes.plans, changes.partners, changes.notes, changes.billing, changes.clients,
             changes.vault, changes.settings, changes.profile)
        ):  # fmt: skip
            self.reload()

    def reload(self) -> None:
        now = self.clock()

        def op(uow: Any) -> tuple[TodayOverview, Changes]:
            from zoneinfo import ZoneInfo

            from socialdesk.services.profile import get_profile
            from socialdesk.services.today import today_overview

            self._zone = ZoneInfo(get_profile(uow).timezone)
            today = now.astimezone(self._zone).date()
            return today_overview(uow, today, now), NO_CHANGES

        self.ops.run_db(op, on_success=self.set_overview, owner=self)

    def set_overview(self, overview: TodayOverview) -> None:
        self.overview = overview
        for key, card in self.cards.items():
            section = overview.section(key)
            card.set_section(section, overview.today)
            card.setVisible(section.total > 0 or key == TodaySectionKey.BACKUP)
        self.quiet_label.setVisible(overview.is_quiet)
        self._arrange(force=True)

    # ---- layout ------------------------------------------------------------------------
    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self, *, force: bool = False) -> None:
        columns = 1 if self.width() < ONE_COLUMN_BELOW else 2
        if columns == self._columns and not force:
            return
        self._columns = columns
        for card in self.cards.values():
            self.grid.removeWidget(card)
        visible = [c for c in self.cards.values() if not c.isHidden()]
        for index, card in enumerate(visible):
            self.grid.addWidget(card, index // columns, index % columns, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    # ---- activation --------------------------------------------------------------------
    def activate(self, item: TodayItem) -> None:
        object_id = None if item.target == TodayTarget.BACKUP else item.object_id
        self.open_requested.emit(item.target.value, item.client_id, object_id)

    def rows(self, key: TodaySectionKey) -> list[TodayRow]:
        return list(self.cards[key].rows)

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self.overview = None
        for card in self.cards.values():
            card.section = None
            card.unfolded = False
            card._fill()
            card.hide()
        self.quiet_label.hide()

    def holds_vault_data(self) -> bool:
        return self.overview is not None

    def minute_tick(self) -> None:
        """Past midnight (in the practitioner's zone, as the overview counts), read again."""
        if (
            self.overview is not None
            and self.auto_load
            and self.clock().astimezone(self._zone).date() != self.overview.today
        ):
            self.reload()
