"""Application log: a small rotating file in the user's log folder, private (0600).

Log lines name actions, error types and counts — never client names, note text or other
case data. Messages of our own errors are translated templates and are safe to log only
without their parameters, which is why failures are logged with their type.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from socialdesk.config.paths import APP_NAME, private_dir

LOG_FILENAME = "socialdesk.log"


def log_dir() -> Path:
    return private_dir(Path(user_log_dir(APP_NAME, appauthor=False)))


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the ``socialdesk`` loggers to a rotating private file; return its path."""
    path = log_dir() / LOG_FILENAME
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("socialdesk")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return path
