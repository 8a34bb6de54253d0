"""Fill a new vault with fictitious but realistic data, for trying SocialDesk out and for
measuring it at scale ("large": 5,000 clients, 100,000 appointments, 250,000 case notes,
about 30,000 invoices).

Everything is decided by ``random.Random(seed)`` and ``today``: the same seed and day give
the same vault, row for row. Rows are written with chunked bulk inserts and primary keys
assigned in Python, all in ONE transaction: a failure leaves the vault as empty as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random

from sqlalchemy import Connection, func, select

from socialdesk.domain.errors import SocialDeskError, VaultLocked
from socialdesk.services.demo.agenda import build_agenda
from socialdesk.services.demo.attachments import write_attachments
from socialdesk.services.demo.billing import work_out_what_is_owed
from socialdesk.services.demo.context import DAY_START, SIZES, Calendar, Ids, Writer, at_local
from socialdesk.services.demo.facts import DemoState
from socialdesk.services.demo.indicators import write_audit, write_indicators
from socialdesk.services.demo.invoicing import write_invoices
from socialdesk.services.demo.notes import plan_notes, write_notes
from socialdesk.services.demo.people import build_clients, insert_clients
from socialdesk.services.demo.plans import write_plans
from socialdesk.services.demo.reference import insert_reference
from socialdesk.services.vault import (
    Vault,
    create_vault,
    unlock_with_passphrase,
    vault_exists,
    vault_files,
)
from socialdesk.storage.orm import (
    Base,
    Client,
    Invoice,
    Organization,
    PractitionerProfile,
)
from socialdesk.storage.search import search_index_rebuilt_after
from socialdesk.storage.stats import record_counts
from socialdesk.vault.kdf import KdfParams

DEMO_PASSPHRASE = "socialdesk-demo"
"""Opens the demo vault. It is public on purpose: the demo holds invented people only."""


class DemoVaultNotEmpty(SocialDeskError):
    message = "This vault already holds data: demo data only fills a new, empty vault."


@dataclass(frozen=True)
class DemoSummary:
    size: str
    counts: dict[str, int]  # rows per table after generation
    seconds: float


def _holds_data(connection: Connection) -> bool:
    for model in (Client, Organization, Invoice, PractitionerProfile):
        if connection.execute(select(func.count()).select_from(model.__table__)).scalar():
            return True
    return False


def generate_demo(
    vault: Vault,
    *,
    size: str = "small",
    seed: int = 7,
    today: date | None = None,
    _scale: float = 1.0,
) -> DemoSummary:
    """Fill ``vault`` (new and empty) with demo data; refuse one that holds data.

    ``_scale`` multiplies the sizes (tests run the large code path at a small scale).
    """
    if size not in SIZES:
        raise ValueError(f"unknown demo size {size!r}: choose 'small' or 'large'")
    if vault.locked:
        raise VaultLocked()
    started = time.perf_counter()
    today = today or date.today()
    sizes = SIZES[size] if _scale == 1.0 else SIZES[size].scaled(_scale)
    with vault.uow() as uow:
        connection = uow.session.connection()
        if _holds_data(connection):
            raise DemoVaultNotEmpty()
        calendar = Calendar(today)
        state = DemoState(
            rng=Random(seed),
            cal=calendar,
            sizes=sizes,
            ids=Ids(connection, Base.metadata.sorted_tables),
            out=Writer(connection),
            created_at=at_local(calendar.next_open(calendar.start - timedelta(days=30)), DAY_START),
        )
        # Clients and notes are indexed for search once they are all written; the pages
        # the index leaves free are then filled by the plans and the invoices.
        with search_index_rebuilt_after(connection):
            insert_reference(state)
            build_clients(state)
            agenda = build_agenda(state)
            notes = plan_notes(state)
            insert_clients(state)
            agenda.insert()
            write_notes(state, notes)
        write_attachments(state)
        write_plans(state)
        write_invoices(state, work_out_what_is_owed(state), uow)
        write_indicators(state)
        write_audit(state, uow, size=size, seed=seed)
    with vault.engine.connect() as connection:
        # Bulk loads leave the planner without statistics; without them SQLite picks
        # poor indexes on the large vault (seen: 1.4 s instead of 16 ms for a list page).
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return DemoSummary(size, record_counts(vault.engine), time.perf_counter() - started)


def _is_empty(vault: Vault) -> bool:
    with vault.uow() as uow:
        return not _holds_data(uow.session.connection())


def open_or_create_demo_vault(path: Path, *, kdf_params: KdfParams | None = None) -> Vault:
    """The demo vault at ``path``: created and filled (small) the first time, reopened
    with :data:`DEMO_PASSPHRASE` afterwards. A demo that could not be filled leaves no
    files behind."""
    path = Path(path)
    if vault_exists(path):
        vault = unlock_with_passphrase(path, DEMO_PASSPHRASE)
        if _is_empty(vault):  # an earlier filling was interrupted before its commit
            try:
                generate_demo(vault)
            except BaseException:
                vault.lock()
                raise
        return vault
    # The demo brings its own (French) reference data: no default typology first.
    vault, _recovery_key = create_vault(
        path, DEMO_PASSPHRASE, kdf_params=kdf_params, seed_defaults=False
    )
    try:
        generate_demo(vault)
    except BaseException:
        vault.lock()
        for leftover in vault_files(path):
            leftover.unlink()
        raise
    return vault
