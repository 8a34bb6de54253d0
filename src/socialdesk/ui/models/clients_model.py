"""The clients list as a lazy Qt table model: pages of ~100 rows fetched on demand.

Nothing is loaded up front: the first page comes with the number of matching clients
(``ClientPage.total``), and the view asks for the next page (``canFetchMore`` /
``fetchMore``) when it scrolls near the end. Every query runs on the DB worker through
:class:`~socialdesk.ui.ops.Operations`; the GUI thread only inserts the rows that arrive.

A filter change starts a new *generation*: a query of an older generation still waiting
in the worker's queue is skipped, and a result of an older generation that arrives
anyway is dropped, so typing fast never shows the rows of a previous keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import ClientPage, ClientRow
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.labels import (
    STATUS_COLORS,
    format_datetime,
    format_day,
    status_label,
)
from socialdesk.ui.ops import Operations

PAGE_SIZE = 100
#: A refresh reloads what the user already scrolled through, up to this many rows.
MAX_RELOAD_ROWS = 500

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file_number", N_("File no.")),
    ("name", N_("Name")),
    ("status", N_("Status")),
    ("last_contact", N_("Last contact")),
    ("next_appointment", N_("Next appointment")),
    ("social_issues", N_("Social issues")),
)
COLUMN_KEYS = tuple(key for key, _title in COLUMNS)
#: Columns the list can be sorted by (the service sorts; social issues cannot be).
SORTABLE = frozenset(("file_number", "name", "status", "last_contact", "next_appointment"))
#: The order of a first click on a column header: most recent contact first.
INITIAL_DESCENDING = frozenset(("last_contact",))

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ClientFilter:
    text: str = ""
    statuses: tuple[str, ...] = ()
    issue_code: str | None = None
    sort: str = "name"
    descending: bool = False


class _Generation:
    """A counter shared with the worker thread (a plain int read: no Qt object there)."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


class ClientsModel(QAbstractTableModel):
    """``loaded`` after a first page (or a refresh) replaced the rows: ``total()`` is known."""

    loaded = Signal()
    loading_changed = Signal(bool)

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.page_size = PAGE_SIZE
        self._filter = ClientFilter()
        self._rows: list[ClientRow] = []
        self._total = 0
        self._generation = _Generation()
        self._fetching = False
        self._has_data = False
        self.pages_requested = 0  # tests and the bench: how many queries were sent

    # ---- state -------------------------------------------------------------------------
    def filter(self) -> ClientFilter:
        return self._filter

    def total(self) -> int:
        """Clients matching the filter (all pages together), as of the last page read."""
        return self._total

    def is_loading(self) -> bool:
        return self._fetching

    def holds_vault_data(self) -> bool:
        return self._has_data

    def row_at(self, row: int) -> ClientRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, client_id: int) -> int:
        """The row showing ``client_id`` among the loaded rows, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == client_id), -1)

    # ---- queries -----------------------------------------------------------------------
    def set_filter(self, flt: ClientFilter) -> None:
        self._filter = flt
        self.reload()

    def update_filter(self, **changes: Any) -> None:
        self.set_filter(replace(self._filter, **changes))

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Read the first page again (``keep_loaded``: as many rows as are loaded now, so a
        refresh after a change does not jump back to the top of a long list)."""
        limit = self.page_size
        if keep_loaded and len(self._rows) > limit:
            pages = -(-len(self._rows) // self.page_size)
            limit = min(pages * self.page_size, MAX_RELOAD_ROWS)
        generation = self._generation.next()
        self._request(generation, offset=0, limit=limit, replace=True)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._request(
            self._generation.value, offset=len(self._rows), limit=self.page_size, replace=False
        )

    def _request(self, generation: int, *, offset: int, limit: int, replace: bool) -> None:
        flt = self._filter
        counter = self._generation

        def read_page(uow: Any) -> tuple[ClientPage | None, Changes]:
            # Runs on the worker: a newer filter was typed meanwhile, skip the query.
            if counter.value != generation:
                return None, NO_CHANGES
            from socialdesk.services.clients import list_clients

            page = list_clients(
                uow,
                text=flt.text,
                statuses=flt.statuses,
                issue_code=flt.issue_code,
                sort=flt.sort,
                descending=flt.descending,
                offset=offset,
                limit=limit,
            )
            return page, NO_CHANGES

        self._set_fetching(True)
        self.pages_requested += 1
        self.ops.run_db(
            read_page,
            on_success=lambda page: self._arrived(generation, offset, replace, page),
            on_error=lambda error: self._failed(generation, error),
            owner=self,
        )

    def _arrived(
        self, generation: int, offset: int, replace: bool, page: ClientPage | None
    ) -> None:
        if generation != self._generation.value or page is None:
            return  # an older filter's answer
        self._set_fetching(False)
        self._has_data = True
        if replace:
            self.beginResetModel()
            self._rows = list(page.rows)
            self._total = page.total
            self.endResetModel()
            self.loaded.emit()
            return
        if offset != len(self._rows) or not page.rows:
            self._total = len(self._rows) if not page.rows else page.total
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._total = max(page.total, len(self._rows))
        self.endInsertRows()

    def _failed(self, generation: int, _error: BaseException) -> bool:
        if generation != self._generation.value:
            return True  # nobody waits for this answer any more
        self._set_fetching(False)
        return False  # the standard error dialog

    def _set_fetching(self, fetching: bool) -> None:
        if fetching != self._fetching:
            self._fetching = fetching
            self.loading_changed.emit(fetching)

    def clear(self) -> None:
        """Forget every row (vault locked); answers still on their way are dropped."""
        self._generation.next()
        self._set_fetching(False)
        self.beginResetModel()
        self._rows = []
        self._total = 0
        self._has_data = False
        self.endResetModel()

    # ---- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, title = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(title)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            descending = key in INITIAL_DESCENDING
            return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        if role == Qt.ItemDataRole.ToolTipRole and key not in SORTABLE:
            return _("This column cannot be sorted; filter by social issue instead.")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == CLIENT_ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "name":
                details = [row.display_name, row.phone, row.email, row.city]
                return "\n".join(d for d in details if d)
            if key == "social_issues" and row.social_issues:
                return "\n".join(row.social_issues)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            colors = STATUS_COLORS.get(row.status)
            return QBrush(QColor(colors[0])) if colors else None
        return None

    @staticmethod
    def _text(row: ClientRow, key: str) -> str:
        if key == "file_number":
            return row.file_number
        if key == "name":
            return row.display_name
        if key == "status":
            return status_label(row.status)
        if key == "last_contact":
            return format_day(row.last_contact_at)
        if key == "next_appointment":
            return format_datetime(row.next_appointment_at)
        return ", ".join(row.social_issues)
