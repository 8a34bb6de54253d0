"""``socialdesk backup --verify FILE`` and ``socialdesk restore FILE --vault PATH`` with the
recovery key: a backup is checked read-only, and damage exits 4."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import (
    EXPECTED_MARKERS,
    Run,
    StoredVault,
    folder_snapshot,
    read_markers,
    snapshot,
)


def _backup(run: Run, stored: StoredVault, folder: Path) -> Path:
    result = run("backup", "--vault", stored.path, "--to", folder)
    assert result.code == 0, result.err
    (copy,) = folder.glob("*.sdvault")
    return copy


def test_verify_reports_a_healthy_backup_and_changes_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    before = folder_snapshot(tmp_path / "b")

    result = run("backup", "--verify", copy)

    assert result.code == 0, result.err
    assert str(copy) in result.out
    assert "ok, no problem found" in result.out
    assert "up to date" in result.out
    for label in ("Clients", "Notes", "Appointments", "Invoices"):
        assert label in result.out
    assert "healthy" in result.out
    assert folder_snapshot(tmp_path / "b") == before


def test_verify_with_the_recovery_key_in_french(
    run: Run, stored_vault: StoredVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", stored_vault.passphrase)
    copy = _backup(run, stored_vault, tmp_path / "b")
    monkeypatch.delenv("SOCIALDESK_PASSPHRASE")
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(stored_vault.recovery_key, encoding="utf-8")

    result = run("backup", "--verify", copy, "--recovery-key-file", key_file, "--language", "fr")

    assert result.code == 0, result.err
    assert "aucun problème" in result.out
    assert "Rendez-vous" in result.out


def test_verify_of_a_damaged_backup_exits_4(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    with open(copy, "r+b") as handle:
        handle.seek(copy.stat().st_size // 2)
        handle.write(b"\x00" * 4096)

    result = run("backup", "--verify", copy)

    assert result.code == 4, (result.out, result.err)
    assert "problem(s) found" in result.out
    assert "up to date" not in result.out
    assert "damaged" in result.out


def test_verify_with_a_wrong_passphrase_exits_3(
    run: Run, stored_vault: StoredVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", stored_vault.passphrase)
    copy = _backup(run, stored_vault, tmp_path / "b")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "wrong wrong wrong")

    result = run("backup", "--verify", copy)

    assert result.code == 3
    assert "Incorrect passphrase" in result.err


def test_verify_of_a_file_that_is_not_a_backup_exits_4(
    run: Run, tmp_path: Path, passphrase_env: str
) -> None:
    junk = tmp_path / "junk.sdvault"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)

    assert run("backup", "--verify", junk).code == 4
    assert run("backup", "--verify", tmp_path / "none.sdvault").code == 1


def test_verify_and_to_together_is_a_usage_error(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    result = run("backup", "--verify", stored_vault.path, "--to", tmp_path / "x")

    assert result.code == 2
    assert not (tmp_path / "x").exists()


def test_restore_with_the_recovery_key_keeps_the_old_vault_aside(
    run: Run, stored_vault: StoredVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", stored_vault.passphrase)
    copy = _backup(run, stored_vault, tmp_path / "b")
    monkeypatch.delenv("SOCIALDESK_PASSPHRASE")
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(stored_vault.recovery_key, encoding="utf-8")
    before = snapshot(stored_vault.path)

    result = run(
        "restore", copy, "--vault", stored_vault.path, "--force", "--recovery-key-file", key_file
    )

    assert result.code == 0, result.err
    (aside,) = [
        p
        for p in stored_vault.path.parent.iterdir()
        if re.search(r"before-restore-\d{8}-\d{6}$", p.name)
    ]
    assert sorted(snapshot(aside).values()) == sorted(before.values())
    assert read_markers(stored_vault.path) == EXPECTED_MARKERS


def test_backup_without_to_follows_the_settings_and_falls_back_when_the_usb_is_missing(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    from socialdesk.services.backups import BackupPolicy, list_backups, save_policy
    from socialdesk.services.vault import unlock_with_passphrase

    usb = tmp_path / "usb"
    usb.mkdir()
    opened = unlock_with_passphrase(stored_vault.path, stored_vault.passphrase)
    try:
        with opened.uow() as uow:
            save_policy(uow, BackupPolicy(str(usb)))
    finally:
        opened.lock()

    first = run("backup", "--vault", stored_vault.path)
    assert first.code == 0, first.err
    assert str(usb) in first.out and first.err == ""
    assert len(list_backups([usb])) == 1

    usb.rename(tmp_path / "unplugged")
    second = run("backup", "--vault", stored_vault.path)

    assert second.code == 0, second.err
    assert "USB drive" in second.err
    default = stored_vault.path.parent / "backups"
    assert len(list_backups([default])) == 1
    assert str(default) in second.out
