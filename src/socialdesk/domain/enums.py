"""Every status and kind of the domain, as string enums.

The values are what the database stores (plain strings checked by a CHECK constraint), so
they are stable identifiers: never rename a value without a migration. Labels shown to
the user come from the translations, keyed by these values, never from the values.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from enum import StrEnum


# --- Practitioner ----------------------------------------------------------------------
class Country(StrEnum):
    """Where the practitioner is established (drives legal ids, VAT and invoice mentions)."""

    FR = "FR"
    BE = "BE"
    RO = "RO"


class VatStatus(StrEnum):
    FRANCHISE = "franchise"  # franchise en base / régime de franchise / scutit
    REGISTERED = "registered"


class DocumentLanguage(StrEnum):
    FR = "fr"
    EN = "en"
    RO = "ro"


class Currency(StrEnum):
    EUR = "EUR"
    RON = "RON"


# --- Clients -----------------------------------------------------------------------------
class ClientStatus(StrEnum):
    INTAKE = "intake"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class ContactKind(StrEnum):
    """A person around the client: family, a professional (doctor, lawyer…), a partner."""

    RELATIVE = "relative"
    PROFESSIONAL = "professional"
    PARTNER = "partner"


class ConsentScope(StrEnum):
    """What a GDPR consent record covers."""

    DATA_PROCESSING = "data_processing"
    SHARE_WITH_PARTNERS = "share_with_partners"
    SHARE_WITH_PAYER = "share_with_payer"
    CONTACT_RELATIVES = "contact_relatives"
    PHOTO_DOCUMENTS = "photo_documents"
    REMINDERS = "reminders"
    NAME_ON_INVOICE = "name_on_invoice"


class ConsentMethod(StrEnum):
    """How a consent was obtained."""

    SIGNED_FORM = "signed_form"
    ORAL = "oral"
    EMAIL = "email"
    OTHER = "other"


# --- Organizations -------------------------------------------------------------------------
class PayerKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class OrganizationRole(StrEnum):
    PAYER = "payer"
    PARTNER = "partner"
    BOTH = "both"


class OrganizationKind(StrEnum):
    EMPLOYER = "employer"
    TOWN = "town"  # mairie, CCAS/CPAS, primărie
    ASSOCIATION = "association"
    AGENCY = "agency"  # social-security or employment agency (CAF, France Travail…)
    ADMINISTRATION = "administration"
    HEALTH = "health"
    HOUSING = "housing"
    JUSTICE = "justice"
    EDUCATION = "education"
    COMPANY = "company"
    OTHER = "other"


class ReferralOutcome(StrEnum):
    PENDING = "pending"
    TAKEN_UP = "taken_up"
    DECLINED_BY_CLIENT = "declined_by_client"
    REFUSED_BY_PARTNER = "refused_by_partner"
    NO_RESPONSE = "no_response"


# --- Agenda ---------------------------------------------------------------------------------
class AppointmentKind(StrEnum):
    OFFICE = "office"
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    VIDEO = "video"
    ACCOMPANIMENT = "accompaniment"  # going with the client to an office, a court…
    PARTNER_MEETING = "partner_meeting"
    ADMIN = "admin"


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    LATE_CANCELLED = "late_cancelled"
    NO_SHOW = "no_show"


class AttendanceStatus(StrEnum):
    """One participant's presence at an appointment (group sessions especially)."""

    EXPECTED = "expected"
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class GroupBillingMode(StrEnum):
    PER_PERSON = "per_person"
    GROUP = "group"


# --- Plans -------------------------------------------------------------------------------
class ObjectiveStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    PARTIAL = "partial"
    ABANDONED = "abandoned"


class DemarcheStatus(StrEnum):
    TO_PREPARE = "to_prepare"
    SUBMITTED = "submitted"
    AWAITING_ANSWER = "awaiting_answer"
    GRANTED = "granted"
    REFUSED = "refused"
    APPEAL = "appeal"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


# --- Billing --------------------------------------------------------------------------------
class ServiceUnit(StrEnum):
    HOUR = "hour"
    SESSION = "session"
    FLAT = "flat"
    KM = "km"


class PackageStatus(StrEnum):
    OPEN = "open"
    EXHAUSTED = "exhausted"
    EXPIRED = "expired"
    CLOSED = "closed"


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CANCELLED = "cancelled"  # fully credited by a credit note


class PaymentMethod(StrEnum):
    TRANSFER = "transfer"
    CASH = "cash"
    CHEQUE = "cheque"
    CARD = "card"
    DIRECT_DEBIT = "direct_debit"
    VOUCHER = "voucher"  # CESU and similar
    OTHER = "other"


# --- Indicators and reports --------------------------------------------------------------
class IndicatorSource(StrEnum):
    """Where an indicator's value comes from: a metric computed from the data, or by hand."""

    MANUAL = "manual"
    CLIENTS_ACCOMPANIED = "clients_accompanied"
    NEW_CLIENTS = "new_clients"
    CLOSED_CLIENTS = "closed_clients"
    APPOINTMENTS_DONE = "appointments_done"
    HOME_VISITS_DONE = "home_visits_done"
    GROUP_SESSIONS_DONE = "group_sessions_done"
    HOURS_OF_SERVICE = "hours_of_service"
    DEMARCHES_SUBMITTED = "demarches_submitted"
    DEMARCHES_GRANTED = "demarches_granted"
    REFERRALS_MADE = "referrals_made"
    OBJECTIVES_ACHIEVED = "objectives_achieved"


class ReportKind(StrEnum):
    CLIENT_SUMMARY = "client_summary"
    ACTIVITY = "activity"
    FUNDER = "funder"
    ACCOUNTANT_PACK = "accountant_pack"


class ReportAudience(StrEnum):
    INTERNAL = "internal"
    CLIENT = "client"
    PAYER = "payer"
    FUNDER = "funder"
    PARTNER = "partner"
    AUTHORITY = "authority"  # court, child-protection office…


# --- Audit ------------------------------------------------------------------------------
class AuditAction(StrEnum):
    """Sensitive actions recorded in the audit log (never with note contents)."""

    VAULT_CREATE = "vault_create"
    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock_failed"
    LOCK = "lock"
    EXPORT = "export"
    PRINT = "print"
    ERASE = "erase"
    PSEUDONYMIZE = "pseudonymize"
    BACKUP = "backup"
    RESTORE = "restore"
    MIGRATE = "migrate"
    PASSPHRASE_CHANGE = "passphrase_change"
    RECOVERY_KEY_RESET = "recovery_key_reset"
    DEVICE_REMEMBER = "device_remember"
    DEVICE_FORGET = "device_forget"
    NOTE_SIGN = "note_sign"
    NOTE_AMEND = "note_amend"
    INVOICE_ISSUE = "invoice_issue"
    CREDIT_NOTE_ISSUE = "credit_note_issue"
    ATTACHMENT_OPEN = "attachment_open"
    IMPORT = "import"
    CLIENT_MERGE = "client_merge"
    KEY_ROTATE = "key_rotate"  # the database key was replaced (schema 0004)
