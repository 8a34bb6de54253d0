"""Import clients from a spreadsheet's CSV file, all or nothing.

Two steps, so a front end can check a file before it asks for the passphrase:

1. :func:`parse_clients_csv` (pure, no database; :mod:`services.client_import_csv`)
   reads the bytes and checks every row with the rules of the client form;
2. :func:`import_clients` looks for likely duplicates, in the file and among the existing
   files (the rules of :func:`services.duplicates.find_duplicates`), then creates every
   client in one savepoint of the caller's transaction and records an IMPORT audit event
   (counts only, no name).

Any problem anywhere raises :class:`ImportRejected` with every problem found (row,
column, reason) and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from socialdesk.domain.changes import Changes
from socialdesk.domain.client_import import (
    ImportProblem,
    ImportRejected,
    ImportReport,
    ImportRow,
    ParsedImport,
)
from socialdesk.domain.clients import (
    DUPLICATE_REASONS,
    DUPLICATE_SAME_EMAIL,
    DUPLICATE_SAME_NAME_AND_BIRTH_DATE,
    DUPLICATE_SAME_PHONE,
    ClientInput,
    display_name,
    phone_digits,
)
from socialdesk.domain.clients import DuplicateCandidate as Candidate
from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.services.client_import_csv import (
    COLUMNS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    parse_clients_csv,
    read_import_file,
)
from socialdesk.services.clients import create_client
from socialdesk.services.duplicates import MAX_CANDIDATES, national_phone_sql
from socialdesk.storage.orm import Client, name_sort_key
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportProblem",
    "ImportRejected",
    "ImportReport",
    "ImportRow",
    "ParsedImport",
    "import_clients",
    "import_clients_csv",
    "parse_clients_csv",
    "read_import_file",
]

_DUPLICATE_CHUNK = 300  # rows per duplicate query (3 IN lists stay under SQLite's limits)
_REASON_RANK = {  # strongest first, as find_duplicates ranks them
    DUPLICATE_SAME_NAME_AND_BIRTH_DATE: 0,
    DUPLICATE_SAME_EMAIL: 1,
    DUPLICATE_SAME_PHONE: 2,
}


# ---- duplicates ----------------------------------------------------------------------------------
def _identity_keys(data: ClientInput) -> list[tuple[str, tuple[object, ...]]]:
    """The keys by which two rows are the same person (the rules of find_duplicates)."""
    keys: list[tuple[str, tuple[object, ...]]] = []
    if data.birth_date is not None:
        names = {
            name_sort_key(data.last_name, data.first_name),
            name_sort_key(data.first_name, data.last_name),
        }
        if data.birth_name:
            names.add(name_sort_key(data.birth_name, data.first_name))
        keys += [
            (DUPLICATE_SAME_NAME_AND_BIRTH_DATE, (n, data.birth_date)) for n in sorted(names) if n
        ]
    if data.email:
        keys.append((DUPLICATE_SAME_EMAIL, (data.email.lower(),)))
    digits = phone_digits(data.phone)
    if len(digits) >= 8:
        keys.append((DUPLICATE_SAME_PHONE, (digits,)))
    return keys


def _known_duplicates(uow: UnitOfWork, rows: Sequence[ImportRow]) -> dict[int, list[Candidate]]:
    """Existing files that may be the same person as each row (by row number).

    The rules of :func:`services.duplicates.find_duplicates` (same keys, same SQL phone
    form, strongest reason first, erased files left out), but one query per chunk of rows
    instead of one per row: each query scans the clients once for the phone and email
    forms, so a few thousand rows cost seconds, not minutes.
    """
    found: dict[int, list[Candidate]] = {}
    national = national_phone_sql(Client.phone).label("national")
    for start in range(0, len(rows), _DUPLICATE_CHUNK):
        chunk = rows[start : start + _DUPLICATE_CHUNK]
        wanted: dict[str, set[object]] = {reason: set() for reason in _REASON_RANK}
        for row in chunk:
            for reason, key in _identity_keys(row.data):
                wanted[reason].add(key[0])
        conditions = []
        if wanted[DUPLICATE_SAME_NAME_AND_BIRTH_DATE]:
            names = sorted(str(n) for n in wanted[DUPLICATE_SAME_NAME_AND_BIRTH_DATE])
            conditions.append(Client.name_sort_key.in_(names))
        if wanted[DUPLICATE_SAME_EMAIL]:
            conditions.append(
                func.lower(Client.email).in_(sorted(map(str, wanted[DUPLICATE_SAME_EMAIL])))
            )
        if wanted[DUPLICATE_SAME_PHONE]:
            conditions.append(national.in_(sorted(map(str, wanted[DUPLICATE_SAME_PHONE]))))
        if not conditions:
            continue
        people = uow.session.execute(
            select(
                Client.id,
                Client.file_number,
                Client.last_name,
                Client.first_name,
                Client.birth_date,
                Client.name_sort_key,
                Client.email,
                national,
            )
            .where(or_(*conditions), Client.pseudonymized_at.is_(None))
            .order_by(Client.file_number)
        ).all()
        index: dict[tuple[str, tuple[object, ...]], list[Any]] = {}
        for person in people:
            if person.birth_date is not None:
                key = (person.name_sort_key, person.birth_date)
                index.setdefault((DUPLICATE_SAME_NAME_AND_BIRTH_DATE, key), []).append(person)
            if person.email:
                key = (person.email.strip().lower(),)
                index.setdefault((DUPLICATE_SAME_EMAIL, key), []).append(person)
            if len(person.national or "") >= 8:
                index.setdefault((DUPLICATE_SAME_PHONE, (person.national,)), []).append(person)
        for row in chunk:
            best: dict[int, Candidate] = {}  # keys come strongest reason first
            for reason, key in _identity_keys(row.data):
                for person in index.get((reason, key), ()):
                    best.setdefault(
                        person.id,
                        Candidate(
                            client_id=person.id,
                            file_number=person.file_number,
                            display_name=display_name(person.last_name, person.first_name),
                            birth_date=person.birth_date,
                            reason=reason,
                        ),
                    )
            if best:
                ranked = sorted(
                    best.values(), key=lambda c: (_REASON_RANK[c.reason], c.file_number)
                )
                found[row.row] = ranked[:MAX_CANDIDATES]
    return found


def _duplicates(uow: UnitOfWork, rows: Sequence[ImportRow]) -> list[ImportProblem]:
    """Rows that look like an earlier row of the file or like an existing file."""
    known = _known_duplicates(uow, rows)
    problems: list[ImportProblem] = []
    seen: dict[tuple[str, tuple[object, ...]], int] = {}
    for row in rows:
        keys = _identity_keys(row.data)
        earlier = next(
            ((reason, seen[(reason, key)]) for reason, key in keys if (reason, key) in seen), None
        )
        if earlier is not None:
            problems.append(
                ImportProblem(
                    row.row,
                    None,
                    N_("Looks like the same person as row {other} ({reason})."),
                    {"other": earlier[1]},
                    reason=DUPLICATE_REASONS[earlier[0]],
                    duplicate=True,
                )
            )
        for key in keys:
            seen.setdefault(key, row.row)
        candidates = known.get(row.row)
        if candidates:
            files = ", ".join(f"{c.file_number} ({c.display_name})" for c in candidates)
            problems.append(
                ImportProblem(
                    row.row,
                    None,
                    N_("This person may already have a file ({reason}): {files}."),
                    {"files": files},
                    reason=DUPLICATE_REASONS[candidates[0].reason],
                    duplicate=True,
                )
            )
    return problems


# ---- the import ----------------------------------------------------------------------------------
def import_clients(
    uow: UnitOfWork, parsed: ParsedImport, *, allow_duplicates: bool = False
) -> tuple[ImportReport, Changes]:
    """Create one client file per row of ``parsed``, all or none.

    Likely duplicates (in the file, or of existing files) are problems unless
    ``allow_duplicates``. The clients are created in a savepoint: on any error it is
    rolled back, so nothing is saved even if the caller went on with its transaction.
    """
    duplicates = _duplicates(uow, parsed.rows)
    if duplicates and not allow_duplicates:
        raise ImportRejected(duplicates)
    possible_duplicates = len({p.row for p in duplicates})
    ids: list[int] = []
    numbers: list[str] = []
    with uow.session.begin_nested():
        problems: list[ImportProblem] = []
        for row in parsed.rows:
            try:
                created, _changes = create_client(uow, row.data, allow_duplicate=True)
            except ValidationError as exc:  # e.g. the day changed since the file was read
                problems += [
                    ImportProblem(row.row, parsed.columns.get(name, name), message)
                    for name, message in exc.errors.items()
                ]
                continue
            ids.append(created.id)
            numbers.append(created.file_number)
        if problems:
            raise ImportRejected(problems)
        record_event(
            uow,
            AuditAction.IMPORT,
            object_type="client",
            details={
                "format": "csv",
                "clients": len(ids),
                "possible_duplicates": possible_duplicates,
            },
        )
    report = ImportReport(
        created=len(ids),
        client_ids=tuple(ids),
        file_numbers=tuple(numbers),
        possible_duplicates=possible_duplicates,
    )
    return report, Changes(clients=True)


def import_clients_csv(
    uow: UnitOfWork, data: bytes, *, allow_duplicates: bool = False, today: date | None = None
) -> tuple[ImportReport, Changes]:
    """:func:`parse_clients_csv` then :func:`import_clients`, in the caller's transaction."""
    parsed = parse_clients_csv(data, today=today)
    return import_clients(uow, parsed, allow_duplicates=allow_duplicates)
