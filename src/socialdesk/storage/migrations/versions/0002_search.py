"""Full-text search (FTS5) over clients and case notes; erasure of a pseudonymized file.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

SQLite-specific, like the triggers of 0001 (a PostgreSQL team mode needs its own
``tsvector`` columns and PL/pgSQL triggers). Only :mod:`socialdesk.storage.search` queries
these objects.

Objects created:

- ``client_search_source``: a view over ``client`` adding ``phone_digits`` (the phone
  number without spaces, dots, dashes, slashes or brackets), so "0612" finds
  "06 12 34 56 78";
- ``client_fts``: FTS5 index over that view (last, first and birth name, file number,
  phone, phone digits, email, city), external content (the text is read from the view
  for snippets, never stored twice);
- ``case_note_fts``: FTS5 index over ``case_note`` (title, body), external content.
  Private notes and drafts are indexed too: it is the practitioner's own search;
- both with ``tokenize = 'unicode61 remove_diacritics 2'`` (case- and accent-insensitive:
  "prevoyance" finds "Prévoyance", "stefan" finds "Ștefan"), prefix indexes for 2 to 6
  characters (type-ahead: on the large demo a 4-letter prefix took 310 ms without its
  prefix index, 40 ms with it; the index grows by about 60 %), and FTS5's
  ``secure-delete`` option: deleted or changed text
  is removed from the index pages at once, not left behind until a merge — an erased
  person's words must not survive in the index;
- ``AFTER INSERT/UPDATE/DELETE`` triggers on ``client`` and ``case_note`` that keep the
  indexes in step with the rows in the same transaction, so the index cannot drift; the
  indexes are filled from the existing rows here (``rebuild``).

Also changed: ``trg_case_note_signed_no_delete`` (0001) now lets the erasure of a
pseudonymized client delete its signed notes (``client.pseudonymized_at`` is set first,
in the same transaction), and the new ``trg_client_pseudonymized_final`` makes
pseudonymization final, so it cannot be set and cleared again to delete a signed note.

Warning for later migrations (in addition to the warning of 0001): a batch operation
that recreates ``client`` or ``case_note`` drops the FTS triggers on it, and renaming the
rebuilt ``client`` table fails while the ``client_search_source`` view names it. Drop the
triggers and the view first and recreate them afterwards with the SQL copied from here;
if the indexed columns change, recreate the FTS table and ``rebuild`` it. An external
content index whose ``delete`` receives other values than were indexed is corrupt:
every change to indexed columns must go through these triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"
PREFIX = "2 3 4 5 6"

SIGNED_NOTE_UNDELETABLE = "signed case note cannot be deleted"
PSEUDONYMIZATION_FINAL = "a pseudonymized client cannot be restored"


def _digits(column: str) -> str:
    """SQL for ``column`` without the usual phone separators."""
    sql = column
    for separator in (" ", ".", "-", "/", "(", ")", "\u00a0"):
        sql = f"replace({sql}, '{separator}', '')"
    return sql


CLIENT_COLUMNS = (
    "last_name",
    "first_name",
    "birth_name",
    "file_number",
    "phone",
    "phone_digits",
    "email",
    "city",
)


def _client_values(prefix: str) -> str:
    return ", ".join(
        _digits(f"{prefix}.phone") if c == "phone_digits" else f"{prefix}.{c}"
        for c in CLIENT_COLUMNS
    )


_CLIENT_COLS = ", ".join(CLIENT_COLUMNS)

CREATE = (
    f"""
    CREATE VIEW client_search_source AS
    SELECT id, last_name, first_name, birth_name, file_number, phone,
           {_digits("phone")} AS phone_digits, email, city
    FROM client""",
    f"""
    CREATE VIRTUAL TABLE client_fts USING fts5(
        {_CLIENT_COLS},
        content = 'client_search_source', content_rowid = 'id',
        tokenize = '{TOKENIZE}', prefix = '{PREFIX}')""",
    f"""
    CREATE VIRTUAL TABLE case_note_fts USING fts5(
        title, body,
        content = 'case_note', content_rowid = 'id',
        tokenize = '{TOKENIZE}', prefix = '{PREFIX}')""",
    "INSERT INTO client_fts(client_fts, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO case_note_fts(case_note_fts, rank) VALUES ('secure-delete', 1)",
)

TRIGGERS: dict[str, str] = {
    "trg_client_fts_insert": f"""
        CREATE TRIGGER trg_client_fts_insert AFTER INSERT ON client
        BEGIN
            INSERT INTO client_fts(rowid, {_CLIENT_COLS})
            VALUES (NEW.id, {_client_values("NEW")});
        END""",
    "trg_client_fts_delete": f"""
        CREATE TRIGGER trg_client_fts_delete AFTER DELETE ON client
        BEGIN
            INSERT INTO client_fts(client_fts, rowid, {_CLIENT_COLS})
            VALUES ('delete', OLD.id, {_client_values("OLD")});
        END""",
    "trg_client_fts_update": f"""
        CREATE TRIGGER trg_client_fts_update
        AFTER UPDATE OF id, last_name, first_name, birth_name, file_number, phone, email, city
        ON client
        BEGIN
            INSERT INTO client_fts(client_fts, rowid, {_CLIENT_COLS})
            VALUES ('delete', OLD.id, {_client_values("OLD")});
            INSERT INTO client_fts(rowid, {_CLIENT_COLS})
            VALUES (NEW.id, {_client_values("NEW")});
        END""",
    "trg_case_note_fts_insert": """
        CREATE TRIGGER trg_case_note_fts_insert AFTER INSERT ON case_note
        BEGIN
            INSERT INTO case_note_fts(rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
        END""",
    "trg_case_note_fts_delete": """
        CREATE TRIGGER trg_case_note_fts_delete AFTER DELETE ON case_note
        BEGIN
            INSERT INTO case_note_fts(case_note_fts, rowid, title, body)
            VALUES ('delete', OLD.id, OLD.title, OLD.body);
        END""",
    "trg_case_note_fts_update": """
        CREATE TRIGGER trg_case_note_fts_update AFTER UPDATE OF id, title, body ON case_note
        BEGIN
            INSERT INTO case_note_fts(case_note_fts, rowid, title, body)
            VALUES ('delete', OLD.id, OLD.title, OLD.body);
            INSERT INTO case_note_fts(rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
        END""",
    "trg_client_pseudonymized_final": f"""
        CREATE TRIGGER trg_client_pseudonymized_final
        BEFORE UPDATE OF pseudonymized_at ON client
        FOR EACH ROW WHEN OLD.pseudonymized_at IS NOT NULL
            AND NEW.pseudonymized_at IS NOT OLD.pseudonymized_at
        BEGIN SELECT RAISE(ABORT, '{PSEUDONYMIZATION_FINAL}'); END""",
}

# 0001's trigger, and its replacement: the erasure of a pseudonymized file may delete
# its signed notes (the client row stays for the invoices that name it).
SIGNED_NOTE_NO_DELETE_0001 = f"""
        CREATE TRIGGER trg_case_note_signed_no_delete
        BEFORE DELETE ON case_note
        FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM client WHERE client.id = OLD.client_id)
        BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_UNDELETABLE}'); END"""
SIGNED_NOTE_NO_DELETE_0002 = f"""
        CREATE TRIGGER trg_case_note_signed_no_delete
        BEFORE DELETE ON case_note
        FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM client WHERE client.id = OLD.client_id
                        AND client.pseudonymized_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_UNDELETABLE}'); END"""

BACKFILL = (
    "INSERT INTO client_fts(client_fts) VALUES ('rebuild')",
    "INSERT INTO case_note_fts(case_note_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    for statement in CREATE:
        op.execute(statement)
    for statement in TRIGGERS.values():
        op.execute(statement)
    op.execute("DROP TRIGGER trg_case_note_signed_no_delete")
    op.execute(SIGNED_NOTE_NO_DELETE_0002)
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_case_note_signed_no_delete")
    op.execute(SIGNED_NOTE_NO_DELETE_0001)
    for name in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS case_note_fts")
    op.execute("DROP TABLE IF EXISTS client_fts")
    op.execute("DROP VIEW IF EXISTS client_search_source")
