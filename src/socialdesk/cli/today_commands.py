"""``socialdesk today [--date YYYY-MM-DD]``: the Today page as text.

The same sections as the page, in the same order: appointments of the day and the next,
démarches due, objectives to evaluate, notes not signed, tasks due, sessions not billed,
overdue invoices, packages running out, and the backup. One line per item (at most
``--limit`` per section, then "+N more"); times in the practitioner's time zone. The
date defaults to today in that zone.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from socialdesk.cli.agenda_commands import local_date
from socialdesk.cli.commands import printable, unlocked_vault
from socialdesk.domain.today import (
    REASON_LABELS,
    SECTION_LIMIT,
    TodayItem,
    TodayOverview,
    TodayReason,
    TodaySection,
    TodaySectionKey,
)
from socialdesk.i18n import _, current_language
from socialdesk.services.agenda import agenda_zone
from socialdesk.services.today import today_overview

_APPOINTMENT_SECTIONS = (TodaySectionKey.APPOINTMENTS_TODAY, TodaySectionKey.APPOINTMENTS_TOMORROW)


def add_today_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``today`` on the main parser's sub-commands."""
    text = _("show what needs you today: appointments, démarches, notes, tasks, billing")
    today = sub.add_parser(
        "today", help=text, description=text, parents=[common, unlock], allow_abbrev=False
    )
    today.add_argument(
        "--date",
        dest="day",
        type=local_date,
        metavar="YYYY-MM-DD",
        help=_("the day to show (default: today)"),
    )
    today.add_argument(
        "--limit",
        type=_positive,
        default=SECTION_LIMIT,
        metavar="N",
        help=_("at most N lines per section (default: {n})", n=SECTION_LIMIT),
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("not a positive number: {value}", value=text))
    return value


def cmd_today(options: argparse.Namespace) -> int:
    with unlocked_vault(options) as vault, vault.uow() as uow:
        zone = agenda_zone(uow)
        now = datetime.now(UTC)
        day: date = options.day or now.astimezone(zone).date()
        page = today_overview(uow, day, now, limit=options.limit)
    print("\n".join(render(page, zone)), flush=True)
    return 0


# ---- text -----------------------------------------------------------------------------------
def money(cents: int) -> str:
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    if current_language() == "fr":
        return f"{sign}{euros:,}".replace(",", "\u202f") + f",{rest:02d} €"
    return f"{sign}{euros:,}.{rest:02d} €"


def render(page: TodayOverview, zone: ZoneInfo) -> list[str]:
    lines = [_("Today, {date}", date=page.today.isoformat())]
    for section in page.sections:
        lines.append("")
        lines.append(_heading(section))
        if section.key == TodaySectionKey.BACKUP:
            lines.append("  " + _backup_line(page))
            continue
        if not section.items:
            lines.append("  " + _("nothing"))
            continue
        lines += ["  " + _item_line(section.key, item, zone) for item in section.items]
        if section.more:
            lines.append("  " + _("(+{n} more)", n=section.more))
    return lines


def _heading(section: TodaySection) -> str:
    label = _(section.label)
    if section.key == TodaySectionKey.BACKUP:
        return label
    if section.amount_cents is not None and section.total:
        return f"{label} ({section.total}, {money(section.amount_cents)})"
    return f"{label} ({section.total})"


def _who(item: TodayItem) -> str:
    if not item.client_name:
        return ""
    return f"{item.client_name} ({item.file_number})" if item.file_number else item.client_name


def _item_line(key: TodaySectionKey, item: TodayItem, zone: ZoneInfo) -> str:
    if key in _APPOINTMENT_SECTIONS and item.at is not None:
        start = item.at.astimezone(zone).strftime("%H:%M")
        end = item.ends_at.astimezone(zone).strftime("%H:%M") if item.ends_at else ""
        when = f"{start}–{end}" if end else start
    else:
        when = item.day.isoformat() if item.day else "—"
    parts = [when]
    if item.overdue:
        parts.append("!")
    parts += [p for p in (_who(item), item.title, item.detail) if p]
    if item.amount_cents is not None:
        parts.append(money(item.amount_cents))
    if item.remaining_milli is not None and item.total_milli:
        parts.append(
            _(
                "{left} of {total} left",
                left=_units(item.remaining_milli),
                total=_units(item.total_milli),
            )
        )
    if item.reason != TodayReason.NONE:
        parts.append(f"[{_(REASON_LABELS[item.reason])}]")
    return "  ".join(printable(p) for p in parts)


def _units(milli: int) -> str:
    text = f"{milli / 1000:g}"
    return text.replace(".", ",") if current_language() == "fr" else text


def _backup_line(page: TodayOverview) -> str:
    backup = page.backup
    if backup.last_backup_at is None:
        return _("No backup yet: make one with “socialdesk backup”.")
    line = _(
        "Last backup {date} ({days} day(s) ago): {file}",
        date=backup.last_backup_at.date().isoformat(),
        days=backup.age_days or 0,
        file=printable(backup.file_name) or "—",
    )
    if backup.overdue:
        line += "  ! " + _("make a new one with “socialdesk backup”.")
    return line
