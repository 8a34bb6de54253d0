"""``socialdesk invoices export``: the invoices and credit notes of a period for the
accountant or an e-invoicing platform.

Formats: ``csv`` (sales journal), ``fec`` (French FEC; ``--out`` a folder gives it its
legal name ``<SIREN>FEC<YYYYMMDD>.txt``), ``facturx`` and ``ubl`` (``--out`` is a folder,
created if missing, one file per document), ``pack`` (one zip: PDFs, journal, FEC).
``--from`` and ``--to`` are issue dates, both included. Everything that needs no secret
is checked before the passphrase is asked: the dates and the length of the range, the
output place, that the output is not the vault. Files are written privately (0600) and
atomically; the audit log records each export.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from socialdesk.cli.agenda_commands import _same_file, add_period
from socialdesk.cli.commands import unlocked_vault, user_path, vault_path
from socialdesk.cli.secrets import UsageError
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_, _
from socialdesk.services.vault import read_keyslots

if TYPE_CHECKING:
    from socialdesk.services.accounting_exports import ExportSummary
    from socialdesk.storage.uow import UnitOfWork

FORMATS = ("csv", "fec", "facturx", "ubl", "pack")
FOLDER_FORMATS = frozenset({"facturx", "ubl"})


def add_invoices_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``invoices`` and its actions on the main parser's sub-commands."""
    help_text = _("export the invoices for the accountant")
    invoices = sub.add_parser(
        "invoices", help=help_text, description=help_text, parents=[common], allow_abbrev=False
    )
    actions = invoices.add_subparsers(
        dest="invoices_action", metavar="<action>", title=_("actions"), required=True
    )
    text = _(
        "write the invoices and credit notes issued in a period as a sales journal (csv), "
        "a FEC (fec), Factur-X PDFs (facturx), UBL files (ubl) or an accountant pack (pack)"
    )
    export = actions.add_parser(
        "export", help=text, description=text, parents=[common, unlock], allow_abbrev=False
    )
    add_period(export)
    export.add_argument("--format", dest="fmt", choices=FORMATS, required=True,
                        help=_("what to write"))  # fmt: skip
    export.add_argument(
        "--out",
        type=user_path,
        metavar="PATH",
        required=True,
        help=_(
            "the file to write (replaced if it exists); a folder for facturx and ubl, "
            "a file or a folder for fec"
        ),
    )


def cmd_invoices(options: argparse.Namespace) -> int:
    return ACTIONS[options.invoices_action](options)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _check_target(fmt: str, out: Path) -> None:
    from socialdesk.services.agenda_ics import ExportFolderMissing, check_export_target

    if fmt in FOLDER_FORMATS or (fmt == "fec" and out.is_dir()):
        if out.exists() and not out.is_dir():
            raise UsageError(N_("{path} is a file; give a folder for this format."), path=str(out))
        if not out.parent.is_dir():
            raise ExportFolderMissing(path=str(out.parent))
        return
    check_export_target(out)


def cmd_export(options: argparse.Namespace) -> int:
    from socialdesk.services.agenda_ics import check_export_range

    out: Path = options.out
    fmt: str = options.fmt
    try:
        check_export_range(options.first, options.last)
    except ValidationError as exc:  # one line on stderr, not a form's list
        raise UsageError(next(iter(exc.errors.values()))) from None
    _check_target(fmt, out)
    path = vault_path(options)
    read_keyslots(path)
    if _same_file(out, path):
        raise UsageError(N_("The export would overwrite the vault; choose another file."))
    with unlocked_vault(options) as vault, vault.uow() as uow:
        try:
            summary, with_fec = WRITERS[fmt](uow, out, options.first, options.last)
        except ValidationError as exc:
            raise UsageError(next(iter(exc.errors.values()))) from None
    _say(
        _(
            "{count} invoice(s) and credit note(s) from {first} to {last} exported to {path}.",
            count=summary.documents,
            first=options.first.isoformat(),
            last=options.last.isoformat(),
            path=str(summary.path),
        )
    )
    _say(_("Total including VAT: {amount}.", amount=f"{summary.gross_cents / 100:.2f}"))
    if fmt == "pack" and not with_fec:
        _say(_("No SIREN in the profile: the pack holds no FEC."))
    _say(_("These files are not encrypted: keep them safe."))
    return 0


Writer = Callable[["UnitOfWork", Path, date, date], tuple["ExportSummary", bool]]


def _csv(uow: UnitOfWork, out: Path, first: date, last: date) -> tuple[ExportSummary, bool]:
    from socialdesk.services.accounting_exports import write_sales_journal

    return write_sales_journal(uow, out, first, last), False


def _fec(uow: UnitOfWork, out: Path, first: date, last: date) -> tuple[ExportSummary, bool]:
    from socialdesk.services.accounting_exports import write_fec

    return write_fec(uow, out, first, last), True


def _facturx(uow: UnitOfWork, out: Path, first: date, last: date) -> tuple[ExportSummary, bool]:
    from socialdesk.services.facturx_export import write_facturx_folder

    return write_facturx_folder(uow, out, first, last), False


def _ubl(uow: UnitOfWork, out: Path, first: date, last: date) -> tuple[ExportSummary, bool]:
    from socialdesk.services.ubl_export import write_ubl_folder

    return write_ubl_folder(uow, out, first, last), False


def _pack(uow: UnitOfWork, out: Path, first: date, last: date) -> tuple[ExportSummary, bool]:
    from socialdesk.services.accountant_pack import write_accountant_pack

    pack = write_accountant_pack(uow, out, first, last)
    return pack.export, pack.fec_included


# Each writer says whether a FEC was written (the pack leaves it out without a SIREN).
WRITERS: dict[str, Writer] = {
    "csv": _csv,
    "fec": _fec,
    "facturx": _facturx,
    "ubl": _ubl,
    "pack": _pack,
}
ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {"export": cmd_export}
