"""Brute-force friction and the acceptance checks of the vault's secrets: after 5 failed
unlocks a delay of 30 s that doubles (capped), persisted, reset by success, never a wipe;
1,000 random raw keys open nothing; wrong passphrases change no vault file; flipped bytes
in k pages are named by ``check`` and never lead to a new vault."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest
import sqlcipher3

from socialdesk.cli.main import main
from socialdesk.domain.errors import DamagedVault, WrongPassphrase, WrongRecoveryKey
from socialdesk.i18n import set_language
from socialdesk.services.vault import (
    Vault,
    check_vault,
    create_vault,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from socialdesk.vault.throttle import (
    MAX_DELAY_SECONDS,
    UnlockDelayed,
    UnlockThrottle,
    attempts_path_for,
    delay_after,
)
from tests.conftest import CHEAP_KDF, PASSPHRASE

WRONG = "not the right passphrase"
PAGE = 4096


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _folder_digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def locked(vault: Vault) -> Path:
    vault.lock()
    return vault.path


def test_delays_start_after_five_failures_double_and_are_capped() -> None:
    assert [delay_after(n) for n in range(8)] == [0, 0, 0, 0, 0, 30, 60, 120]
    assert delay_after(12) == MAX_DELAY_SECONDS == 3600
    assert delay_after(10_000) == MAX_DELAY_SECONDS


def test_five_failures_then_a_wait_that_doubles_then_success_resets(locked: Path) -> None:
    clock = Clock()
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            unlock_with_passphrase(locked, WRONG, clock=clock)
    # The sixth attempt waits 30 s — even with the right passphrase, before any KDF
    with pytest.raises(UnlockDelayed) as caught:
        unlock_with_passphrase(locked, PASSPHRASE, clock=clock)
    assert caught.value.params == {"seconds": 30}
    assert str(caught.value) == "Too many failed attempts. Wait 30 s before trying again."
    set_language("fr")
    try:
        assert "Attendez 30 s" in str(caught.value)
    finally:
        set_language("en")
    clock.now += 10
    with pytest.raises(UnlockDelayed) as caught:
        unlock_with_passphrase(locked, PASSPHRASE, clock=clock)
    assert caught.value.params == {"seconds": 20}
    # After the wait, one more failure: 60 s; the recovery key counts too
    clock.now += 20
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(locked, WRONG, clock=clock)
    assert UnlockThrottle(locked, clock).remaining() == 60
    clock.now += 60
    _, other = create_vault(
        locked.with_name("other.sdvault"), PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False
    )
    with pytest.raises(WrongRecoveryKey):
        unlock_with_recovery_key(locked, other, clock=clock)
    assert UnlockThrottle(locked, clock).remaining() == 120
    # The count survives a restart (a new throttle reads the file)…
    clock.now += 120
    assert UnlockThrottle(locked, clock).failures == 7
    # …and a success resets it
    unlock_with_passphrase(locked, PASSPHRASE, clock=clock).lock()
    assert not attempts_path_for(locked).exists()
    assert UnlockThrottle(locked, clock).remaining() == 0


def test_a_clock_set_back_never_lengthens_the_wait(locked: Path) -> None:
    clock = Clock()
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            unlock_with_passphrase(locked, WRONG, clock=clock)
    clock.now -= 86_400
    assert UnlockThrottle(locked, clock).remaining() == 30


def test_many_failures_never_wipe_anything(locked: Path) -> None:
    clock = Clock()
    for _ in range(30):
        clock.now += MAX_DELAY_SECONDS
        with pytest.raises(WrongPassphrase):
            unlock_with_passphrase(locked, WRONG, clock=clock)
    assert UnlockThrottle(locked, clock).remaining() == MAX_DELAY_SECONDS
    clock.now += MAX_DELAY_SECONDS
    reopened = unlock_with_passphrase(locked, PASSPHRASE, clock=clock)
    try:
        assert check_vault(reopened).problems == ()
    finally:
        reopened.lock()


def test_a_damaged_counter_file_still_slows_down(locked: Path) -> None:
    attempts_path_for(locked).write_text("garbage")
    clock = Clock()
    with pytest.raises(UnlockDelayed):
        unlock_with_passphrase(locked, PASSPHRASE, clock=clock)


def test_the_cli_prints_the_wait_and_exits_5(
    locked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", WRONG)
    for _ in range(5):
        assert main(["check", "--vault", str(locked)]) == 3
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert main(["check", "--vault", str(locked)]) == 5
    err = capsys.readouterr().err
    assert "Too many failed attempts. Wait 30 s before trying again." in err
    assert main(["--language", "fr", "check", "--vault", str(locked)]) == 5
    assert "Attendez" in capsys.readouterr().err


# ---- acceptance: secrets -----------------------------------------------------------------
def test_a_thousand_random_keys_open_nothing(locked: Path) -> None:
    rng = random.Random(1000)
    opened = 0
    for _ in range(1000):
        key = rng.randbytes(32).hex()
        connection = sqlcipher3.connect(str(locked))
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(f"PRAGMA key = \"x'{key}'\"")
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            opened += 1
        except sqlcipher3.DatabaseError:
            pass
        finally:
            connection.close()
    assert opened == 0


def test_wrong_passphrases_leave_every_vault_file_byte_identical(locked: Path) -> None:
    before = _folder_digest(locked.parent)
    assert {locked.name, locked.name + ".keys", locked.name + ".chainhead"} <= set(before)
    clock = Clock()
    for _ in range(10):
        clock.now += MAX_DELAY_SECONDS
        with pytest.raises(WrongPassphrase):
            unlock_with_passphrase(locked, WRONG, clock=clock)
    after = _folder_digest(locked.parent)
    # Only the failed-attempt counter was written; every vault file is byte-identical.
    counter = attempts_path_for(locked).name
    assert set(after) == set(before) | {counter}
    assert {k: v for k, v in after.items() if k != counter} == before
    assert set(attempts_path_for(locked).read_text()) <= set('{}":,. _0123456789failureslt\n')


@pytest.mark.parametrize("pages", [1, 3, 8])
def test_flipped_bytes_in_k_pages_are_named_and_nothing_is_recreated(
    vault_path: Path,
    pages: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE filler (x BLOB)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
            "INSERT INTO filler SELECT randomblob(3000) FROM n"
        )
    vault.lock()
    data = bytearray(vault_path.read_bytes())
    total = len(data) // PAGE
    rng = random.Random(pages)
    # Pages after the first (the first is the header: covered by the unlock test elsewhere)
    damaged = sorted(rng.sample(range(1, total), pages))
    for index in damaged:
        offset = index * PAGE + rng.randrange(16, PAGE - 64)
        data[offset] ^= 0xFF
    vault_path.write_bytes(bytes(data))
    files_before = sorted(p.name for p in vault_path.parent.iterdir())
    size = vault_path.stat().st_size

    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    code = main(["check", "--vault", str(vault_path)])
    out, err = capsys.readouterr()
    assert code == 4
    if "damaged" in err:  # refused at unlock: the chain pages were hit
        assert "Restore it from a backup" in err
    else:  # opened; check names every damaged page
        for index in damaged:
            assert f"page {index + 1}" in out, (index + 1, out)
        assert "restore it from a backup" in out
    # Unlock either refuses with "damaged" or opens a vault whose check is not ok
    try:
        reopened = unlock_with_passphrase(vault_path, PASSPHRASE)
    except DamagedVault as exc:
        assert "damaged" in str(exc)
    else:
        try:
            assert not check_vault(reopened).ok
        finally:
            reopened.lock()
    # Nothing was recreated or replaced
    assert sorted(p.name for p in vault_path.parent.iterdir()) == files_before
    assert vault_path.stat().st_size == size
    assert os.path.getsize(vault_path) % PAGE == 0
