"""A client's case notes, newest first, loaded a page at a time as the user scrolls.

The model asks the worker for 50 notes at a time with keyset paging (``before=`` the last
row's cursor), so a client with thousands of notes opens as fast as one with three. When
notes change, the rows already loaded are read again in one query (no more than the user
had scrolled through), keeping the selection and the scroll position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.notes import NoteSummary
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes.format import format_date
from socialdesk.ui.ops import Operations

PAGE_SIZE = 50
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1


def _page_op(client_id: int, before: tuple[Any, int] | None, limit: int) -> Any:
    def op(uow: Any) -> tuple[list[NoteSummary], Changes]:
        from socialdesk.services.notes import list_notes

        return list_notes(uow, client_id, before=before, limit=limit), NO_CHANGES

    return op


# ---- badges -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    foreground: str
    background: str


def note_badges(note: NoteSummary) -> list[Badge]:
    """The little labels of a timeline row, in a fixed order."""
    badges: list[Badge] = []
    if note.is_draft:
        badges.append(Badge(_("Draft"), "#7a4f00", "#fdf0c8"))
    if note.signed_at is not None:
        badges.append(Badge(_("Signed"), "#1b5e20", "#dcefdc"))
        if note.current_revision > 1:
            badges.append(
                Badge(_("rev. {number}", number=note.current_revision), "#0b3d91", "#dbe6f8")
            )
    if note.is_private:
        badges.append(Badge(_("Private"), "#6a1b9a", "#efe0f5"))
    if note.attachment_count:
        text = (
            _("1 file")
            if note.attachment_count == 1
            else _("{count} files", count=note.attachment_count)
        )
        badges.append(Badge(text, "#37474f", "#e6eaed"))
    return badges


@dataclass(frozen=True)
class ItemPaint:
    """What a list-item delegate needs once the item background is drawn."""

    rect: QRect
    text_colour: QColor
    muted: QColor


def begin_item_paint(painter: QPainter, option: Any, padding: int) -> ItemPaint:
    """Draw the item's panel (selection, hover) and return its padded rect and colours.

    Shared by the notes timeline and the search results; the caller has saved the painter.
    """
    if option.widget is not None:
        option.widget.style().drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
    rect: QRect = option.rect.adjusted(padding, padding, -padding, -padding)
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    palette: QPalette = option.palette
    text_colour = palette.color(
        QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    )
    muted = QColor(text_colour)
    muted.setAlphaF(0.65)
    return ItemPaint(rect, text_colour, muted)


def paint_badges(painter: QPainter, badges: list[Badge], right: int, top: int, font: QFont) -> int:
    """Draw ``badges`` right-aligned ending at ``right``; return the left edge used."""
    metrics = QFontMetrics(font)
    height = metrics.height() + 2
    x = right
    painter.save()
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    for badge in reversed(badges):
        width = metrics.horizontalAdvance(badge.text) + 12
        x -= width
        rect = QRect(x, top, width, height)
        painter.setBrush(QColor(badge.background))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(badge.foreground))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge.text)
        x -= 4
    painter.restore()
    return x


# ---- model --------------------------------------------------------------------------------
class NotesTimelineModel(QAbstractListModel):
    """Rows are :class:`NoteSummary`; more are fetched when the view reaches the end."""

    loading_changed = Signal(bool)
    loaded = Signal()

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._client_id: int | None = None
        self._rows: list[NoteSummary] = []
        self._exhausted = True
        self._loading = False
        # Results of a request made for another client, or before a refresh, are dropped.
        self._generation = 0

    # -- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        note = self._rows[index.row()]
        if role == NOTE_ROLE:
            return note
        if role == Qt.ItemDataRole.DisplayRole:
            return note.title or note.excerpt or note.note_type_label or ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [format_date(note.note_date), note.note_type_label or "", note.title]
            parts += [badge.text for badge in note_badges(note)]
            return ", ".join(p for p in parts if p)
        return None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return (
            not parent.isValid()
            and self._client_id is not None
            and not self._exhausted
            and not self._loading
        )

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if self.canFetchMore(parent):
            before = self._rows[-1].cursor if self._rows else None
            self._request(before=before, limit=PAGE_SIZE, replace=False)

    # -- ours
    @property
    def client_id(self) -> int | None:
        return self._client_id

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def notes(self) -> list[NoteSummary]:
        return list(self._rows)

    def row_of(self, note_id: int) -> int:
        for row, note in enumerate(self._rows):
            if note.id == note_id:
                return row
        return -1

    def set_client(self, client_id: int | None) -> None:
        self._generation += 1
        self.beginResetModel()
        self._client_id = client_id
        self._rows = []
        self._exhausted = client_id is None
        self.endResetModel()
        self._set_loading(False)
        if client_id is not None:
            self._request(before=None, limit=PAGE_SIZE, replace=True)

    def refresh(self) -> None:
        """Read again the notes already shown (at least one page), in one query."""
        if self._client_id is None:
            return
        self._generation += 1
        self._request(before=None, limit=max(PAGE_SIZE, len(self._rows)), replace=True)

    def clear(self) -> None:
        self.set_client(None)

    def _request(self, *, before: tuple[Any, int] | None, limit: int, replace: bool) -> None:
        assert self._client_id is not None
        generation = self._generation
        self._set_loading(True)
        self._ops.run_db(
            _page_op(self._client_id, before, limit),
            on_success=lambda rows: self._received(generation, rows, limit, replace),
            on_error=lambda error: self._failed(generation, error),
            owner=self,
        )

    def _received(
        self, generation: int, rows: list[NoteSummary], limit: int, replace: bool
    ) -> None:
        if generation != self._generation:
            return
        if replace:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
        elif rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = len(rows) < limit
        self._set_loading(False)
        self.loaded.emit()

    def _failed(self, generation: int, _error: BaseException) -> bool | None:
        if generation == self._generation:
            self._exhausted = True  # do not retry in a loop; a refresh tries again
            self._set_loading(False)
        return None  # the worker shows the message

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)


# ---- delegate -----------------------------------------------------------------------------
class NoteItemDelegate(QStyledItemDelegate):
    """Three lines: date · type and badges; the title; the first words of the text."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        opt: Any = option
        line = QFontMetrics(opt.font).lineSpacing()
        return QSize(200, 3 * line + 2 * self.PADDING + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        note: NoteSummary | None = index.data(NOTE_ROLE)
        if note is None:
            return
        opt: Any = option  # PySide6 stubs lack the fields of QStyleOptionViewItem
        painter.save()
        item = begin_item_paint(painter, opt, self.PADDING)
        rect, text_colour, muted = item.rect, item.text_colour, item.muted
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        base_font = QFont(opt.font)
        metrics = QFontMetrics(base_font)
        line = metrics.lineSpacing()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        elide = Qt.TextElideMode.ElideRight

        small = QFont(base_font)
        small.setPointSizeF(base_font.pointSizeF() * 0.85)
        badges_left = paint_badges(painter, note_badges(note), rect.right(), rect.top(), small)

        # date · type
        bold = QFont(base_font)
        bold.setWeight(QFont.Weight.DemiBold)
        head = format_date(note.note_date)
        head_rect = QRect(rect.left(), rect.top(), max(0, badges_left - rect.left() - 6), line)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(head_rect, left, head)
        kind_rect = head_rect.adjusted(QFontMetrics(bold).horizontalAdvance(head + "  "), 0, 0, 0)
        painter.setFont(base_font)
        painter.setPen(muted)
        kind = note.note_type_label or _("No type")
        painter.drawText(kind_rect, left, metrics.elidedText(kind, elide, kind_rect.width()))

        # title
        title_rect = QRect(rect.left(), rect.top() + line + 3, rect.width(), line)
        title_font = QFont(base_font)
        title = note.title
        if title:
            title_font.setWeight(QFont.Weight.Medium)
            painter.setPen(text_colour)
        else:
            title = _("Untitled note")
            title_font.setItalic(True)
            painter.setPen(muted)
        painter.setFont(title_font)
        shown = QFontMetrics(title_font).elidedText(title, elide, title_rect.width())
        painter.drawText(title_rect, left, shown)

        # first words
        excerpt_rect = QRect(rect.left(), rect.top() + 2 * line + 6, rect.width(), line)
        painter.setFont(base_font)
        painter.setPen(muted)
        painter.drawText(
            excerpt_rect, left, metrics.elidedText(note.excerpt, elide, excerpt_rect.width())
        )
        if not selected:
            separator = QColor(palette.color(QPalette.ColorRole.Mid))
            separator.setAlphaF(0.4)
            painter.setPen(separator)
            row: QRect = opt.rect
            painter.drawLine(
                row.left() + self.PADDING, row.bottom(), row.right() - self.PADDING, row.bottom()
            )
        painter.restore()


# ---- widget -------------------------------------------------------------------------------
class NotesTimeline(QWidget):
    """The list of a client's notes with a "New note" button.

    ``note_selected(note_id)`` when the user picks a note (click, arrows);
    ``note_activated(note_id)`` on Enter or double-click (the editor takes the focus);
    ``new_note_requested`` for the button (Alt+N).
    """

    note_selected = Signal(int)
    note_activated = Signal(int)
    new_note_requested = Signal()

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesTimeline")
        self.ops = ops
        self.model = NotesTimelineModel(ops, self)
        self._current_id: int | None = None
        self._scroll_before_reset = 0

        self.new_button = QPushButton(_("&New note"), self)
        self.new_button.setObjectName("newNoteButton")
        self.new_button.setToolTip(_("Write a new case note (Alt+N)"))
        self.new_button.clicked.connect(self.new_note_requested)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("notesCountLabel")
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        header = QHBoxLayout()
        header.addWidget(self.new_button)
        header.addStretch(1)
        header.addWidget(self.count_label)

        self.view = QListView(self)
        self.view.setObjectName("notesTimelineView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(NoteItemDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName(_("Case notes"))
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)

        self.empty_label = QLabel(
            _("No case notes yet. Write the first one with “New note”."), self
        )
        self.empty_label.setObjectName("notesEmptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)

        self.model.modelAboutToBeReset.connect(self._remember_scroll)
        self.model.modelReset.connect(self._after_reset)
        self.model.loaded.connect(self._after_load)
        bus.changed.connect(self._on_changes)

    # -- public
    @property
    def client_id(self) -> int | None:
        return self.model.client_id

    def set_client(self, client_id: int | None) -> None:
        if client_id == self.model.client_id:
            return
        self._current_id = None
        self.model.set_client(client_id)
        self._update_labels()

    def refresh(self) -> None:
        self.model.refresh()

    def set_current_note(self, note_id: int | None) -> None:
        """Select ``note_id`` (now, or as soon as a refresh brings it) without emitting."""
        self._current_id = note_id
        self._select(note_id)

    def current_note_id(self) -> int | None:
        return self._current_id

    def clear(self) -> None:
        self._current_id = None
        self.model.clear()
        self._update_labels()

    def holds_vault_data(self) -> bool:
        return self.model.rowCount() > 0 or self.model.client_id is not None

    # -- internals
    def _on_changes(self, changes: Changes) -> None:
        if changes.notes or changes.vault or changes.settings:
            self.model.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note: NoteSummary | None = current.data(NOTE_ROLE) if current.isValid() else None
        if note is not None and note.id != self._current_id:
            self._current_id = note.id
            self.note_selected.emit(note.id)

    def _activated(self, index: QModelIndex) -> None:
        """Enter or double-click: open the note and go to its text."""
        note: NoteSummary | None = index.data(NOTE_ROLE)
        if note is not None:
            self._current_id = note.id
            self.note_activated.emit(note.id)

    def _select(self, note_id: int | None) -> None:
        selection = self.view.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            row = self.model.row_of(note_id) if note_id is not None else -1
            if row < 0:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.NoUpdate)
            else:
                index = self.model.index(row)
                selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        finally:
            selection.blockSignals(blocked)
        self.view.viewport().update()

    def _remember_scroll(self) -> None:
        self._scroll_before_reset = self.view.verticalScrollBar().value()

    def _after_reset(self) -> None:
        self._select(self._current_id)
        self.view.verticalScrollBar().setValue(self._scroll_before_reset)

    def _after_load(self) -> None:
        self._select(self._current_id)
        self._update_labels()
        # A tall window may show the whole first page: fetch on until it scrolls. (The
        # view lays out later, so its scroll bar cannot tell yet; rows have one height.)
        rows = self.model.rowCount()
        fits = rows and rows * self.view.sizeHintForRow(0) <= self.view.viewport().height()
        if fits and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def _update_labels(self) -> None:
        count = self.model.rowCount()
        empty = self.model.client_id is not None and count == 0 and self.model.exhausted
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)
        if count == 0:
            self.count_label.setText("")
        elif self.model.exhausted:
            self.count_label.setText(_("1 note") if count == 1 else _("{count} notes", count=count))
        else:
            self.count_label.setText(_("{count}+ notes", count=count))
