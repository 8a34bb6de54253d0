"""The database worker: ONE serialized background thread for every read and write.

Threading rule — an operation never touches widgets. The callable given to
:meth:`Operations.run_db` (``op(uow) -> (result, Changes)``) or :meth:`Operations.run_task`
(``func() -> result``) runs on the worker thread; it talks to services and returns plain
values (DTOs). ``on_success`` and ``on_error`` run later on the GUI thread, where touching
widgets is allowed. After a successful write the ``Changes`` are published on the
:class:`~socialdesk.ui.events.ChangeBus` and every page refreshes itself.

Jobs run one at a time in submission order, so an unlock finishes before the first read and
a lock waits for the write in progress. Each job belongs to an *epoch*: locking the vault
starts a new one, and results of jobs submitted before the lock are dropped instead of
repainting pages that were just cleared.

Errors: ``on_error(error)`` may return ``True`` when it dealt with the error itself (e.g.
an error label under a field). Otherwise :func:`show_error` shows a dialog: ``str(error)``
(already translated) for a :class:`SocialDeskError`, a generic message plus a logged
traceback for anything else.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import SocialDeskError, VaultLocked
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus

log = logging.getLogger(__name__)

T = TypeVar("T")
OnSuccess = Callable[[Any], None]
OnError = Callable[[BaseException], bool | None]

_open_boxes: set[QMessageBox] = set()


def error_text(error: BaseException) -> str:
    """What the user reads for ``error``: our translated message, or a generic one."""
    if isinstance(error, SocialDeskError):
        return str(error)
    return _("An unexpected error occurred. The details were recorded in the log.")


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Show ``error`` in a non-blocking window-modal message box (logged if unexpected)."""
    if not isinstance(error, SocialDeskError):
        log.error("Unexpected error in an operation", exc_info=error)
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("SocialDesk"))
    box.setText(error_text(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
    return box


@dataclass(eq=False)
class _Job:
    func: Callable[[], Any]
    on_success: OnSuccess | None
    on_error: OnError | None
    owner: QObject | None
    epoch: int
    is_db: bool
    result: Any = None
    changes: Changes = NO_CHANGES
    error: BaseException | None = None


_STOP = object()


class Operations(QObject):
    """Runs operations on the single worker thread and brings results back to the GUI."""

    busy_changed = Signal(bool)
    idle = Signal()
    _delivered = Signal(object)

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._vault: Any = None
        self._epoch = 0
        self._pending = 0
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="socialdesk-db", daemon=True)
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread.start()

    # ---- the vault the DB operations run against --------------------------------------
    @property
    def vault(self) -> Any:
        return self._vault

    def attach_vault(self, vault: Any) -> None:
        self._vault = vault

    def lock_vault(self) -> None:
        """Forget the vault now and lock it on the worker, after the job in progress.

        Results of jobs submitted before this call are dropped (new epoch)."""
        vault, self._vault = self._vault, None
        self._epoch += 1
        if vault is not None:
            self.run_task(vault.lock)

    # ---- submitting --------------------------------------------------------------------
    def run_db(
        self,
        op: Callable[[Any], tuple[T, Changes]],
        *,
        on_success: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``op(uow)`` inside ``with vault.uow() as uow:`` (committed on success)."""
        vault = self._vault

        def work() -> tuple[T, Changes]:
            if vault is None:
                raise VaultLocked()
            with vault.uow() as uow:
                return op(uow)

        self._submit(_Job(work, on_success, on_error, owner, self._epoch, is_db=True))

    def run_task(
        self,
        func: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run a slow non-database callable (KDF, keyring) on the same worker."""
        self._submit(_Job(func, on_success, on_error, owner, self._epoch, is_db=False))

    def _submit(self, job: _Job) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._queue.put(job)

    # ---- worker side (no widgets here) -------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            try:
                value = job.func()
                if job.is_db:
                    job.result, job.changes = value
                else:
                    job.result = value
            except BaseException as exc:  # delivered to the GUI thread's error path
                job.error = exc
            try:
                self._delivered.emit(job)
            except RuntimeError:  # the GUI side is gone (application shutting down)
                return

    # ---- GUI side ----------------------------------------------------------------------
    def _deliver(self, job: _Job) -> None:
        try:
            if job.epoch != self._epoch:
                # Submitted before a lock: the pages it would fill were cleared.
                if job.error is not None and not isinstance(job.error, SocialDeskError):
                    log.error("Operation failed after lock", exc_info=job.error)
                return
            if job.owner is not None and not shiboken6.isValid(job.owner):
                return
            if job.error is None:
                if job.on_success is not None:
                    job.on_success(job.result)
                self.bus.publish(job.changes)
            else:
                handled = job.on_error(job.error) if job.on_error is not None else False
                if not handled and not isinstance(job.error, VaultLocked):
                    parent = job.owner if isinstance(job.owner, QWidget) else None
                    show_error(parent.window() if parent is not None else None, job.error)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)
                self.idle.emit()

    def is_idle(self) -> bool:
        return self._pending == 0

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Process events until every submitted job was delivered (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self._pending:
                time.sleep(0.002)
        return self._pending == 0

    def shutdown(self, timeout: float = 30.0) -> None:
        """Let queued jobs finish, then stop the thread (callbacks are not delivered)."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
