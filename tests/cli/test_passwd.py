"""``socialdesk passwd``: a new passphrase (calibrated), the old one stops working, the
data and the recovery key are untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialdesk.domain.errors import WrongPassphrase
from socialdesk.services.vault import (
    read_keyslots,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from socialdesk.vault.kdf import MINIMUM
from socialdesk.vault.keyslots import keys_path_for
from tests.cli.conftest import EXPECTED_MARKERS, Run, StoredVault, read_markers, snapshot

NEW_PASSPHRASE = "a brand new and longer passphrase"


def test_passwd_changes_the_passphrase_and_keeps_the_data(
    run: Run, stored_vault: StoredVault, passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_before = stored_vault.path.read_bytes()
    monkeypatch.setenv("SOCIALDESK_NEW_PASSPHRASE", NEW_PASSPHRASE)

    result = run("passwd", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert "Passphrase changed" in result.out
    assert NEW_PASSPHRASE not in result.out + result.err
    # The database file itself was not rewritten: only the keys file changes.
    assert stored_vault.path.read_bytes() == database_before
    # The new slot is calibrated (never weaker than the floor)…
    params = read_keyslots(stored_vault.path).passphrase_params()
    assert params is not None and params.memory_kib >= MINIMUM.memory_kib
    assert params.time_cost >= MINIMUM.time_cost
    # …the old passphrase fails, the new one opens the same data, the recovery key still works.
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(stored_vault.path, stored_vault.passphrase)
    assert read_markers(stored_vault.path, NEW_PASSPHRASE) == EXPECTED_MARKERS
    unlock_with_recovery_key(stored_vault.path, stored_vault.recovery_key).lock()
    # And the CLI now needs the new one.
    assert run("check", "--vault", stored_vault.path).code == 3


def test_passwd_asks_the_new_passphrase_twice_on_a_terminal(
    run: Run,
    stored_vault: StoredVault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cheap_calibration: None,
) -> None:
    old_file = tmp_path / "old.txt"
    old_file.write_text(stored_vault.passphrase + "\n", encoding="utf-8")
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return NEW_PASSPHRASE

    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)

    result = run("passwd", "--vault", stored_vault.path, "--passphrase-file", old_file)

    assert result.code == 0, result.err
    assert len(prompts) == 2
    assert read_markers(stored_vault.path, NEW_PASSPHRASE) == EXPECTED_MARKERS


def test_passwd_with_a_wrong_old_passphrase_exits_3_and_touches_nothing(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "not the old passphrase")
    monkeypatch.setenv("SOCIALDESK_NEW_PASSPHRASE", NEW_PASSPHRASE)
    before = snapshot(stored_vault.path)

    result = run("passwd", "--vault", stored_vault.path)

    assert result.code == 3
    assert snapshot(stored_vault.path) == before


def test_passwd_refuses_a_weak_new_passphrase(
    run: Run, stored_vault: StoredVault, passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_NEW_PASSPHRASE", "short")
    keys_before = keys_path_for(stored_vault.path).read_bytes()

    result = run("passwd", "--vault", stored_vault.path)

    assert result.code == 2
    assert keys_path_for(stored_vault.path).read_bytes() == keys_before


def test_passwd_without_new_passphrase_and_no_terminal_exits_2(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    before = snapshot(stored_vault.path)

    result = run("passwd", "--vault", stored_vault.path)

    assert result.code == 2
    assert snapshot(stored_vault.path) == before


def test_passwd_on_a_missing_vault_exits_1(run: Run, tmp_path: Path, passphrase_env: str) -> None:
    assert run("passwd", "--vault", tmp_path / "none.sdvault").code == 1
