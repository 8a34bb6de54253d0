"""SQLAlchemy 2 typed models of the whole vault schema.

Importing this package registers every table on ``Base.metadata`` (Alembic's target).
The schema itself only changes through migrations (``storage/migrations``); a test checks
that the migrations and these models never drift apart.
"""

from socialdesk.storage.orm.agenda import Appointment, AppointmentParticipant, RecurrenceSeries
from socialdesk.storage.orm.audit import AuditEvent, ReportLog
from socialdesk.storage.orm.base import NAMING_CONVENTION, Base, Timestamps
from socialdesk.storage.orm.billing import (
    BillableItem,
    ClientPackage,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    PackageConsumption,
    PackageDefinition,
    Payment,
    Service,
)
from socialdesk.storage.orm.clients import (
    Client,
    ClientContact,
    ClientSocialIssue,
    ClientStatusChange,
    Consent,
    HouseholdMember,
    SocialIssueType,
    name_sort_key,
)
from socialdesk.storage.orm.indicators import Indicator, IndicatorValue
from socialdesk.storage.orm.notes import (
    Attachment,
    AttachmentBlob,
    CaseNote,
    CaseNoteRevision,
    NoteType,
)
from socialdesk.storage.orm.organizations import Organization, OrganizationContact, Referral
from socialdesk.storage.orm.plans import (
    Demarche,
    DemarcheDocument,
    DemarcheKind,
    Evaluation,
    Objective,
    ObjectiveAction,
    ObjectiveEvent,
    Task,
)
from socialdesk.storage.orm.profile import PROFILE_ID, PractitionerProfile
from socialdesk.storage.orm.settings import AppSetting
from socialdesk.storage.orm.types import UTCDateTime, enum_type, utcnow

__all__ = [
    "NAMING_CONVENTION",
    "PROFILE_ID",
    "AppSetting",
    "Appointment",
    "AppointmentParticipant",
    "Attachment",
    "AttachmentBlob",
    "AuditEvent",
    "Base",
    "BillableItem",
    "CaseNote",
    "CaseNoteRevision",
    "Client",
    "ClientContact",
    "ClientPackage",
    "ClientSocialIssue",
    "ClientStatusChange",
    "Consent",
    "Demarche",
    "DemarcheDocument",
    "DemarcheKind",
    "Evaluation",
    "HouseholdMember",
    "Indicator",
    "IndicatorValue",
    "Invoice",
    "InvoiceLine",
    "InvoiceSeries",
    "NoteType",
    "Objective",
    "ObjectiveAction",
    "ObjectiveEvent",
    "Organization",
    "OrganizationContact",
    "PackageConsumption",
    "PackageDefinition",
    "Payment",
    "PractitionerProfile",
    "RecurrenceSeries",
    "Referral",
    "ReportLog",
    "Service",
    "SocialIssueType",
    "Task",
    "Timestamps",
    "UTCDateTime",
    "enum_type",
    "name_sort_key",
    "utcnow",
]
