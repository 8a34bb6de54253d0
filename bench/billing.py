"""Figure 7 — billing: on the ``encrypted`` vault and its ``plain`` copy (same SQLite
library and pragmas, no key), so ``encrypted / plain`` is the cost of encryption:

- **issue invoices** — ``INVOICES`` invoices, each ``services.invoices.create_draft`` +
  ``issue_invoice`` in one unit of work (one line, a client payer), issued in chunks
  alternating between the variants; the figure is the median per-invoice time of a chunk;
- **accountant pack** — ``services.accountant_pack.write_accountant_pack`` of the demo's
  last full year (the year before its last issued document);
- **verify chain** — ``verify_invoice_chain`` over every issued document.

The pack and the chain are measured first, on the demo as generated; the invoices are
issued last, dated the day of the demo's last document. Both variants are copies made
in a folder of their own, so the demo vault (reused by other parts) is not modified.

Run by ``bench.run`` (part ``billing``) on the small demo, and on the large one with
``--large``. Before timing, both variants must give the same pack and chain figures.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.common import median, ratio, rotated, timed
from bench.report import ms, table, times
from socialdesk.storage.uow import UnitOfWork, session_factory

BILLING_VARIANTS = ("encrypted", "plain")
INVOICES = 1000
CHUNK = 50
#: The pack renders a Factur-X PDF per document (~0.05 s each): at most this many
#: repeats, and one only past ``PACK_LONG`` documents (a year of the large demo).
PACK_REPEATS = 3
PACK_LONG = 1000
ISSUE = "issue invoice"
PACK = "accountant pack"
CHAIN = "verify chain"


def _payer_client_id(uow: UnitOfWork) -> int:
    """A client with a full postal address (the payer mentions of an invoice)."""
    from socialdesk.storage.orm import Client

    found = uow.session.execute(
        select(Client.id)
        .where(
            Client.address_line1.is_not(None),
            Client.postal_code.is_not(None),
            Client.city.is_not(None),
        )
        .order_by(Client.id)
        .limit(1)
    ).scalar()
    if found is None:
        raise RuntimeError("billing: no client with an address to bill")
    return int(found)


def _last_issue_date(uow: UnitOfWork) -> date:
    from socialdesk.storage.orm import Invoice

    last = uow.session.execute(select(func.max(Invoice.issue_date))).scalar()
    return last or date.today()


def issue_one(uow: UnitOfWork, client_id: int, day: date, number: int) -> None:
    """One invoice: a draft with one line to a client, issued in the same unit of work."""
    from socialdesk.domain.enums import PayerKind
    from socialdesk.domain.invoicing import InvoiceDraftInput, InvoiceLineInput
    from socialdesk.services.invoices import create_draft, issue_invoice

    data = InvoiceDraftInput(
        payer_kind=PayerKind.PERSON,
        payer_client_id=client_id,
        period_start=day,
        period_end=day,
        lines=(
            InvoiceLineInput(
                description=f"Entretien individuel (bench {number})",
                quantity=Decimal(1),
                unit_price_cents=6000,
                service_date=day,
            ),
        ),
    )
    view, _ = create_draft(uow, data, today=day)
    issue_invoice(uow, view.id, issue_date=day)


def run_billing(
    variants: Sequence[Any],
    *,
    repeats: int = 5,
    invoices: int = INVOICES,
    chunk: int = CHUNK,
    pack_folder: Path,
) -> dict[str, Any]:
    """Measure the pack, the chain check and ``invoices`` issues on both variants."""
    from socialdesk.services.accountant_pack import write_accountant_pack
    from socialdesk.services.invoices import verify_invoice_chain

    by_name = {v.name: v for v in variants}
    engines = {name: by_name[name].open() for name in BILLING_VARIANTS}
    pack_folder.mkdir(parents=True, exist_ok=True)
    try:
        factories = {name: session_factory(engine) for name, engine in engines.items()}
        with UnitOfWork(factories["encrypted"]) as uow:
            client_id = _payer_client_id(uow)
            day = _last_issue_date(uow)
        year = day.year - 1 if (day.month, day.day) != (12, 31) else day.year
        first, last = date(year, 1, 1), date(year, 12, 31)

        def pack(variant: str) -> Any:
            with UnitOfWork(factories[variant]) as uow:
                return write_accountant_pack(uow, pack_folder / f"{variant}.zip", first, last)

        def chain(variant: str) -> Any:
            with UnitOfWork(factories[variant]) as uow:
                return verify_invoice_chain(uow)

        chains = {v: chain(v) for v in BILLING_VARIANTS}  # warm-up and agreement
        if chains["encrypted"] != chains["plain"]:
            raise RuntimeError("billing: encrypted and plain chain checks differ")
        samples: dict[str, dict[str, list[float]]] = {
            step: {v: [] for v in BILLING_VARIANTS} for step in (PACK, CHAIN, ISSUE)
        }
        packs: dict[str, Any] = {}
        for turn in range(min(repeats, PACK_REPEATS)):  # no warm-up: the pack is long
            for v in rotated(BILLING_VARIANTS, turn):
                seconds, packs[v] = timed(lambda v=v: pack(v))
                samples[PACK][v].append(seconds)
            if packs["encrypted"].export.documents > PACK_LONG:
                break
        if packs["encrypted"].members != packs["plain"].members:
            raise RuntimeError("billing: encrypted and plain packs differ")
        for turn in range(repeats):
            for v in rotated(BILLING_VARIANTS, turn):
                samples[CHAIN][v].append(timed(lambda v=v: chain(v))[0])

        issued = dict.fromkeys(BILLING_VARIANTS, 0)
        totals = dict.fromkeys(BILLING_VARIANTS, 0.0)
        turn = 0
        while min(issued.values()) < invoices:
            size = min(chunk, invoices - min(issued.values()))
            for v in rotated(BILLING_VARIANTS, turn):

                def issue_chunk(v: str = v, size: int = size) -> None:
                    for _ in range(size):
                        issued[v] += 1
                        with UnitOfWork(factories[v]) as uow:
                            issue_one(uow, client_id, day, issued[v])

                seconds = timed(issue_chunk)[0]
                totals[v] += seconds
                samples[ISSUE][v].append(seconds / size)
            turn += 1
        after = {v: chain(v) for v in BILLING_VARIANTS}
        if not all(a.checked == chains[v].checked + invoices for v, a in after.items()):
            raise RuntimeError("billing: the issued invoices are not all in the chain")

        entries = {}
        for step, by_variant in samples.items():
            medians = {v: median(values) for v, values in by_variant.items()}
            entries[step] = {
                "median_seconds": medians,
                "encrypted/plain": ratio(medians["encrypted"], medians["plain"]),
            }
        documents = max(1, packs["encrypted"].export.documents)
        per_document = {v: s / documents for v, s in entries[PACK]["median_seconds"].items()}
        return {
            "repeats": repeats,
            "invoices": invoices,
            "chunk": chunk,
            "issue_date": day.isoformat(),
            "pack_year": year,
            "pack_documents": packs["encrypted"].export.documents,
            "pack_members": len(packs["encrypted"].members),
            "pack_seconds_per_document": per_document,
            "chain_documents": chains["encrypted"].checked,
            "chain_breaks": len(chains["encrypted"].breaks),
            "issue_total_seconds": totals,
            "steps": entries,
        }
    finally:
        for engine in engines.values():
            engine.dispose()


def _copy_vault(path: Path, key: bytes, folder: Path) -> Path:
    """A complete copy of the vault file (WAL folded in first)."""
    from bench.workload import checkpoint
    from socialdesk.storage.engine import create_vault_engine

    engine = create_vault_engine(path, key)
    try:
        checkpoint(engine)
    finally:
        engine.dispose()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def run_billing_part(
    workdir: Path,
    *,
    parts: Sequence[str],
    large: bool,
    repeats: int,
    filler: Any,
    invoices: int = INVOICES,
    chunk: int = CHUNK,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The ``billing`` part of ``bench.run``: on copies of the demo vaults the run built
    (or builds them when ``billing`` runs alone)."""
    from bench.run import demo_vault_key
    from bench.workload import prepare_variants

    if "billing" not in parts:
        return {}
    result: dict[str, Any] = {}
    for size in ("small", "large") if large else ("small",):
        path, key = demo_vault_key(workdir, size, filler, log)
        log(f"billing, {size}…")
        folder = workdir / size / "billing"
        try:
            copy = _copy_vault(path, key, folder)
            chosen = prepare_variants(copy, key, folder, BILLING_VARIANTS)
            result[f"billing_{size}"] = run_billing(
                chosen, repeats=repeats, invoices=invoices, chunk=chunk,
                pack_folder=folder / "packs",
            )  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "billing_small" in result and "billing_large" in result:
        small, big = result["billing_small"]["steps"], result["billing_large"]["steps"]
        result["billing_large_over_small"] = {
            step: ratio(
                big[step]["median_seconds"]["encrypted"], small[step]["median_seconds"]["encrypted"]
            )
            for step in big
        }
    return result


def _per_document(billing: dict[str, Any]) -> str:
    per_document = billing.get("pack_seconds_per_document")
    if not per_document:
        return ""
    return f", {ms(per_document['encrypted'])} each"


def billing_table(result: dict[str, Any]) -> list[str]:
    """Figure 7 as printed lines (every size measured)."""
    lines: list[str] = []
    for size in ("small", "large"):
        billing = result.get(f"billing_{size}")
        if billing is None:
            continue
        lines.append(
            f"7. Billing, {size} demo ({billing['invoices']} invoices issued on "
            f"{billing['issue_date']} in chunks of {billing['chunk']}; pack "
            f"{billing['pack_year']}: {billing['pack_documents']} documents"
            f"{_per_document(billing)}; chain: "
            f"{billing['chain_documents']} documents; median of {billing['repeats']})"
        )
        rows = [
            [
                step,
                ms(e["median_seconds"]["encrypted"]),
                ms(e["median_seconds"]["plain"]),
                times(e["encrypted/plain"]),
            ]
            for step, e in billing["steps"].items()
        ]
        lines += ["   " + line for line in table(["step", "encrypted", "plain", "enc/plain"], rows)]
    over = result.get("billing_large_over_small")
    if over:
        lines.append(
            "   large/small (encrypted): "
            + ", ".join(f"{step} {times(value)}" for step, value in over.items())
        )
    return lines
