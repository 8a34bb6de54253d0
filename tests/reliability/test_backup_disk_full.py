"""A file-size limit (what a full disk looks like to a process) during a backup: a clear
error, the live vault intact, no partial or final-named backup left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from socialdesk.services.backups import backup_status, list_backups
from socialdesk.services.vault import check_vault, create_vault, unlock_with_passphrase
from tests.conftest import CHEAP_KDF, PASSPHRASE

ROWS = 300
LIMIT = 96 * 1024  # bytes a file may grow to in the child: less than one backup

CHILD = r"""
import json, os, resource, signal, sys
from datetime import UTC, datetime
from socialdesk.services.backups import back_up_now
from socialdesk.services.vault import backup_vault, unlock_with_passphrase
from socialdesk.storage.backup import BackupFailed
vault = unlock_with_passphrase(sys.argv[1], os.environ["SD_TEST_PASSPHRASE"])
# Without this the kernel kills the process (SIGXFSZ); with it, write() fails with EFBIG.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
result = {}
try:
    backup_vault(vault, sys.argv[2])
    result["raised"] = None
except BackupFailed as exc:
    result["raised"] = str(exc)
outcome = back_up_now(vault, datetime(2026, 11, 22, 12, tzinfo=UTC))
result["outcome_error"] = str(outcome.error) if outcome.error else None
result["files"] = str(outcome.files) if outcome.files else None
vault.lock()
print(json.dumps(result), flush=True)
"""


def test_a_file_size_limit_during_a_backup_is_a_clear_error_and_loses_nothing(
    vault_path: Path, tmp_path: Path
) -> None:
    vault, _recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE fs_marker (id INTEGER PRIMARY KEY, pad BLOB)")
        connection.execute(
            text("INSERT INTO fs_marker (pad) VALUES (randomblob(1000))"), [{}] * ROWS
        )
    vault.lock()
    folder = tmp_path / "usb"
    env = {**os.environ, "SD_TEST_PASSPHRASE": PASSPHRASE}

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_path), str(folder), str(LIMIT)],
        capture_output=True,
        env=env,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["raised"] is not None and "the disk is full" in result["raised"]
    assert str(folder) in result["raised"]
    assert result["files"] is None
    assert "the disk is full" in result["outcome_error"]
    for where in (folder, vault_path.parent / "backups"):
        names = [p.name for p in where.iterdir()] if where.exists() else []
        assert [n for n in names if n.startswith("socialdesk-")] == [], names
        assert list_backups([where]) == []
    live = unlock_with_passphrase(vault_path, PASSPHRASE)
    try:
        assert check_vault(live).problems == ()
        with live.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM fs_marker")).scalar() == ROWS
        with live.uow() as uow:
            status, _changes = backup_status(uow, live.path)
        assert status.problem is not None and "disk is full" in str(status.problem)
        assert status.last_at is None
    finally:
        live.lock()
