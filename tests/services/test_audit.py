"""Audit log: unlocks and backups are recorded, the hash chain shows tampering."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.vault import Vault, backup_vault, unlock_with_passphrase
from tests.conftest import PASSPHRASE


def test_audit_records_create_unlock_and_backup_without_case_content(
    vault: Vault, tmp_path: Path
) -> None:
    backup_vault(vault, tmp_path / "b")
    vault.lock()
    reopened = unlock_with_passphrase(vault.path, PASSPHRASE)
    with reopened.uow() as uow:
        actions = [e.action for e in reversed(recent_events(uow))]
        assert actions == ["vault_create", "unlock", "backup", "unlock"]
        assert verify_chain(uow) is None
    reopened.lock()


def test_audit_chain_detects_an_edited_event(vault: Vault) -> None:
    with vault.uow() as uow:
        uow.session.execute(
            text(
                "UPDATE audit_event SET details = '{\"method\": \"device\"}' WHERE action = 'unlock'"
            )
        )
    with vault.uow() as uow:
        assert verify_chain(uow) is not None
