"""The clients list: paging, accent-insensitive filter, phone digits, status and issue
filters, sorting, next appointment and last contact — in a bounded number of indexed
queries, whatever the number of clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update

from socialdesk.domain.enums import AppointmentStatus
from socialdesk.services.clients import change_status, list_clients
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Appointment, AppointmentParticipant, Client
from socialdesk.storage.uow import UnitOfWork
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.services.test_clients import add_issue_types, make_client

NOW = datetime.now(UTC).replace(microsecond=0)
FILLERS = 25


def _appointment(
    uow: UnitOfWork, starts_in: timedelta, client_ids: list[int], status: str = "planned"
) -> None:
    starts = NOW + starts_in
    appointment = Appointment(
        starts_at=starts, ends_at=starts + timedelta(hours=1), status=AppointmentStatus(status)
    )
    appointment.participants = [AppointmentParticipant(client_id=c) for c in client_ids]
    uow.session.add(appointment)


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    """A vault of 5 named clients and 25 fillers, with appointments and last contacts."""
    path: Path = tmp_path_factory.mktemp("list") / "list.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    ids: dict[str, int] = {}
    with vault.uow() as uow:
        add_issue_types(uow)
        ids["eloise"] = make_client(
            uow,
            "Dupont",
            "Éloïse",
            phone="06 12 34 56 78",
            email="Eloise.Dupont@example.org",
            social_issue_codes=("debt", "housing"),
        ).id
        ids["paul"] = make_client(uow, "Martin", "Paul", phone="+33 6 12 99 88 77").id
        ids["ioana"] = make_client(
            uow, "Ștefan", "Ioana", phone="0721 123 456", country="RO", email="ioana@example.ro"
        ).id
        ids["zoe"] = make_client(
            uow, "Lefèvre", "Zoé", phone="04.78.12.34.56", social_issue_codes=("housing",)
        ).id
        ids["marc"] = make_client(uow, "Durand", "Marc").id
        for i in range(FILLERS):
            make_client(uow, f"Zz-Filler{i:02d}", "Test", social_issue_codes=("income",))
        for key in ("paul", "zoe"):
            change_status(uow, ids[key], status="active")
        change_status(uow, ids["ioana"], status="paused", reason="Séjour à l'étranger")
        change_status(uow, ids["marc"], status="closed", reason="Déménagement")
        # last contacts are kept by the notes and agenda services; written directly here
        for key, days in (("eloise", 3), ("paul", 1), ("zoe", 10)):
            uow.session.execute(
                update(Client)
                .where(Client.id == ids[key])
                .values(last_contact_at=NOW - timedelta(days=days))
            )
        _appointment(uow, timedelta(days=2), [ids["eloise"]])
        _appointment(uow, timedelta(days=1), [ids["paul"]], status="cancelled")  # ignored
        _appointment(uow, timedelta(days=-3), [ids["paul"]], status="done")  # past
        _appointment(uow, timedelta(days=5), [ids["paul"], ids["zoe"]])  # group session
        _appointment(uow, timedelta(days=1), [ids["zoe"]])
    yield vault, ids
    vault.lock()


def _names(vault: Vault, **kw: Any) -> list[str]:
    with vault.uow() as uow:
        return [row.display_name for row in list_clients(uow, **kw).rows]


def test_client_list_pages_cover_every_client_once(listed: tuple[Vault, dict[str, int]]) -> None:
    vault, _ids = listed
    # When the whole list is read 7 rows at a time
    seen: list[int] = []
    totals = set()
    with vault.uow() as uow:
        for offset in range(0, 35, 7):
            page = list_clients(uow, offset=offset, limit=7)
            totals.add(page.total)
            seen += [row.id for row in page.rows]
        beyond = list_clients(uow, offset=100, limit=7)
    # Then every client appears exactly once, in name order, and the total is stable
    assert totals == {5 + FILLERS} and beyond.total == 5 + FILLERS and beyond.rows == ()
    assert len(seen) == len(set(seen)) == 5 + FILLERS
    assert _names(vault, limit=5) == [
        "DUPONT Éloïse",
        "DURAND Marc",
        "LEFÈVRE Zoé",
        "MARTIN Paul",
        "ȘTEFAN Ioana",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eloise", ["DUPONT Éloïse"]),
        ("ÉLOÏSE", ["DUPONT Éloïse"]),
        ("elo dup", ["DUPONT Éloïse"]),  # every word, any order
        ("dupont eloise", ["DUPONT Éloïse"]),
        ("stefan", ["ȘTEFAN Ioana"]),
        ("lefevre", ["LEFÈVRE Zoé"]),
        ("06 12", ["DUPONT Éloïse", "MARTIN Paul"]),  # "+33 6 12…" is a 06 12 number too
        ("0612", ["DUPONT Éloïse", "MARTIN Paul"]),
        ("78.12", ["LEFÈVRE Zoé"]),
        ("0721123", ["ȘTEFAN Ioana"]),
        ("example.ro", ["ȘTEFAN Ioana"]),
        ("eloise.dupont@", ["DUPONT Éloïse"]),
        ("100%", []),  # LIKE wildcards are escaped
        ("_", []),
        ("nobody", []),
    ],
)
def test_client_list_filter_is_accent_and_case_insensitive(
    listed: tuple[Vault, dict[str, int]], text: str, expected: list[str]
) -> None:
    vault, _ids = listed
    assert _names(vault, text=text) == expected


def test_client_list_filter_by_file_number(listed: tuple[Vault, dict[str, int]]) -> None:
    vault, ids = listed
    with vault.uow() as uow:
        numbers = {row.id: row.file_number for row in list_clients(uow, limit=100).rows}
        by_number = list_clients(uow, text=numbers[ids["zoe"]].lower())
        by_sequence = list_clients(uow, text=numbers[ids["zoe"]][-4:])
    assert [r.id for r in by_number.rows] == [ids["zoe"]]
    assert ids["zoe"] in [r.id for r in by_sequence.rows]


def test_client_list_status_and_issue_filters(listed: tuple[Vault, dict[str, int]]) -> None:
    vault, _ids = listed
    assert _names(vault, statuses=("active",)) == ["LEFÈVRE Zoé", "MARTIN Paul"]
    assert _names(vault, statuses=("paused", "closed")) == ["DURAND Marc", "ȘTEFAN Ioana"]
    assert _names(vault, issue_code="housing") == ["DUPONT Éloïse", "LEFÈVRE Zoé"]
    assert _names(vault, issue_code="housing", statuses=("active",), text="zoe") == ["LEFÈVRE Zoé"]
    assert _names(vault, issue_code="no_such_issue") == []
    with vault.uow() as uow:
        page = list_clients(uow, statuses=("intake",), limit=3)
    assert page.total == 1 + FILLERS and len(page.rows) == 3


def test_client_list_rows_show_issues_contact_and_next_appointment(
    listed: tuple[Vault, dict[str, int]],
) -> None:
    vault, ids = listed
    with vault.uow() as uow:
        rows = {row.id: row for row in list_clients(uow, limit=100).rows}
    eloise, paul, zoe, marc = (rows[ids[k]] for k in ("eloise", "paul", "zoe", "marc"))
    assert eloise.social_issues == ("Endettement", "Logement")  # main issue first
    assert eloise.phone == "06 12 34 56 78" and eloise.status == "intake"
    assert eloise.next_appointment_at == NOW + timedelta(days=2)
    assert eloise.last_contact_at == NOW - timedelta(days=3)
    # the cancelled appointment of tomorrow and the past one do not count
    assert paul.next_appointment_at == NOW + timedelta(days=5)
    assert zoe.next_appointment_at == NOW + timedelta(days=1)
    assert marc.next_appointment_at is None and marc.last_contact_at is None
    assert marc.status == "closed" and marc.social_issues == ()


@pytest.mark.parametrize(
    ("sort", "descending", "first"),
    [
        ("name", False, ["DUPONT Éloïse", "DURAND Marc"]),
        ("name", True, ["ZZ-FILLER24 Test", "ZZ-FILLER23 Test"]),
        ("file_number", False, ["DUPONT Éloïse", "MARTIN Paul"]),
        ("file_number", True, ["ZZ-FILLER24 Test", "ZZ-FILLER23 Test"]),
        ("status", False, ["DUPONT Éloïse", "ZZ-FILLER00 Test"]),  # intake first
        ("status", True, ["DURAND Marc", "ȘTEFAN Ioana"]),  # closed, then paused
        ("last_contact", False, ["LEFÈVRE Zoé", "DUPONT Éloïse", "MARTIN Paul"]),
        ("last_contact", True, ["MARTIN Paul", "DUPONT Éloïse", "LEFÈVRE Zoé", "DURAND Marc"]),
        ("next_appointment", False, ["LEFÈVRE Zoé", "DUPONT Éloïse", "MARTIN Paul"]),
        ("next_appointment", True, ["MARTIN Paul", "DUPONT Éloïse", "LEFÈVRE Zoé"]),
    ],
)
def test_client_list_sorts(
    listed: tuple[Vault, dict[str, int]], sort: str, descending: bool, first: list[str]
) -> None:
    vault, _ids = listed
    names = _names(vault, sort=sort, descending=descending, limit=100)
    assert names[: len(first)] == first
    assert len(names) == 5 + FILLERS


def test_client_list_sorts_put_empty_dates_last(listed: tuple[Vault, dict[str, int]]) -> None:
    vault, _ids = listed
    for descending in (False, True):
        with vault.uow() as uow:
            rows = list_clients(uow, sort="last_contact", descending=descending, limit=100).rows
        dates = [r.last_contact_at for r in rows]
        assert dates[3:] == [None] * (len(rows) - 3) and None not in dates[:3]


def test_client_list_unknown_sort_is_a_programming_error(
    listed: tuple[Vault, dict[str, int]],
) -> None:
    vault, _ids = listed
    with pytest.raises(ValueError), vault.uow() as uow:
        list_clients(uow, sort="age")


def _count_queries(vault: Vault, **kw: Any) -> tuple[int, list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with vault.uow() as uow:
        uow.session.connection()  # BEGIN outside the count
        event.listen(vault.engine, "before_cursor_execute", record)
        try:
            list_clients(uow, **kw)
        finally:
            event.remove(vault.engine, "before_cursor_execute", record)
    return len(statements), statements


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"text": "test", "statuses": ("intake", "active")},
        {"issue_code": "income", "sort": "last_contact", "descending": True},
        {"text": "06", "sort": "next_appointment"},
    ],
)
def test_client_list_issues_a_bounded_number_of_queries(
    listed: tuple[Vault, dict[str, int]], kw: dict[str, Any]
) -> None:
    # Given pages of 3 and of 30 rows, When each is read,
    # Then at most 4 queries run (page, count, next appointments, issues): never one per row
    vault, _ids = listed
    small, statements = _count_queries(vault, limit=3, **kw)
    assert small <= 4, statements
    large, statements = _count_queries(vault, limit=30, **kw)
    assert large <= 4, statements


def _plan(uow: UnitOfWork, statement: str, parameters: Any) -> str:
    raw = uow.session.connection().connection.dbapi_connection
    assert raw is not None
    rows = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return "\n".join(str(row[3]) for row in rows)


def test_client_list_queries_use_the_indexes(listed: tuple[Vault, dict[str, int]]) -> None:
    """SQLite-specific (EXPLAIN QUERY PLAN): the page walks an index in the sort order,
    and the next appointments are found from the participants' client index, never by
    scanning appointments."""
    vault, _ids = listed
    captured: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        captured.append((statement, parameters))

    with vault.uow() as uow:
        uow.session.connection()
        event.listen(vault.engine, "before_cursor_execute", record)
        try:
            list_clients(uow, statuses=("active",), limit=2)
        finally:
            event.remove(vault.engine, "before_cursor_execute", record)
        plans = [(statement, _plan(uow, statement, params)) for statement, params in captured]
    page = next(plan for statement, plan in plans if "LIMIT" in statement)
    assert "ix_client_status_name_sort_key" in page and "TEMP B-TREE" not in page
    upcoming = next(
        plan for statement, plan in plans if "FROM appointment_participant" in statement
    )
    assert "ix_appointment_participant_client_id" in upcoming
    assert "SCAN appointment" not in upcoming and "ix_appointment_status" not in upcoming


def test_client_list_hides_erased_files(vault: Vault) -> None:
    # Given two files, one erased but kept for its invoices (pseudonymized)
    with vault.uow() as uow:
        kept = make_client(uow, "Dupont")
        erased = make_client(uow, "Martin")
        uow.session.execute(
            update(Client).where(Client.id == erased.id).values(pseudonymized_at=NOW)
        )
    # When the list is read, Then only the other one is there
    with vault.uow() as uow:
        page = list_clients(uow, text="", statuses=(), limit=10)
    assert [row.id for row in page.rows] == [kept.id] and page.total == 1
