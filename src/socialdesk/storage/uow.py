"""Unit of work: one Session per user action, committed or rolled back as a whole.

A write that the disk refuses (full, a file-size limit, an I/O error) is rolled back and
raised as :class:`~socialdesk.domain.errors.DiskFull` or
:class:`~socialdesk.domain.errors.DriveError`: a clear message instead of SQLite's
"disk I/O error", and nothing acknowledged is lost (SQLite's journal guarantees it).
A damaged page met while working (a page whose HMAC fails, a malformed b-tree) is
:class:`~socialdesk.domain.errors.DamagedVault`, which says to restore a backup.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from socialdesk.domain.errors import DamagedVault, DiskFull, DriveError, SocialDeskError

LOW_SPACE = 4 * 1024 * 1024
"""Below this much free space, an I/O error while writing is taken for a full disk."""


def write_error(exc: BaseException, database: str | None) -> SocialDeskError | None:
    """Our error for a write the disk refused or a damaged page, or None when ``exc`` is
    something else."""
    if not isinstance(exc, DatabaseError):
        return None
    text = str(exc.orig).lower()
    if "malformed" in text or "file is not a database" in text:
        return DamagedVault()
    if not isinstance(exc, OperationalError):
        return None
    if "full" in text:  # SQLITE_FULL: "database or disk is full"
        return DiskFull()
    if "i/o error" not in text:
        return None
    if _no_room(Path(database).parent if database else None):
        return DiskFull()
    return DriveError()


def _no_room(folder: Path | None) -> bool:
    """A file-size limit on this process, or too little free space: SQLite reports both
    as a mere I/O error."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY:
            return True
    except (ImportError, ValueError, OSError):
        pass
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError as error:
        return error.errno == errno.ENOSPC


class UnitOfWork:
    """``with UnitOfWork(factory) as uow: service(uow, ...)`` commits on success.

    Services read and write through ``uow.session`` and return detached DTOs, never ORM
    objects, so nothing lazy escapes the transaction.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its 'with' block")
        return self._session

    def _database(self) -> str | None:
        """The database file (for a free-space check), read only when a write failed."""
        bind = self._factory.kw.get("bind")
        url = getattr(bind, "url", None)
        return getattr(url, "database", None)

    def __enter__(self) -> UnitOfWork:
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                session.commit()
            else:
                session.rollback()
        except DatabaseError as failed:
            session.rollback()
            translated = write_error(failed, self._database())
            if translated is None:
                raise
            raise translated from failed
        finally:
            session.close()
            self._session = None
        translated = write_error(exc, self._database()) if exc is not None else None
        if translated is not None:
            raise translated from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
