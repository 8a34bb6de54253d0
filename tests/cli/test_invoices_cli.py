"""``socialdesk invoices export`` on real encrypted vaults: every format, the audit
entries, and the refusals (exit 2) that come before the passphrase is asked."""

from __future__ import annotations

import os
import stat
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from socialdesk.domain.enums import InvoiceKind
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.audit import recent_events
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import unlock_with_passphrase
from tests.cli.conftest import Result, Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE
from tests.services.billing_docs_fixtures import Line, Seeder

MARCH = ("--from", "2026-03-01", "--to", "2026-03-31")


@pytest.fixture
def billed_vault(stored_vault: StoredVault) -> StoredVault:
    opened = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            save_profile(uow, PractitionerProfile(legal_name="Françoise Lefèvre",
                                                  siren="732829320"))  # fmt: skip
            seeder = Seeder(uow)
            first = seeder.issue([Line("Entretien", Decimal("1.5"))], issue_date=date(2026, 3, 5))
            seeder.issue([Line("Visite")], issue_date=date(2026, 3, 9))
            seeder.issue([Line("Entretien", Decimal("1.5"))], kind=InvoiceKind.CREDIT_NOTE,
                         credits=first, issue_date=date(2026, 3, 20))  # fmt: skip
            seeder.issue([Line("Avril")], issue_date=date(2026, 4, 2))
    finally:
        opened.lock()
    return stored_vault


def _export(run: Run, vault: StoredVault, fmt: str, out: Path, *extra: str) -> Result:
    return run("invoices", "export", "--vault", vault.path, *MARCH, "--format", fmt,
               "--out", out, *extra)  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "pack"])
def test_file_formats_are_written_privately(
    run: Run, billed_vault: StoredVault, passphrase_env: str, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"export.{fmt}"

    result = _export(run, billed_vault, fmt, out)

    assert result.code == 0, result.err
    assert "3 invoice(s) and credit note(s) from 2026-03-01 to 2026-03-31" in result.out
    assert "Total including VAT: 60.00." in result.out
    assert out.exists()
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if fmt == "pack":
        assert "732829320FEC20260331.txt" in zipfile.ZipFile(out).namelist()


def test_fec_into_a_folder_gets_its_legal_name(
    run: Run, billed_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    result = _export(run, billed_vault, "fec", tmp_path)

    assert result.code == 0, result.err
    fec = tmp_path / "732829320FEC20260331.txt"
    assert fec.read_text(encoding="utf-8").startswith("JournalCode\tJournalLib")


@pytest.mark.parametrize(("fmt", "suffix"), [("facturx", ".pdf"), ("ubl", ".xml")])
def test_folder_formats_write_one_file_per_document(
    run: Run, billed_vault: StoredVault, passphrase_env: str, tmp_path: Path, fmt: str,
    suffix: str,
) -> None:  # fmt: skip
    out = tmp_path / fmt

    result = _export(run, billed_vault, fmt, out)

    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}{suffix}" for n in ("F-2026-0001", "F-2026-0002", "AV-2026-0001")
    )
    opened = unlock_with_passphrase(billed_vault.path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            exports = [e for e in recent_events(uow) if e.action == "export"]
    finally:
        opened.lock()
    assert [(e.object_type, e.details["format"], e.details["documents"]) for e in exports] == [
        ("invoices", fmt, 3)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-13-01", "--to", "2026-12-31", "--format", "csv"), "not a date"),
        (("--from", "2026-03-31", "--to", "2026-03-01", "--format", "csv"), "before the start"),
        (("--from", "2020-01-01", "--to", "2026-01-01", "--format", "csv"), "five years"),
        (("--from", "2026-03-01", "--to", "2026-03-31", "--format", "pdf"), "invalid choice"),
    ],
)
def test_bad_input_exits_2_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(stored_vault.path)
    out = tmp_path / "x.csv"

    result = run("invoices", "export", "--vault", stored_vault.path, *args, "--out", out)

    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert not out.exists() and snapshot(stored_vault.path) == before


def test_bad_targets_are_refused_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")

    missing = _export(run, stored_vault, "csv", tmp_path / "no" / "such" / "j.csv")
    folder_for_csv = _export(run, stored_vault, "csv", tmp_path)
    file_for_ubl = _export(run, stored_vault, "ubl", a_file)
    vault_itself = _export(run, stored_vault, "csv", stored_vault.path)

    assert missing.code == 2 and "does not exist" in missing.err
    assert folder_for_csv.code == 2 and "is a folder" in folder_for_csv.err
    assert file_for_ubl.code == 2 and "give a folder" in file_for_ubl.err
    assert vault_itself.code == 2 and "overwrite the vault" in vault_itself.err


def test_missing_arguments_are_usage_errors(run: Run, stored_vault: StoredVault) -> None:
    assert run("invoices").code == 2
    assert run("invoices", "export", "--vault", stored_vault.path, *MARCH).code == 2
