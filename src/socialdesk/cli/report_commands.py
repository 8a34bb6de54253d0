"""``socialdesk report``: client reports and activity reports as PDF files.

``report client ID --audience person|partner|file --from YYYY-MM-DD --to YYYY-MM-DD
--out FILE.pdf [--sections a,b,c] [--notes 12,15] [--document-language fr|en|ro]`` writes the
report on one person for one audience (see :mod:`socialdesk.domain.client_report` for
what each audience may see); the sections default to those offered to the audience.

``report activity --from … --to … --out FILE.pdf [--csv FILE.csv] [--document-language …]``
writes the activity report of a period (and the CSV of its figures).

The report's language defaults to the practitioner's document language (``--language``
stays the language of the messages, as for every command). Everything that needs
no secret is checked before the passphrase is asked (dates, period, audience, sections,
language, output places, that no output is the vault); files are written privately
(0600) and atomically; each report is logged and audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from socialdesk.cli.agenda_commands import _same_file, add_period
from socialdesk.cli.commands import unlocked_vault, user_path, vault_path
from socialdesk.cli.secrets import UsageError
from socialdesk.domain.enums import ReportAudience
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.reports import (
    DEFAULT_SECTIONS,
    ActivityReportRequest,
    ClientReportRequest,
    ReportSection,
    audience_from_name,
    check_period,
)
from socialdesk.i18n import N_, _
from socialdesk.services.vault import read_keyslots

LANGUAGES = ("fr", "en", "ro")


# ---- argument types (argparse reports their errors with exit code 2) -----------------------
def _client_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(
            _("not a client number: {value} (the id shown by clients list)", value=text)
        )
    return value


def _audience(text: str) -> ReportAudience:
    try:
        return audience_from_name(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(_(next(iter(exc.errors.values())))) from None


def _sections(text: str) -> tuple[ReportSection, ...]:
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    known = {str(s) for s in ReportSection}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _(
                "unknown section: {value} (choose among {sections})",
                value=", ".join(unknown) or text,
                sections=", ".join(str(s) for s in ReportSection),
            )
        )
    return tuple(ReportSection(n) for n in dict.fromkeys(names))


def _note_ids(text: str) -> tuple[int, ...]:
    try:
        ids = tuple(int(n) for n in text.split(",") if n.strip())
    except ValueError:
        ids = ()
    if not ids or any(i <= 0 for i in ids):
        raise argparse.ArgumentTypeError(
            _("not a list of note numbers: {value} (e.g. 12,15)", value=text)
        )
    return ids


def add_report_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    unlock: argparse.ArgumentParser,
) -> None:
    """Declare ``report`` and its kinds on the main parser's sub-commands."""
    help_text = _("write a client report or an activity report as PDF")
    report = sub.add_parser(
        "report", help=help_text, description=help_text, parents=[common], allow_abbrev=False
    )
    kinds = report.add_subparsers(
        dest="report_kind", metavar="<kind>", title=_("reports"), required=True
    )
    text = _("the report on one person, for the person, a partner or your records")
    client = kinds.add_parser(
        "client", help=text, description=text, parents=[common, unlock], allow_abbrev=False
    )
    client.add_argument(
        "client_id",
        type=_client_id,
        metavar="ID",
        help=_("the id shown by clients list"),
    )
    client.add_argument(
        "--audience", type=_audience, required=True, metavar="person|partner|file",
        help=_("who reads it: person (no private notes), partner (no third parties' "
               "names, no private notes) or file (everything)"),
    )  # fmt: skip
    _period_and_output(client)
    client.add_argument(
        "--sections", type=_sections, metavar="a,b,c",
        help=_("the sections, in any order (default: those offered to the audience): "
               "{sections}", sections=", ".join(str(s) for s in ReportSection)),
    )  # fmt: skip
    client.add_argument(
        "--notes", dest="note_ids", type=_note_ids, metavar="ID,ID",
        help=_("print only these case notes (default: every note of the period the "
               "audience may see)"),
    )  # fmt: skip

    text = _("the activity report of a period (figures, charts, indicators)")
    activity = kinds.add_parser(
        "activity", help=text, description=text, parents=[common, unlock], allow_abbrev=False
    )
    _period_and_output(activity)
    activity.add_argument("--csv", dest="csv_out", type=user_path, metavar="FILE.csv",
                          help=_("also write the figures as CSV"))  # fmt: skip


def _period_and_output(parser: argparse.ArgumentParser) -> None:
    add_period(parser)
    parser.add_argument(
        "--out",
        type=user_path,
        metavar="FILE.pdf",
        required=True,
        help=_("the PDF to write (replaced if it exists); its folder must exist"),
    )
    # Not --language: that common option is the language of the messages (en, fr).
    parser.add_argument(
        "--document-language",
        dest="document_language",
        choices=LANGUAGES,
        help=_("language of the report (default: your document language)"),
    )


def cmd_report(options: argparse.Namespace) -> int:
    return ACTIONS[options.report_kind](options)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _first_error(exc: ValidationError) -> UsageError:
    return UsageError(next(iter(exc.errors.values())))


def _check_period(first: date, last: date) -> None:
    errors = check_period(first, last)
    if errors:
        raise _first_error(ValidationError(errors))


def _check_target(out: Path, vault: Path) -> None:
    if out.is_dir():
        raise UsageError(N_("{path} is a folder; give the name of the file to write."),
                         path=str(out))  # fmt: skip
    if not out.parent.is_dir():
        raise UsageError(N_("The folder {path} does not exist; create it first or choose "
                            "another one."), path=str(out.parent))  # fmt: skip
    if _same_file(out, vault):
        raise UsageError(N_("The report would overwrite the vault; choose another file."))


def _language(options: argparse.Namespace, uow: object) -> str:
    if options.document_language:
        return str(options.document_language)
    from socialdesk.services.profile import get_profile

    chosen = get_profile(uow).document_language  # type: ignore[arg-type]
    return chosen if chosen in LANGUAGES else "fr"


def cmd_client(options: argparse.Namespace) -> int:
    from socialdesk.services.reports.client_report import write_client_report

    out: Path = options.out
    _check_period(options.first, options.last)
    path = vault_path(options)
    read_keyslots(path)
    _check_target(out, path)
    audience: ReportAudience = options.audience
    sections = options.sections or DEFAULT_SECTIONS[audience]
    with unlocked_vault(options) as vault, vault.uow() as uow:
        request = ClientReportRequest(
            client_id=options.client_id,
            audience=audience,
            period_start=options.first,
            period_end=options.last,
            sections=tuple(sections),
            language=_language(options, uow),
            note_ids=options.note_ids,
        )
        try:
            result = write_client_report(uow, request, out)
        except ValidationError as exc:
            raise _first_error(exc) from None
    _say(
        _(
            "Report on client {id} ({pages} page(s)) from {first} to {last} written to {path}.",
            id=options.client_id,
            pages=result.pages,
            first=options.first.isoformat(),
            last=options.last.isoformat(),
            path=str(out),
        )
    )
    _say(_("This file is not encrypted and holds confidential information: keep it safe."))
    return 0


def cmd_activity(options: argparse.Namespace) -> int:
    out: Path = options.out
    csv_out: Path | None = options.csv_out
    _check_period(options.first, options.last)
    path = vault_path(options)
    read_keyslots(path)
    _check_target(out, path)
    if csv_out is not None:
        _check_target(csv_out, path)
        if csv_out.resolve() == out.resolve():
            raise UsageError(N_("Choose another file for the CSV than for the PDF."))
    try:  # helper B2's module: imported here so the client report works without it
        from socialdesk.services.reports.activity import write_activity_report
    except ImportError:
        raise UsageError(N_("Activity reports are not available in this version.")) from None
    with unlocked_vault(options) as vault, vault.uow() as uow:
        request = ActivityReportRequest(
            period_start=options.first,
            period_end=options.last,
            language=_language(options, uow),
        )
        try:
            result = write_activity_report(uow, request, out, csv_out)
        except ValidationError as exc:
            raise _first_error(exc) from None
    _say(
        _(
            "Activity report ({pages} page(s)) from {first} to {last} written to {path}.",
            pages=result.pages,
            first=options.first.isoformat(),
            last=options.last.isoformat(),
            path=str(out),
        )
    )
    if csv_out is not None:
        _say(_("Figures written to {path}.", path=str(csv_out)))
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "client": cmd_client,
    "activity": cmd_activity,
}
