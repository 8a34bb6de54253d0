"""A full disk (a file-size limit on the process) while the practitioner saves: each
refused save is a clear, translated error, and every save acknowledged before it is
still there when the vault is opened again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from socialdesk.domain.clients import ClientInput
from socialdesk.services.clients import create_client
from socialdesk.services.vault import check_vault, create_vault, unlock_with_passphrase
from socialdesk.storage.orm import Client
from tests.conftest import CHEAP_KDF, PASSPHRASE

CHILD = r"""
import json, os, resource, signal, sys
from socialdesk.domain.clients import ClientInput
from socialdesk.domain.errors import SocialDeskError
from socialdesk.services.clients import create_client
from socialdesk.services.vault import unlock_with_passphrase
vault = unlock_with_passphrase(sys.argv[1], os.environ["SD_TEST_PASSPHRASE"])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
saved, errors = [], []
for n in range(3000):
    try:
        with vault.uow() as uow:
            view, _ = create_client(
                uow, ClientInput(first_name="Prénom", last_name=f"Plein{n:05d}", phone="", city="Roubaix" * 10)
            )
        saved.append(view.id)
    except SocialDeskError as exc:
        errors.append([type(exc).__name__, str(exc)])
        if len(errors) == 3:
            break
vault.lock()
print(json.dumps({"saved": saved, "errors": errors}), flush=True)
"""


def test_saves_refused_by_a_full_disk_are_clear_errors_and_lose_nothing(
    vault_path: Path,
) -> None:
    vault, _recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.uow() as uow:
        create_client(uow, ClientInput(first_name="Avant", last_name="Plein"))
    vault.lock()
    limit = max(p.stat().st_size for p in vault_path.parent.iterdir()) + 64 * 1024
    env = {**os.environ, "SD_TEST_PASSPHRASE": PASSPHRASE, "LANG": "C.UTF-8"}

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_path), str(limit)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    # The disk filled up after some saves; each refusal said so plainly
    assert result["saved"], result
    assert len(result["errors"]) == 3
    for name, message in result["errors"]:
        assert name == "DiskFull"
        assert message.startswith("The disk is full: this change was not saved.")

    # Every acknowledged save is there, the vault is sound
    vault = unlock_with_passphrase(vault_path, PASSPHRASE)
    try:
        with vault.uow() as uow:
            ids = set(uow.session.scalars(select(Client.id)))
        assert set(result["saved"]) <= ids
        assert len(ids) == len(result["saved"]) + 1
        assert check_vault(vault).ok
    finally:
        vault.lock()
