"""Migration 0004 (audit action ``key_rotate``) rebuilds ``audit_event``: the hash-chained
rows must come through byte for byte, the ids keep AUTOINCREMENT, and the new action is
accepted while an unknown one is still refused."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from socialdesk.domain.enums import AuditAction
from socialdesk.services.audit import record_event, verify_chain
from socialdesk.services.vault import Vault
from socialdesk.storage import schema


def _rows(vault: Vault) -> list[tuple[object, ...]]:
    with vault.engine.connect() as connection:
        return list(connection.exec_driver_sql("SELECT * FROM audit_event ORDER BY id"))


def test_upgrade_to_0004_keeps_the_audit_chain_byte_identical(vault: Vault) -> None:
    # Given a vault at 0003 with a few chained events (one with non-ASCII details)
    with vault.engine.connect() as connection, connection.begin():
        command.downgrade(schema._config(connection), "0003")
    for n in range(5):
        with vault.uow() as uow:
            record_event(uow, AuditAction.EXPORT, details={"file": f"relevé-{n}.pdf"})
    before = _rows(vault)
    with vault.engine.connect() as connection, pytest.raises(IntegrityError), connection.begin():
        connection.execute(
            text(
                "INSERT INTO audit_event (at, action, hash) "
                "VALUES ('2026-01-01 00:00:00.000000', 'key_rotate', 'x')"
            )
        )
    # When it is upgraded
    schema.upgrade(vault.engine)
    # Then the rows are identical, the chain verifies, the ids still never get reused,
    with vault.engine.connect() as connection:
        assert schema.current_revision(connection) == "0004"
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_schema WHERE name = 'audit_event'"
        ).scalar_one()
        indexes = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_event'"
            ).scalars()
        )
    assert _rows(vault) == before
    assert "AUTOINCREMENT" in sql
    assert indexes == {
        "ix_audit_event_action",
        "ix_audit_event_at",
        "ix_audit_event_object_type_object_id",
    }
    with vault.uow() as uow:
        assert verify_chain(uow) is None
        # and key_rotate is accepted while an unknown action is not
        record_event(uow, AuditAction.KEY_ROTATE)
    with vault.engine.connect() as connection, pytest.raises(IntegrityError), connection.begin():
        connection.execute(
            text(
                "INSERT INTO audit_event (at, action, hash) "
                "VALUES ('2026-01-01 00:00:00.000000', 'made_up', 'x')"
            )
        )
