"""Tamper evidence on real vaults: an old copy of the database (or of one of its pages)
put back, an edited audit row, an edited invoice, a forged, foreign or missing head file.
Each is reported — at unlock, by ``check`` — and never silently accepted."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import DamagedVault
from socialdesk.i18n import set_language
from socialdesk.services.audit import record_event, verify_chain
from socialdesk.services.invoices import issue_invoice
from socialdesk.services.tamper import (
    ChainHeadForged,
    ChainHeadMissing,
    ChainRolledBack,
    head_path_for,
)
from socialdesk.services.vault import (
    Vault,
    acknowledge_tamper_warning,
    check_vault,
    create_vault,
    unlock_with_passphrase,
)
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.services.invoice_setup import line, make_draft, new_client, person_draft, set_profile

PAGE = 4096  # SQLCipher 4 default page size


def _events(vault: Vault, count: int) -> None:
    for n in range(count):
        with vault.uow() as uow:
            record_event(uow, AuditAction.EXPORT, details={"format": "csv", "n": n})


def _locked_vault(vault_path: Path) -> Path:
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False)
    _events(vault, 3)
    vault.lock()
    return vault_path


def _unlock_types(path: Path) -> list[type]:
    vault = unlock_with_passphrase(path, PASSPHRASE)
    try:
        return [type(n) for n in vault.notices]
    finally:
        vault.lock()


def test_an_old_copy_of_the_database_put_back_is_detected_until_acknowledged(
    vault_path: Path, tmp_path: Path
) -> None:
    # Given a copy of the vault file taken yesterday, and work done since
    path = _locked_vault(vault_path)
    shutil.copyfile(path, tmp_path / "old.sdvault")
    vault = unlock_with_passphrase(path, PASSPHRASE)
    assert vault.notices == []
    _events(vault, 2)
    vault.lock()
    # When the old copy is put back in place of the vault
    shutil.copyfile(tmp_path / "old.sdvault", path)
    # Then unlock warns, clearly, in French too
    vault = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert [type(n) for n in vault.notices] == [ChainRolledBack]
        assert "older than the last one SocialDesk saved" in str(vault.notices[0])
        set_language("fr")
        try:
            assert "plus ancien que le dernier enregistré" in str(vault.notices[0])
        finally:
            set_language("en")
        # and check names it
        report = check_vault(vault)
        assert not report.ok
        assert any("older than the last one" in p for p in report.problems)
    finally:
        vault.lock()
    # The warning stands at the next unlock (never silently forgotten)…
    assert _unlock_types(path) == [ChainRolledBack]
    # …until the person acknowledges it.
    vault = unlock_with_passphrase(path, PASSPHRASE)
    acknowledge_tamper_warning(vault)
    vault.lock()
    assert _unlock_types(path) == []


def test_an_old_invoice_journal_put_back_is_detected(vault: Vault, tmp_path: Path) -> None:
    set_profile(vault)
    first = make_draft(vault, person_draft(new_client(vault), line(price=5_000)))
    second = make_draft(vault, person_draft(new_client(vault, "Martin"), line(price=7_000)))
    with vault.uow() as uow:
        issue_invoice(uow, first, issue_date=date(2026, 4, 1))
    recorded = json.loads(head_path_for(vault.path).read_text())
    assert recorded["invoice"][0] == first
    vault.lock()
    shutil.copyfile(vault.path, tmp_path / "old.sdvault")
    reopened = unlock_with_passphrase(vault.path, PASSPHRASE)
    with reopened.uow() as uow:
        issue_invoice(uow, second, issue_date=date(2026, 4, 2))
    assert json.loads(head_path_for(vault.path).read_text())["invoice"][0] == second
    reopened.lock()
    shutil.copyfile(tmp_path / "old.sdvault", vault.path)
    assert _unlock_types(vault.path) == [ChainRolledBack]


def test_every_old_page_put_back_is_caught(vault_path: Path, tmp_path: Path) -> None:
    # Given a snapshot of the file, then more audit events (new and changed pages)
    path = _locked_vault(vault_path)
    old = path.read_bytes()
    vault = unlock_with_passphrase(path, PASSPHRASE)
    _events(vault, 60)
    with vault.engine.connect() as connection:
        # The AUTOINCREMENT counters hold no data (SQLite takes the larger of the counter
        # and the largest id): an old copy of that page changes nothing.
        counters = connection.exec_driver_sql(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_sequence'"
        ).scalar_one()
    vault.lock()
    new = path.read_bytes()
    changed = [
        i
        for i in range(min(len(old), len(new)) // PAGE)
        if old[i * PAGE : (i + 1) * PAGE] != new[i * PAGE : (i + 1) * PAGE] and i + 1 != counters
    ]
    assert len(changed) >= 4  # the header page, the table and its indexes
    head = head_path_for(path).read_bytes()
    for page in changed:
        # When one page is put back to its old version (a valid, authenticated page)
        spliced = bytearray(new)
        spliced[page * PAGE : (page + 1) * PAGE] = old[page * PAGE : (page + 1) * PAGE]
        path.write_bytes(bytes(spliced))
        head_path_for(path).write_bytes(head)
        # Then it never passes unnoticed: damaged, a warning at unlock, or a check finding
        try:
            opened = unlock_with_passphrase(path, PASSPHRASE)
        except DamagedVault:
            continue
        try:
            caught = bool(opened.notices) or not check_vault(opened).ok
        finally:
            opened.lock()
        assert caught, f"page {page} put back unnoticed"


def test_an_edited_audit_row_breaks_the_chain(vault: Vault) -> None:
    _events(vault, 3)
    with vault.uow() as uow:
        target = uow.session.execute(
            text("SELECT id FROM audit_event ORDER BY id LIMIT 1 OFFSET 2")
        ).scalar_one()
        uow.session.execute(
            text('UPDATE audit_event SET details = \'{"format": "pdf"}\' WHERE id = :i'),
            {"i": target},
        )
    with vault.uow() as uow:
        assert verify_chain(uow) == target
    report = check_vault(vault)
    assert any(f"event {target} does not follow" in p for p in report.problems)


def test_an_edited_invoice_is_named_by_check(vault: Vault) -> None:
    set_profile(vault)
    invoice = make_draft(vault, person_draft(new_client(vault), line(price=5_000)))
    with vault.uow() as uow:
        view, _ = issue_invoice(uow, invoice, issue_date=date(2026, 4, 1))
    with vault.uow() as uow:
        # Behind the application's back (the triggers forbid it: drop them as a forger would)
        for (name,) in uow.session.execute(
            text("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'invoice'")
        ).all():
            uow.session.execute(text(f'DROP TRIGGER "{name}"'))
        uow.session.execute(
            text("UPDATE invoice SET due_date = '2026-12-31' WHERE id = :i"), {"i": invoice}
        )
    report = check_vault(vault)
    assert any(view.number in p and "altered" in p for p in report.problems), report.problems


def test_a_forged_head_file_is_reported_as_such(vault_path: Path) -> None:
    path = _locked_vault(vault_path)
    head = head_path_for(path)
    data = json.loads(head.read_text())
    # Someone rewinds the recorded head to an earlier event, without the key for the MAC
    data["audit"] = [1, "0" * 64]
    head.write_text(json.dumps(data))
    assert _unlock_types(path) == [ChainHeadForged]
    assert _unlock_types(path) == [ChainHeadForged]  # standing


def test_a_head_file_of_another_vault_is_not_accepted(vault_path: Path, tmp_path: Path) -> None:
    path = _locked_vault(vault_path)
    other = _locked_vault(tmp_path / "other" / "other.sdvault")
    shutil.copyfile(head_path_for(other), head_path_for(path))
    assert _unlock_types(path) == [ChainHeadForged]


def test_a_removed_head_file_is_reported(vault_path: Path) -> None:
    path = _locked_vault(vault_path)
    head_path_for(path).unlink()
    assert _unlock_types(path) == [ChainHeadMissing]


def test_a_copy_opened_elsewhere_starts_its_own_record_without_alarm(
    vault_path: Path, tmp_path: Path
) -> None:
    path = _locked_vault(vault_path)
    elsewhere = tmp_path / "usb" / "copy.sdvault"
    elsewhere.parent.mkdir()
    shutil.copyfile(path, elsewhere)
    shutil.copyfile(Path(str(path) + ".keys"), Path(str(elsewhere) + ".keys"))
    assert _unlock_types(elsewhere) == []
    assert head_path_for(elsewhere).exists()
    assert _unlock_types(path) == []


def test_a_damaged_head_file_is_a_warning_not_a_crash(vault_path: Path) -> None:
    path = _locked_vault(vault_path)
    for content in (b"", b"{not json", b'{"format": "x"}'):
        head_path_for(path).write_bytes(content)
        assert _unlock_types(path) == [ChainHeadForged], content


def test_cli_check_prints_the_warning_and_acknowledge_clears_it(
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from socialdesk.cli.main import main

    path = _locked_vault(vault_path)
    shutil.copyfile(path, tmp_path / "old.sdvault")
    vault = unlock_with_passphrase(path, PASSPHRASE)
    _events(vault, 1)
    vault.lock()
    shutil.copyfile(tmp_path / "old.sdvault", path)
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert main(["check", "--vault", str(path)]) == 4
    out, err = capsys.readouterr()
    assert "older than the last one SocialDesk saved" in err  # at unlock
    assert "older than the last one SocialDesk saved" in out  # among the findings
    assert main(["acknowledge-warning", "--vault", str(path)]) == 0
    assert "Warning acknowledged" in capsys.readouterr().out
    assert main(["check", "--vault", str(path)]) == 0
    assert "older than" not in "".join(capsys.readouterr())


def test_a_head_record_that_cannot_be_written_does_not_keep_the_person_out(
    vault_path: Path,
) -> None:
    # Given something in the way of the record (here a folder where the file should be)
    path = _locked_vault(vault_path)
    head_path_for(path).unlink()
    head_path_for(path).mkdir()
    # Then the vault still opens, with the warning, and the data is there
    vault = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert [type(n) for n in vault.notices] == [ChainHeadForged]
        with vault.uow() as uow:
            assert verify_chain(uow) is None
    finally:
        vault.lock()
