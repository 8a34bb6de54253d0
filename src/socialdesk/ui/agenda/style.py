"""Colours and text of appointments shared by every agenda view, the client file and Today.

Times are shown in the practitioner's zone (``AgendaSettings.timezone``), whatever the
computer's zone is: a social worker on a trip abroad still sees the agenda of the office.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtGui import QColor

from socialdesk.domain.agenda import KIND_LABELS, STATUS_LABELS, AppointmentView
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.i18n import _

# One hue per kind, light enough for dark text; picked to stay apart for colour-blind eyes.
KIND_COLORS: dict[AppointmentKind, str] = {
    AppointmentKind.OFFICE: "#9ecae9",
    AppointmentKind.HOME_VISIT: "#ffbe7d",
    AppointmentKind.PHONE: "#b8e0a6",
    AppointmentKind.VIDEO: "#d4b9da",
    AppointmentKind.ACCOMPANIMENT: "#f2cf5b",
    AppointmentKind.PARTNER_MEETING: "#8cd1c6",
    AppointmentKind.ADMIN: "#c9c9c9",
}


def kind_color(kind: AppointmentKind) -> QColor:
    return QColor(KIND_COLORS.get(kind, "#c9c9c9"))


def appointment_fill(view: AppointmentView) -> QColor:
    """The block colour: the kind's hue, washed out when the slot is freed or missed."""
    color = kind_color(view.kind)
    if view.status in (AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED):
        return color.lighter(135)
    if view.status is AppointmentStatus.NO_SHOW:
        return color.lighter(120)
    return color


def kind_label(kind: AppointmentKind) -> str:
    return _(KIND_LABELS[kind])


def status_label(status: AppointmentStatus) -> str:
    return _(STATUS_LABELS[status])


def local(value: datetime, zone: ZoneInfo) -> datetime:
    return value.astimezone(zone)


def hhmm(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M")


def appointment_caption(view: AppointmentView) -> str:
    """What a block says first: the title, else the people, else the kind."""
    if view.title:
        return view.title
    if view.participants:
        names = ", ".join(p.display_name for p in view.participants[:3])
        more = len(view.participants) - 3
        return names + (f" +{more}" if more > 0 else "")
    return kind_label(view.kind)
