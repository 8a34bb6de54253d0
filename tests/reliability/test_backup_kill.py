"""kill -9 at random points while backups are written and rotated: the live vault always
opens and is intact, and every backup under its final name opens and passes the
integrity check (a half-written copy never looks complete)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from socialdesk.services.backup_restore import verify_backup
from socialdesk.services.backups import list_backups
from socialdesk.services.vault import check_vault, create_vault, unlock_with_passphrase
from socialdesk.storage.backup import BACKUP_NAME
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF, PASSPHRASE

KILLS = 20
ROWS = 200  # ~0.3 MB: a backup takes tens of milliseconds, long enough to be hit

# A small fork server: it imports SocialDesk once (single-threaded, no engine yet), then
# forks one writer per round, so twenty rounds do not pay twenty interpreter start-ups.
# Each writer unlocks the vault and writes backups in a loop until it is killed.
SERVER = r"""
import os, sys
from datetime import UTC, datetime, timedelta
from socialdesk.services.backups import back_up_now
from socialdesk.services.vault import unlock_with_passphrase
path, passphrase = sys.argv[1], os.environ["SD_TEST_PASSPHRASE"]
print("server", flush=True)
for command in sys.stdin:
    round_ = int(command)
    pid = os.fork()
    if pid == 0:
        vault = unlock_with_passphrase(path, passphrase)
        base = datetime(2026, 11, 22, 8, 0, tzinfo=UTC) + timedelta(hours=round_)
        print("ready", flush=True)
        n = 0
        while True:
            print("start", flush=True)
            # A new second each time (unique names), same day: rotation deletes as it goes.
            outcome = back_up_now(vault, base + timedelta(seconds=n), zone=UTC)
            assert outcome.files is not None, outcome.error
            print("done", flush=True)
            n += 1
    print(f"pid {pid}", flush=True)
    os.waitpid(pid, 0)
    print("exited", flush=True)
"""


def _fill(vault_path: Path) -> float:
    """Create the vault; return how long one backup of it takes on this machine now."""
    vault, _recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    try:
        with vault.engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TABLE kill_marker (id INTEGER PRIMARY KEY, label TEXT, pad BLOB)"
            )
            connection.execute(
                text("INSERT INTO kill_marker (label, pad) VALUES (:l, randomblob(1000))"),
                [{"l": f"row {i}"} for i in range(ROWS)],
            )
        from socialdesk.services.backups import back_up_now

        started = time.perf_counter()
        back_up_now(vault, datetime(2026, 11, 21, 9, tzinfo=UTC), zone=UTC)
        return time.perf_counter() - started
    finally:
        vault.lock()


def test_kill_nine_during_backups_leaves_no_false_backup(vault_path: Path) -> None:
    one_backup = _fill(vault_path)
    folder = vault_path.parent / "backups"
    rng = random.Random(20261122)
    env = {**os.environ, "SD_TEST_PASSPHRASE": PASSPHRASE}
    mid_backup = 0
    completed = 0
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(vault_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        assert server.stdout.readline().strip() == "server"
        for round_ in range(KILLS):
            server.stdin.write(f"{round_}\n")
            server.stdin.flush()
            pid = 0
            ready = False
            while not (pid and ready):
                line = server.stdout.readline().strip()
                assert line, "the fork server stopped"
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                ready = ready or line == "ready"
            # Anywhere in the first two or three backups of the round.
            time.sleep(rng.uniform(0.0, 2.5 * one_backup))
            os.kill(pid, signal.SIGKILL)
            lines = []
            for line in server.stdout:
                if line.strip() == "exited":
                    break
                lines.append(line.strip())
            completed += lines.count("done")
            if lines and lines[-1] == "start":
                mid_backup += 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)

    print(f"kills={KILLS} mid_backup={mid_backup} completed={completed} one={one_backup:.3f}s")
    # Most kills landed inside a backup (the child does nothing else after "ready").
    assert mid_backup >= KILLS * 3 // 4, mid_backup
    # Every database under a final backup name has its keys file, opens and is healthy.
    finals = [p for p in folder.iterdir() if BACKUP_NAME.match(p.name)]
    assert finals
    for database in finals:
        assert keys_path_for(database).exists(), database
        report = verify_backup(database, passphrase=PASSPHRASE)
        assert report.ok, (database, report.problems)
        assert report.counts["kill_marker"] == ROWS
    assert {e.path for e in list_backups([folder])} == set(finals)
    # The live vault opens and is intact.
    live = unlock_with_passphrase(vault_path, PASSPHRASE)
    try:
        assert check_vault(live).problems == ()
        with live.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kill_marker")).scalar() == ROWS
        # And the next backup cleans what the kills left half-written.
        from socialdesk.services.backups import back_up_now

        outcome = back_up_now(live, datetime(2026, 12, 1, 9, tzinfo=UTC), zone=UTC)
        assert outcome.files is not None
    finally:
        live.lock()
    leftovers = [
        p.name
        for p in folder.iterdir()
        if p.name.endswith(".partial")
        or (p.name.endswith(".keys") and not p.with_name(p.name[: -len(".keys")]).exists())
    ]
    assert leftovers == []
