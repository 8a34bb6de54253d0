"""A page damaged on disk after unlock (a flipped byte): work that reads it fails with
the translated "damaged, restore a backup" message, never a raw SQLite error, and the
file is left as it is."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import text

from socialdesk.domain.errors import DamagedVault
from socialdesk.services.vault import create_vault, unlock_with_passphrase
from tests.conftest import CHEAP_KDF, PASSPHRASE

PAGE = 4096


def test_a_page_damaged_on_disk_is_reported_as_a_damaged_vault(vault_path: Path) -> None:
    vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE filler (x BLOB)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
            "INSERT INTO filler SELECT randomblob(3000) FROM n"
        )
    vault.lock()
    reopened = unlock_with_passphrase(vault_path, PASSPHRASE)
    total = 0
    try:
        # The filler's pages are the last ones: flip a byte in each of the last five
        data = bytearray(vault_path.read_bytes())
        total = len(data) // PAGE
        rng = random.Random(5)
        for index in range(total - 5, total):
            data[index * PAGE + rng.randrange(16, PAGE - 64)] ^= 0xFF
        vault_path.write_bytes(bytes(data))
        reopened.engine.dispose()  # no page stays in a cache: the next read goes to disk

        with pytest.raises(DamagedVault) as raised, reopened.uow() as uow:
            uow.session.execute(text("SELECT sum(length(x)) FROM filler")).scalar()
        assert "damaged" in str(raised.value)
        assert "backup" in str(raised.value)
    finally:
        reopened.lock()
    # Left as it is: the damaged pages were neither rewritten nor "repaired" (the pages the
    # unlock itself wrote, its audit event, may have been checkpointed at lock)
    after = vault_path.read_bytes()
    assert after[(total - 5) * PAGE : total * PAGE] == bytes(
        data[(total - 5) * PAGE : total * PAGE]
    )
