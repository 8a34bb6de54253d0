"""Initial schema: every table of the vault, and the SQLite triggers that protect records.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Generated with ``alembic revision --autogenerate`` against an empty database, then
reviewed: enum columns are written as ``VARCHAR(32)`` plus an explicit, named CHECK
constraint (frozen here, independent of the models' enum classes), custom types as
their plain SQLAlchemy equivalent, indexes created outside batch blocks.

Triggers (SQLite-specific SQL, the only such SQL of the schema; a PostgreSQL team mode
needs its own PL/pgSQL equivalents):

- an issued invoice (``number`` set) cannot be deleted, its frozen columns cannot change
  and it cannot go back to draft; only ``status``, ``paid_cents``, ``notes`` and
  ``updated_at`` may change. Lines of an issued invoice cannot be inserted, updated or
  deleted;
- a signed case note cannot be deleted (unless its client is being erased: the client
  row is already gone when the ``ON DELETE CASCADE`` reaches the note), its signature and
  client cannot change, and its ``body``/``title``/``current_revision`` change only as an
  amendment: ``current_revision`` increases and a ``case_note_revision`` row with that
  number and the same body and title exists;
- revisions cannot be updated, and are deleted only with their note.

Warning for later migrations: a batch operation that recreates ``invoice``,
``invoice_line``, ``case_note``, ``case_note_revision`` or ``client`` drops the triggers
on it and fails to rename while another table's trigger names it. Drop the triggers
first (``DROP TRIGGER``) and recreate them afterwards with the SQL copied from here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ISSUED_INVOICE_IMMUTABLE = "issued invoice is immutable"
SIGNED_NOTE_LOCKED = "signed case note is locked: amend it with a new revision"
SIGNED_NOTE_UNDELETABLE = "signed case note cannot be deleted"
REVISION_IMMUTABLE = "case note revision is immutable"

# Columns of an issued invoice that may never change again.
INVOICE_FROZEN_COLUMNS = (
    "series_id",
    "sequence_number",
    "number",
    "kind",
    "credited_invoice_id",
    "issue_date",
    "due_date",
    "period_start",
    "period_end",
    "payer_kind",
    "payer_organization_id",
    "payer_client_id",
    "seller_snapshot",
    "payer_snapshot",
    "name_persons",
    "currency",
    "total_net_cents",
    "total_vat_cents",
    "total_gross_cents",
    "previous_hash",
    "hash",
    "issued_at",
    "created_at",
)
_INVOICE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in INVOICE_FROZEN_COLUMNS)


def _issued(invoice_id: str) -> str:
    return f"(SELECT number FROM invoice WHERE id = {invoice_id}) IS NOT NULL"


# SQLite-specific: CREATE TRIGGER … RAISE(ABORT, …), and IS NOT as null-safe "differs".
TRIGGERS: dict[str, str] = {
    "trg_invoice_issued_no_delete": f"""
        CREATE TRIGGER trg_invoice_issued_no_delete
        BEFORE DELETE ON invoice
        FOR EACH ROW WHEN OLD.number IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{ISSUED_INVOICE_IMMUTABLE}'); END""",
    "trg_invoice_issued_frozen": f"""
        CREATE TRIGGER trg_invoice_issued_frozen
        BEFORE UPDATE ON invoice
        FOR EACH ROW WHEN OLD.number IS NOT NULL
            AND ({_INVOICE_CHANGED} OR NEW.status = 'draft')
        BEGIN SELECT RAISE(ABORT, '{ISSUED_INVOICE_IMMUTABLE}'); END""",
    "trg_invoice_line_issued_no_insert": f"""
        CREATE TRIGGER trg_invoice_line_issued_no_insert
        BEFORE INSERT ON invoice_line
        FOR EACH ROW WHEN {_issued("NEW.invoice_id")}
        BEGIN SELECT RAISE(ABORT, '{ISSUED_INVOICE_IMMUTABLE}'); END""",
    "trg_invoice_line_issued_no_update": f"""
        CREATE TRIGGER trg_invoice_line_issued_no_update
        BEFORE UPDATE ON invoice_line
        FOR EACH ROW WHEN {_issued("OLD.invoice_id")} OR {_issued("NEW.invoice_id")}
        BEGIN SELECT RAISE(ABORT, '{ISSUED_INVOICE_IMMUTABLE}'); END""",
    "trg_invoice_line_issued_no_delete": f"""
        CREATE TRIGGER trg_invoice_line_issued_no_delete
        BEFORE DELETE ON invoice_line
        FOR EACH ROW WHEN {_issued("OLD.invoice_id")}
        BEGIN SELECT RAISE(ABORT, '{ISSUED_INVOICE_IMMUTABLE}'); END""",
    "trg_case_note_signed_no_delete": f"""
        CREATE TRIGGER trg_case_note_signed_no_delete
        BEFORE DELETE ON case_note
        FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM client WHERE client.id = OLD.client_id)
        BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_UNDELETABLE}'); END""",
    "trg_case_note_signature_final": f"""
        CREATE TRIGGER trg_case_note_signature_final
        BEFORE UPDATE ON case_note
        FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
            AND (NEW.signed_at IS NOT OLD.signed_at OR NEW.signed_by IS NOT OLD.signed_by
                 OR NEW.client_id IS NOT OLD.client_id)
        BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_LOCKED}'); END""",
    "trg_case_note_signed_content": f"""
        CREATE TRIGGER trg_case_note_signed_content
        BEFORE UPDATE ON case_note
        FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
            AND (NEW.body IS NOT OLD.body OR NEW.title IS NOT OLD.title
                 OR NEW.current_revision IS NOT OLD.current_revision)
            AND NOT (
                NEW.current_revision > OLD.current_revision
                AND EXISTS (
                    SELECT 1 FROM case_note_revision AS r
                    WHERE r.note_id = NEW.id AND r.revision = NEW.current_revision
                      AND r.body IS NEW.body AND r.title IS NEW.title))
        BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_LOCKED}'); END""",
    "trg_case_note_revision_no_update": f"""
        CREATE TRIGGER trg_case_note_revision_no_update
        BEFORE UPDATE ON case_note_revision
        FOR EACH ROW
        BEGIN SELECT RAISE(ABORT, '{REVISION_IMMUTABLE}'); END""",
    "trg_case_note_revision_no_delete": f"""
        CREATE TRIGGER trg_case_note_revision_no_delete
        BEFORE DELETE ON case_note_revision
        FOR EACH ROW WHEN EXISTS (SELECT 1 FROM case_note WHERE case_note.id = OLD.note_id)
        BEGIN SELECT RAISE(ABORT, '{REVISION_IMMUTABLE}'); END""",
}

# Creation order (parents first); downgrade drops in reverse.
TABLES = (
    "app_setting",
    "audit_event",
    "demarche_kind",
    "invoice_series",
    "note_type",
    "organization",
    "practitioner_profile",
    "recurrence_series",
    "service",
    "social_issue_type",
    "appointment",
    "client",
    "indicator",
    "organization_contact",
    "package_definition",
    "appointment_participant",
    "case_note",
    "client_contact",
    "client_social_issue",
    "client_status_change",
    "demarche",
    "household_member",
    "indicator_value",
    "invoice",
    "objective",
    "referral",
    "report_log",
    "attachment",
    "case_note_revision",
    "demarche_document",
    "evaluation",
    "invoice_line",
    "objective_action",
    "payment",
    "task",
    "attachment_blob",
    "billable_item",
    "client_package",
    "consent",
    "package_consumption",
)


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_setting")),
        sa.UniqueConstraint("key", name=op.f("uq_app_setting_key")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "action IN ('vault_create', 'unlock', 'unlock_failed', 'lock', 'export', 'print', 'erase', 'pseudonymize', 'backup', 'restore', 'migrate', 'passphrase_change', 'recovery_key_reset', 'device_remember', 'device_forget', 'note_sign', 'note_amend', 'invoice_issue', 'credit_note_issue', 'attachment_open', 'import', 'client_merge')",
            name=op.f("ck_audit_event_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"], unique=False)
    op.create_index(
        op.f("ix_audit_event_object_type_object_id"),
        "audit_event",
        ["object_type", "object_id"],
        unique=False,
    )

    op.create_table(
        "demarche_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("country IN ('FR', 'BE', 'RO')", name=op.f("ck_demarche_kind_country")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demarche_kind")),
        sa.UniqueConstraint("code", name=op.f("uq_demarche_kind_code")),
    )
    op.create_table(
        "invoice_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("prefix", sa.String(length=30), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("number_width", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("next_number >= 1", name=op.f("ck_invoice_series_next_number")),
        sa.CheckConstraint("number_width BETWEEN 1 AND 12", name=op.f("ck_invoice_series_width")),
        sa.CheckConstraint(
            "kind IN ('invoice', 'credit_note')", name=op.f("ck_invoice_series_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_series")),
        sa.UniqueConstraint("code", name=op.f("uq_invoice_series_code")),
        sa.UniqueConstraint("prefix", name=op.f("uq_invoice_series_prefix")),
    )
    op.create_table(
        "note_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("template", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_type")),
        sa.UniqueConstraint("code", name=op.f("uq_note_type_code")),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("domains", sa.Text(), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("vat_number", sa.String(length=20), nullable=True),
        sa.Column("legal_id", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('payer', 'partner', 'both')", name=op.f("ck_organization_role")
        ),
        sa.CheckConstraint(
            "kind IN ('employer', 'town', 'association', 'agency', 'administration', 'health', 'housing', 'justice', 'education', 'company', 'other')",
            name=op.f("ck_organization_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    op.create_index(
        op.f("ix_organization_active_name"), "organization", ["active", "name"], unique=False
    )
    op.create_index(op.f("ix_organization_name"), "organization", ["name"], unique=False)

    op.create_table(
        "practitioner_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("legal_name", sa.String(length=200), nullable=True),
        sa.Column("profession_title", sa.String(length=200), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("siren", sa.String(length=9), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("bce_number", sa.String(length=20), nullable=True),
        sa.Column("cui", sa.String(length=20), nullable=True),
        sa.Column("vat_status", sa.String(length=32), nullable=False),
        sa.Column("vat_number", sa.String(length=20), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("invoice_prefix", sa.String(length=20), nullable=True),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("late_penalty_text", sa.Text(), nullable=True),
        sa.Column("document_language", sa.String(length=32), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_mime", sa.String(length=50), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_practitioner_profile_single_row")),
        sa.CheckConstraint(
            "payment_terms_days >= 0", name=op.f("ck_practitioner_profile_payment_terms")
        ),
        sa.CheckConstraint(
            "country IN ('FR', 'BE', 'RO')", name=op.f("ck_practitioner_profile_country")
        ),
        sa.CheckConstraint(
            "vat_status IN ('franchise', 'registered')",
            name=op.f("ck_practitioner_profile_vat_status"),
        ),
        sa.CheckConstraint(
            "document_language IN ('fr', 'en', 'ro')",
            name=op.f("ck_practitioner_profile_document_language"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practitioner_profile")),
    )
    op.create_table(
        "recurrence_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rrule", sa.Text(), nullable=False),
        sa.Column("dtstart", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("materialized_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count IS NULL OR count > 0", name=op.f("ck_recurrence_series_count")),
        sa.CheckConstraint("duration_minutes >= 0", name=op.f("ck_recurrence_series_duration")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurrence_series")),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=True),
        sa.Column("vat_exemption_reason", sa.Text(), nullable=True),
        sa.Column("accounting_account", sa.String(length=20), nullable=True),
        sa.Column("default_duration_minutes", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("unit_price_cents >= 0", name=op.f("ck_service_price")),
        sa.CheckConstraint(
            "vat_rate_bp IS NULL OR vat_rate_bp BETWEEN 0 AND 10000",
            name=op.f("ck_service_vat_rate"),
        ),
        sa.CheckConstraint(
            "unit IN ('hour', 'session', 'flat', 'km')", name=op.f("ck_service_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("code", name=op.f("uq_service_code")),
    )
    op.create_table(
        "social_issue_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_issue_type")),
        sa.UniqueConstraint("code", name=op.f("uq_social_issue_type_code")),
    )
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("travel_minutes", sa.Integer(), nullable=True),
        sa.Column("travel_km_milli", sa.Integer(), nullable=True),
        sa.Column("note_short", sa.Text(), nullable=True),
        sa.Column("reminder_minutes", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("series_occurrence", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("billing_mode", sa.String(length=32), nullable=False),
        sa.Column("payer_organization_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at >= starts_at", name=op.f("ck_appointment_ends_after_start")),
        sa.CheckConstraint(
            "reminder_minutes IS NULL OR reminder_minutes >= 0",
            name=op.f("ck_appointment_reminder"),
        ),
        sa.CheckConstraint(
            "travel_km_milli IS NULL OR travel_km_milli >= 0", name=op.f("ck_appointment_travel_km")
        ),
        sa.CheckConstraint(
            "travel_minutes IS NULL OR travel_minutes >= 0",
            name=op.f("ck_appointment_travel_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["payer_organization_id"],
            ["organization.id"],
            name=op.f("fk_appointment_payer_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["recurrence_series.id"],
            name=op.f("fk_appointment_series_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_appointment_service_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "kind IN ('office', 'home_visit', 'phone', 'video', 'accompaniment', 'partner_meeting', 'admin')",
            name=op.f("ck_appointment_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'cancelled', 'late_cancelled', 'no_show')",
            name=op.f("ck_appointment_status"),
        ),
        sa.CheckConstraint(
            "billing_mode IN ('per_person', 'group')", name=op.f("ck_appointment_billing_mode")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
        sa.UniqueConstraint(
            "series_id",
            "series_occurrence",
            name=op.f("uq_appointment_series_id_series_occurrence"),
        ),
    )
    op.create_index(
        op.f("ix_appointment_payer_organization_id"),
        "appointment",
        ["payer_organization_id"],
        unique=False,
    )
    op.create_index(op.f("ix_appointment_series_id"), "appointment", ["series_id"], unique=False)
    op.create_index(op.f("ix_appointment_service_id"), "appointment", ["service_id"], unique=False)
    op.create_index(op.f("ix_appointment_starts_at"), "appointment", ["starts_at"], unique=False)
    op.create_index(op.f("ix_appointment_status"), "appointment", ["status"], unique=False)

    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_number", sa.String(length=30), nullable=False),
        sa.Column("civility", sa.String(length=20), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("birth_name", sa.String(length=100), nullable=True),
        sa.Column("name_sort_key", sa.String(length=201), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("intake_date", sa.Date(), nullable=False),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("closing_reason", sa.Text(), nullable=True),
        sa.Column("referral_source", sa.String(length=200), nullable=True),
        sa.Column("referred_by_organization_id", sa.Integer(), nullable=True),
        sa.Column("default_payer_kind", sa.String(length=32), nullable=False),
        sa.Column("default_payer_organization_id", sa.Integer(), nullable=True),
        sa.Column("situation_housing", sa.Text(), nullable=True),
        sa.Column("situation_resources", sa.Text(), nullable=True),
        sa.Column("situation_health", sa.Text(), nullable=True),
        sa.Column("situation_employment", sa.Text(), nullable=True),
        sa.Column("situation_family", sa.Text(), nullable=True),
        sa.Column("situation_administrative", sa.Text(), nullable=True),
        sa.Column("last_contact_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retention_until", sa.Date(), nullable=True),
        sa.Column("pseudonymized_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(default_payer_kind = 'organization' AND default_payer_organization_id IS NOT NULL) OR (default_payer_kind = 'person' AND default_payer_organization_id IS NULL)",
            name=op.f("ck_client_default_payer"),
        ),
        sa.CheckConstraint(
            "closed_date IS NULL OR closed_date >= intake_date",
            name=op.f("ck_client_closed_after_intake"),
        ),
        sa.ForeignKeyConstraint(
            ["default_payer_organization_id"],
            ["organization.id"],
            name=op.f("fk_client_default_payer_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_organization_id"],
            ["organization.id"],
            name=op.f("fk_client_referred_by_organization_id"),
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "gender IN ('female', 'male', 'other', 'undisclosed')", name=op.f("ck_client_gender")
        ),
        sa.CheckConstraint(
            "status IN ('intake', 'active', 'paused', 'closed')", name=op.f("ck_client_status")
        ),
        sa.CheckConstraint(
            "default_payer_kind IN ('person', 'organization')",
            name=op.f("ck_client_default_payer_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("file_number", name=op.f("uq_client_file_number")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_client_default_payer_organization_id"),
        "client",
        ["default_payer_organization_id"],
        unique=False,
    )
    op.create_index(op.f("ix_client_last_contact_at"), "client", ["last_contact_at"], unique=False)
    op.create_index(op.f("ix_client_name_sort_key"), "client", ["name_sort_key"], unique=False)
    op.create_index(
        op.f("ix_client_referred_by_organization_id"),
        "client",
        ["referred_by_organization_id"],
        unique=False,
    )
    op.create_index(op.f("ix_client_retention_until"), "client", ["retention_until"], unique=False)
    op.create_index(
        op.f("ix_client_status_name_sort_key"), "client", ["status", "name_sort_key"], unique=False
    )

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("target_value", sa.Integer(), nullable=True),
        sa.Column("unit_label", sa.String(length=40), nullable=True),
        sa.Column("funder_organization_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_indicator_period")),
        sa.ForeignKeyConstraint(
            ["funder_organization_id"],
            ["organization.id"],
            name=op.f("fk_indicator_funder_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'clients_accompanied', 'new_clients', 'closed_clients', 'appointments_done', 'home_visits_done', 'group_sessions_done', 'hours_of_service', 'demarches_submitted', 'demarches_granted', 'referrals_made', 'objectives_achieved')",
            name=op.f("ck_indicator_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
    )
    op.create_index(
        op.f("ix_indicator_funder_organization_id"),
        "indicator",
        ["funder_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_indicator_period_start_period_end"),
        "indicator",
        ["period_start", "period_end"],
        unique=False,
    )

    op.create_table(
        "organization_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_contact_organization_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_contact")),
    )
    op.create_index(
        op.f("ix_organization_contact_organization_id"),
        "organization_contact",
        ["organization_id"],
        unique=False,
    )

    op.create_table(
        "package_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("units_milli", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price_cents >= 0", name=op.f("ck_package_definition_price")),
        sa.CheckConstraint("units_milli > 0", name=op.f("ck_package_definition_units")),
        sa.CheckConstraint(
            "validity_days IS NULL OR validity_days > 0",
            name=op.f("ck_package_definition_validity"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_package_definition_service_id"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_definition")),
    )
    op.create_index(
        op.f("ix_package_definition_service_id"), "package_definition", ["service_id"], unique=False
    )

    op.create_table(
        "appointment_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_appointment_participant_appointment_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_appointment_participant_client_id"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "attendance IN ('expected', 'present', 'absent', 'excused')",
            name=op.f("ck_appointment_participant_attendance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_participant")),
        sa.UniqueConstraint(
            "appointment_id",
            "client_id",
            name=op.f("uq_appointment_participant_appointment_id_client_id"),
        ),
    )
    op.create_index(
        op.f("ix_appointment_participant_client_id"),
        "appointment_participant",
        ["client_id"],
        unique=False,
    )

    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("note_type_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column("is_draft", sa.Boolean(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by", sa.String(length=200), nullable=True),
        sa.Column("current_revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("current_revision >= 0", name=op.f("ck_case_note_revision_positive")),
        sa.CheckConstraint(
            "signed_at IS NULL OR (signed_by IS NOT NULL AND current_revision >= 1 AND NOT is_draft)",
            name=op.f("ck_case_note_signed"),
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_case_note_appointment_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_case_note_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_type_id"],
            ["note_type.id"],
            name=op.f("fk_case_note_note_type_id"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_case_note_appointment_id"), "case_note", ["appointment_id"], unique=False
    )
    op.create_index(
        op.f("ix_case_note_client_id_note_date"),
        "case_note",
        ["client_id", "note_date"],
        unique=False,
    )
    op.create_index(op.f("ix_case_note_note_date"), "case_note", ["note_date"], unique=False)
    op.create_index(op.f("ix_case_note_note_type_id"), "case_note", ["note_type_id"], unique=False)

    op.create_table(
        "client_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_contact_client_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_client_contact_organization_id"),
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "kind IN ('relative', 'professional', 'partner')", name=op.f("ck_client_contact_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_contact")),
    )
    op.create_index(
        op.f("ix_client_contact_client_id"), "client_contact", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_client_contact_organization_id"),
        "client_contact",
        ["organization_id"],
        unique=False,
    )

    op.create_table(
        "client_social_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("social_issue_type_id", sa.Integer(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_social_issue_client_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["social_issue_type_id"],
            ["social_issue_type.id"],
            name=op.f("fk_client_social_issue_social_issue_type_id"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_social_issue")),
        sa.UniqueConstraint(
            "client_id",
            "social_issue_type_id",
            name=op.f("uq_client_social_issue_client_id_social_issue_type_id"),
        ),
    )
    op.create_index(
        op.f("ix_client_social_issue_social_issue_type_id"),
        "client_social_issue",
        ["social_issue_type_id"],
        unique=False,
    )

    op.create_table(
        "client_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_status_change_client_id"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "from_status IN ('intake', 'active', 'paused', 'closed')",
            name=op.f("ck_client_status_change_from_status"),
        ),
        sa.CheckConstraint(
            "to_status IN ('intake', 'active', 'paused', 'closed')",
            name=op.f("ck_client_status_change_to_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_status_change")),
    )
    op.create_index(
        op.f("ix_client_status_change_client_id_changed_at"),
        "client_status_change",
        ["client_id", "changed_at"],
        unique=False,
    )

    op.create_table(
        "demarche",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("submitted_date", sa.Date(), nullable=True),
        sa.Column("next_action_date", sa.Date(), nullable=True),
        sa.Column("next_action", sa.Text(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("benefit_monthly_cents", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "benefit_monthly_cents IS NULL OR benefit_monthly_cents >= 0",
            name=op.f("ck_demarche_benefit"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_demarche_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["demarche_kind.id"], name=op.f("fk_demarche_kind_id"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_demarche_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "status IN ('to_prepare', 'submitted', 'awaiting_answer', 'granted', 'refused', 'appeal')",
            name=op.f("ck_demarche_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demarche")),
    )
    op.create_index(op.f("ix_demarche_client_id"), "demarche", ["client_id"], unique=False)
    op.create_index(op.f("ix_demarche_deadline"), "demarche", ["deadline"], unique=False)
    op.create_index(op.f("ix_demarche_kind_id"), "demarche", ["kind_id"], unique=False)
    op.create_index(
        op.f("ix_demarche_next_action_date"), "demarche", ["next_action_date"], unique=False
    )
    op.create_index(
        op.f("ix_demarche_organization_id"), "demarche", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_demarche_status_next_action_date"),
        "demarche",
        ["status", "next_action_date"],
        unique=False,
    )

    op.create_table(
        "household_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=60), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_household_member_client_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_member")),
    )
    op.create_index(
        op.f("ix_household_member_client_id"), "household_member", ["client_id"], unique=False
    )

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
    )
    op.create_index(
        op.f("ix_indicator_value_indicator_id_value_date"),
        "indicator_value",
        ["indicator_id", "value_date"],
        unique=False,
    )

    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("sequence_number", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=50), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("credited_invoice_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("payer_kind", sa.String(length=32), nullable=False),
        sa.Column("payer_organization_id", sa.Integer(), nullable=True),
        sa.Column("payer_client_id", sa.Integer(), nullable=True),
        sa.Column("seller_snapshot", sa.Text(), nullable=True),
        sa.Column("payer_snapshot", sa.Text(), nullable=True),
        sa.Column("name_persons", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=32), nullable=False),
        sa.Column("total_net_cents", sa.Integer(), nullable=False),
        sa.Column("total_vat_cents", sa.Integer(), nullable=False),
        sa.Column("total_gross_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'credit_note' AND credited_invoice_id IS NOT NULL) OR (kind = 'invoice' AND credited_invoice_id IS NULL)",
            name=op.f("ck_invoice_credit_note"),
        ),
        sa.CheckConstraint(
            "(payer_kind = 'organization' AND payer_organization_id IS NOT NULL) OR (payer_kind = 'person' AND payer_organization_id IS NULL)",
            name=op.f("ck_invoice_payer"),
        ),
        sa.CheckConstraint("status = 'draft' OR number IS NOT NULL", name=op.f("ck_invoice_draft")),
        sa.CheckConstraint(
            "(number IS NULL AND sequence_number IS NULL AND issued_at IS NULL AND hash IS NULL) OR (number IS NOT NULL AND sequence_number IS NOT NULL AND issued_at IS NOT NULL AND hash IS NOT NULL AND issue_date IS NOT NULL AND seller_snapshot IS NOT NULL AND payer_snapshot IS NOT NULL)",
            name=op.f("ck_invoice_issued_fields"),
        ),
        sa.CheckConstraint("paid_cents >= 0", name=op.f("ck_invoice_paid")),
        sa.CheckConstraint(
            "total_gross_cents = total_net_cents + total_vat_cents", name=op.f("ck_invoice_totals")
        ),
        sa.ForeignKeyConstraint(
            ["credited_invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_credited_invoice_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payer_client_id"],
            ["client.id"],
            name=op.f("fk_invoice_payer_client_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organization_id"],
            ["organization.id"],
            name=op.f("fk_invoice_payer_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["invoice_series.id"],
            name=op.f("fk_invoice_series_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name=op.f("ck_invoice_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')",
            name=op.f("ck_invoice_status"),
        ),
        sa.CheckConstraint(
            "payer_kind IN ('person', 'organization')", name=op.f("ck_invoice_payer_kind")
        ),
        sa.CheckConstraint("currency IN ('EUR', 'RON')", name=op.f("ck_invoice_currency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice")),
        sa.UniqueConstraint("series_id", "number", name=op.f("uq_invoice_series_id_number")),
        sa.UniqueConstraint(
            "series_id", "sequence_number", name=op.f("uq_invoice_series_id_sequence_number")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_invoice_credited_invoice_id"), "invoice", ["credited_invoice_id"], unique=False
    )
    op.create_index(
        "ix_invoice_issue_date_totals",
        "invoice",
        [
            "issue_date",
            "kind",
            "status",
            "total_net_cents",
            "total_vat_cents",
            "total_gross_cents",
            "paid_cents",
        ],
        unique=False,
    )
    op.create_index(
        op.f("ix_invoice_payer_client_id"), "invoice", ["payer_client_id"], unique=False
    )
    op.create_index(
        op.f("ix_invoice_payer_organization_id"), "invoice", ["payer_organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_invoice_status_due_date"), "invoice", ["status", "due_date"], unique=False
    )

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("social_issue_type_id", sa.Integer(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_objective_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["social_issue_type_id"],
            ["social_issue_type.id"],
            name=op.f("fk_objective_social_issue_type_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "status IN ('open', 'achieved', 'partial', 'abandoned')",
            name=op.f("ck_objective_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    op.create_index(
        op.f("ix_objective_client_id_status"), "objective", ["client_id", "status"], unique=False
    )
    op.create_index(
        op.f("ix_objective_social_issue_type_id"),
        "objective",
        ["social_issue_type_id"],
        unique=False,
    )
    op.create_index(op.f("ix_objective_target_date"), "objective", ["target_date"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("organization_contact_id", sa.Integer(), nullable=True),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("outcome_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_referral_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_contact_id"],
            ["organization_contact.id"],
            name=op.f("fk_referral_organization_contact_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_referral_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "outcome IN ('pending', 'taken_up', 'declined_by_client', 'refused_by_partner', 'no_response')",
            name=op.f("ck_referral_outcome"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    op.create_index(
        op.f("ix_referral_client_id_referral_date"),
        "referral",
        ["client_id", "referral_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_referral_organization_contact_id"),
        "referral",
        ["organization_contact_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_referral_organization_id"), "referral", ["organization_id"], unique=False
    )

    op.create_table(
        "report_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("sections", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_report_log_client_id"), ondelete="SET NULL"
        ),
        sa.CheckConstraint(
            "kind IN ('client_summary', 'activity', 'funder', 'accountant_pack')",
            name=op.f("ck_report_log_kind"),
        ),
        sa.CheckConstraint(
            "audience IN ('internal', 'client', 'payer', 'funder', 'partner', 'authority')",
            name=op.f("ck_report_log_audience"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_log")),
    )
    op.create_index(op.f("ix_report_log_client_id"), "report_log", ["client_id"], unique=False)
    op.create_index(op.f("ix_report_log_created_at"), "report_log", ["created_at"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("demarche_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_attachment_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["demarche_id"],
            ["demarche.id"],
            name=op.f("fk_attachment_demarche_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["case_note.id"], name=op.f("fk_attachment_note_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_attachment_client_id"), "attachment", ["client_id"], unique=False)
    op.create_index(op.f("ix_attachment_demarche_id"), "attachment", ["demarche_id"], unique=False)
    op.create_index(op.f("ix_attachment_note_id"), "attachment", ["note_id"], unique=False)

    op.create_table(
        "case_note_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_case_note_revision_number")),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["case_note.id"],
            name=op.f("fk_case_note_revision_note_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note_revision")),
        sa.UniqueConstraint(
            "note_id", "revision", name=op.f("uq_case_note_revision_note_id_revision")
        ),
    )
    op.create_table(
        "demarche_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demarche_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.Column("received_date", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["demarche_id"],
            ["demarche.id"],
            name=op.f("fk_demarche_document_demarche_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demarche_document")),
    )
    op.create_index(
        op.f("ix_demarche_document_demarche_id"), "demarche_document", ["demarche_id"], unique=False
    )

    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("evaluation_date", sa.Date(), nullable=False),
        sa.Column("progress_percent", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "progress_percent IS NULL OR (progress_percent >= 0 AND progress_percent <= 100)",
            name=op.f("ck_evaluation_progress_range"),
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_evaluation_objective_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
    )
    op.create_index(
        op.f("ix_evaluation_objective_id_evaluation_date"),
        "evaluation",
        ["objective_id", "evaluation_date"],
        unique=False,
    )

    op.create_table(
        "invoice_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=False),
        sa.Column("vat_exemption_reason", sa.Text(), nullable=True),
        sa.Column("line_net_cents", sa.Integer(), nullable=False),
        sa.Column("line_vat_cents", sa.Integer(), nullable=False),
        sa.Column("accounting_account", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "vat_rate_bp BETWEEN 0 AND 10000", name=op.f("ck_invoice_line_vat_rate")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_line_invoice_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_invoice_line_service_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "unit IN ('hour', 'session', 'flat', 'km')", name=op.f("ck_invoice_line_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_line")),
        sa.UniqueConstraint(
            "invoice_id", "position", name=op.f("uq_invoice_line_invoice_id_position")
        ),
    )
    op.create_index(
        op.f("ix_invoice_line_service_id"), "invoice_line", ["service_id"], unique=False
    )

    op.create_table(
        "objective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_action_objective_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_action")),
    )
    op.create_index(
        op.f("ix_objective_action_objective_id"), "objective_action", ["objective_id"], unique=False
    )

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_cents <> 0", name=op.f("ck_payment_amount")),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_payment_invoice_id"), ondelete="RESTRICT"
        ),
        sa.CheckConstraint(
            "method IN ('transfer', 'cash', 'cheque', 'card', 'direct_debit', 'voucher', 'other')",
            name=op.f("ck_payment_method"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    op.create_index(
        op.f("ix_payment_invoice_id_payment_date"),
        "payment",
        ["invoice_id", "payment_date"],
        unique=False,
    )
    op.create_index(op.f("ix_payment_payment_date"), "payment", ["payment_date"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("demarche_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_task_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["demarche_id"], ["demarche.id"], name=op.f("fk_task_demarche_id"), ondelete="CASCADE"
        ),
        sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name=op.f("ck_task_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    op.create_index(op.f("ix_task_client_id"), "task", ["client_id"], unique=False)
    op.create_index(op.f("ix_task_demarche_id"), "task", ["demarche_id"], unique=False)
    op.create_index(op.f("ix_task_status_due_date"), "task", ["status", "due_date"], unique=False)

    op.create_table(
        "attachment_blob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_attachment_blob_attachment_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_blob")),
        sa.UniqueConstraint("attachment_id", name=op.f("uq_attachment_blob_attachment_id")),
    )
    op.create_table(
        "billable_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("item_date", sa.Date(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("payer_organization_id", sa.Integer(), nullable=True),
        sa.Column("invoice_line_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity_milli > 0", name=op.f("ck_billable_item_quantity")),
        sa.CheckConstraint("unit_price_cents >= 0", name=op.f("ck_billable_item_price")),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_billable_item_appointment_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_billable_item_client_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_line_id"],
            ["invoice_line.id"],
            name=op.f("fk_billable_item_invoice_line_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organization_id"],
            ["organization.id"],
            name=op.f("fk_billable_item_payer_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_billable_item_service_id"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billable_item")),
    )
    op.create_index(
        op.f("ix_billable_item_appointment_id"), "billable_item", ["appointment_id"], unique=False
    )
    op.create_index(
        op.f("ix_billable_item_client_id"), "billable_item", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_billable_item_invoice_line_id"), "billable_item", ["invoice_line_id"], unique=False
    )
    op.create_index(
        op.f("ix_billable_item_item_date"), "billable_item", ["item_date"], unique=False
    )
    op.create_index(
        op.f("ix_billable_item_payer_organization_id"),
        "billable_item",
        ["payer_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_billable_item_service_id"), "billable_item", ["service_id"], unique=False
    )

    op.create_table(
        "client_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("payer_organization_id", sa.Integer(), nullable=True),
        sa.Column("sold_date", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("units_total_milli", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.Column("invoice_line_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price_cents >= 0", name=op.f("ck_client_package_price")),
        sa.CheckConstraint("units_total_milli > 0", name=op.f("ck_client_package_units")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_package_client_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["package_definition.id"],
            name=op.f("fk_client_package_definition_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_line_id"],
            ["invoice_line.id"],
            name=op.f("fk_client_package_invoice_line_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organization_id"],
            ["organization.id"],
            name=op.f("fk_client_package_payer_organization_id"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_client_package_service_id"),
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(
            "status IN ('open', 'exhausted', 'expired', 'closed')",
            name=op.f("ck_client_package_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_package")),
    )
    op.create_index(
        op.f("ix_client_package_client_id"), "client_package", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_client_package_definition_id"), "client_package", ["definition_id"], unique=False
    )
    op.create_index(
        op.f("ix_client_package_invoice_line_id"),
        "client_package",
        ["invoice_line_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_client_package_payer_organization_id"),
        "client_package",
        ["payer_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_client_package_service_id"), "client_package", ["service_id"], unique=False
    )
    op.create_index(op.f("ix_client_package_status"), "client_package", ["status"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("how_obtained", sa.String(length=32), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document_attachment_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_consent_client_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_attachment_id"],
            ["attachment.id"],
            name=op.f("fk_consent_document_attachment_id"),
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "scope IN ('data_processing', 'share_with_partners', 'share_with_payer', 'contact_relatives', 'photo_documents', 'reminders', 'name_on_invoice')",
            name=op.f("ck_consent_scope"),
        ),
        sa.CheckConstraint(
            "how_obtained IN ('signed_form', 'oral', 'email', 'other')",
            name=op.f("ck_consent_how_obtained"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    op.create_index(op.f("ix_consent_client_id"), "consent", ["client_id"], unique=False)
    op.create_index(
        op.f("ix_consent_document_attachment_id"),
        "consent",
        ["document_attachment_id"],
        unique=False,
    )

    op.create_table(
        "package_consumption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_package_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("consumed_date", sa.Date(), nullable=False),
        sa.Column("units_milli", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("units_milli <> 0", name=op.f("ck_package_consumption_units")),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_package_consumption_appointment_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_package_id"],
            ["client_package.id"],
            name=op.f("fk_package_consumption_client_package_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_consumption")),
        sa.UniqueConstraint(
            "client_package_id",
            "appointment_id",
            name=op.f("uq_package_consumption_client_package_id_appointment_id"),
        ),
    )
    op.create_index(
        op.f("ix_package_consumption_appointment_id"),
        "package_consumption",
        ["appointment_id"],
        unique=False,
    )
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    for name in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in reversed(TABLES):
        op.drop_table(table)
