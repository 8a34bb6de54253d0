"""The backup status, as Today and Settings show it, and the daily backup after unlock.

:func:`start_daily_backup` is what the controller calls once the vault is open: the
backup (if none was made today) runs on the database worker, never on the GUI thread,
and its result is broadcast so the status redraws. A failed daily backup does not pop up
a dialog over the first screen: Today shows it, in the warning style.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, QObject, Qt, QTimeZone, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from socialdesk.domain.changes import Changes
from socialdesk.domain.errors import SocialDeskError, VaultLocked
from socialdesk.i18n import N_, _
from socialdesk.services.backups import (
    BACKUP_CHANGES,
    BackupFolderMissing,
    BackupOutcome,
    BackupPlan,
    BackupStatus,
    Notice,
    backup_status,
    copy_backup,
    copy_engine,
    finish_backup,
    plan_backup,
    plan_if_due,
)
from socialdesk.storage.backup import BackupFailed
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

log = logging.getLogger(__name__)

OK_STYLE = "color: palette(placeholder-text);"
WARNING_STYLE = (
    "color: #8a4b00; background: #fff4e0; border: 1px solid #f0c27a; border-radius: 4px;"
    " padding: 6px 8px;"
)


def format_moment(moment: datetime) -> str:
    """``22 Nov 2026 14:03`` in the interface language and the computer's zone."""
    qt = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(qt, "d MMM yyyy HH:mm")


def status_lines(status: BackupStatus, now: datetime) -> list[str]:
    """What the status says, most important first."""
    lines: list[str] = []
    if status.last_at is None:
        lines.append(_("Backup: none yet."))
    else:
        where = status.last_file.parent if status.last_file is not None else status.folder
        lines.append(
            _(
                "Backup: last on {when} to {folder}",
                when=format_moment(status.last_at),
                folder=where,
            )
        )
        if status.is_stale(now):
            lines.append(_("The last backup is more than 7 days old."))
    if status.folder_missing and status.chosen_folder is not None:
        lines.append(
            _(
                "The backup folder {folder} is not available: is the USB drive plugged in?",
                folder=status.chosen_folder,
            )
        )
    # A folder that was missing at the last backup is checked live above instead.
    if status.problem is not None and status.problem.message != BackupFolderMissing.message:
        lines.append(str(status.problem))
    return lines


def load_status(vault_path: Path) -> Any:
    def op(uow: Any) -> tuple[BackupStatus, Changes]:
        return backup_status(uow, vault_path)

    return op


class BackupStatusSection(QWidget):
    """The Today section "Backup: last on … to …" (a TodaySection: clear, holds_vault_data,
    minute_tick). Warning style when the last backup is older than 7 days, the chosen
    folder is missing, or the last backup had a problem. A click emits ``clicked`` (the
    main window opens Settings → Backups)."""

    clicked = Signal()

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayBackupSection")
        self.ops = ops
        self.status: BackupStatus | None = None
        self.label = QLabel(self)
        self.label.setObjectName("todayBackupStatus")
        self.label.setWordWrap(True)
        self.label.setToolTip(_("Open Settings → Backups"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        bus.changed.connect(self.on_changes)
        self.clear()

    @property
    def warning(self) -> bool:
        return self.status is not None and self.status.needs_attention(datetime.now(UTC))

    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.settings:
            self.reload()

    def reload(self) -> None:
        vault = self.ops.vault
        if vault is None:
            return
        self.ops.run_db(load_status(vault.path), on_success=self.show_status, owner=self)

    def show_status(self, status: BackupStatus) -> None:
        self.status = status
        now = datetime.now(UTC)
        self.label.setText("\n".join(status_lines(status, now)))
        self.label.setStyleSheet(WARNING_STYLE if status.needs_attention(now) else OK_STYLE)
        self.setVisible(True)

    def clear(self) -> None:
        self.status = None
        self.label.clear()
        self.setVisible(False)

    def holds_vault_data(self) -> bool:
        return self.status is not None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.status is not None:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def minute_tick(self) -> None:
        if self.status is not None:
            self.show_status(self.status)  # turns to a warning when 7 days have passed


class DailyBackup(QObject):
    """One backup made beside the worker — the daily one (``only_if_due``) or "Back up
    now" — in three steps: the plan on the database worker (is one due,
    where), the copy on a thread of its own with its own connection (so the worker stays
    free for the pages, however large the vault), then the audit event, rotation and
    status back on the worker. Locking the vault stops the copy within milliseconds and
    leaves no file under a final name. ``finished`` is emitted in every case."""

    finished = Signal()
    _copied = Signal(object)

    def __init__(self, ops: Operations, *, only_if_due: bool = True) -> None:
        super().__init__(ops)
        self.ops = ops
        self.only_if_due = only_if_due  # False: "Back up now"
        self.thread: threading.Thread | None = None
        self.outcome: BackupOutcome | None = None
        self.error: BaseException | None = None
        self._copied.connect(self._after_copy, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        vault = self.ops.vault
        if vault is None:
            self.finished.emit()
            return
        only_if_due = self.only_if_due
        self.ops.run_task(
            lambda: plan_if_due(vault) if only_if_due else plan_backup(vault),
            on_success=lambda plan: self._copy(vault, plan),
            on_error=self._failed,
        )

    def _copy(self, vault: Any, plan: BackupPlan | None) -> None:
        if plan is None:  # today's backup exists
            self.finished.emit()
            return

        def run() -> None:
            try:
                with copy_engine(vault) as engine:
                    result: Any = copy_backup(vault, plan, engine=engine)
            except BaseException as exc:  # delivered to the GUI thread below
                result = exc
            with contextlib.suppress(RuntimeError):  # the app is gone
                self._copied.emit((vault, plan, result))

        self.thread = threading.Thread(target=run, name="socialdesk-backup", daemon=True)
        self.thread.start()

    def _after_copy(self, payload: tuple[Any, BackupPlan, Any]) -> None:
        vault, plan, result = payload
        if self.ops.vault is not vault or vault.locked:
            self.finished.emit()  # locked meanwhile: the copy stopped or is not recorded
            return
        if isinstance(result, VaultLocked):
            self.finished.emit()
            return
        if isinstance(result, BaseException):
            if isinstance(result, SocialDeskError):  # a damaged vault, say
                notice = Notice.of(result)
            else:
                log.error("The daily backup failed", exc_info=result)
                notice = Notice.of(
                    BackupFailed(
                        folder=str(plan.folder), reason=N_("the copy could not be written")
                    )
                )
            result = BackupOutcome(None, plan.folder, plan.warning, notice)
        outcome: BackupOutcome = result
        self.ops.run_task(
            lambda: finish_backup(vault, plan, outcome),
            on_success=self._done,
            on_error=self._failed,
        )

    def _done(self, outcome: BackupOutcome) -> None:
        self.outcome = outcome
        self.ops.bus.publish(BACKUP_CHANGES)
        self.finished.emit()

    def _failed(self, error: BaseException) -> bool:
        self.error = error
        if not isinstance(error, VaultLocked):
            log.error("The daily backup failed", exc_info=error)
        self.ops.bus.publish(BACKUP_CHANGES)
        self.finished.emit()
        return True


def start_daily_backup(ops: Operations) -> DailyBackup:
    """After unlock: the first backup of the day (no-op if one exists), off the GUI
    thread and off the database worker for the copy itself (see :class:`DailyBackup`).
    Failures are recorded in the vault and shown on Today, not in a dialog."""
    daily = DailyBackup(ops)
    daily.finished.connect(daily.deleteLater)
    daily.start()
    return daily
