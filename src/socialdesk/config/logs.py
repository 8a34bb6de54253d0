"""Application log: a small rotating file in the user's log folder, private (0600).

Log lines name actions, error types and counts — never client names, note text or other
case data. Messages of our own errors are translated templates and are safe to log only
without their parameters, which is why failures are logged with their type. Tracebacks
keep their frames and exception types but drop every exception's message: an OS error's
message holds a path (a folder may be named after a person), a database error's the
failing SQL. Only an OS error's errno and its generic text stay.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from socialdesk.config.paths import APP_NAME, private_dir

LOG_FILENAME = "socialdesk.log"


def log_dir() -> Path:
    return private_dir(Path(user_log_dir(APP_NAME, appauthor=False)))


def _exception_lines(error: BaseException, seen: set[int]) -> list[str]:
    seen.add(id(error))
    lines: list[str] = []
    cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    if cause is not None and id(cause) not in seen:
        lines += _exception_lines(cause, seen)
        lines.append("\nThe above exception led to the following one:\n\n")
    lines.append("Traceback (most recent call last):\n")
    lines += traceback.format_list(traceback.extract_tb(error.__traceback__))
    kind = type(error)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(error, OSError) and error.errno is not None:
        name += f" [errno {error.errno}: {os.strerror(error.errno)}]"
    lines.append(name + " (message not logged)\n")
    return lines


class CaseDataSafeFormatter(logging.Formatter):
    """Tracebacks without exception messages (see the module docstring)."""

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def,override]  # noqa: N802
        error = ei[1]
        if error is None:
            return ""
        return "".join(_exception_lines(error, set())).rstrip("\n")


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the ``socialdesk`` loggers to a rotating private file; return its path."""
    path = log_dir() / LOG_FILENAME
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(CaseDataSafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("socialdesk")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return path
