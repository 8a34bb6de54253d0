"""``python -m bench.run [--large] [--repeat N] [--out DIR]`` — the SocialDesk benchmark.

1. unlock: calibrated passphrase unlock vs raw-key open;
2. startup: ``socialdesk`` main window shown vs a bare PySide6 window (subprocesses);
3. workload: the same list pages and writes on the encrypted vault and plain copies,
   and the case file (filter per keystroke, open a client file, FTS search) through the
   services on both and as raw SQL on the plain copy;
4. with ``--large``: large demo generation time, file size, large/small list-page ratios;
5. agenda: week view, month view and .ics export of a month through the services on
   the encrypted vault and the plain copy (``--large``: also on the large demo);
6. today: the Today page and each of its sections, encrypted and plain (``bench.today``);
7. billing: 1,000 invoices issued, a year's accountant pack and the invoice chain check,
   encrypted and plain (``bench.billing``);
8. activity: a year's activity report (figures, indicators, PDF, CSV), encrypted and plain
   (``bench.reports_activity``);
9. client_report: a client report with 300 notes (gather for two audiences, PDF, write),
   encrypted and plain (``bench.reports_client``).

Every figure is a median of ``--repeat`` interleaved runs; the report gives ratios measured
in the same run. JSON goes to ``<out>/<timestamp>.json``; a table is printed.
Workload and startup vaults use cheap KDF parameters (the KDF is figure 1 only).
With ``--workdir DIR --reuse``, demo vaults already built in DIR by an earlier run are
opened instead of generated again (the large one takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.agenda import agenda_table, large_over_small, run_agenda
from bench.billing import billing_table, run_billing_part
from bench.case_file import run_case_file
from bench.common import BENCH_PASSPHRASE, CHEAP_KDF, file_size, ratio, timed
from bench.report import format_report
from bench.reports_activity import activity_table, run_activity_part
from bench.reports_client import client_report_table, run_client_report_part
from bench.startup import measure_startup
from bench.today import run_today_part, today_table
from bench.unlock import measure_unlock
from bench.workload import (
    ALL_VARIANTS,
    TARGET_SECONDS,
    Params,
    checkpoint,
    choose_params,
    prepare_variants,
    run_workload,
)
from socialdesk.services.vault import Vault, create_vault, unlock_with_passphrase
from socialdesk.storage.stats import record_counts

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
PARTS = ("unlock", "startup", "workload", "agenda", "today", "billing", "activity", "client_report")
Filler = Callable[[Vault, str], Any]


def machine_info() -> dict[str, Any]:
    import sqlcipher3
    from PySide6 import __version__ as pyside_version

    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu_model = platform.processor()
    connection = sqlcipher3.connect(":memory:")
    try:
        cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        connection.close()
    return {
        "platform": platform.platform(terse=True),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model or "unknown",
        "python": platform.python_version(),
        "sqlcipher": cipher,
        "sqlite_sqlcipher": sqlcipher3.sqlite_version,
        "sqlite_stdlib": sqlite3.sqlite_version,
        "pyside6": pyside_version,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def demo_filler(vault: Vault, size: str) -> Any:
    """The demo generator of the app (``services.demo.generate_demo``)."""
    from socialdesk.services.demo import generate_demo

    return generate_demo(vault, size=size, seed=7)


def jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


def demo_vault_key(
    workdir: Path, size: str, filler: Filler, log: Callable[[str], None] = print
) -> tuple[Path, bytes]:
    """The demo vault of ``size`` in ``workdir`` and its raw key: the one an earlier part
    (or run) built there, else built now."""
    from socialdesk.services.vault import unlock_with_passphrase

    path = workdir / size / f"{size}.sdvault"
    if path.exists():
        vault = unlock_with_passphrase(path, BENCH_PASSPHRASE)
        try:
            return path, vault.raw_key()
        finally:
            vault.lock()
    log(f"{size} demo vault…")
    _info, key, _params = build_vault(path, size, filler)
    return path, key


def build_vault(
    path: Path, size: str, filler: Filler, *, reuse: bool = False
) -> tuple[dict[str, Any], bytes, Params]:
    """A demo vault with cheap KDF parameters; returns its facts, raw key and parameters.
    With ``reuse``, a vault already at ``path`` (an earlier run's) is opened instead."""
    if reuse and path.exists():
        vault = unlock_with_passphrase(path, BENCH_PASSPHRASE)
        seconds, summary = float("nan"), {"reused": str(path)}
    else:
        vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=CHEAP_KDF)
        seconds, summary = None, None
    try:
        if summary is None:
            seconds, summary = timed(lambda: filler(vault, size))
        checkpoint(vault.engine)
        params = choose_params(vault.engine)
        counts = record_counts(vault.engine)
        key = vault.raw_key()
    finally:
        vault.lock()
    info = {
        "size": size,
        "generation_seconds": seconds,
        "file_bytes": file_size(path),
        "counts": {k: v for k, v in counts.items() if v},
        "summary": jsonable(summary),
    }
    return info, key, params


def run(
    *,
    workdir: Path,
    large: bool = False,
    repeats: int = 5,
    parts: Sequence[str] = PARTS,
    filler: Filler = demo_filler,
    variants: Sequence[str] = ALL_VARIANTS,
    unlock_kdf: Any = None,
    startup_warmup: bool = True,
    startup_unlock_dialog: bool = True,
    target_seconds: float = TARGET_SECONDS,
    case_file: bool = True,
    reuse: bool = False,
    billing_invoices: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run the chosen parts in ``workdir`` and return the result (JSON-ready)."""
    result: dict[str, Any] = {
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        "repeats": repeats,
    }
    if "unlock" in parts:
        log("unlock…")
        result["unlock"] = measure_unlock(workdir, repeats=repeats, kdf_params=unlock_kdf)
    if {"startup", "workload", "agenda"} & set(parts) or large:
        log("small demo vault…")
        small_path = workdir / "small" / "small.sdvault"
        info, key, params = build_vault(small_path, "small", filler, reuse=reuse)
        result["vault_small"] = info
        if "startup" in parts:
            log("startup…")
            result["startup"] = measure_startup(
                workdir,
                small_path,
                repeats=repeats,
                warmup=startup_warmup,
                unlock_dialog=startup_unlock_dialog,
            )
        if "agenda" in parts:
            log("agenda, small…")
            chosen = prepare_variants(
                small_path, key, workdir / "small" / "agenda", ("encrypted", "plain")
            )
            result["agenda_small"] = run_agenda(
                chosen, repeats=repeats, target_seconds=target_seconds
            )
            shutil.rmtree(workdir / "small" / "agenda", ignore_errors=True)
        if "workload" in parts:
            log("workload, small…")
            chosen = prepare_variants(small_path, key, workdir / "small" / "variants", variants)
            if case_file and {"encrypted", "plain"} <= set(variants):
                log("case file, small…")  # before the workload's writes change the copies
                result["case_file_small"] = run_case_file(
                    chosen, repeats=repeats, target_seconds=target_seconds
                )
            result["workload_small"] = run_workload(
                chosen, params, repeats=repeats, target_seconds=target_seconds
            )
            shutil.rmtree(workdir / "small" / "variants", ignore_errors=True)
    if large:
        log("large demo vault (this takes a while)…")
        large_path = workdir / "large" / "large.sdvault"
        info, key, params = build_vault(large_path, "large", filler, reuse=reuse)
        result["vault_large"] = info
        if "agenda" in parts:
            log("agenda, large…")
            chosen = prepare_variants(
                large_path, key, workdir / "large" / "agenda", ("encrypted", "plain")
            )
            result["agenda_large"] = run_agenda(
                chosen, repeats=repeats, target_seconds=target_seconds
            )
            shutil.rmtree(workdir / "large" / "agenda", ignore_errors=True)
            if "agenda_small" in result:
                result["agenda_large_over_small"] = large_over_small(
                    result["agenda_small"], result["agenda_large"]
                )
    if large and "workload" in parts:
        log("workload, large…")
        chosen = prepare_variants(large_path, key, workdir / "large" / "variants", variants)
        if case_file and {"encrypted", "plain"} <= set(variants):
            log("case file, large…")
            result["case_file_large"] = run_case_file(
                chosen, repeats=repeats, target_seconds=target_seconds
            )
        result["workload_large"] = run_workload(
            chosen, params, repeats=repeats, target_seconds=target_seconds
        )
        small = result.get("workload_small")
        large_queries = result["workload_large"]["queries"]
        result["large"] = {
            "generation_seconds": info["generation_seconds"],
            "file_bytes": info["file_bytes"],
            "small_file_bytes": result["vault_small"]["file_bytes"],
            "counts": {
                k: info["counts"].get(k)
                for k in ("client", "appointment", "case_note", "invoice", "billable_item")
            },
            "large_over_small": {
                q: ratio(
                    large_queries[q]["median_seconds"]["encrypted"],
                    small["queries"][q]["median_seconds"]["encrypted"],
                )
                for q in large_queries
                if small is not None and large_queries[q]["kind"] == "read"
            },
        }
    result.update(run_today_part(workdir, parts=parts, large=large, repeats=repeats,
                                 target_seconds=target_seconds, filler=filler, log=log))  # fmt: skip
    billing_sizes = {} if billing_invoices is None else {"invoices": billing_invoices}
    result.update(run_billing_part(workdir, parts=parts, large=large, repeats=repeats,
                                   filler=filler, log=log, **billing_sizes))  # fmt: skip
    result.update(run_activity_part(workdir, parts=parts, large=large, repeats=repeats,
                                    filler=filler, log=log))  # fmt: skip
    result.update(run_client_report_part(workdir, parts=parts, large=large, repeats=repeats,
                                         filler=filler, log=log))  # fmt: skip
    if hasattr(os, "getloadavg"):
        result["machine"]["load_average_end"] = list(os.getloadavg())
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="SocialDesk benchmark: unlock, startup, encrypted/plain workload, large demo (bench/README.md).",
    )
    parser.add_argument("--large", action="store_true", help="also the large demo (minutes)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats per figure (median)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of JSON results")
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run only this part (repeatable)"
    )
    parser.add_argument("--workdir", type=Path, help="keep the bench vaults in this folder")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --workdir: open the demo vaults an earlier run left there instead of "
        "generating them again",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.reuse and args.workdir is None:
        parser.error("--reuse needs --workdir")
    parts = tuple(args.only or PARTS)
    with tempfile.TemporaryDirectory(prefix="socialdesk-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = run(
            workdir=workdir, large=args.large, repeats=args.repeat, parts=parts, reuse=args.reuse
        )
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = args.out / f"{stamp}.json"
    target.write_text(json.dumps(jsonable(result), indent=2, ensure_ascii=False) + "\n")
    print()
    print(format_report(result))
    agenda = agenda_table(result)
    if agenda:
        print()
        print("\n".join(agenda))
    print("\n".join(["", *today_table(result)]))
    billing = billing_table(result)
    if billing:
        print("\n".join(["", *billing]))
    print("\n".join(["", *activity_table(result)]))
    print("\n".join(["", *client_report_table(result)]))
    print(f"JSON: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
