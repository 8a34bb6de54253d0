"""What the accompaniment screens share: operations for the DB worker, the labels of
stored codes, dates and money as the user reads and types them, colours of states, and
the "save as" question (a module function, so tests answer it).

Services are imported on the worker, when the operation runs (as everywhere in ``ui/``):
opening a window never waits for SQLAlchemy to load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.i18n import N_, _
from socialdesk.ui.notes.format import format_date

Operation = Callable[[Any], tuple[Any, Changes]]

OVERDUE_COLOR = "#b3261e"
DUE_TODAY_COLOR = "#9a5b00"
UPCOMING_COLOR = "#0b57d0"
DONE_COLOR = "#1e8449"
MUTED_STYLE = "color: palette(placeholder-text);"
ERROR_STYLE = f"color: {OVERDUE_COLOR};"
BAD_AMOUNT = N_("Enter an amount in euros, e.g. 245,50.")

#: Text and background of state badges, by stored code (objectives, démarches, referrals).
STATE_COLORS: dict[str, tuple[str, str]] = {
    "open": ("#0b3d91", "#dde8fb"),
    "achieved": ("#1d5b2f", "#dcf1e1"),
    "partial": ("#7a4b00", "#fdf0d5"),
    "abandoned": ("#5b5b5b", "#ececec"),
    "to_prepare": ("#3f4a5a", "#e6eaf0"),
    "submitted": ("#0b3d91", "#dde8fb"),
    "awaiting_answer": ("#7a4b00", "#fdf0d5"),
    "granted": ("#1d5b2f", "#dcf1e1"),
    "refused": ("#8c1d18", "#f9dedc"),
    "appeal": ("#5b2a86", "#ece0f6"),
    "pending": ("#7a4b00", "#fdf0d5"),
    "taken_up": ("#1d5b2f", "#dcf1e1"),
    "declined_by_client": ("#5b5b5b", "#ececec"),
    "refused_by_partner": ("#8c1d18", "#f9dedc"),
    "no_response": ("#5b5b5b", "#ececec"),
    "done": ("#1d5b2f", "#dcf1e1"),
    "cancelled": ("#5b5b5b", "#ececec"),
}


# ---- operations ------------------------------------------------------------------------------
def reading(module: str, function: str, *args: Any, **kwargs: Any) -> Operation:
    """An operation calling ``socialdesk.services.<module>.<function>(uow, ...)`` (a read)."""

    def op(uow: Any) -> tuple[Any, Changes]:
        service = import_module(f"socialdesk.services.{module}")
        return getattr(service, function)(uow, *args, **kwargs), NO_CHANGES

    return op


def writing(module: str, function: str, *args: Any, **kwargs: Any) -> Operation:
    """An operation calling a service write, which returns ``(result, Changes)``."""

    def op(uow: Any) -> tuple[Any, Changes]:
        service = import_module(f"socialdesk.services.{module}")
        result: tuple[Any, Changes] = getattr(service, function)(uow, *args, **kwargs)
        return result

    return op


# ---- labels ---------------------------------------------------------------------------------
def label_of(labels: Mapping[Any, str], code: Any) -> str:
    """The translated label of a stored code (the code itself if it has none)."""
    if code is None or code == "":
        return ""
    if code in labels:
        text = labels[code]
        return _(text) if text else ""
    return str(code)


def badge_style(code: str) -> str:
    fg, bg = STATE_COLORS.get(code, ("#333333", "#eeeeee"))
    return f"color: {fg}; background: {bg}; border-radius: 9px; padding: 2px 10px;"


def state_color(code: str) -> QColor:
    return QColor(STATE_COLORS.get(code, ("#333333", "#eeeeee"))[0])


def day_text(value: date | None) -> str:
    """A date with the month's name ("12 Mar 2026"), or "" for none."""
    return format_date(value) if value is not None else ""


def count_text(count: int, one: str, many: str) -> str:
    return _(one) if count == 1 else _(many, count=count)


# ---- money ----------------------------------------------------------------------------------
_AMOUNT = re.compile(r"^(\d+)(?:[.,](\d{1,2}))?$")


def format_money(cents: int) -> str:
    """``24550`` -> "245,50 €" (the user's locale's separators)."""
    locale = QLocale()
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{locale.toString(cents // 100)}{locale.decimalPoint()}{cents % 100:02d} €"


def parse_money(text: str) -> int | None:
    """Cents from what was typed ("245,50", "1 245.5 €", "300"); None when blank.
    ValueError if it is not an amount."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not cleaned:
        return None
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    euros, fraction = match.group(1), (match.group(2) or "0").ljust(2, "0")
    return int(euros) * 100 + int(fraction)


# ---- small widgets --------------------------------------------------------------------------
def section_label(text: str, parent: QWidget, scale: float = 1.1) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def muted_label(text: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(MUTED_STYLE)
    label.setWordWrap(wrap)
    return label


def separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color: palette(midlight);")
    return line


class ElidedLabel(QLabel):
    """A one-line label that ends with "…" when it has less room than its text needs
    (the whole text is its tooltip)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(20)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.width() if self.width() > 20 else 10_000
        metrics = self.fontMetrics()
        super().setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, width))


def selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# ---- what the screens ask of the desktop (tests replace it) --------------------------------
def ask_save_path(parent: QWidget, title: str, suggested_name: str) -> Path | None:
    """Where to save an exported file (None: the user cancelled)."""
    start = str(Path.home() / suggested_name)
    name, _filter = QFileDialog.getSaveFileName(parent, title, start, _("PDF documents (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def confirm(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    *,
    yes_text: str | None = None,
) -> QMessageBox:
    """A non-blocking question; ``on_yes()`` runs if the user confirms (the default
    button is Cancel). Returns the box (its confirm button is named ``confirmButton``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)  # fmt: skip
    box.setObjectName(name)
    yes = box.addButton(yes_text or _("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    yes.setObjectName("confirmButton")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)

    def finished(_result: int) -> None:
        box.deleteLater()
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(finished)
    box.open()
    return box
