"""Figure 3 — the same workload on the encrypted vault and on a plain SQLite copy.

Variants (each on its own copy of the same data, so writes stay symmetric):

- ``encrypted``: the app's engine (:func:`create_vault_engine`: raw key, tuned pragmas).
- ``plain``: a plain copy made by ``sqlcipher_export`` and opened by the *same* SQLite
  library (sqlcipher3 without a key: no codec) with the *same* pragmas — the ratio
  ``encrypted / plain`` is the cost of encryption and nothing else.
- ``plain_stdlib``: the plain copy through Python's own ``sqlite3`` and
  :func:`create_plain_engine` (another SQLite version and build; for reference only).
- ``naive_cache``: the encrypted vault with SQLite's default page cache
  (``cache_size=-2000``, 2 MiB) instead of the tuned one.
- ``naive_schema``: as ``naive_cache`` on a copy whose secondary indexes were dropped (the
  "naive schema without indexes and cache tuning" of ARCHITECTURE §5).

Every read is one transaction (``engine.begin()``), as a unit of work in the app; per-call
times are medians over repeats, variants interleaved in a rotating order. "Warm" runs on
long-lived engines (the app keeps its connection); "first" runs each query once on a
freshly opened engine (page cache empty, OS file cache warm: what the first screen after
unlock pays, decryption included).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, func, insert, select, text

from bench.common import median, ratio, rotated, timed
from socialdesk.domain.enums import ClientStatus
from socialdesk.storage.engine import (
    PRAGMAS,
    create_plain_engine,
    create_vault_engine,
    is_plaintext_sqlite,
)
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    BillableItem,
    CaseNote,
    Client,
    Invoice,
    Organization,
)

NAIVE_CACHE_PRAGMA = "PRAGMA cache_size=-2000"  # SQLite's default: 2 MiB
TARGET_SECONDS = 0.02  # each timed sample runs a read this long at least (1..MAX_INNER calls)
MAX_INNER = 50
BATCH_NOTES = 500
SINGLE_COMMITS = 100
PAGE_SIZE = 50
NOTE_BODY = (
    "Entretien au bureau. Point sur le dossier de logement social et sur les ressources du "
    "foyer ; la demande d'aide au FSL est à compléter avec l'avis d'imposition. Madame "
    "signale des difficultés avec le bailleur (humidité dans la chambre des enfants). "
    "Suite à donner : courrier au bailleur, rendez-vous CAF, relance de la MDPH. "
) * 2

ALL_VARIANTS = ("encrypted", "plain", "plain_stdlib", "naive_cache", "naive_schema")
DESCRIPTIONS = {
    "encrypted": "SQLCipher vault, app engine (raw key, tuned pragmas)",
    "plain": "plain copy, same SQLite library and pragmas, no key",
    "plain_stdlib": "plain copy via Python's sqlite3 (create_plain_engine, trusted_schema=ON)",
    "naive_cache": "SQLCipher vault, default 2 MiB page cache",
    "naive_schema": "SQLCipher vault, default cache, secondary indexes dropped",
}


# ---- parameters drawn from the data --------------------------------------------------
@dataclass(frozen=True)
class Params:
    clients: int
    page_offset: int
    status: str
    week_start: datetime
    week_end: datetime
    note_client_id: int
    year: int
    today: date
    client_search: str = "mar"
    note_search: str = "logement"

    def to_json(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(self).items()
        }


def choose_params(engine: Engine, *, today: date | None = None) -> Params:
    """Typical values: a page in the middle, the week and year of the median appointment
    and invoice, the client of the median note (clients weighted by their notes)."""
    with engine.begin() as c:
        clients = c.execute(select(func.count()).select_from(Client)).scalar_one()
        appointments = c.execute(select(func.count()).select_from(Appointment)).scalar_one()
        middle_start = c.execute(
            select(Appointment.starts_at)
            .order_by(Appointment.starts_at)
            .offset(appointments // 2)
            .limit(1)
        ).scalar()
        notes = c.execute(select(func.count()).select_from(CaseNote)).scalar_one()
        note_client = c.execute(
            select(CaseNote.client_id).order_by(CaseNote.client_id).offset(notes // 2).limit(1)
        ).scalar()
        issued = c.execute(
            select(func.count()).select_from(Invoice).where(Invoice.issue_date.is_not(None))
        ).scalar_one()
        middle_issue = c.execute(
            select(Invoice.issue_date)
            .where(Invoice.issue_date.is_not(None))
            .order_by(Invoice.issue_date)
            .offset(issued // 2)
            .limit(1)
        ).scalar()
        middle_client = c.execute(
            select(Client.last_name)
            .order_by(Client.name_sort_key, Client.id)
            .offset((clients // 2) // PAGE_SIZE * PAGE_SIZE)
            .limit(1)
        ).scalar()
        middle_body = c.execute(
            select(CaseNote.body).order_by(CaseNote.id).offset(notes // 2).limit(1)
        ).scalar()
    anchor = middle_start or datetime.now(UTC)
    monday = datetime.combine(
        anchor.date() - timedelta(days=anchor.weekday()), datetime.min.time(), UTC
    )
    return Params(
        clients=clients,
        page_offset=(clients // 2) // PAGE_SIZE * PAGE_SIZE,
        status=ClientStatus.ACTIVE.value,
        week_start=monday,
        week_end=monday + timedelta(days=7),
        note_client_id=note_client or 1,
        year=(middle_issue or date.today()).year,
        today=today or date.today(),
        client_search=_prefix(middle_client) or "mar",
        note_search=_long_word(middle_body) or "logement",
    )


def _prefix(name: str | None) -> str:
    """The first three letters of a name: what one types in the search box."""
    letters = "".join(ch for ch in name or "" if ch.isalpha())
    return letters[:3].lower()


def _long_word(body: str | None) -> str:
    """The longest word (6+ letters) among the first 40 of a note: a word that occurs."""
    words = ["".join(ch for ch in w if ch.isalpha()) for w in (body or "").split()[:40]]
    words = [w for w in words if len(w) >= 6]
    return max(words, key=len).lower() if words else ""


# ---- the workload ----------------------------------------------------------------------
Query = Callable[[Engine, Params], list[Any]]


def clients_page(engine: Engine, p: Params) -> list[Any]:
    """Clients list: one page of 50 sorted by name, in the middle of the list."""
    stmt = (
        select(
            Client.id,
            Client.file_number,
            Client.last_name,
            Client.first_name,
            Client.status,
            Client.city,
            Client.phone,
            Client.last_contact_at,
        )
        .order_by(Client.name_sort_key, Client.id)
        .limit(PAGE_SIZE)
        .offset(p.page_offset)
    )
    with engine.begin() as c:
        return list(c.execute(stmt))


def clients_by_status(engine: Engine, p: Params) -> list[Any]:
    """Clients list filtered by status (active), first page by name."""
    stmt = (
        select(Client.id, Client.file_number, Client.last_name, Client.first_name, Client.city)
        .where(Client.status == p.status)
        .order_by(Client.name_sort_key, Client.id)
        .limit(PAGE_SIZE)
    )
    with engine.begin() as c:
        return list(c.execute(stmt))


def agenda_week(engine: Engine, p: Params) -> list[Any]:
    """Agenda: the appointments of one week with their participants' names."""
    stmt = (
        select(
            Appointment.id,
            Appointment.starts_at,
            Appointment.ends_at,
            Appointment.kind,
            Appointment.status,
            Appointment.title,
            Appointment.place,
            AppointmentParticipant.client_id,
            Client.last_name,
            Client.first_name,
        )
        .outerjoin(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .outerjoin(Client, Client.id == AppointmentParticipant.client_id)
        .where(Appointment.starts_at >= p.week_start, Appointment.starts_at < p.week_end)
        .order_by(Appointment.starts_at, Appointment.id, AppointmentParticipant.id)
    )
    with engine.begin() as c:
        return list(c.execute(stmt))


def client_notes(engine: Engine, p: Params) -> list[Any]:
    """A client's file: the notes, newest first (first 100, with an excerpt)."""
    stmt = (
        select(
            CaseNote.id,
            CaseNote.note_date,
            CaseNote.title,
            func.substr(CaseNote.body, 1, 200),
            CaseNote.is_private,
            CaseNote.signed_at,
        )
        .where(CaseNote.client_id == p.note_client_id)
        .order_by(CaseNote.note_date.desc(), CaseNote.id.desc())
        .limit(100)
    )
    with engine.begin() as c:
        return list(c.execute(stmt))


def invoices_year(engine: Engine, p: Params) -> list[Any]:
    """Invoices of a year: the first 100 by date with their payer, and the year's totals."""
    in_year = Invoice.issue_date.between(date(p.year, 1, 1), date(p.year, 12, 31))
    page = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.issue_date,
            Invoice.status,
            Invoice.kind,
            Invoice.total_gross_cents,
            Invoice.paid_cents,
            Organization.name,
        )
        .outerjoin(Organization, Organization.id == Invoice.payer_organization_id)
        .where(in_year)
        .order_by(Invoice.issue_date, Invoice.id)
        .limit(100)
    )
    totals = select(
        func.count(),
        func.sum(Invoice.total_net_cents),
        func.sum(Invoice.total_vat_cents),
        func.sum(Invoice.total_gross_cents),
        func.sum(Invoice.paid_cents),
    ).where(in_year)
    with engine.begin() as c:
        rows = list(c.execute(page))
        rows.extend(c.execute(totals))
        return rows


def unbilled_count(engine: Engine, p: Params) -> list[Any]:
    """Billing: how many billable items are not on an invoice yet."""
    stmt = (
        select(func.count()).select_from(BillableItem).where(BillableItem.invoice_line_id.is_(None))
    )
    with engine.begin() as c:
        return list(c.execute(stmt))


def search_clients_box(engine: Engine, p: Params) -> list[Any]:
    """Search box: clients matching three typed letters (FTS5, first 50)."""
    from socialdesk.storage.search import search_clients

    with engine.begin() as c:
        hits = search_clients(c, p.client_search, limit=PAGE_SIZE)
    return [(h.kind, h.client_id, h.note_id) for h in hits]


def search_notes_box(engine: Engine, p: Params) -> list[Any]:
    """Search box: notes holding a word, best first with snippets (FTS5, first 50)."""
    from socialdesk.storage.search import search_notes

    with engine.begin() as c:
        hits = search_notes(c, p.note_search, limit=PAGE_SIZE)
    return [(h.kind, h.client_id, h.note_id) for h in hits]


def search_facts(engine: Engine, p: Params) -> dict[str, int | None]:
    """How many notes/clients the search words match (what a search's cost grows with).
    Best effort: ``None`` if the search module's helpers changed."""
    try:
        from socialdesk.storage import search

        note_query = search.match_expression(
            p.note_search, prefix="last", min_prefix=search.MIN_NOTE_PREFIX
        )
        client_query = search.client_match_expression(p.client_search)
        with engine.begin() as c:
            count = "SELECT count(*) FROM {} WHERE {} MATCH :q"
            return {
                "note_search_matches": c.execute(
                    text(count.format(search.NOTE_FTS, search.NOTE_FTS)), {"q": note_query}
                ).scalar_one(),
                "client_search_matches": c.execute(
                    text(count.format(search.CLIENT_FTS, search.CLIENT_FTS)), {"q": client_query}
                ).scalar_one(),
            }
    except Exception:  # a bench fact, never a reason to fail the run
        return {"note_search_matches": None, "client_search_matches": None}


def _note_rows(p: Params, count: int, salt: int) -> list[dict[str, Any]]:
    return [
        {
            "client_id": 1 + (salt + i) % max(p.clients, 1),
            "note_date": p.today,
            "title": "Entretien (bench)",
            "body": NOTE_BODY,
        }
        for i in range(count)
    ]


def notes_batch(engine: Engine, p: Params) -> list[Any]:
    """Write: 500 notes inserted in one transaction."""
    with engine.begin() as c:
        c.execute(insert(CaseNote), _note_rows(p, BATCH_NOTES, 0))
    return []


def notes_single_commits(engine: Engine, p: Params) -> list[Any]:
    """Write: 100 notes, one transaction (one durable commit) each."""
    for i in range(SINGLE_COMMITS):
        with engine.begin() as c:
            c.execute(insert(CaseNote), _note_rows(p, 1, i))
    return []


READS: dict[str, Query] = {
    "clients_page": clients_page,
    "clients_by_status": clients_by_status,
    "agenda_week": agenda_week,
    "client_notes": client_notes,
    "invoices_year": invoices_year,
    "unbilled_count": unbilled_count,
}
if importlib.util.find_spec("socialdesk.storage.search") is not None:  # full-text search
    READS |= {"search_clients": search_clients_box, "search_notes": search_notes_box}
WRITES: dict[str, Query] = {
    "notes_batch_500": notes_batch,
    "notes_single_commit_100": notes_single_commits,
}
LIST_PAGES = (
    "clients_page",
    "clients_by_status",
    "agenda_week",
    "client_notes",
    "search_clients",
    "search_notes",
)


# ---- variants --------------------------------------------------------------------------
@dataclass
class Variant:
    name: str
    path: Path
    open: Callable[[], Engine] = field(repr=False)

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.name]


def _sqlcipher_plain_engine(path: Path) -> Engine:
    """The plain file through the same SQLite library and pragmas as the vault, no key."""
    engine = create_engine(f"sqlite+pysqlite:///{path}", module=sqlcipher3)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _stdlib_plain_engine(path: Path) -> Engine:
    """:func:`create_plain_engine` (Python's own sqlite3), then ``trusted_schema=ON``:
    before SQLite 3.41 FTS5 is not marked innocuous, so with ``trusted_schema=OFF`` the
    search-index triggers refuse every note insert ("unsafe use of virtual table")."""
    engine = create_plain_engine(path)

    @event.listens_for(engine, "connect")  # appended: runs after create_plain_engine's
    def _trusted(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA trusted_schema=ON")

    return engine


def _naive_vault_engine(path: Path, key: bytes) -> Engine:
    """The app's vault engine, then SQLite's default page cache instead of the tuned one."""
    engine = create_vault_engine(path, key)

    @event.listens_for(engine, "connect")  # appended: runs after the app's pragmas
    def _default_cache(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(NAIVE_CACHE_PRAGMA)

    return engine


def _raw_execute(engine: Engine, *statements: str) -> list[Any]:
    """Run statements in autocommit on a raw driver connection (no SQLAlchemy BEGIN:
    ATTACH/DETACH, checkpoints and DDL here must not run inside a transaction)."""
    raw = engine.raw_connection()
    try:
        rows: list[Any] = []
        for statement in statements:
            cursor = raw.cursor()
            try:
                rows.extend(cursor.execute(statement).fetchall())
            finally:
                cursor.close()
        return rows
    finally:
        raw.close()


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the database file so the file alone is a complete copy."""
    _raw_execute(engine, "PRAGMA wal_checkpoint(TRUNCATE)")


def export_plain(engine: Engine, target: Path) -> Path:
    """A plain SQLite copy of the vault: ``ATTACH … KEY ''`` + ``sqlcipher_export``."""
    target = Path(target)
    target.unlink(missing_ok=True)
    literal = str(target).replace("'", "''")
    _raw_execute(
        engine,
        f"ATTACH DATABASE '{literal}' AS plain KEY ''",
        "SELECT sqlcipher_export('plain')",
        "DETACH DATABASE plain",
    )
    if not is_plaintext_sqlite(target):
        raise RuntimeError(f"sqlcipher_export did not write a plain database: {target}")
    return target


def drop_secondary_indexes(engine: Engine) -> list[str]:
    """Drop every explicit index (``ix_*``, unique ones declared as indexes); the
    automatic indexes behind PRIMARY KEY/UNIQUE constraints cannot be dropped and stay."""
    names = [
        row[0]
        for row in _raw_execute(
            engine, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        )
    ]
    _raw_execute(engine, "BEGIN", *[f'DROP INDEX "{name}"' for name in names], "COMMIT")
    return names


def prepare_variants(
    vault_path: Path, key: bytes, workdir: Path, names: tuple[str, ...] = ALL_VARIANTS
) -> list[Variant]:
    """Copies of the vault at ``vault_path`` for each variant (the vault itself is the
    ``encrypted`` one). Call with no engine open on the vault."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    engine = create_vault_engine(vault_path, key)
    try:
        checkpoint(engine)
        plain = export_plain(engine, workdir / "plain.db") if "plain" in names else None
        if "plain_stdlib" in names:
            stdlib_path = workdir / "plain-stdlib.db"
            if plain is None:
                export_plain(engine, stdlib_path)
            else:
                shutil.copyfile(plain, stdlib_path)
    finally:
        engine.dispose()
    variants: list[Variant] = []
    for name in names:
        if name == "encrypted":
            variants.append(Variant(name, vault_path, lambda: create_vault_engine(vault_path, key)))
        elif name == "plain":
            path = workdir / "plain.db"
            variants.append(Variant(name, path, lambda p=path: _sqlcipher_plain_engine(p)))
        elif name == "plain_stdlib":
            path = workdir / "plain-stdlib.db"
            variants.append(Variant(name, path, lambda p=path: _stdlib_plain_engine(p)))
        elif name in ("naive_cache", "naive_schema"):
            path = workdir / f"{name}.sdvault"
            shutil.copyfile(vault_path, path)
            variant = Variant(name, path, lambda p=path: _naive_vault_engine(p, key))
            if name == "naive_schema":
                copy = variant.open()
                try:
                    drop_secondary_indexes(copy)
                    checkpoint(copy)
                finally:
                    copy.dispose()
            variants.append(variant)
        else:
            raise ValueError(f"unknown variant {name!r}")
    return variants


# ---- measuring -------------------------------------------------------------------------
def _digest(rows: list[Any]) -> str:
    return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]


def _per_call(query: Query, engine: Engine, params: Params, inner: int) -> float:
    seconds, _ = timed(lambda: [query(engine, params) for _ in range(inner)])
    return seconds / inner


def _sum(values: list[float]) -> float:
    return float(sum(values)) if values and all(v == v for v in values) else float("nan")


def run_workload(
    variants: list[Variant],
    params: Params,
    *,
    repeats: int = 5,
    writes: bool = True,
    first_open: bool = True,
    target_seconds: float = TARGET_SECONDS,
) -> dict[str, Any]:
    """Measure every read (and write) on every variant; see the module docstring."""
    names = [v.name for v in variants]
    engines = {v.name: v.open() for v in variants}
    queries: dict[str, Query] = dict(READS) | (dict(WRITES) if writes else {})
    result: dict[str, Any] = {
        "params": params.to_json() | search_facts(engines[names[0]], params),
        "repeats": repeats,
        "variants": {v.name: v.description for v in variants},
        "queries": {},
    }
    try:
        # Warm-up: fill page caches, check every variant returns the same rows, and pick
        # how many calls one timed sample makes so it lasts about target_seconds.
        inner: dict[tuple[str, str], int] = {}
        for qname, query in READS.items():
            digests = {}
            for name in names:
                rows = query(engines[name], params)
                digests[name] = (_digest(rows), len(rows))
                once = _per_call(query, engines[name], params, 1)
                inner[qname, name] = max(1, min(MAX_INNER, math.ceil(target_seconds / once)))
            if len(set(digests.values())) != 1:
                raise RuntimeError(f"{qname}: variants disagree {digests}")
            result["queries"][qname] = {
                "kind": "read",
                "doc": (query.__doc__ or "").strip(),
                "rows": digests[names[0]][1],
            }
        for qname, query in WRITES.items() if writes else ():
            result["queries"][qname] = {"kind": "write", "doc": (query.__doc__ or "").strip()}
            for name in names:
                inner[qname, name] = 1

        samples: dict[str, dict[str, list[float]]] = {q: {n: [] for n in names} for q in queries}
        for turn in range(repeats):
            for qname, query in queries.items():
                for name in rotated(names, turn):
                    samples[qname][name].append(
                        _per_call(query, engines[name], params, inner[qname, name])
                    )
    finally:
        for engine in engines.values():
            engine.dispose()

    for qname in queries:
        entry = result["queries"][qname]
        entry["median_seconds"] = {n: median(samples[qname][n]) for n in names}
        entry["calls_per_sample"] = {n: inner[qname, n] for n in names}
    result["totals"] = _totals(result["queries"], names)

    if first_open:
        result["first_open"] = _first_open(variants, params, repeats)
    result["ratios"] = _ratios(result, names)
    return result


def _totals(queries: dict[str, Any], names: list[str]) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, float]] = {}
    for kind in ("read", "write", "all"):
        chosen = [q for q in queries.values() if kind == "all" or q["kind"] == kind]
        if chosen:
            totals[kind] = {n: _sum([q["median_seconds"][n] for q in chosen]) for n in names}
    return totals


def _first_open(variants: list[Variant], params: Params, repeats: int) -> dict[str, Any]:
    """Open a fresh engine, time the connection (key, schema read, pragmas), then each
    read once: the first screen after unlock, page cache empty."""
    names = [v.name for v in variants]
    steps = ["open", *READS]
    samples: dict[str, dict[str, list[float]]] = {s: {n: [] for n in names} for s in steps}
    by_name = {v.name: v for v in variants}
    for turn in range(repeats):
        for name in rotated(names, turn):
            engine = by_name[name].open()
            try:
                seconds, connection = timed(engine.connect)
                connection.close()  # back to the pool: the reads below reuse it
                samples["open"][name].append(seconds)
                for qname, query in READS.items():
                    samples[qname][name].append(_per_call(query, engine, params, 1))
            finally:
                engine.dispose()
    medians = {s: {n: median(samples[s][n]) for n in names} for s in steps}
    return {
        "median_seconds": medians,
        "total": {n: _sum([medians[s][n] for s in steps]) for n in names},
    }


def _ratios(result: dict[str, Any], names: list[str]) -> dict[str, dict[str, float]]:
    pairs = [
        ("encrypted", "plain"),
        ("encrypted", "plain_stdlib"),
        ("naive_cache", "encrypted"),
        ("naive_schema", "encrypted"),
        ("naive_schema", "plain"),
    ]
    ratios: dict[str, dict[str, float]] = {}
    for a, b in pairs:
        if a in names and b in names:
            entry = {k: ratio(v[a], v[b]) for k, v in result["totals"].items()}
            if "first_open" in result:
                total = result["first_open"]["total"]
                entry["first_open"] = ratio(total[a], total[b])
            ratios[f"{a}/{b}"] = entry
    return ratios


def per_query_ratio(result: dict[str, Any], a: str, b: str) -> dict[str, float]:
    return {
        q: ratio(e["median_seconds"][a], e["median_seconds"][b])
        for q, e in result["queries"].items()
        if a in e["median_seconds"] and b in e["median_seconds"]
    }
