"""Backups: policy, rotation, the chosen folder and its fallback, status, verification and
restore — on real encrypted vaults."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from socialdesk.domain.errors import ValidationError, WrongPassphrase, WrongRecoveryKey
from socialdesk.services import backup_restore
from socialdesk.services.backup_restore import restore_from_backup, verify_backup
from socialdesk.services.backups import (
    BackupPolicy,
    back_up_now,
    backup_if_due,
    backup_status,
    backups_to_keep,
    get_policy,
    list_backups,
    save_policy,
)
from socialdesk.services.vault import Vault, create_vault, unlock_with_passphrase, vault_files
from socialdesk.storage.backup import BackupFailed, parse_backup_name, remove_stale_partials
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF, PASSPHRASE

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _add_client_rows(vault: Vault, n: int, tag: str = "c") -> None:
    with vault.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS t_marker (id INTEGER PRIMARY KEY, label TEXT)"
        )
        connection.execute(
            text("INSERT INTO t_marker (label) VALUES (:l)"),
            [{"l": f"{tag}{i}"} for i in range(n)],
        )


def _markers(vault: Vault) -> list[str]:
    with vault.engine.connect() as connection:
        return list(connection.execute(text("SELECT label FROM t_marker ORDER BY id")).scalars())


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


# ---- rotation (pure) --------------------------------------------------------------------
moments = st.lists(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
    max_size=60,
)
counts = st.integers(min_value=0, max_value=15)


@settings(max_examples=300, deadline=None)
@given(times=moments, daily=counts, weekly=counts, monthly=counts)
def test_rotation_keeps_the_newest_and_at_most_the_counts_one_per_bucket(
    times: list[datetime], daily: int, weekly: int, monthly: int
) -> None:
    keep = backups_to_keep(times, daily=daily, weekly=weekly, monthly=monthly)

    assert keep <= set(times)
    if times:
        assert max(times) in keep
    assert len(keep) <= max(1, daily + weekly + monthly)
    for count, bucket in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar()[:2])),
        (monthly, lambda t: (t.year, t.month)),
    ):
        recent = sorted({bucket(t) for t in times}, reverse=True)[:count]
        for key in recent:
            # The newest backup of each of the `count` most recent buckets is kept…
            assert max(t for t in times if bucket(t) == key) in keep
    # …and every kept backup is justified by one of the rules.
    for kept in keep:
        justified = kept == max(times)
        for count, bucket in (
            (daily, lambda t: t.date()),
            (weekly, lambda t: tuple(t.isocalendar()[:2])),
            (monthly, lambda t: (t.year, t.month)),
        ):
            recent = sorted({bucket(t) for t in times}, reverse=True)[:count]
            if bucket(kept) in recent and kept == max(
                t for t in times if bucket(t) == bucket(kept)
            ):
                justified = True
        assert justified


def test_rotation_of_a_year_of_daily_backups_keeps_7_4_12() -> None:
    times = [datetime(2026, 1, 1, 9) + timedelta(days=d) for d in range(365)]

    keep = backups_to_keep(times, daily=7, weekly=4, monthly=12)

    days = sorted(keep, reverse=True)
    assert days[:7] == times[-7:][::-1]
    # 7 days + 3 more Sundays/weeks (the newest week is already kept) + 11 other months
    assert len(keep) <= 7 + 4 + 12
    assert len({(t.year, t.month) for t in keep}) == 12


# ---- policy ---------------------------------------------------------------------------
def test_policy_is_saved_in_the_vault_and_validated(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        assert get_policy(uow) == BackupPolicy()
        saved, changes = save_policy(uow, BackupPolicy(str(tmp_path / "usb"), 3, 2, 1))
    assert saved == BackupPolicy(str(tmp_path / "usb"), 3, 2, 1)
    assert changes.settings

    for bad, field in (
        (BackupPolicy(None, -1, 4, 12), "daily"),
        (BackupPolicy(None, 0, 0, 0), "daily"),
        (BackupPolicy(None, 7, 4000, 12), "weekly"),
        (BackupPolicy("relative/folder", 7, 4, 12), "folder"),
    ):
        with vault.uow() as uow, pytest.raises(ValidationError) as caught:
            save_policy(uow, bad)
        assert field in caught.value.errors
    with vault.uow() as uow:
        assert get_policy(uow) == saved  # nothing written by a refused save


# ---- taking backups -------------------------------------------------------------------
def _choose(vault: Vault, folder: Path | None, **counts: int) -> None:
    with vault.uow() as uow:
        save_policy(uow, BackupPolicy(str(folder) if folder else None, **counts))


def test_back_up_now_writes_a_verified_copy_to_the_chosen_folder(
    vault: Vault, tmp_path: Path
) -> None:
    _add_client_rows(vault, 50)
    usb = tmp_path / "usb"
    usb.mkdir()
    _choose(vault, usb)

    outcome = back_up_now(vault, NOON)

    assert outcome.files is not None and outcome.folder == usb
    assert outcome.warning is None and outcome.error is None
    (entry,) = list_backups([usb])
    assert entry.taken_at == NOON
    assert not list(usb.glob("*.partial"))
    copy = unlock_with_passphrase(entry.path, PASSPHRASE)
    try:
        assert _markers(copy) == [f"c{i}" for i in range(50)]
    finally:
        copy.lock()
    with vault.uow() as uow:
        status, _ = backup_status(uow, vault.path)
    assert status.last_at == NOON and status.kept == 1 and status.folder == usb
    assert not status.needs_attention(NOON + timedelta(days=6))
    assert status.needs_attention(NOON + timedelta(days=8))  # older than 7 days


def test_a_missing_usb_folder_warns_and_falls_back_to_the_default_folder(
    vault: Vault, tmp_path: Path
) -> None:
    usb = tmp_path / "media" / "usb" / "SocialDesk"
    usb.mkdir(parents=True)
    _choose(vault, usb)
    usb.rmdir()  # the drive was pulled out

    outcome = back_up_now(vault, NOON)

    default = vault.path.parent / "backups"
    assert outcome.files is not None and outcome.folder == default
    assert outcome.warning is not None
    assert str(usb) in str(outcome.warning) and "USB" in str(outcome.warning)
    assert not usb.exists()  # never created on the computer's own disk
    assert len(list_backups([default])) == 1
    with vault.uow() as uow:
        status, _ = backup_status(uow, vault.path)
    assert status.folder_missing and status.problem is not None
    assert status.needs_attention(NOON)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_refuses_the_copy_falls_back_and_keeps_the_backup(vault: Vault) -> None:
    # /proc exists but takes no file, even from root (the tests may run as root, so a
    # chmod-ed folder would not refuse anything)
    _choose(vault, Path("/proc"))

    outcome = back_up_now(vault, NOON)

    assert outcome.files is not None and outcome.error is None
    assert outcome.folder == vault.path.parent / "backups"
    assert outcome.warning is not None
    assert "/proc" in str(outcome.warning) and "instead" in str(outcome.warning)
    assert not list(Path("/proc").glob("socialdesk-*"))


def test_backup_if_due_runs_once_per_day_and_rotates(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    _choose(vault, folder, daily=3, weekly=0, monthly=0)

    taken = []
    for day in range(6):
        now = NOON + timedelta(days=day)
        first = backup_if_due(vault, now, zone=UTC)
        again = backup_if_due(vault, now + timedelta(hours=2), zone=UTC)
        assert first is not None and again is None
        taken.append(now)

    assert [e.taken_at for e in list_backups([folder])] == taken[::-1][:3]


def test_rotation_never_removes_a_pre_migration_backup(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    _choose(vault, folder, daily=1, weekly=0, monthly=0)
    from socialdesk.services.vault import backup_vault

    backup_vault(vault, folder, now=lambda: NOON - timedelta(days=30), label="pre-migration")
    back_up_now(vault, NOON - timedelta(days=1))
    back_up_now(vault, NOON)

    labels = sorted((e.taken_at, e.label) for e in list_backups([folder]))
    assert labels == [(NOON - timedelta(days=30), "pre-migration"), (NOON, "")]


def test_stale_partials_are_removed_at_the_next_backup(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    _choose(vault, folder)
    (folder / "socialdesk-20261120-101010.sdvault.partial").write_bytes(b"half")
    (folder / "socialdesk-20261120-101010.sdvault.keys").write_bytes(b"keys alone")
    (folder / "holiday-photo.jpg").write_bytes(b"not ours")

    back_up_now(vault, NOON)

    names = sorted(p.name for p in folder.iterdir())
    assert "holiday-photo.jpg" in names
    assert not [n for n in names if "20261120" in n]
    assert remove_stale_partials(folder) == []


def test_a_folder_that_cannot_exist_is_a_clear_error(vault: Vault, tmp_path: Path) -> None:
    # Given a "folder" that is a file (a real OSError from the OS; the disk-full case is
    # in tests/reliability)
    folder = tmp_path / "b"
    folder.write_bytes(b"a file, not a folder")

    with pytest.raises(BackupFailed) as caught:
        from socialdesk.services.vault import backup_vault

        backup_vault(vault, folder)
    assert str(folder) in str(caught.value)
    assert folder.read_bytes() == b"a file, not a folder"


def test_the_name_of_a_backup_reads_back() -> None:
    assert parse_backup_name("socialdesk-20261122-140312.sdvault") == (
        datetime(2026, 11, 22, 14, 3, 12, tzinfo=UTC),
        "",
    )
    assert parse_backup_name("socialdesk-20261122-140312-pre-migration.sdvault") == (
        datetime(2026, 11, 22, 14, 3, 12, tzinfo=UTC),
        "pre-migration",
    )
    for other in (
        "socialdesk-2026.sdvault",
        "x.sdvault",
        "socialdesk-20261122-140312.sdvault.keys",
    ):
        assert parse_backup_name(other) is None


# ---- verify and restore ---------------------------------------------------------------
@pytest.fixture
def saved_backup(vault_path: Path, tmp_path: Path) -> tuple[Path, str]:
    opened, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    try:
        _add_client_rows(opened, 20, "old")
        (tmp_path / "b").mkdir()
        _choose(opened, tmp_path / "b")
        outcome = back_up_now(opened, NOON)
        assert outcome.files is not None
        _add_client_rows(opened, 5, "new")
    finally:
        opened.lock()
    return outcome.files.database, recovery


def test_verify_reads_a_backup_without_changing_a_byte(
    saved_backup: tuple[Path, str], tmp_path: Path
) -> None:
    path, recovery = saved_backup
    before = _digests(path.parent)

    report = verify_backup(path, passphrase=PASSPHRASE)
    by_recovery = verify_backup(path, recovery_key=recovery)

    assert report.ok and by_recovery.ok
    assert report.schema_state == backup_restore.SCHEMA_CURRENT
    assert report.taken_at == NOON
    assert report.counts["t_marker"] == 20
    assert [label for label, _n in report.shown_counts()] == [
        "Clients",
        "Notes",
        "Appointments",
        "Invoices",
    ]
    assert _digests(path.parent) == before
    with pytest.raises(WrongPassphrase):
        verify_backup(path, passphrase="not the passphrase at all")
    with pytest.raises(WrongRecoveryKey):
        verify_backup(path, recovery_key="AAAA " * 13)


def test_verify_names_the_damage_of_a_backup(saved_backup: tuple[Path, str]) -> None:
    path, _recovery = saved_backup
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 64)

    report = verify_backup(path, passphrase=PASSPHRASE)

    assert not report.ok
    assert report.problems


def test_restore_keeps_the_current_vault_aside_and_reopens_the_backup(
    saved_backup: tuple[Path, str], vault_path: Path
) -> None:
    path, _recovery = saved_backup
    current = unlock_with_passphrase(vault_path, PASSPHRASE)
    backups_before = _digests(path.parent)

    restored, outcome = restore_from_backup(
        path, vault_path, passphrase=PASSPHRASE, current=current
    )

    try:
        assert current.locked
        assert _markers(restored) == [f"old{i}" for i in range(20)]
        # A deliberate restore is not taken for a rollback attack (tamper evidence).
        assert restored.notices == []
    finally:
        restored.lock()
    assert outcome.kept_aside is not None
    aside = unlock_with_passphrase(outcome.kept_aside, PASSPHRASE)
    try:
        assert len(_markers(aside)) == 25  # the newer state, intact
    finally:
        aside.lock()
    assert _digests(path.parent) == backups_before
    assert not list(vault_path.parent.glob("*.restoring*"))


def test_a_damaged_backup_is_refused_before_the_vault_is_touched(
    saved_backup: tuple[Path, str], vault_path: Path
) -> None:
    path, _recovery = saved_backup
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\x00" * 4096)
    before = {p.name: p.read_bytes() for p in vault_files(vault_path)}

    from socialdesk.domain.errors import DamagedVault

    with pytest.raises(DamagedVault):
        restore_from_backup(path, vault_path, passphrase=PASSPHRASE)

    assert {p.name: p.read_bytes() for p in vault_files(vault_path)} == before
    assert not [p for p in vault_path.parent.iterdir() if "before-restore" in p.name]
    assert keys_path_for(vault_path).exists()
