"""What the user reads for the stored codes of a client file, and how dates are shown.

The enums hold stable codes (``"intake"``, ``"signed_form"``); their labels live here,
marked with ``N_`` and translated when shown, so a language switch never leaves stale text.
Dates are written day first (dd/mm/yyyy) as in France, Belgium and Romania.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from socialdesk.domain.enums import (
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    Gender,
)
from socialdesk.i18n import N_, _

STATUS_LABELS: dict[str, str] = {
    ClientStatus.INTAKE: N_("Intake"),
    ClientStatus.ACTIVE: N_("Active"),
    ClientStatus.PAUSED: N_("Paused"),
    ClientStatus.CLOSED: N_("Closed"),
}
#: Text and background of the status badge (readable on light palettes).
STATUS_COLORS: dict[str, tuple[str, str]] = {
    ClientStatus.INTAKE: ("#7a4b00", "#fdf0d5"),
    ClientStatus.ACTIVE: ("#1d5b2f", "#dcf1e1"),
    ClientStatus.PAUSED: ("#3f4a5a", "#e6eaf0"),
    ClientStatus.CLOSED: ("#5b5b5b", "#ececec"),
}
GENDER_LABELS: dict[str, str] = {
    Gender.FEMALE: N_("Woman"),
    Gender.MALE: N_("Man"),
    Gender.OTHER: N_("Other"),
    Gender.UNDISCLOSED: N_("Prefers not to say"),
}
CONTACT_KIND_LABELS: dict[str, str] = {
    ContactKind.RELATIVE: N_("Relative or friend"),
    ContactKind.PROFESSIONAL: N_("Professional"),
    ContactKind.PARTNER: N_("Partner organization"),
}
CONSENT_SCOPE_LABELS: dict[str, str] = {
    ConsentScope.DATA_PROCESSING: N_("Keeping a file on the person"),
    ConsentScope.SHARE_WITH_PARTNERS: N_("Sharing with partners"),
    ConsentScope.SHARE_WITH_PAYER: N_("Sharing with the payer"),
    ConsentScope.CONTACT_RELATIVES: N_("Contacting relatives"),
    ConsentScope.PHOTO_DOCUMENTS: N_("Copies of documents"),
    ConsentScope.REMINDERS: N_("Reminders by text or email"),
    ConsentScope.NAME_ON_INVOICE: N_("Name on invoices to a payer"),
}
CONSENT_METHOD_LABELS: dict[str, str] = {
    ConsentMethod.SIGNED_FORM: N_("Signed form"),
    ConsentMethod.ORAL: N_("Orally"),
    ConsentMethod.EMAIL: N_("By email"),
    ConsentMethod.OTHER: N_("Other"),
}
COUNTRY_LABELS: dict[str, str] = {"FR": N_("France"), "BE": N_("Belgium"), "RO": N_("Romania")}


def label(labels: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` (the code itself if unknown, "" for none)."""
    if not code:
        return ""
    return _(labels[code]) if code in labels else code


def status_label(status: str) -> str:
    return label(STATUS_LABELS, status)


# ---- dates ---------------------------------------------------------------------------------
DATE_FORMAT = "%d/%m/%Y"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})")


def format_date(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value is not None else ""


def local_time(value: datetime) -> datetime:
    """An aware instant in this computer's time zone (naive values are taken as UTC)."""
    if value.tzinfo is None:
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def format_day(value: datetime | None) -> str:
    return format_date(local_time(value).date()) if value is not None else ""


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return local_time(value).strftime(DATE_FORMAT + " %H:%M")


def parse_date(text: str) -> date | None:
    """A date typed day first (``31/12/1980``, ``31.12.1980``, ``31121980``) or ISO
    (``1980-12-31``); None when ``text`` is blank. ValueError if it is not a date."""
    text = text.strip()
    if not text:
        return None
    for pattern, order in ((_DAY_FIRST, (3, 2, 1)), (_ISO, (1, 2, 3)), (_COMPACT, (3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            return date(year, month, day)
    raise ValueError(text)


BAD_DATE = N_("Enter a date as DD/MM/YYYY.")
