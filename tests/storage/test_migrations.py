"""Vaults of every released schema open and migrate; the pre-migration backup opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from socialdesk.services.profile import get_profile
from socialdesk.services.vault import check_vault, create_vault, unlock_with_passphrase
from socialdesk.storage import schema
from socialdesk.storage.orm import Client
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.data.make_stored_vault import FOLDER, STORED_PASSPHRASE

STORED = sorted(FOLDER.glob("schema-*.sdvault"))


def test_there_is_a_stored_vault_of_the_current_schema() -> None:
    assert FOLDER / f"schema-{schema.head_revision()}.sdvault" in STORED


@pytest.mark.parametrize("stored", STORED, ids=lambda p: p.stem)
def test_migration_stored_vault_of_each_released_schema_opens_at_head(
    stored: Path, tmp_path: Path
) -> None:
    copy = tmp_path / stored.name
    shutil.copyfile(stored, copy)
    shutil.copyfile(keys_path_for(stored), keys_path_for(copy))
    vault = unlock_with_passphrase(copy, STORED_PASSPHRASE, backup_dir=tmp_path / "backups")
    try:
        report = check_vault(vault)
        assert report.ok, report.problems
        with vault.uow() as uow:
            assert get_profile(uow).legal_name == "Stored Vault Practitioner"
            names = uow.session.execute(select(Client.first_name)).scalars().all()
        assert names == ["Élodie"]
    finally:
        vault.lock()


def test_migration_runs_after_a_backup_that_opens(vault_path: Path, tmp_path: Path) -> None:
    # Given a vault whose schema is older than this version (here: before the first
    # revision, holding data of its own)
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.engine.connect() as connection, connection.begin():
        command.downgrade(schema._config(connection), "base")
        connection.execute(text("CREATE TABLE legacy_note (body TEXT)"))
        connection.execute(text("INSERT INTO legacy_note VALUES ('written before the upgrade')"))
    vault.lock()
    # When it is unlocked
    backups = tmp_path / "backups"
    upgraded = unlock_with_passphrase(vault_path, PASSPHRASE, backup_dir=backups)
    # Then it is at head, and the automatic backup taken before opens with the same
    # passphrase and holds the data as it was
    with upgraded.engine.connect() as connection:
        assert schema.current_revision(connection) == schema.head_revision()
    upgraded.lock()
    (backup,) = backups.glob("*pre-migration.sdvault")
    copy = unlock_with_passphrase(backup, PASSPHRASE, backup_dir=tmp_path / "other")
    # (unlocking the copy migrates it too, after its own backup — the data stays)
    with copy.uow() as uow:
        body = uow.session.execute(text("SELECT body FROM legacy_note")).scalar_one()
    assert body == "written before the upgrade"
    copy.lock()


@pytest.mark.parametrize("table", ["client", "case_note", "attachment", "audit_event", "invoice"])
def test_ids_of_referenced_tables_are_never_reused(vault, table: str) -> None:  # type: ignore[no-untyped-def]
    # A stale id (an editor still open, a CLI script) must never reach a newer row.
    with vault.engine.connect() as connection:
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
    assert "AUTOINCREMENT" in sql


def test_the_head_revision_constant_matches_the_migrations() -> None:
    # storage.schema.HEAD_REVISION lets an up-to-date vault open without importing Alembic.
    assert schema.head_revision() == schema.HEAD_REVISION


@pytest.mark.parametrize("plugged", [True, False])
def test_the_pre_migration_backup_goes_to_the_chosen_folder_when_it_is_there(
    vault_path: Path, tmp_path: Path, plugged: bool
) -> None:
    from socialdesk.services.backups import BackupPolicy, save_policy

    # Given a vault whose backups go to a USB drive, one schema behind
    usb = tmp_path / "usb"
    usb.mkdir()
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.uow() as uow:
        save_policy(uow, BackupPolicy(folder=str(usb)))
    if not plugged:
        usb.rmdir()  # the drive is not plugged in at the upgrade
    with vault.engine.connect() as connection, connection.begin():
        command.downgrade(schema._config(connection), "-1")
    vault.lock()

    # When it is unlocked (and upgraded)
    upgraded = unlock_with_passphrase(vault_path, PASSPHRASE)
    upgraded.lock()

    # Then the copy taken before is on the drive, or beside the vault when it is unplugged
    default = vault_path.parent / "backups"
    where = usb if plugged else default
    (backup,) = where.glob("*pre-migration.sdvault")
    assert Path(f"{backup}.keys").exists()
    assert not usb.exists() or plugged  # a missing drive's folder is never created
