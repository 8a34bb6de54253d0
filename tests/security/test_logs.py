"""The log file is private and never receives case data, even from a failed write."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from socialdesk.config.logs import setup_logging
from socialdesk.services.vault import Vault

MARKER = "Dupont-Confidentiel-4242"


def test_failed_write_logged_with_traceback_carries_no_case_data(vault: Vault) -> None:
    path = setup_logging()
    try:
        with pytest.raises(IntegrityError) as caught, vault.uow() as uow:
            # NOT NULL violation with a marker among the parameters.
            uow.session.execute(
                text("INSERT INTO client (file_number, first_name) VALUES (:n, :f)"),
                {"n": MARKER, "f": MARKER},
            )
        logging.getLogger("socialdesk.ui.ops").error("Operation failed", exc_info=caught.value)
        for handler in logging.getLogger("socialdesk").handlers:
            handler.flush()
        content = path.read_text(encoding="utf-8")
        assert "Operation failed" in content and "IntegrityError" in content
        assert MARKER not in content
        assert (path.stat().st_mode & 0o777) == 0o600
    finally:
        logging.getLogger("socialdesk").handlers.clear()


def test_a_scripted_session_with_an_export_error_logs_no_case_data(
    vault: Vault,
    qtbot,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """Clients and notes with marker text, then an export that fails on a folder whose
    name holds a marker too (its path lands in the exception): the GUI's worker logs the
    failure, the log file holds none of the markers."""
    from socialdesk.domain.changes import NO_CHANGES
    from socialdesk.services.gdpr import export_client_data
    from socialdesk.ui.events import ChangeBus
    from socialdesk.ui.ops import Operations
    from tests.security.test_crash_markers import MARKERS, scripted_session

    path = setup_logging()
    blocked = tmp_path / MARKERS[0]
    blocked.write_text("a file where the export wants a folder")
    ops = Operations(ChangeBus())
    ops.attach_vault(vault)
    try:
        ids: list[int] = []
        ops.run_db(lambda uow: (scripted_session(uow), NO_CHANGES), on_success=ids.extend)
        qtbot.waitUntil(lambda: len(ids) == 2, timeout=10_000)
        failed: list[BaseException] = []

        def export(uow):  # type: ignore[no-untyped-def]
            return export_client_data(uow, ids[0], blocked / "export"), NO_CHANGES

        ops.run_db(export, on_error=lambda error: bool(failed.append(error)))
        qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
        assert MARKERS[0] in str(failed[0])  # the error itself names the folder
        for handler in logging.getLogger("socialdesk").handlers:
            handler.flush()
        content = path.read_text(encoding="utf-8")
        assert "Unexpected error in an operation" in content
        assert type(failed[0]).__name__ in content
        for marker in MARKERS:
            assert marker not in content
    finally:
        ops.wait_idle()
        ops.lock_vault()
        ops.wait_idle()
        ops.shutdown()
        logging.getLogger("socialdesk").handlers.clear()
