"""``socialdesk init``: a new vault with a calibrated key derivation and a recovery key
shown once; never over an existing vault; never with a weak passphrase."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socialdesk.services.vault import (
    read_keyslots,
    unlock_with_passphrase,
    unlock_with_recovery_key,
    vault_files,
)
from socialdesk.vault.kdf import MINIMUM
from tests.cli.conftest import Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE

RECOVERY_KEY = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){12}\b")


def test_init_creates_a_calibrated_vault_and_shows_the_recovery_key_once(
    run: Run, vault_path: Path, passphrase_env: str
) -> None:
    # Given no vault, when init runs with the real (calibrated) key derivation
    result = run("init", "--vault", vault_path)

    # Then the vault exists, its passphrase slot is at least the architecture's floor
    assert result.code == 0, result.err
    assert str(vault_path) in result.out
    kdf = read_keyslots(vault_path).passphrase_params()
    assert kdf is not None
    assert kdf.time_cost >= MINIMUM.time_cost
    assert kdf.memory_kib >= MINIMUM.memory_kib
    assert kdf.parallelism >= MINIMUM.parallelism
    # and the recovery key is printed exactly once, with the instruction to write it down
    keys_shown = RECOVERY_KEY.findall(result.out)
    assert len(keys_shown) == 1
    assert "Write it down" in result.out
    assert "shown only this once" in result.out
    assert passphrase_env not in result.out + result.err
    # and the vault opens with the passphrase and with that recovery key
    unlock_with_passphrase(vault_path, passphrase_env).lock()
    unlock_with_recovery_key(vault_path, keys_shown[0]).lock()


def test_init_asks_the_passphrase_twice_on_a_terminal(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_calibration: None
) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)

    result = run("init", "--vault", vault_path)

    assert result.code == 0, result.err
    assert len(prompts) == 2
    unlock_with_passphrase(vault_path, PASSPHRASE).lock()


def test_init_refuses_two_different_passphrases(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE + " typo"])
    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    result = run("init", "--vault", vault_path)

    assert result.code == 2
    assert "differ" in result.err
    assert not vault_path.parent.exists() or vault_files(vault_path) == []


def test_init_reads_the_passphrase_file(
    run: Run, vault_path: Path, tmp_path: Path, cheap_calibration: None
) -> None:
    secret = tmp_path / "new.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")

    result = run("init", "--vault", vault_path, "--passphrase-file", secret)

    assert result.code == 0, result.err
    unlock_with_passphrase(vault_path, PASSPHRASE).lock()


def test_init_refuses_an_existing_vault_and_leaves_it_untouched(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    before = snapshot(stored_vault.path)

    result = run("init", "--vault", stored_vault.path)

    assert result.code == 1
    assert "already exists" in result.err
    assert snapshot(stored_vault.path) == before


def test_init_refuses_when_only_the_keys_file_is_left(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    stored_vault.path.unlink()
    before = snapshot(stored_vault.path)

    result = run("init", "--vault", stored_vault.path)

    assert result.code == 1
    assert snapshot(stored_vault.path) == before


@pytest.mark.parametrize("weak", ["short", "elevenchars"])
def test_init_refuses_a_weak_passphrase(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch, weak: str
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", weak)

    result = run("init", "--vault", vault_path)

    assert result.code == 2
    assert "at least 12 characters" in result.err
    assert vault_files(vault_path) == []


def test_init_refuses_a_weak_passphrase_at_the_first_prompt(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return "too short"

    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)

    result = run("init", "--vault", vault_path)

    assert result.code == 2
    assert len(prompts) == 1  # not asked to repeat a passphrase that is refused anyway
    assert vault_files(vault_path) == []
