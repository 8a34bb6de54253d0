"""Figure 9 — a client report with 300 notes, on the ``encrypted`` vault and its ``plain``
copy (same SQLite library and pragmas, no key), so ``encrypted / plain`` is the cost of
encryption:

- **gather (file)** — ``gather_client_report`` for the ``file`` audience, every section,
  the 300 notes of the year (what the preview reads);
- **gather (partner)** — the same for the ``partner`` audience (third-party names scrubbed
  from the texts; note texts withheld unless ticked, so all 300 are ticked here);
- **PDF (file)** — ``render_client_report`` (gather + ReportLab in memory), French;
- **write (file)** — ``write_client_report``: the PDF written atomically (0600), the
  report log row and the audit event, committed.

The person is the demo client with the most notes; notes (realistic French text with
their diacritics, some private) are added on the copy until the person has ``NOTES``
notes in the year ending on their last note. Run by ``bench.run`` (part
``client_report``) on the small demo, and on the large one with ``--large``. Before
timing, both variants must gather the same report. The demo vault itself is not changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from bench.common import median, ratio, rotated, timed
from bench.report import ms, table, times
from socialdesk.storage.uow import UnitOfWork, session_factory

CLIENT_VARIANTS = ("encrypted", "plain")
NOTES = 300
GATHER = "gather (file)"
GATHER_PARTNER = "gather (partner)"
PDF = "PDF (file)"
WRITE = "write (file)"

_BODY = (
    "Entretien au bureau avec {name}. Point sur la situation : le dossier de logement "
    "social est complet, la commission doit se réunir le mois prochain. Les ressources "
    "restent fragiles (RSA, aide au logement) ; un échéancier a été négocié avec le "
    "fournisseur d'énergie. Démarches à prévoir : relancer la CAF, préparer le dossier "
    "de surendettement, prendre rendez-vous à la PMI pour l'enfant. Ștefan, voisin, "
    "accompagne parfois aux rendez-vous. Prochaine rencontre dans quinze jours. ({n})"
)


def _top_up_notes(engine: Engine) -> tuple[int, date, date, int]:
    """The client with the most notes, topped up to ``NOTES`` notes in the year ending
    on their last note: ``(client id, first day, last day, notes in the period)``."""
    from socialdesk.domain.clients import display_name
    from socialdesk.domain.notes import NoteInput
    from socialdesk.services.notes import create_note
    from socialdesk.storage.orm import CaseNote, Client

    with UnitOfWork(session_factory(engine)) as uow:
        session = uow.session
        top = session.execute(
            select(CaseNote.client_id, func.max(CaseNote.note_date))
            .group_by(CaseNote.client_id)
            .order_by(func.count().desc(), CaseNote.client_id)
            .limit(1)
        ).first()
        if top is None:  # a vault without notes (the bench's own tiny test data)
            client_id, last = session.execute(select(func.min(Client.id))).scalar_one(), None
        else:
            client_id, last = top
        last = last or date.today()
        first = last - timedelta(days=364)
        count = session.execute(
            select(func.count()).where(
                CaseNote.client_id == client_id,
                CaseNote.note_date >= first,
                CaseNote.note_date <= last,
            )
        ).scalar_one()
        client = session.get(Client, client_id)
        assert client is not None
        name = display_name(client.last_name, client.first_name)
        for n in range(max(0, NOTES - count)):
            day = first + timedelta(days=(n * 7) % 365)
            body = _BODY.format(name=name, n=n)
            create_note(uow, NoteInput(client_id, day, title=f"Entretien {n + 1}", body=body,
                                       is_private=n % 10 == 0))  # fmt: skip
        total = session.execute(
            select(func.count()).where(
                CaseNote.client_id == client_id,
                CaseNote.note_date >= first,
                CaseNote.note_date <= last,
            )
        ).scalar_one()
    return int(client_id), first, last, int(total)


def _steps(
    client_id: int, first: date, last: date, out_folder: Path, note_ids: tuple[int, ...]
) -> dict[str, Callable[[UnitOfWork, str], Any]]:
    from socialdesk.domain.enums import ReportAudience
    from socialdesk.domain.reports import ClientReportRequest, ReportSection
    from socialdesk.services.reports.client_report import (
        gather_client_report,
        render_client_report,
        write_client_report,
    )

    every = tuple(ReportSection)
    full = ClientReportRequest(client_id, ReportAudience.INTERNAL, first, last, every)
    partner = ClientReportRequest(
        client_id, ReportAudience.PARTNER, first, last, every, note_ids=note_ids
    )
    today = last + timedelta(days=1)
    return {
        GATHER: lambda uow, v: gather_client_report(uow, full, today=today),
        GATHER_PARTNER: lambda uow, v: gather_client_report(uow, partner, today=today),
        PDF: lambda uow, v: render_client_report(uow, full, today=today).pages,
        WRITE: lambda uow, v: (
            write_client_report(uow, full, out_folder / f"{v}.pdf", today=today).pages
        ),
    }


def run_client_report(
    variants: Sequence[Any], *, repeats: int, client_id: int, first: date, last: date,
    out_folder: Path,
) -> dict[str, Any]:  # fmt: skip
    """Measure each step on both variants (interleaved, order rotating every repeat)."""
    from socialdesk.storage.orm import CaseNote

    by_name = {v.name: v for v in variants}
    engines = {name: by_name[name].open() for name in CLIENT_VARIANTS}
    out_folder.mkdir(parents=True, exist_ok=True)
    try:
        factories = {name: session_factory(engine) for name, engine in engines.items()}
        with UnitOfWork(factories["encrypted"]) as uow:
            note_ids = tuple(
                uow.session.scalars(
                    select(CaseNote.id).where(
                        CaseNote.client_id == client_id,
                        CaseNote.note_date >= first,
                        CaseNote.note_date <= last,
                    )
                )
            )
        steps = _steps(client_id, first, last, out_folder, note_ids)

        def call(variant: str, name: str) -> Any:
            with UnitOfWork(factories[variant]) as uow:
                return steps[name](uow, variant)

        # Warm-up and agreement between the variants.
        gathered = {v: call(v, GATHER) for v in CLIENT_VARIANTS}
        if gathered["encrypted"] != gathered["plain"]:
            raise RuntimeError("client report: encrypted and plain reports differ")
        samples: dict[str, dict[str, list[float]]] = {
            name: {v: [] for v in CLIENT_VARIANTS} for name in steps
        }
        pages = 0
        for turn in range(repeats):
            for name in steps:
                for v in rotated(CLIENT_VARIANTS, turn):
                    seconds, value = timed(lambda v=v, name=name: call(v, name))
                    samples[name][v].append(seconds)
                    if name == PDF:
                        pages = value
        entries = {}
        for name, by_variant in samples.items():
            medians = {v: median(values) for v, values in by_variant.items()}
            entries[name] = {
                "median_seconds": medians,
                "encrypted/plain": ratio(medians["encrypted"], medians["plain"]),
            }
        shown = gathered["encrypted"]
        return {
            "repeats": repeats,
            "period": [first.isoformat(), last.isoformat()],
            "notes": len(shown.notes or ()),
            "appointments": shown.appointments.total if shown.appointments else 0,
            "pages": pages,
            "steps": entries,
        }
    finally:
        for engine in engines.values():
            engine.dispose()


def run_client_report_part(
    workdir: Path,
    *,
    parts: Sequence[str],
    large: bool,
    repeats: int,
    filler: Any,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The ``client_report`` part of ``bench.run``: on copies of the demo vaults the run
    built (or builds them when this part runs alone)."""
    from bench.billing import _copy_vault
    from bench.run import demo_vault_key
    from bench.workload import prepare_variants
    from socialdesk.storage.engine import create_vault_engine

    if "client_report" not in parts:
        return {}
    result: dict[str, Any] = {}
    for size in ("small", "large") if large else ("small",):
        path, key = demo_vault_key(workdir, size, filler, log)
        log(f"client report, {size}…")
        folder = workdir / size / "client_report"
        try:
            copy = _copy_vault(path, key, folder)
            engine = create_vault_engine(copy, key)
            try:
                client_id, first, last, _notes = _top_up_notes(engine)
            finally:
                engine.dispose()
            chosen = prepare_variants(copy, key, folder, CLIENT_VARIANTS)
            result[f"client_report_{size}"] = run_client_report(
                chosen, repeats=repeats, client_id=client_id, first=first, last=last,
                out_folder=folder / "out",
            )  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def client_report_table(result: dict[str, Any]) -> list[str]:
    """Figure 9 as printed lines (every size measured)."""
    lines: list[str] = []
    for size in ("small", "large"):
        report = result.get(f"client_report_{size}")
        if report is None:
            continue
        lines.append(
            f"9. A client report with {report['notes']} notes, {size} demo (period "
            f"{report['period'][0]} – {report['period'][1]}, {report['appointments']} "
            f"appointments; PDF {report['pages']} pages; median of {report['repeats']})"
        )
        rows = [
            [
                step,
                ms(e["median_seconds"]["encrypted"]),
                ms(e["median_seconds"]["plain"]),
                times(e["encrypted/plain"]),
            ]
            for step, e in report["steps"].items()
        ]
        lines += ["   " + line for line in table(["step", "encrypted", "plain", "enc/plain"], rows)]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.reports_client --workdir DIR [--large] [--repeat N]``: this
    figure alone, on the demo vaults in DIR (built there when missing)."""
    import argparse

    from bench.run import demo_filler

    parser = argparse.ArgumentParser(prog="python -m bench.reports_client")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    result = run_client_report_part(
        args.workdir, parts=("client_report",), large=args.large, repeats=args.repeat,
        filler=demo_filler,
    )  # fmt: skip
    print("\n".join(client_report_table(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
