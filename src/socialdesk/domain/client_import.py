"""What a client import reports: each problem of a refused file, and what was created.

Pure Python, shared by the CSV reader (:mod:`services.client_import_csv`), the import use
case (:mod:`services.client_import`), the CLI and, later, the GUI's import dialog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from socialdesk.domain.clients import ClientInput
from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import _


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason to refuse the file. ``row`` as in the spreadsheet (the header is row 1),
    None for the whole file; ``column`` as written in the header (or its letter)."""

    row: int | None
    column: str | None
    message: str  # a message id, translated when shown
    params: Mapping[str, object] = field(default_factory=dict)
    reason: str | None = None  # a message id shown as {reason} in ``message``
    duplicate: bool = False  # refused only as a likely duplicate

    def __str__(self) -> str:
        params = dict(self.params)
        if self.reason is not None:
            params["reason"] = _(self.reason)
        problem = _(self.message, **params)
        if self.row is None:
            return problem
        if self.column is None:
            return _("Row {row}: {problem}", row=self.row, problem=problem)
        return _(
            'Row {row}, column "{column}": {problem}',
            row=self.row,
            column=self.column,
            problem=problem,
        )


class ImportRejected(SocialDeskError):
    """The file was refused and nothing was saved; ``problems`` lists every reason."""

    exit_code = 1
    message = (
        "The file was not imported and nothing was saved: {count} problem(s) to fix "
        "(rows are numbered as in the spreadsheet, the header is row 1)."
    )

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(problems)  # in the order of the file
        super().__init__(count=len(self.problems))

    @property
    def only_duplicates(self) -> bool:
        return all(p.duplicate for p in self.problems)

    def __str__(self) -> str:
        return "\n".join([_(self.message, **self.params), *(f"  {p}" for p in self.problems)])


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int  # spreadsheet row number
    data: ClientInput  # validated: trimmed and normalized


@dataclass(frozen=True, slots=True)
class ParsedImport:
    """A file that passed every check that needs no database."""

    rows: tuple[ImportRow, ...]
    columns: Mapping[str, str]  # ClientInput field -> header as written
    delimiter: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    client_ids: tuple[int, ...]
    file_numbers: tuple[str, ...]
    possible_duplicates: int  # rows imported although they look like someone known
