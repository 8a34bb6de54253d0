"""``socialdesk agenda export``: the appointments of a date range as an .ics file.

``--from`` and ``--to`` are local dates (the practitioner's zone), both included.
Everything that needs no secret is checked before the passphrase is asked: the dates,
the length of the range, the output folder, that the output is not the vault itself.
The file is written privately (0600) and atomically, replacing an earlier export of the
same name; the audit log records the export (dates, variant, count). ``--anonymize``
keeps only initials and the kind (see :mod:`socialdesk.services.agenda_ics`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from socialdesk.cli.commands import unlocked_vault, user_path, vault_path
from socialdesk.cli.secrets import UsageError
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_, _
from socialdesk.services.vault import read_keyslots
from socialdesk.vault.keyslots import keys_path_for


def local_date(text: str) -> date:
    """argparse ``type`` for ``YYYY-MM-DD`` dates."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date: {value} (expected YYYY-MM-DD, e.g. 2026-03-30)", value=text)
        ) from None


def add_period(parser: argparse.ArgumentParser) -> None:
    """``--from YYYY-MM-DD --to YYYY-MM-DD`` (both required, both days included), read
    into ``options.first`` and ``options.last``."""
    parser.add_argument(
        "--from",
        dest="first",
        type=local_date,
        metavar="YYYY-MM-DD",
        required=True,
        help=_("first day of the period (included)"),
    )
    parser.add_argument(
        "--to",
        dest="last",
        type=local_date,
        metavar="YYYY-MM-DD",
        required=True,
        help=_("last day of the period (included)"),
    )


def add_agenda_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``agenda`` and its actions on the main parser's sub-commands."""
    help_text = _("export the agenda")
    agenda = sub.add_parser(
        "agenda", help=help_text, description=help_text, parents=[common], allow_abbrev=False
    )
    actions = agenda.add_subparsers(
        dest="agenda_action", metavar="<action>", title=_("actions"), required=True
    )
    text = _("write the appointments of a period to an iCalendar file (.ics)")
    export = actions.add_parser(
        "export", help=text, description=text, parents=[common, unlock], allow_abbrev=False
    )
    add_period(export)
    export.add_argument(
        "--out",
        type=user_path,
        metavar="FILE.ics",
        required=True,
        help=_("the file to write (replaced if it exists); its folder must exist"),
    )
    export.add_argument(
        "--anonymize",
        action="store_true",
        help=_(
            "initials and kind only: no names, places, titles or notes (for a phone's calendar)"
        ),
    )


def cmd_agenda(options: argparse.Namespace) -> int:
    return ACTIONS[options.agenda_action](options)


def _say(text: str = "") -> None:
    print(text, flush=True)


def cmd_export(options: argparse.Namespace) -> int:
    from socialdesk.services.agenda_ics import (  # icalendar: only loaded for this command
        check_export_range,
        check_export_target,
        write_ics,
    )

    out: Path = options.out
    try:
        check_export_range(options.first, options.last)
    except ValidationError as exc:  # one line on stderr, not a form's list
        raise UsageError(next(iter(exc.errors.values()))) from None
    check_export_target(out)
    path = vault_path(options)
    read_keyslots(path)
    if _same_file(out, path):
        raise UsageError(N_("The export would overwrite the vault; choose another file."))
    with unlocked_vault(options) as vault, vault.uow() as uow:
        export = write_ics(uow, out, options.first, options.last, anonymize=options.anonymize)
    _say(
        _(
            "{count} appointment(s) from {first} to {last} exported to {path}.",
            count=export.events,
            first=export.first.isoformat(),
            last=export.last.isoformat(),
            path=str(export.path),
        )
    )
    if export.anonymized:
        _say(_("Anonymized: initials and kind only."))
    else:
        _say(
            _(
                "This file is not encrypted and names the people you accompany: keep it "
                "safe, and delete it once imported."
            )
        )
    return 0


def _same_file(out: Path, vault: Path) -> bool:
    """``out`` is the vault, its keys file or one of its side files (existing or not)."""
    target, database = out.resolve(), vault.resolve()
    names = {database.name, keys_path_for(database).name} | {
        database.name + side for side in ("-wal", "-shm", "-journal")
    }
    return target.parent == database.parent and target.name in names


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {"export": cmd_export}
