"""``socialdesk check`` and every way unlocking can fail, with its exit code."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.vault.keyslots import keys_path_for
from tests.cli.conftest import MARKER_ROWS, Run, StoredVault, snapshot


def test_check_healthy_vault_reports_and_exits_0(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    result = run("check", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert str(stored_vault.path) in result.out
    assert "SQLCipher 4." in result.out
    assert "(up to date)" in result.out
    assert "ok, no problem found" in result.out
    assert any(
        line.split() == ["cli_marker", str(MARKER_ROWS)] for line in result.out.splitlines()
    ), result.out
    assert "The vault is healthy." in result.out
    assert result.err == ""


def test_check_unlocks_with_the_recovery_key_file(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    key_file = tmp_path / "recovery.txt"
    # As written down by hand: lower case, spaces instead of dashes, a line break.
    written = stored_vault.recovery_key.lower().replace("-", " ")
    key_file.write_text(written[:30] + "\n" + written[30:] + "\n", encoding="utf-8")

    result = run("check", "--vault", stored_vault.path, "--recovery-key-file", key_file)

    assert result.code == 0, result.err


def test_wrong_passphrase_exits_3_and_touches_nothing(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "this is not the passphrase")
    before = snapshot(stored_vault.path)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 3
    assert result.err == "socialdesk: error: Incorrect passphrase.\n"
    assert result.out == ""
    assert snapshot(stored_vault.path) == before


def test_wrong_recovery_key_exits_3_and_touches_nothing(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    other_key = "-".join(["ABCD"] * 13)
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(other_key, encoding="utf-8")
    before = snapshot(stored_vault.path)

    result = run("check", "--vault", stored_vault.path, "--recovery-key-file", key_file)

    assert result.code == 3
    assert "recovery key" in result.err
    assert snapshot(stored_vault.path) == before


def test_text_that_is_not_a_recovery_key_exits_2(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    key_file = tmp_path / "recovery.txt"
    key_file.write_text("my recovery key is in the drawer\n", encoding="utf-8")

    result = run("backup", "--vault", stored_vault.path, "--recovery-key-file", key_file)

    assert result.code == 2


def _overwrite_page(path: Path, where: float) -> None:
    """Overwrite one 4 KiB page at ``where`` (0..1) of the file with 0xFF bytes."""
    page = 4096
    pages = path.stat().st_size // page
    with open(path, "r+b") as handle:
        handle.seek(min(pages - 1, max(1, int(pages * where))) * page)
        handle.write(b"\xff" * page)


# The middle page of a new vault is read at unlock already; a page near the end holds
# rows only, so unlock succeeds and the damage is met by the check or the copy itself.
DAMAGE_PLACES = pytest.mark.parametrize("where", [0.5, 0.97], ids=["middle", "near-end"])


@DAMAGE_PLACES
def test_damaged_pages_exit_4_on_check(
    run: Run, stored_vault: StoredVault, passphrase_env: str, where: float
) -> None:
    _overwrite_page(stored_vault.path, where)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4, (result.out, result.err)
    # Either unlocking meets the damage (error line) or the check reports it (report).
    assert "damaged" in result.err or "restore it from a backup" in result.out
    assert "Traceback" not in result.err


@DAMAGE_PLACES
def test_damaged_pages_exit_4_on_backup(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path, where: float
) -> None:
    _overwrite_page(stored_vault.path, where)

    result = run("backup", "--vault", stored_vault.path, "--to", tmp_path / "copies")

    assert result.code == 4, (result.out, result.err)
    assert "damaged" in result.err
    # No complete backup (a stray ``.partial`` is the storage layer's to clean up).
    assert list((tmp_path / "copies").glob("*.sdvault")) == []
    assert list((tmp_path / "copies").glob("*.keys")) == []


def test_random_bytes_with_a_valid_keys_file_exit_4(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    stored_vault.path.write_bytes(os.urandom(stored_vault.path.stat().st_size))
    before = snapshot(stored_vault.path)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4
    assert "damaged" in result.err
    assert snapshot(stored_vault.path) == before


def test_plaintext_sqlite_file_is_not_a_vault_exit_4(
    run: Run, tmp_path: Path, passphrase_env: str
) -> None:
    plain = tmp_path / "plain.sqlite"
    with sqlite3.connect(plain) as connection:
        connection.execute("CREATE TABLE clients (name TEXT)")
        connection.execute("INSERT INTO clients VALUES ('Jeanne Martin')")
    connection.close()
    before = plain.read_bytes()

    result = run("check", "--vault", plain)

    assert result.code == 4
    assert result.err == f"socialdesk: error: {plain} is not a SocialDesk vault.\n"
    assert plain.read_bytes() == before


def test_missing_keys_file_exits_4(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    keys_path_for(stored_vault.path).unlink()

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4
    assert "keys file" in result.err


def test_tampered_keys_file_exits_4(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    keys = keys_path_for(stored_vault.path)
    data = json.loads(keys.read_text(encoding="utf-8"))
    for slot in data["slots"]:
        if slot["type"] == "passphrase":
            slot["kdf"]["memory_kib"] = 1 << 40  # would make unlock allocate a petabyte
    keys.write_text(json.dumps(data), encoding="utf-8")

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4, result.err


def test_keys_file_that_is_not_ours_exits_4(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    keys_path_for(stored_vault.path).write_text("{}", encoding="utf-8")

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4


def test_missing_vault_exits_1_without_asking(run: Run, tmp_path: Path) -> None:
    # No passphrase source at all: the missing vault is reported first.
    missing = tmp_path / "nowhere" / "missing.sdvault"

    result = run("check", "--vault", missing)

    assert result.code == 1
    assert result.err == f"socialdesk: error: No vault at {missing}.\n"
    assert not missing.parent.exists()


def test_vault_from_a_newer_socialdesk_exits_4_and_touches_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    # Given a vault whose schema revision this version does not know (written by a newer one)
    opened = unlock_with_passphrase(stored_vault.path, stored_vault.passphrase)
    try:
        with opened.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    finally:
        opened.lock()
    before = snapshot(stored_vault.path)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 4
    assert "newer version" in result.err
    assert snapshot(stored_vault.path) == before
