"""The benchmark harness runs end to end at tiny sizes, so it cannot rot unnoticed.

No timing is asserted (figures depend on the machine); only that every part runs, that the
variants agree on every query's rows, and that the result serializes and prints.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bench.agenda import AGENDA_VARIANTS, agenda_table, run_agenda
from bench.billing import BILLING_VARIANTS, billing_table, issue_one, run_billing_part
from bench.case_file import CASE_VARIANTS, run_case_file
from bench.common import BENCH_PASSPHRASE, CHEAP_KDF
from bench.fill import fill_synthetic
from bench.report import case_file_table, format_report
from bench.run import jsonable, run
from bench.workload import (
    ALL_VARIANTS,
    READS,
    WRITES,
    choose_params,
    clients_page,
    is_plaintext_sqlite,
    prepare_variants,
)
from sqlalchemy import func, select

from socialdesk.services.vault import create_vault, unlock_with_passphrase
from socialdesk.storage.orm import Client, Invoice
from tests.services.invoice_setup import set_profile


def _tiny(vault: Any, size: str) -> dict[str, int]:
    factor = 2 if size == "large" else 1
    counts = fill_synthetic(vault.engine, clients=12 * factor, invoices=8 * factor)
    # What billing needs and the synthetic filler leaves out: a complete profile, a client
    # with a postal address, and a last full year of real invoices (the synthetic ones
    # have no lines, so no Factur-X PDF) for the accountant pack.
    set_profile(vault)
    with vault.uow() as uow:
        client = uow.session.get(Client, 1)
        assert client is not None
        client.address_line1, client.postal_code, client.city = "3 rue Neuve", "59000", "Lille"
    for number, day in enumerate((date(2027, 6, 1), date(2028, 1, 10)), start=1):
        with vault.uow() as uow:
            issue_one(uow, 1, day, number)
    return counts


def test_harness_runs_every_part_at_tiny_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bench.workload.BATCH_NOTES", 5)
    monkeypatch.setattr("bench.workload.SINGLE_COMMITS", 2)
    result = run(
        workdir=tmp_path,
        large=True,
        repeats=1,
        filler=_tiny,
        unlock_kdf=CHEAP_KDF,
        startup_warmup=False,
        startup_unlock_dialog=False,
        variants=("encrypted", "plain"),  # every variant: the test below
        target_seconds=0.0,
        billing_invoices=3,
        log=lambda _message: None,
    )

    assert result["unlock"]["median_seconds"]["passphrase_unlock"] > 0
    assert result["startup"]["median_seconds"]["socialdesk"]["shown"] > 0
    assert "ready" in result["startup"]["median_seconds"]["socialdesk"]
    for size in ("small", "large"):
        measured = result[f"workload_{size}"]
        assert set(measured["variants"]) == {"encrypted", "plain"}
        assert set(measured["queries"]) == set(READS) | set(WRITES)
        assert measured["queries"]["clients_page"]["rows"] > 0
        assert measured["queries"]["agenda_week"]["rows"] > 0
        assert "encrypted/plain" in measured["ratios"]
    assert set(result["large"]["large_over_small"]) == set(READS)
    for size in ("small", "large"):
        case = result[f"case_file_{size}"]
        assert set(case["groups"]) == {"filter_name", "filter_phone", "open_file", "search"}
        assert case["groups"]["filter_name"]["steps"] == 5
        for entry in case["steps"].values():
            assert set(entry["median_seconds"]) == set(CASE_VARIANTS)

    for size in ("small", "large"):
        agenda = result[f"agenda_{size}"]
        assert set(agenda["steps"]) == {
            "week view", "month view", "ics month", "ics month anonymized",
        }  # fmt: skip
        assert agenda["steps"]["month view"]["rows"]["appointments"] > 0
    assert set(result["agenda_large_over_small"]) == set(result["agenda_small"]["steps"])
    assert any("week view" in line for line in agenda_table(result))
    for size in ("small", "large"):
        billing = result[f"billing_{size}"]
        assert billing["invoices"] == 3 and billing["chain_documents"] > 0
        for entry in billing["steps"].values():
            assert set(entry["median_seconds"]) == set(BILLING_VARIANTS)
    assert set(result["billing_large_over_small"]) == set(result["billing_small"]["steps"])
    assert any("issue invoice" in line for line in billing_table(result))

    text = json.dumps(jsonable(result))
    assert "bench passphrase" not in text
    report = format_report(result)
    assert "1. Unlock" in report and "2. Startup" in report and "4. Large demo" in report
    assert "3b. Case file" in report


def test_case_file_steps_agree_and_find_the_client(tmp_path: Path) -> None:
    path = tmp_path / "v.sdvault"
    vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=CHEAP_KDF)
    fill_synthetic(vault.engine, clients=6, invoices=2)
    key = vault.raw_key()
    vault.lock()
    variants = prepare_variants(path, key, tmp_path / "variants", ("encrypted", "plain"))

    case = run_case_file(variants, repeats=1, target_seconds=0.0)

    params = case["params"]
    assert len(params["name_keystrokes"]) == 5 and params["client_notes"] > 0
    full_name = case["steps"][f"filter name '{params['name_keystrokes'][-1]}'"]["rows"]
    assert full_name["service"] > 0 and full_name["raw"] >= full_name["service"]
    opened = case["steps"]["open file"]["rows"]
    assert opened["service_notes"] == opened["raw_notes"] == params["client_notes"]
    by_name = case["steps"][f"search '{params['searches'][2]}'"]
    assert by_name["rows"]["service_clients"] > 0 and by_name["raw_holds_service_hits"]
    assert any("search" in line for line in case_file_table(case))


def test_plain_copy_is_plain_and_holds_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "v.sdvault"
    vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=CHEAP_KDF)
    fill_synthetic(vault.engine, clients=5, invoices=2)
    params = choose_params(vault.engine)
    key = vault.raw_key()
    vault.lock()

    variants = {v.name: v for v in prepare_variants(path, key, tmp_path / "variants")}
    assert set(variants) == set(ALL_VARIANTS)
    assert is_plaintext_sqlite(variants["plain"].path)
    assert not is_plaintext_sqlite(variants["naive_schema"].path)
    pages = []
    for variant in variants.values():
        engine = variant.open()
        try:
            pages.append([tuple(r) for r in clients_page(engine, params)])
        finally:
            engine.dispose()
    assert all(page == pages[0] for page in pages)


def test_agenda_steps_agree_with_raw_sql_and_export_the_month(tmp_path: Path) -> None:
    path = tmp_path / "v.sdvault"
    vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=CHEAP_KDF)
    fill_synthetic(vault.engine, clients=8, invoices=2)
    key = vault.raw_key()
    vault.lock()
    variants = prepare_variants(path, key, tmp_path / "variants", ("encrypted", "plain"))

    agenda = run_agenda(variants, repeats=1, target_seconds=0.0)

    steps, params = agenda["steps"], agenda["params"]
    week = steps["week view"]
    assert week["rows"]["appointments"] == week["rows"]["raw"] >= params["week_appointments"] > 0
    month = steps["month view"]
    assert month["rows"]["appointments"] == month["rows"]["raw"] >= week["rows"]["appointments"]
    ics = steps["ics month"]["rows"]
    assert 0 < ics["events"] <= month["rows"]["appointments"]
    assert steps["ics month anonymized"]["rows"]["events"] == ics["events"]
    assert set(week["median_seconds"]) == set(AGENDA_VARIANTS)
    assert set(steps["ics month"]["median_seconds"]) == set(AGENDA_VARIANTS[:2])


def test_reuse_opens_the_vaults_an_earlier_run_left(tmp_path: Path) -> None:
    def no_filler(_vault: Any, _size: str) -> None:
        raise AssertionError("a reused vault is not filled again")

    options: dict[str, Any] = {
        "workdir": tmp_path, "parts": ("agenda",), "repeats": 1, "target_seconds": 0.0,
        "log": lambda _message: None,
    }  # fmt: skip
    first = run(filler=_tiny, **options)
    again = run(filler=no_filler, reuse=True, **options)

    assert again["vault_small"]["summary"] == {"reused": str(tmp_path / "small" / "small.sdvault")}
    assert again["agenda_small"]["params"] == first["agenda_small"]["params"]
    assert "workload_small" not in again and "unlock" not in again


def test_billing_issues_on_copies_and_leaves_the_demo_vault_alone(tmp_path: Path) -> None:
    path = tmp_path / "small" / "small.sdvault"
    path.parent.mkdir()
    vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=CHEAP_KDF)
    _tiny(vault, "small")
    vault.lock()

    result = run_billing_part(
        tmp_path, parts=("billing",), large=False, repeats=1, filler=_tiny,
        invoices=5, chunk=2, log=lambda _message: None,
    )  # fmt: skip

    billing = result["billing_small"]
    assert billing["invoices"] == 5 and billing["chunk"] == 2
    assert len(billing["steps"]) == 3
    assert billing["steps"]["issue invoice"]["median_seconds"]["encrypted"] > 0
    assert billing["pack_year"] == 2027 and billing["pack_documents"] == 1
    assert not (tmp_path / "small" / "billing").exists()
    vault = unlock_with_passphrase(path, BENCH_PASSPHRASE)
    try:
        with vault.uow() as uow:
            assert uow.session.scalar(select(func.count()).select_from(Invoice)) == 10
    finally:
        vault.lock()
