"""Nothing written through the app appears in clear on disk: not in the database, its WAL
and SHM, the keys file, nor anywhere under the data, config and cache folders."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from socialdesk.config.paths import cache_dir, config_dir, data_dir
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.profile import get_profile, save_profile
from socialdesk.services.vault import create_vault, unlock_with_passphrase
from tests.conftest import CHEAP_KDF, PASSPHRASE

MARKER = "Zxq-Marqueur-Confidentiel-7319"


def _files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def _contains_marker(path: Path) -> bool:
    data = path.read_bytes()
    return any(
        form in data
        for form in (MARKER.encode("utf-8"), MARKER.encode("utf-16-le"), MARKER.encode("utf-16-be"))
    )


def test_marker_written_through_the_app_is_never_on_disk_in_clear() -> None:
    path = data_dir() / "socialdesk.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    profile = replace(PractitionerProfile(), legal_name=MARKER, display_name=MARKER)
    with vault.uow() as uow:
        save_profile(uow, profile)
    # While the vault is open the change may still sit in the WAL: check it there too.
    open_files = _files_under(data_dir(), config_dir(), cache_dir())
    assert any(p.name.endswith("-wal") for p in open_files)
    assert [p for p in open_files if _contains_marker(p)] == []
    vault.lock()
    closed_files = _files_under(data_dir(), config_dir(), cache_dir())
    assert [p for p in closed_files if _contains_marker(p)] == []

    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT name FROM sqlite_schema").fetchall()

    reopened = unlock_with_passphrase(path, PASSPHRASE)
    with reopened.uow() as uow:
        assert get_profile(uow).legal_name == MARKER
    reopened.lock()
