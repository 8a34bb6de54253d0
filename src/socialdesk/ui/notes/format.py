"""How dates, instants and file sizes read in the notes, attachments and search views.

Dates use the month's name ("12 Mar 2026", "12 mars 2026"): a social worker in France,
Belgium or Romania never has to wonder whether 03/04 is March or April.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from socialdesk.i18n import _

_KIB = 1024
_MIB = 1024 * 1024


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def format_date(value: date) -> str:
    return QLocale().toString(to_qdate(value), "d MMM yyyy")


def format_datetime(value: datetime) -> str:
    """An instant in the computer's time zone (the practitioner's), to the minute."""
    local = value.astimezone() if value.tzinfo is not None else value
    moment = QDateTime(to_qdate(local.date()), QTime(local.hour, local.minute))
    return QLocale().toString(moment, "d MMM yyyy HH:mm")


def format_time(value: datetime) -> str:
    local = value.astimezone() if value.tzinfo is not None else value
    return QLocale().toString(QTime(local.hour, local.minute), "HH:mm")


def format_size(size_bytes: int) -> str:
    locale = QLocale()
    if size_bytes < _KIB:
        return _("{count} bytes", count=size_bytes)
    if size_bytes < _MIB:
        return _("{size} KB", size=locale.toString(size_bytes / _KIB, "f", 0))
    return _("{size} MB", size=locale.toString(size_bytes / _MIB, "f", 1))
