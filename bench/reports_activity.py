"""Figure 8 — a year's activity report, on the ``encrypted`` vault and its ``plain`` copy
(same SQLite library and pragmas, no key), so ``encrypted / plain`` is the cost of
encryption:

- **figures** — ``activity_figures`` of the demo's last full year (every aggregate query:
  persons accompanied with their breakdowns, appointments, hours, km, objectives,
  démarches, rights, revenue);
- **figures + previous year** — what the report reads: the year and the year before;
- **indicators** — ``indicator_progress`` over the year, archived indicators included
  as the report shows them (each counted over its own period; here the year's figures
  are counted again, the report itself reuses its own);
- **report PDF** — ``render_activity_report`` (figures of both years, indicators, tables,
  three charts; ReportLab in memory), French;
- **CSV** — ``activity_csv`` of the two years' figures.

The year is the one before the demo's last done appointment. Run by ``bench.run`` (part
``activity``) on the small demo, and on the large one with ``--large``. Before timing,
both variants must give the same figures. Read-only: copies are made of the demo vault.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from bench.common import median, ratio, rotated, timed
from bench.report import ms, table, times
from socialdesk.storage.uow import UnitOfWork, session_factory

ACTIVITY_VARIANTS = ("encrypted", "plain")
FIGURES = "figures"
BOTH = "figures + previous year"
INDICATORS = "indicators"
PDF = "report PDF"
CSV = "CSV"


def report_year(engine: Engine) -> int:
    """The last full year of the demo: the year before its last done appointment."""
    from socialdesk.domain.enums import AppointmentStatus
    from socialdesk.storage.orm import Appointment

    with UnitOfWork(session_factory(engine)) as uow:
        last = uow.session.execute(
            select(func.max(Appointment.starts_at)).where(
                Appointment.status == AppointmentStatus.DONE
            )
        ).scalar()
    return (last.year if last is not None else date.today().year) - 1


def _steps(year: int) -> dict[str, Callable[[UnitOfWork], Any]]:
    from socialdesk.domain.reports import ActivityReportRequest
    from socialdesk.services.indicators import indicator_progress
    from socialdesk.services.reports.activity import (
        activity_csv,
        activity_figures,
        render_activity_report,
    )

    first, last = date(year, 1, 1), date(year, 12, 31)
    before = (date(year - 1, 1, 1), date(year - 1, 12, 31))
    request = ActivityReportRequest(first, last, language="fr")

    def csv(uow: UnitOfWork) -> str:
        return activity_csv(
            activity_figures(uow, first, last), activity_figures(uow, *before), "fr"
        )

    return {
        FIGURES: lambda uow: activity_figures(uow, first, last),
        BOTH: lambda uow: (activity_figures(uow, first, last), activity_figures(uow, *before)),
        INDICATORS: lambda uow: indicator_progress(uow, first, last, include_inactive=True),
        PDF: lambda uow: render_activity_report(uow, request).pages,
        CSV: csv,
    }


def run_activity(variants: Sequence[Any], *, repeats: int = 5) -> dict[str, Any]:
    """Measure each step on both variants (interleaved, order rotating every repeat)."""
    by_name = {v.name: v for v in variants}
    engines = {name: by_name[name].open() for name in ACTIVITY_VARIANTS}
    try:
        factories = {name: session_factory(engine) for name, engine in engines.items()}
        year = report_year(engines["encrypted"])
        steps = _steps(year)

        def call(variant: str, name: str) -> Any:
            with UnitOfWork(factories[variant]) as uow:
                return steps[name](uow)

        # Warm-up (first reads after opening) and agreement between the variants.
        figures = {v: call(v, FIGURES) for v in ACTIVITY_VARIANTS}
        if figures["encrypted"] != figures["plain"]:
            raise RuntimeError("activity: encrypted and plain figures differ")
        first_seconds = {v: timed(lambda v=v: call(v, PDF))[0] for v in ACTIVITY_VARIANTS}
        samples: dict[str, dict[str, list[float]]] = {
            name: {v: [] for v in ACTIVITY_VARIANTS} for name in steps
        }
        pages = 0
        for turn in range(repeats):
            for name in steps:
                for v in rotated(ACTIVITY_VARIANTS, turn):
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
        shown = figures["encrypted"]
        return {
            "year": year,
            "repeats": repeats,
            "pages": pages,
            "first_pdf_seconds": first_seconds,
            "counts": {
                "persons_accompanied": shown.persons_accompanied,
                "appointments": shown.appointments_count(),
                "appointments_done": shown.appointments_done,
            },
            "steps": entries,
        }
    finally:
        for engine in engines.values():
            engine.dispose()


def run_activity_part(
    workdir: Path,
    *,
    parts: Sequence[str],
    large: bool,
    repeats: int,
    filler: Any,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The ``activity`` part of ``bench.run``: on copies of the demo vaults the run built
    (or builds them when ``activity`` runs alone)."""
    from bench.billing import _copy_vault
    from bench.run import demo_vault_key
    from bench.workload import prepare_variants

    if "activity" not in parts:
        return {}
    result: dict[str, Any] = {}
    for size in ("small", "large") if large else ("small",):
        path, key = demo_vault_key(workdir, size, filler, log)
        log(f"activity report, {size}…")
        folder = workdir / size / "activity"
        try:
            copy = _copy_vault(path, key, folder)
            chosen = prepare_variants(copy, key, folder, ACTIVITY_VARIANTS)
            result[f"activity_{size}"] = run_activity(chosen, repeats=repeats)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "activity_small" in result and "activity_large" in result:
        small, big = result["activity_small"]["steps"], result["activity_large"]["steps"]
        result["activity_large_over_small"] = {
            step: ratio(
                big[step]["median_seconds"]["encrypted"], small[step]["median_seconds"]["encrypted"]
            )
            for step in big
        }
    return result


def activity_table(result: dict[str, Any]) -> list[str]:
    """Figure 8 as printed lines (every size measured)."""
    lines: list[str] = []
    for size in ("small", "large"):
        activity = result.get(f"activity_{size}")
        if activity is None:
            continue
        counts = activity["counts"]
        lines.append(
            f"8. A year's activity report, {size} demo (year {activity['year']}: "
            f"{counts['persons_accompanied']} persons accompanied, "
            f"{counts['appointments']} appointments; PDF {activity['pages']} pages; "
            f"median of {activity['repeats']})"
        )
        rows = [
            [
                step,
                ms(e["median_seconds"]["encrypted"]),
                ms(e["median_seconds"]["plain"]),
                times(e["encrypted/plain"]),
            ]
            for step, e in activity["steps"].items()
        ]
        lines += ["   " + line for line in table(["step", "encrypted", "plain", "enc/plain"], rows)]
    over = result.get("activity_large_over_small")
    if over:
        lines.append(
            "   large/small (encrypted): "
            + ", ".join(f"{step} {times(value)}" for step, value in over.items())
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.reports_activity --workdir DIR [--large] [--repeat N]``: this
    figure alone, on the demo vaults in DIR (built there when missing)."""
    import argparse

    from bench.run import demo_filler

    parser = argparse.ArgumentParser(prog="python -m bench.reports_activity")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    result = run_activity_part(
        args.workdir, parts=("activity",), large=args.large, repeats=args.repeat,
        filler=demo_filler,
    )  # fmt: skip
    print("\n".join(activity_table(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
