"""What one step of the generation tells the next: light in-memory facts about the
organizations, clients and appointments already decided, and the run's shared state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from random import Random

from socialdesk.services.demo.context import Calendar, Ids, Sizes, Writer
from socialdesk.services.demo.names import Town


@dataclass(frozen=True, slots=True)
class ServiceFacts:
    id: int
    code: str
    name: str
    unit: str
    price_cents: int


@dataclass(slots=True)
class OrgFacts:
    id: int
    key: str
    name: str
    role: str
    kind: str
    address_line1: str
    postal_code: str
    city: str
    country: str
    legal_id: str | None
    contacts: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, role
    name_persons: bool = False  # invoices to this payer name the persons (consent given)


@dataclass(slots=True)
class PackageChoice:
    definition_index: int
    sold: date
    valid_until: date
    use_up: bool = False  # enough meetings are scheduled to consume it entirely
    regular: bool = True  # many of the client's meetings fall within its validity


@dataclass(slots=True)
class ClientFacts:
    id: int
    file_number: str
    country: str
    origin: str
    gender: str
    civility: str
    first_name: str
    last_name: str
    birth_name: str | None
    birth_date: date
    town: Town
    address_line1: str
    address_line2: str | None
    phone: str
    email: str | None
    status: str
    intake: date
    active_from: date | None
    paused_from: date | None
    closed: date | None
    closing_reason: str | None
    issues: list[str]  # the primary issue first
    payer_org: str | None  # key of the paying organization, None: the person pays
    intensity: float
    context: dict[str, str]  # placeholders of the phrase banks
    package: PackageChoice | None = None
    last_contact: datetime | None = None

    @property
    def display(self) -> str:
        return f"{self.civility} {self.last_name}"

    def span_end(self, default: date) -> date:
        """Last day the practice works with this client (in the window)."""
        return self.closed or self.paused_from or default


@dataclass(slots=True)
class AppointmentFacts:
    id: int
    day: date
    starts_at: datetime
    ends_at: datetime
    minutes: int
    kind: str
    status: str
    client_ids: tuple[int, ...]
    attendance: tuple[str, ...]
    service: str | None
    payer_org: str | None
    title: str | None = None
    is_group: bool = False
    group_billing: bool = False  # billed once to the payer, not per person
    km_milli: int | None = None


@dataclass
class DemoState:
    """The run: random source, calendar, ids, writer, and the facts decided so far."""

    rng: Random
    cal: Calendar
    sizes: Sizes
    ids: Ids
    out: Writer
    created_at: datetime  # when the practice "set up" its reference data
    practitioner_name: str = ""
    issue_ids: dict[str, int] = field(default_factory=dict)
    note_type_ids: dict[str, int] = field(default_factory=dict)
    note_type_labels: dict[str, str] = field(default_factory=dict)
    demarche_kind_ids: dict[str, int] = field(default_factory=dict)
    services: dict[str, ServiceFacts] = field(default_factory=dict)
    package_definition_ids: list[int] = field(default_factory=list)
    orgs: dict[str, OrgFacts] = field(default_factory=dict)
    payer_keys: list[str] = field(default_factory=list)
    clients: list[ClientFacts] = field(default_factory=list)
    appointments: list[AppointmentFacts] = field(default_factory=list)
    group_series: int = 0
    seller: dict[str, object] = field(default_factory=dict)  # frozen into invoices
