"""``socialdesk backup`` and ``socialdesk restore``: encrypted copies that open with the
same secrets, and a restore that never overwrites a vault unless told to, and then keeps
the old one aside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socialdesk.services.vault import unlock_with_recovery_key, vault_files
from socialdesk.vault.keyslots import keys_path_for
from tests.cli.conftest import (
    EXPECTED_MARKERS,
    Run,
    StoredVault,
    folder_snapshot,
    make_vault,
    read_markers,
    snapshot,
)


def _backup(run: Run, stored: StoredVault, folder: Path) -> Path:
    result = run("backup", "--vault", stored.path, "--to", folder)
    assert result.code == 0, result.err
    (copy,) = folder.glob("*.sdvault")
    return copy


# ---- backup ---------------------------------------------------------------------------
def test_backup_writes_an_encrypted_copy_that_opens_with_both_secrets(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    folder = tmp_path / "usb-stick"

    result = run("backup", "--vault", stored_vault.path, "--to", folder)

    assert result.code == 0, result.err
    (copy,) = folder.glob("*.sdvault")
    keys = keys_path_for(copy)
    assert str(copy) in result.out
    assert str(keys) in result.out
    assert keys.exists()
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    assert b"marker 1" not in copy.read_bytes()
    # The copy opens with the vault's passphrase and holds the same data…
    assert read_markers(copy, stored_vault.passphrase) == EXPECTED_MARKERS
    # …and with its recovery key.
    opened = unlock_with_recovery_key(copy, stored_vault.recovery_key)
    opened.lock()
    # And through the CLI itself.
    assert run("check", "--vault", copy).code == 0


def test_backup_unlocked_with_the_recovery_key(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(stored_vault.recovery_key + "\n", encoding="utf-8")

    result = run(
        "backup",
        "--vault",
        stored_vault.path,
        "--to",
        tmp_path / "b",
        "--recovery-key-file",
        key_file,
    )

    assert result.code == 0, result.err
    (copy,) = (tmp_path / "b").glob("*.sdvault")
    assert read_markers(copy) == EXPECTED_MARKERS


def test_backup_defaults_to_the_backups_folder_beside_the_vault(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    result = run("backup", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert len(list((stored_vault.path.parent / "backups").glob("*.sdvault"))) == 1


def test_backup_with_a_wrong_passphrase_exits_3_and_writes_nothing(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "wrong wrong wrong")
    before = snapshot(stored_vault.path)

    result = run("backup", "--vault", stored_vault.path, "--to", tmp_path / "b")

    assert result.code == 3
    assert not (tmp_path / "b").exists()
    assert snapshot(stored_vault.path) == before


def test_backup_of_a_missing_vault_exits_1(run: Run, tmp_path: Path, passphrase_env: str) -> None:
    result = run("backup", "--vault", tmp_path / "none.sdvault", "--to", tmp_path / "b")

    assert result.code == 1


# ---- restore --------------------------------------------------------------------------
def test_restore_to_a_new_place(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    destination = tmp_path / "new-laptop" / "socialdesk.sdvault"

    result = run("restore", copy, "--vault", destination)

    assert result.code == 0, result.err
    assert str(destination) in result.out
    assert "kept aside" not in result.out
    assert read_markers(destination) == EXPECTED_MARKERS
    unlock_with_recovery_key(destination, stored_vault.recovery_key).lock()


def test_restore_without_force_over_a_vault_exits_1_and_touches_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    before_vault = snapshot(stored_vault.path)
    before_backups = folder_snapshot(tmp_path / "b")

    result = run("restore", copy, "--vault", stored_vault.path)

    assert result.code == 1
    assert "already exists" in result.err
    assert snapshot(stored_vault.path) == before_vault
    assert folder_snapshot(tmp_path / "b") == before_backups


def test_restore_with_force_keeps_the_old_vault_aside(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    # Given a backup of vault A, and another vault B (same passphrase) at the destination
    copy = _backup(run, stored_vault, tmp_path / "b")
    other = make_vault(tmp_path / "other" / "socialdesk.sdvault")
    before_other = snapshot(other.path)

    # When A's backup is restored over B with --force
    result = run("restore", copy, "--vault", other.path, "--force")

    # Then B is kept aside, intact, at the path printed, and A's data is now at B's place
    assert result.code == 0, result.err
    match = re.search(r"kept aside as (.+?)\.?$", result.out, re.MULTILINE)
    assert match, result.out
    aside = Path(match.group(1))
    assert aside.exists() and keys_path_for(aside).exists()
    assert sorted(snapshot(aside).values()) == sorted(before_other.values())
    unlock_with_recovery_key(aside, other.recovery_key).lock()
    unlock_with_recovery_key(other.path, stored_vault.recovery_key).lock()
    assert read_markers(other.path) == EXPECTED_MARKERS


def test_restore_with_a_wrong_passphrase_exits_3_and_touches_nothing(
    run: Run,
    stored_vault: StoredVault,
    passphrase_env: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "wrong wrong wrong")
    before_vault = snapshot(stored_vault.path)

    result = run("restore", copy, "--vault", stored_vault.path, "--force")

    assert result.code == 3
    assert snapshot(stored_vault.path) == before_vault
    assert [p.name for p in stored_vault.path.parent.iterdir() if "before-restore" in p.name] == []


def test_restore_of_a_missing_backup_exits_1(run: Run, tmp_path: Path, passphrase_env: str) -> None:
    result = run("restore", tmp_path / "none.sdvault", "--vault", tmp_path / "v.sdvault")

    assert result.code == 1
    assert vault_files(tmp_path / "v.sdvault") == []


def test_restore_of_a_damaged_backup_exits_4_and_touches_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    size = copy.stat().st_size
    with open(copy, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\x00" * 8192)
    before_vault = snapshot(stored_vault.path)

    result = run("restore", copy, "--vault", stored_vault.path, "--force")

    assert result.code == 4, (result.out, result.err)
    assert snapshot(stored_vault.path) == before_vault


def test_restore_a_vault_onto_itself_exits_2(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    before = snapshot(stored_vault.path)

    result = run("restore", stored_vault.path, "--vault", stored_vault.path, "--force")

    assert result.code == 2
    assert snapshot(stored_vault.path) == before


def test_restore_leaves_the_backup_byte_identical(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    copy = _backup(run, stored_vault, tmp_path / "b")
    before = folder_snapshot(tmp_path / "b")

    result = run("restore", copy, "--vault", tmp_path / "restored.sdvault")

    assert result.code == 0, result.err
    assert folder_snapshot(tmp_path / "b") == before
