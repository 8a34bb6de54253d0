"""The vault schema: migrations vs models, upgrade API, constraints and protecting triggers.

Every test runs on a real encrypted vault file (SQLCipher) in a temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Engine,
    PrimaryKeyConstraint,
    UniqueConstraint,
    delete,
    exc,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateTable

from socialdesk.domain.enums import ClientStatus, InvoiceStatus, PayerKind, ServiceUnit
from socialdesk.storage import schema
from socialdesk.storage.engine import create_vault_engine
from socialdesk.storage.orm import (
    Base,
    CaseNote,
    CaseNoteRevision,
    Client,
    HouseholdMember,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Organization,
    Service,
)
from socialdesk.storage.search import is_search_object

ISSUED = "issued invoice is immutable"
LOCKED = "signed case note is locked"
UNDELETABLE = "signed case note cannot be deleted"
REVISION = "case note revision is immutable"
EXPECTED_TRIGGERS = {
    "trg_invoice_issued_no_delete",
    "trg_invoice_issued_frozen",
    "trg_invoice_line_issued_no_insert",
    "trg_invoice_line_issued_no_update",
    "trg_invoice_line_issued_no_delete",
    "trg_case_note_signed_no_delete",
    "trg_case_note_signature_final",
    "trg_case_note_signed_content",
    "trg_case_note_revision_no_update",
    "trg_case_note_revision_no_delete",
}
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _new_engine(path: Path) -> Engine:
    return create_vault_engine(path, os.urandom(32))


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = _new_engine(tmp_path / "schema.sdvault")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    schema.upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


# --- Migrations and the upgrade API ---------------------------------------------------------
def test_upgrade_takes_an_empty_vault_to_head(empty_engine: Engine) -> None:
    # Given a new, empty encrypted vault
    with empty_engine.connect() as connection:
        assert schema.current_revision(connection) is None
    assert schema.needs_upgrade(empty_engine)

    # When it is upgraded
    schema.upgrade(empty_engine)

    # Then it is at head and needs nothing more
    assert schema.head_revision() == "0004"
    with empty_engine.connect() as connection:
        assert schema.current_revision(connection) == schema.head_revision()
    assert not schema.needs_upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    schema.upgrade(engine)
    assert not schema.needs_upgrade(engine)


def test_downgrade_to_base_removes_everything(engine: Engine) -> None:
    with engine.connect() as connection, connection.begin():
        command.downgrade(schema._config(connection), "base")
    with engine.connect() as connection:
        left = connection.exec_driver_sql(
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
        ).all()
    assert [tuple(row) for row in left] == [("table", "alembic_version")]


def test_foreign_keys_are_back_on_after_upgrade(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_migrations_and_models_never_drift(engine: Engine) -> None:
    # Tables, columns, types, nullability, indexes, unique and foreign keys (the FTS
    # objects of migration 0002 are not models).
    def include_name(name: str | None, type_: str, _parents: object) -> bool:
        return not (type_ == "table" and is_search_object(name))

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) == []


def _check_clauses(create_sql: str) -> set[str]:
    """``CONSTRAINT name CHECK (…)`` clauses of a CREATE TABLE, whitespace-normalized."""
    normalized = " ".join(create_sql.split())
    clauses = set()
    for match in re.finditer(r"CONSTRAINT (\w+) CHECK \(", normalized):
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(normalized[i], 0)
            i += 1
        clauses.add(f"{match.group(1)}: {normalized[match.end() : i - 1]}")
    return clauses


def test_check_constraints_match_models(engine: Engine) -> None:
    # compare_metadata ignores CHECK constraints: compare them by name and expression.
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
        ).all()
        stored = {str(name): str(sql) for name, sql in rows}
    for name, table in Base.metadata.tables.items():
        expected = _check_clauses(str(CreateTable(table).compile(dialect=sqlite.dialect())))
        assert _check_clauses(stored[name]) == expected, name


def test_every_protecting_trigger_exists(engine: Engine) -> None:
    with engine.connect() as connection:
        names = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger'"
            ).scalars()
        )
    assert names >= EXPECTED_TRIGGERS


def test_names_fit_postgresql_identifiers() -> None:
    names = [table.name for table in Base.metadata.tables.values()]
    for table in Base.metadata.tables.values():
        names += [str(c.name) for c in table.constraints if c.name]
        names += [str(i.name) for i in table.indexes]
    assert max(len(name) for name in names) <= 63


def test_every_foreign_key_is_indexed() -> None:
    for table in Base.metadata.tables.values():
        leading = {next(iter(index.columns)).name for index in table.indexes}
        leading |= {
            next(iter(c.columns)).name
            for c in table.constraints
            if isinstance(c, UniqueConstraint | PrimaryKeyConstraint)
        }
        for fk in table.foreign_keys:
            assert fk.parent.name in leading, f"{table.name}.{fk.parent.name} has no index"


def test_a_vault_from_a_newer_version_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    with pytest.raises(schema.SchemaTooNew):
        schema.needs_upgrade(engine)
    with pytest.raises(schema.SchemaTooNew):
        schema.upgrade(engine)


# --- Types, CHECK and foreign keys ------------------------------------------------------------
def _client(session: Session, number: str = "D-2026-0001", **kw: object) -> Client:
    client = Client(file_number=number, last_name="Dumitrescu", first_name="Ștefan", **kw)
    session.add(client)
    session.flush()
    return client


def test_instants_are_stored_in_utc_and_read_back_aware(session: Session) -> None:
    paris_winter = timezone(timedelta(hours=1))
    client = _client(session, last_contact_at=datetime(2026, 1, 5, 10, 0, tzinfo=paris_winter))
    session.commit()
    session.expire_all()
    loaded = session.get(Client, client.id)
    assert loaded is not None
    assert loaded.last_contact_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert loaded.last_contact_at.tzinfo is UTC
    raw = session.execute(text("SELECT last_contact_at FROM client")).scalar_one()
    assert str(raw).startswith("2026-01-05 09:00:00")


def test_a_naive_datetime_is_refused(session: Session) -> None:
    with pytest.raises(exc.StatementError, match="naive datetime"):
        _client(session, last_contact_at=datetime(2026, 1, 5, 10, 0))


def test_enums_are_stored_as_their_values_and_checked(session: Session) -> None:
    client = _client(session, status=ClientStatus.ACTIVE)
    assert session.execute(text("SELECT status FROM client")).scalar_one() == "active"
    with pytest.raises(exc.IntegrityError, match="CHECK"):
        session.execute(
            text("UPDATE client SET status = 'ACTIVE' WHERE id = :id"), {"id": client.id}
        )


def test_name_sort_key_ignores_case_and_accents(session: Session) -> None:
    client = _client(session)
    assert client.name_sort_key == "dumitrescu stefan"


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(CaseNote(client_id=999, note_date=date(2026, 1, 5), body="x"))
    with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"):
        session.flush()


def test_household_members_go_with_their_client(session: Session) -> None:
    client = _client(session)
    session.add(HouseholdMember(client_id=client.id, name="Ana", relation="daughter"))
    session.commit()
    session.execute(delete(Client).where(Client.id == client.id))
    assert session.scalars(select(HouseholdMember)).all() == []


def test_an_organization_with_invoices_cannot_be_deleted(session: Session) -> None:
    org = Organization(name="CCAS de Lille")
    session.add(org)
    session.flush()
    invoice = _draft_invoice(
        session, payer_kind=PayerKind.ORGANIZATION, payer_organization_id=org.id
    )
    session.commit()
    assert invoice.id
    with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"):
        session.execute(delete(Organization).where(Organization.id == org.id))


# --- Invoices -----------------------------------------------------------------------------
def _draft_invoice(session: Session, **kw: object) -> Invoice:
    series = session.scalar(select(InvoiceSeries).where(InvoiceSeries.code == "F"))
    if series is None:
        series = InvoiceSeries(code="F", prefix="F-2026-")
        service = Service(
            code="ENT", name="Entretien", unit=ServiceUnit.HOUR, unit_price_cents=6000
        )
        session.add_all([series, service])
        session.flush()
    invoice = Invoice(series_id=series.id, **kw)
    invoice.lines.append(
        InvoiceLine(
            position=1,
            description="Entretien (1 h)",
            quantity_milli=1000,
            unit_price_cents=6000,
            line_net_cents=6000,
        )
    )
    invoice.total_net_cents = invoice.total_gross_cents = 6000
    session.add(invoice)
    session.flush()
    return invoice


def _issue(session: Session, invoice: Invoice) -> None:
    invoice.sequence_number = 1
    invoice.number = "F-2026-0001"
    invoice.status = InvoiceStatus.ISSUED
    invoice.issue_date = date(2026, 3, 2)
    invoice.due_date = date(2026, 4, 1)
    invoice.issued_at = NOW
    invoice.seller_snapshot = '{"legal_name": "Marie Martin"}'
    invoice.payer_snapshot = '{"name": "Ștefan Dumitrescu"}'
    invoice.hash = "a" * 64
    session.commit()


@pytest.fixture
def issued_invoice(session: Session) -> Invoice:
    invoice = _draft_invoice(session)
    _issue(session, invoice)
    return invoice


def test_a_draft_invoice_is_freely_editable_and_deletable(session: Session) -> None:
    # Given a draft
    invoice = _draft_invoice(session)
    session.commit()
    # When its lines and totals change, then it is deleted
    invoice.lines[0].unit_price_cents = 7000
    invoice.lines.append(
        InvoiceLine(
            position=2,
            description="Km",
            quantity_milli=12_000,
            unit_price_cents=50,
            line_net_cents=600,
        )
    )
    invoice.total_net_cents = invoice.total_gross_cents = 7600
    session.commit()
    session.execute(delete(InvoiceLine).where(InvoiceLine.position == 2))
    session.execute(delete(Invoice).where(Invoice.id == invoice.id))
    session.commit()
    # Then nothing is left (its lines went with it)
    assert session.scalars(select(InvoiceLine)).all() == []


def test_an_issued_invoice_cannot_be_deleted(session: Session, issued_invoice: Invoice) -> None:
    with pytest.raises(exc.IntegrityError, match=ISSUED):
        session.execute(delete(Invoice).where(Invoice.id == issued_invoice.id))


@pytest.mark.parametrize(
    "changes",
    [
        {"total_net_cents": 1, "total_gross_cents": 1},
        {"number": "F-2026-0002"},
        {"issue_date": date(2026, 3, 3)},
        {"payer_snapshot": "{}"},
        {"hash": "b" * 64},
        {"status": "draft"},
    ],
)
def test_an_issued_invoice_is_frozen(
    session: Session, issued_invoice: Invoice, changes: dict[str, object]
) -> None:
    with pytest.raises(exc.IntegrityError, match=ISSUED):
        session.execute(update(Invoice).where(Invoice.id == issued_invoice.id).values(**changes))


def test_payments_still_update_an_issued_invoice(session: Session, issued_invoice: Invoice) -> None:
    issued_invoice.paid_cents = 2000
    issued_invoice.status = InvoiceStatus.PARTIALLY_PAID
    session.commit()
    issued_invoice.paid_cents = 6000
    issued_invoice.status = InvoiceStatus.PAID
    issued_invoice.notes = "Paid by transfer"
    session.commit()
    assert session.execute(text("SELECT status, paid_cents FROM invoice")).one() == ("paid", 6000)


def test_the_lines_of_an_issued_invoice_are_frozen(
    session: Session, issued_invoice: Invoice
) -> None:
    line_id = issued_invoice.lines[0].id
    with pytest.raises(exc.IntegrityError, match=ISSUED):
        session.execute(
            update(InvoiceLine).where(InvoiceLine.id == line_id).values(line_net_cents=1)
        )
    session.rollback()
    with pytest.raises(exc.IntegrityError, match=ISSUED):
        session.execute(delete(InvoiceLine).where(InvoiceLine.id == line_id))
    session.rollback()
    session.add(
        InvoiceLine(
            invoice_id=issued_invoice.id,
            position=2,
            description="Extra",
            quantity_milli=1000,
            unit_price_cents=1,
            line_net_cents=1,
        )
    )
    with pytest.raises(exc.IntegrityError, match=ISSUED):
        session.flush()


# --- Signed case notes ----------------------------------------------------------------------
def _signed_note(session: Session) -> CaseNote:
    client = _client(session)
    note = CaseNote(client_id=client.id, note_date=date(2026, 3, 2), title="Entretien", body="v1")
    session.add(note)
    session.commit()
    # Signing: the signed text becomes revision 1.
    note.revisions.append(CaseNoteRevision(revision=1, title=note.title, body=note.body))
    note.signed_at = NOW
    note.signed_by = "Marie Martin"
    note.current_revision = 1
    session.commit()
    return note


def test_an_unsigned_note_is_editable_and_deletable(session: Session) -> None:
    client = _client(session)
    note = CaseNote(client_id=client.id, note_date=date(2026, 3, 2), body="draft", is_draft=True)
    session.add(note)
    session.commit()
    note.body = "first version"
    note.is_draft = False
    session.commit()
    session.delete(note)
    session.commit()
    assert session.scalars(select(CaseNote)).all() == []


def test_a_signed_note_cannot_be_deleted(session: Session) -> None:
    note = _signed_note(session)
    with pytest.raises(exc.IntegrityError, match=UNDELETABLE):
        session.execute(delete(CaseNote).where(CaseNote.id == note.id))


@pytest.mark.parametrize(
    "changes",
    [
        {"body": "rewritten"},
        {"title": "Other"},
        {"current_revision": 2},  # no revision 2 exists
        {"body": "rewritten", "current_revision": 2},
        {"signed_at": None, "signed_by": None},
        {"signed_by": "Someone else"},
    ],
)
def test_a_signed_note_cannot_be_changed_directly(
    session: Session, changes: dict[str, object]
) -> None:
    note = _signed_note(session)
    with pytest.raises(exc.IntegrityError, match=LOCKED):
        session.execute(update(CaseNote).where(CaseNote.id == note.id).values(**changes))


def test_a_signed_note_is_amended_through_a_new_revision(session: Session) -> None:
    # Given a signed note
    note = _signed_note(session)
    # When an amendment is recorded as revision 2 and the note points at it (the revision
    # is flushed first: the unit of work would otherwise update the parent note first)
    session.add(
        CaseNoteRevision(note_id=note.id, revision=2, title="Entretien", body="v2", reason="typo")
    )
    session.flush()
    note.body = "v2"
    note.current_revision = 2
    note.is_private = True  # other columns stay editable
    session.commit()
    # Then the note shows revision 2 and the history keeps both texts
    session.expire_all()
    assert [(r.revision, r.body) for r in note.revisions] == [(1, "v1"), (2, "v2")]
    assert note.body == "v2"


def test_an_amendment_must_match_its_revision(session: Session) -> None:
    note = _signed_note(session)
    session.add(CaseNoteRevision(note_id=note.id, revision=2, title="Entretien", body="v2"))
    session.flush()
    with pytest.raises(exc.IntegrityError, match=LOCKED):
        session.execute(
            update(CaseNote).where(CaseNote.id == note.id).values(body="not v2", current_revision=2)
        )


def test_revisions_are_immutable(session: Session) -> None:
    note = _signed_note(session)
    with pytest.raises(exc.IntegrityError, match=REVISION):
        session.execute(update(CaseNoteRevision).values(body="forged"))
    session.rollback()
    with pytest.raises(exc.IntegrityError, match=REVISION):
        session.execute(delete(CaseNoteRevision).where(CaseNoteRevision.note_id == note.id))


def test_erasing_a_client_erases_its_signed_notes_and_revisions(session: Session) -> None:
    note = _signed_note(session)
    session.execute(delete(Client).where(Client.id == note.client_id))
    session.commit()
    assert session.scalars(select(CaseNote)).all() == []
    assert session.scalars(select(CaseNoteRevision)).all() == []
