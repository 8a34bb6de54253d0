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
