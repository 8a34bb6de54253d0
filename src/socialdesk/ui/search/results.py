"""The search results: a list model of :class:`SearchHit` and a delegate that draws each
hit on two lines — who or which note, then the snippet with the matched words in bold.

Snippets are plain text with ``[[``/``]]`` markers (:mod:`socialdesk.domain.search`);
they are split with :func:`snippet_parts` and drawn with a bold font, never interpreted
as markup, so a note containing ``<b>`` or brackets is shown as typed.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from socialdesk.domain.search import SearchHit, snippet_parts
from socialdesk.i18n import _
from socialdesk.ui.notes.format import format_date
from socialdesk.ui.notes.timeline import Badge, begin_item_paint, paint_badges

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_PARTS_ROLE = Qt.ItemDataRole.UserRole + 2
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3


def snippet_html(snippet: str) -> str:
    """The snippet as rich text: escaped, matched words in ``<b>``."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if bold else html.escape(text)
        for text, bold in snippet_parts(snippet)
    )


def hit_badges(hit: SearchHit) -> list[Badge]:
    badges: list[Badge] = []
    if hit.kind == "client":
        badges.append(Badge(_("Client file"), "#0b3d91", "#dbe6f8"))
    if hit.is_draft:
        badges.append(Badge(_("Draft"), "#7a4f00", "#fdf0c8"))
    if hit.is_private:
        badges.append(Badge(_("Private"), "#6a1b9a", "#efe0f5"))
    return badges


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._type_labels: dict[str, str] = {}

    def set_type_labels(self, labels: dict[str, str]) -> None:
        self._type_labels = dict(labels)

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def clear(self) -> None:
        self.set_hits([])
        self._type_labels = {}

    def heading(self, hit: SearchHit) -> tuple[str, str]:
        """(main text, details) of the first line."""
        if hit.kind == "client":
            return hit.title, hit.file_number
        details = [hit.client_name]
        if hit.note_date is not None:
            details.append(format_date(hit.note_date))
        if hit.note_type_code:
            details.append(self._type_labels.get(hit.note_type_code, hit.note_type_code))
        return hit.title or _("Untitled note"), " · ".join(d for d in details if d)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == HIT_ROLE:
            return hit
        if role == SNIPPET_PARTS_ROLE:
            return snippet_parts(hit.snippet)
        if role == HEADING_ROLE:
            return self.heading(hit)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            main, details = self.heading(hit)
            plain = "".join(text for text, _bold in snippet_parts(hit.snippet))
            return " — ".join(p for p in (main, details, plain) if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet_html(hit.snippet)
        return None


class SearchHitDelegate(QStyledItemDelegate):
    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        return QSize(300, 2 * line + 2 * self.PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is None:
            return
        opt: Any = option
        painter.save()
        item = begin_item_paint(painter, opt, self.PADDING)
        rect, text_colour, muted = item.rect, item.text_colour, item.muted
        base = QFont(opt.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.Bold)
        line = QFontMetrics(base).lineSpacing()

        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        right = paint_badges(painter, hit_badges(hit), rect.right(), rect.top(), small)

        main, details = index.data(HEADING_ROLE)
        head = QRect(rect.left(), rect.top(), max(0, right - rect.left() - 6), line)
        heading_font = QFont(base)
        heading_font.setWeight(QFont.Weight.DemiBold)
        x = self._draw(painter, head, head.left(), main, heading_font, text_colour)
        if details:
            self._draw(painter, head, x + 8, details, base, muted)

        parts: list[tuple[str, bool]] = index.data(SNIPPET_PARTS_ROLE)
        body = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
        x = body.left()
        for text, is_bold in parts:
            if x >= body.right():
                break
            x = self._draw(
                painter, body, x, text, bold if is_bold else base, text_colour if is_bold else muted
            )
        painter.restore()

    @staticmethod
    def _draw(
        painter: QPainter, rect: QRect, x: int, text: str, font: QFont, colour: QColor
    ) -> int:
        """Draw ``text`` from ``x`` on ``rect``'s line, elided at its right; return the end."""
        metrics = QFontMetrics(font)
        room = rect.right() - x
        if room <= 0 or not text:
            return x
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(
            QRect(x, rect.top(), room, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            shown,
        )
        return x + metrics.horizontalAdvance(shown)
