"""kill -9 of a process committing in a loop: no acknowledged commit is ever lost and the
vault stays healthy (WAL + synchronous=FULL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from socialdesk.services.vault import check_vault, create_vault, unlock_with_passphrase
from tests.conftest import CHEAP_KDF, PASSPHRASE

CHILD = r"""
import os, sys
from sqlalchemy import text
from socialdesk.services.vault import unlock_with_passphrase
vault = unlock_with_passphrase(sys.argv[1], os.environ["SD_TEST_PASSPHRASE"])
start = int(sys.argv[2])
payload = "x" * 3000
n = start
print("ready", flush=True)
while True:
    with vault.uow() as uow:
        uow.session.execute(
            text("INSERT INTO app_setting (key, value, updated_at) VALUES (:k, :v, '2026-01-01 00:00:00.000000')"),
            {"k": f"commit.{n}", "v": '"' + payload + '"'},
        )
    # Only now is the commit acknowledged.
    print(n, flush=True)
    n += 1
"""

KILLS = 20


@pytest.mark.slow
def test_kill_nine_during_commits_loses_no_acknowledged_commit(vault_path: Path) -> None:
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    vault.lock()
    rng = random.Random(20261122)
    acknowledged: set[int] = set()
    env = {**os.environ, "SD_TEST_PASSPHRASE": PASSPHRASE}
    next_n = 0
    for _round in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(vault_path), str(next_n)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.02, 0.4)
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            acknowledged.add(int(line))
        os.kill(child.pid, signal.SIGKILL)
        # Lines already written before the kill were acknowledged too.
        for line in child.stdout:
            if line.strip():
                acknowledged.add(int(line))
        child.wait()
        next_n = max(acknowledged, default=next_n) + 1_000

    assert len(acknowledged) > KILLS  # the loop really committed
    reopened = unlock_with_passphrase(vault_path, PASSPHRASE)
    try:
        with reopened.uow() as uow:
            stored = {
                int(k.split(".")[1])
                for (k,) in uow.session.execute(
                    text("SELECT key FROM app_setting WHERE key LIKE 'commit.%'")
                )
            }
        assert acknowledged <= stored, sorted(acknowledged - stored)[:10]
        report = check_vault(reopened)
        assert report.problems == ()
    finally:
        reopened.lock()
