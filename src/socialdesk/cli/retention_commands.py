"""``socialdesk retention list`` and ``socialdesk retention apply``: the files due for
deletion, as in Settings → Security & retention.

``list`` prints one file a line (file number, name, status, last contact, closing date,
due since, whether invoices are kept). ``apply ID… --mode erase|pseudonymize --yes``
erases or pseudonymizes them, all or nothing; without ``--yes`` it only says what it
would do. Invoices are always kept: a billed person is pseudonymized whatever the mode.
"""

from __future__ import annotations

import argparse

from socialdesk.cli.agenda_commands import local_date
from socialdesk.cli.commands import printable, unlocked_vault
from socialdesk.domain.retention import STATUS_LABELS, DueFile, ErasureMode
from socialdesk.i18n import _
from socialdesk.services.retention import apply_retention, due_for_deletion


def add_retention_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``retention list`` and ``retention apply`` on the main parser."""
    text = _("files kept past their retention: list them, erase or pseudonymize them")
    retention = sub.add_parser(
        "retention", help=text, description=text, parents=[common], allow_abbrev=False
    )
    actions = retention.add_subparsers(dest="action", metavar="<action>", required=True)
    listing = actions.add_parser(
        "list",
        help=_("the files due for deletion"),
        description=_("the files due for deletion"),
        parents=[common, unlock],
        allow_abbrev=False,
    )
    listing.add_argument(
        "--date",
        dest="day",
        type=local_date,
        metavar="YYYY-MM-DD",
        help=_("the day to judge on (default: today)"),
    )
    apply = actions.add_parser(
        "apply",
        help=_("erase or pseudonymize files due for deletion (all or nothing)"),
        description=_("erase or pseudonymize files due for deletion (all or nothing)"),
        parents=[common, unlock],
        allow_abbrev=False,
    )
    apply.add_argument("ids", nargs="+", type=_client_id, metavar="ID", help=_("client ids"))
    apply.add_argument(
        "--mode",
        required=True,
        choices=[m.value for m in ErasureMode],
        help=_("erase the whole file, or keep it under its number (pseudonymize)"),
    )
    apply.add_argument(
        "--yes",
        action="store_true",
        help=_("really do it (without it, only say what would be done)"),
    )


def _client_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("not a client id: {value}", value=text))
    return value


def cmd_retention(options: argparse.Namespace) -> int:
    with unlocked_vault(options) as vault, vault.uow() as uow:
        if options.action == "list":
            files = due_for_deletion(uow, today=options.day)
            for due in files:
                print(_line(due))
            print(_("{n} file(s) due for deletion.", n=len(files)), flush=True)
            return 0
        if not options.yes:
            _preview(due_for_deletion(uow), options.ids, ErasureMode(options.mode))
            return 0
        report, _changes = apply_retention(uow, options.ids, options.mode)
    if report.erased:
        print(_("Erased: {numbers}", numbers=", ".join(report.erased)))
    if report.pseudonymized:
        print(_("Pseudonymized: {numbers}", numbers=", ".join(report.pseudonymized)))
    if report.kept_invoices:
        print(_("{n} invoice(s) kept, as the law requires.", n=report.kept_invoices))
    return 0


def _preview(files: list[DueFile], ids: list[int], mode: ErasureMode) -> None:
    """What ``--yes`` would do; refusals are the service's, at the real run."""
    due = {f.client_id: f for f in files}
    for client_id in dict.fromkeys(ids):
        found = due.get(client_id)
        if found is None:
            print(_("{id}: not due for deletion; it would be refused.", id=client_id))
        elif found.billed or mode == ErasureMode.PSEUDONYMIZE:
            print(_("{number}: would be pseudonymized (invoices kept).", number=found.file_number))
        else:
            print(_("{number}: would be erased entirely.", number=found.file_number))
    print(_("Nothing was changed. Add --yes to do it."), flush=True)


def _line(due: DueFile) -> str:
    kept = _("invoices kept") if due.billed else ""
    cells = (
        str(due.client_id),
        due.file_number,
        printable(due.name),
        _(STATUS_LABELS.get(due.status, due.status)),
        due.last_contact.isoformat() if due.last_contact else "—",
        due.closed_on.isoformat() if due.closed_on else "—",
        _("due since {date}", date=due.due_since.isoformat()),
        kept,
    )
    return "\t".join(cells).rstrip()
