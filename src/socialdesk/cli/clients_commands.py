"""``socialdesk clients <action>``: list, import and GDPR-export client files.

``list`` prints one client a line, tab-separated, for scripts (``cut -f1``):
``id  file number  name  status``; the id is the one the other commands take. It reads
the vault page by page (never every client at once) inside one transaction, so the list
is a consistent snapshot even on the large demo vault.

``import`` checks the whole CSV file before asking for the passphrase, then imports
every row or none (see :mod:`socialdesk.services.client_import`); a refused file exits
1 with one line per problem on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable

from socialdesk.cli.commands import printable, unlocked_vault, user_path, vault_path
from socialdesk.domain.clients import ClientRow
from socialdesk.domain.enums import ClientStatus
from socialdesk.i18n import _
from socialdesk.services.client_import import (
    ImportRejected,
    import_clients,
    parse_clients_csv,
    read_import_file,
)
from socialdesk.services.clients import list_clients
from socialdesk.services.vault import read_keyslots

PAGE_SIZE = 500
# Nothing a terminal would interpret may reach it from the vault's text (escape codes).


def add_clients_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``clients`` and its actions on the main parser's sub-commands."""
    help_text = _("list, import or export client files")
    clients = sub.add_parser(
        "clients", help=help_text, description=help_text, parents=[common], allow_abbrev=False
    )
    actions = clients.add_subparsers(
        dest="clients_action", metavar="<action>", title=_("actions"), required=True
    )

    def add(name: str, text: str) -> argparse.ArgumentParser:
        return actions.add_parser(
            name, help=text, description=text, parents=[common, unlock], allow_abbrev=False
        )

    listing = add("list", _("list the clients, one a line: id, file number, name, status"))
    listing.add_argument(
        "--status",
        choices=[s.value for s in ClientStatus],
        action="append",
        metavar="S",
        help=_(
            "only the clients with this status ({statuses}); may be repeated",
            statuses=", ".join(s.value for s in ClientStatus),
        ),
    )

    importing = add("import", _("import clients from a CSV file: every row or none"))
    importing.add_argument(
        "file",
        type=user_path,
        metavar="FILE.csv",
        help=_(
            "CSV UTF-8 file with a header row (last_name or nom, first_name or prénom, "
            "birth_date, phone, email, address, postal_code, city…)"
        ),
    )
    importing.add_argument(
        "--allow-duplicates",
        action="store_true",
        help=_("import rows that look like an existing client or another row too"),
    )

    export = add("export-gdpr", _("export everything about one client (JSON and PDF)"))
    export.add_argument("client_id", type=int, metavar="ID", help=_("the id shown by clients list"))
    export.add_argument(
        "--out",
        type=user_path,
        metavar="DIR",
        required=True,
        help=_("folder for the files (created if needed)"),
    )


def cmd_clients(options: argparse.Namespace) -> int:
    return ACTIONS[options.clients_action](options)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _line(row: ClientRow) -> str:
    return "\t".join((str(row.id), row.file_number, printable(row.display_name), row.status))


# ---- actions --------------------------------------------------------------------------
def cmd_list(options: argparse.Namespace) -> int:
    statuses = tuple(dict.fromkeys(options.status or ()))
    with unlocked_vault(options) as vault, vault.uow() as uow:
        offset = 0
        try:
            while True:
                page = list_clients(uow, statuses=statuses, offset=offset, limit=PAGE_SIZE)
                if page.rows:
                    print("\n".join(_line(row) for row in page.rows), flush=True)
                if len(page.rows) < PAGE_SIZE:
                    break
                offset += PAGE_SIZE
        except BrokenPipeError:
            # ``socialdesk clients list | head``: the reader has all it wanted.
            _silence_stdout()
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def cmd_import(options: argparse.Namespace) -> int:
    # Everything that needs no secret first: the vault exists, the file is acceptable.
    read_keyslots(vault_path(options))
    try:
        parsed = parse_clients_csv(read_import_file(options.file))
        with unlocked_vault(options) as vault, vault.uow() as uow:
            report, _changes = import_clients(
                uow, parsed, allow_duplicates=options.allow_duplicates
            )
    except ImportRejected as exc:
        print(f"socialdesk: error: {exc}", file=sys.stderr)
        if any(p.duplicate for p in exc.problems):
            print(
                _("If these are different people, run the import again with --allow-duplicates."),
                file=sys.stderr,
            )
        return exc.exit_code
    first, last = report.file_numbers[0], report.file_numbers[-1]
    _say(
        _(
            "{count} client(s) imported: files {first} to {last}.",
            count=report.created,
            first=first,
            last=last,
        )
    )
    if report.possible_duplicates:
        _say(
            _(
                "{count} of them look like another client; check them in the clients list.",
                count=report.possible_duplicates,
            )
        )
    return 0


def cmd_export_gdpr(options: argparse.Namespace) -> int:
    from socialdesk.services.gdpr import export_client_data  # PDF rendering: a second to load

    with unlocked_vault(options) as vault, vault.uow() as uow:
        export = export_client_data(uow, options.client_id, options.out)
    _say(_("Right-of-access export written:"))
    rows = [(_("data (JSON):"), export.json_path), (_("readable copy (PDF):"), export.pdf_path)]
    width = max(len(label) for label, _path in rows)
    for label, path in rows:
        _say(f"  {label.ljust(width)}  {path}")
    if export.attachment_paths:
        _say(
            _(
                "{count} attached document(s) copied into {path}.",
                count=len(export.attachment_paths),
                path=str(export.attachment_paths[0].parent),
            )
        )
    _say(_("These files are not encrypted: hand them over safely, then delete them."))
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "import": cmd_import,
    "export-gdpr": cmd_export_gdpr,
}
