"""Figure 3b — the case file: filter per keystroke, open a client file, FTS search.

Each step runs three ways, on copies of the same data (the variants of figure 3):

- ``service_encrypted``: the real service in a :class:`UnitOfWork` on the vault engine;
- ``service_plain``: the same service on the plain copy, through the ``plain`` variant's
  engine factory (same SQLite library and pragmas, no key): ``service_encrypted /
  service_plain`` is the cost of encryption;
- ``raw_plain``: hand-written SQL doing the same job on a bare ``sqlcipher3`` connection
  to the plain copy (no key, no SQLAlchemy, same pragmas), in one transaction:
  ``service_plain / raw_plain`` is what the service layer adds (ORM, DTOs, its extra
  queries) over a floor.

Steps (each a unit of work, as the app runs it):

- ``filter name 'd'`` … ``'duran'``: ``list_clients(uow, text=…, limit=100)`` for each
  prefix of a typed name, then of a phone fragment ("06", "06 1", …); raw: a ``LIKE``
  filter on the folded name, file number and email (digits: on the phone without
  separators), ``ORDER BY name_sort_key LIMIT 100``. The service also counts the matches
  when the page is full and reads the page's next appointments and social issues.
- ``open file``: ``get_client_file`` + ``list_notes(limit=50)`` for the client with the
  most notes; raw: the client row by id, its household, contacts, consents, status
  history and social issues, then the first 50 notes (excerpt, type, attachment count).
- ``search '…'``: ``search(uow, text, limit=50)``: client files then notes, with
  snippets; raw: the client FTS query and the note FTS query with the same MATCH
  expressions and the same plan (bm25 among the 1,000 most recent matches, best 50,
  ``snippet()`` for those). For reference the textbook note query (``ORDER BY bm25
  LIMIT 50`` over every match) is timed once per word on the raw connection too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, text

from bench.common import median, ratio, rotated, timed
from socialdesk.domain.clients import fold
from socialdesk.domain.clients import phone_digits as national_digits
from socialdesk.storage.engine import PRAGMAS
from socialdesk.storage.uow import UnitOfWork, session_factory

CASE_VARIANTS = ("service_encrypted", "service_plain", "raw_plain")
FILTER_LIMIT = 100
NOTES_PAGE = 50
SEARCH_LIMIT = 50
RARE_CANDIDATES = ("surendettement", "expulsion", "huissier", "tutelle", "curatelle")
TARGET_SECONDS = 0.02
MAX_INNER = 50


# ---- parameters drawn from the data ----------------------------------------------------------
@dataclass(frozen=True)
class CaseParams:
    name_keystrokes: tuple[str, ...]
    phone_keystrokes: tuple[str, ...]
    client_id: int
    client_notes: int
    searches: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _typed(value: str, lengths: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value[:n].strip() for n in lengths if value[:n].strip()))


def choose_case_params(engine: Engine) -> CaseParams:
    """ "duran…" when the data has a Durand (the demo does), else the name of the client
    with the most notes; that client's phone; "logement", the rarest of a few rarer words
    that occurs, that client's last name, "prev"."""
    with engine.begin() as c:
        client_id, notes = c.execute(
            text(
                "SELECT client_id, count(*) FROM case_note GROUP BY client_id "
                "ORDER BY count(*) DESC, client_id LIMIT 1"
            )
        ).one_or_none() or (1, 0)
        last_name, phone = c.execute(
            text("SELECT last_name, phone FROM client WHERE id = :id"), {"id": client_id}
        ).one_or_none() or ("", None)
        if c.execute(text("SELECT 1 FROM client WHERE name_sort_key LIKE 'durand%'")).first():
            typed_name = "durand"
        else:
            typed_name = fold(last_name or "") or "martin"
        phone = (
            phone
            or c.execute(
                text("SELECT phone FROM client WHERE phone IS NOT NULL ORDER BY id LIMIT 1")
            ).scalar()
        )
        rare = _rarest(c)
    digits = national_digits(phone or "") or "0612345678"
    spaced = " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return CaseParams(
        name_keystrokes=_typed(typed_name, (1, 2, 3, 4, 5)),
        phone_keystrokes=_typed(spaced, (2, 4, 5, 7, 8)),
        client_id=int(client_id),
        client_notes=int(notes),
        searches=tuple(dict.fromkeys(("logement", rare, last_name or "martin", "prev"))),
    )


def _rarest(c: Any) -> str:
    counts = {}
    for word in RARE_CANDIDATES:
        counts[word] = c.execute(
            text("SELECT count(*) FROM case_note_fts WHERE case_note_fts MATCH :q"),
            {"q": f'"{word}"'},
        ).scalar_one()
    found = {w: n for w, n in counts.items() if n}
    return min(found, key=lambda w: found[w]) if found else RARE_CANDIDATES[0]


# ---- the steps -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    name: str
    group: str  # "filter_name", "filter_phone", "open_file", "search"
    service: Callable[[UnitOfWork], Any]
    raw: Callable[[Any], Any]


def _uow_call(factory: Any, step: Step) -> Any:
    with UnitOfWork(factory) as uow:
        return step.service(uow)


def _raw_call(connection: Any, step: Step) -> Any:
    connection.execute("BEGIN")
    try:
        return step.raw(connection)
    finally:
        connection.execute("COMMIT")


_FILTER_COLUMNS = (
    "id, file_number, last_name, first_name, status, last_contact_at, phone, email, city"
)
_RAW_NAME_FILTER = f"""
SELECT {_FILTER_COLUMNS} FROM client
WHERE pseudonymized_at IS NULL
  AND (name_sort_key LIKE :p ESCAPE '\\' OR lower(file_number) LIKE :p ESCAPE '\\'
       OR lower(email) LIKE :p ESCAPE '\\')
ORDER BY name_sort_key, id LIMIT {FILTER_LIMIT}"""
_RAW_PHONE_FILTER = f"""
SELECT {_FILTER_COLUMNS} FROM client
WHERE pseudonymized_at IS NULL
  AND (replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '.', ''), '-', ''),
               '/', '') LIKE :p
       OR file_number LIKE :f)
ORDER BY name_sort_key, id LIMIT {FILTER_LIMIT}"""


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filter_step(typed: str, group: str) -> Step:
    from socialdesk.services.clients import list_clients

    if group == "filter_phone":
        digits = "".join(ch for ch in typed if ch.isdigit())

        def raw(con: Any) -> Any:
            params = {"p": f"%{digits}%", "f": f"%{typed.replace(' ', '')}%"}
            return con.execute(_RAW_PHONE_FILTER, params).fetchall()
    else:

        def raw(con: Any) -> Any:
            return con.execute(_RAW_NAME_FILTER, {"p": _like(fold(typed))}).fetchall()

    return Step(
        f"filter {'phone' if group == 'filter_phone' else 'name'} '{typed}'",
        group,
        lambda uow: list_clients(uow, text=typed, limit=FILTER_LIMIT).rows,
        raw,
    )


def _open_file_step(client_id: int) -> Step:
    from socialdesk.services.clients import get_client_file
    from socialdesk.services.notes import list_notes

    def service(uow: UnitOfWork) -> Any:
        return get_client_file(uow, client_id), list_notes(uow, client_id, limit=NOTES_PAGE)

    statements = (
        "SELECT * FROM client WHERE id = :id",
        "SELECT * FROM household_member WHERE client_id = :id ORDER BY id",
        "SELECT * FROM client_contact WHERE client_id = :id ORDER BY id",
        "SELECT * FROM consent WHERE client_id = :id ORDER BY consent_date, id",
        "SELECT * FROM client_status_change WHERE client_id = :id ORDER BY changed_at, id",
        "SELECT t.code, t.label, i.is_primary FROM client_social_issue AS i "
        "JOIN social_issue_type AS t ON t.id = i.social_issue_type_id "
        "WHERE i.client_id = :id ORDER BY i.is_primary DESC, t.sort_order, t.label",
        "SELECT n.id, n.note_date, n.title, substr(n.body, 1, 400), n.is_private, n.is_draft,"
        " n.signed_at, n.current_revision, t.code, t.label,"
        " (SELECT count(*) FROM attachment AS a WHERE a.note_id = n.id)"
        " FROM case_note AS n LEFT JOIN note_type AS t ON t.id = n.note_type_id"
        " WHERE n.client_id = :id ORDER BY n.note_date DESC, n.id DESC"
        f" LIMIT {NOTES_PAGE}",
    )

    def raw(con: Any) -> Any:
        return [con.execute(sql, {"id": client_id}).fetchall() for sql in statements]

    return Step("open file", "open_file", service, raw)


_RAW_CLIENTS = f"""
SELECT c.id, c.file_number, c.last_name, c.first_name,
       highlight(client_fts, 0, '[', ']'), highlight(client_fts, 1, '[', ']'),
       highlight(client_fts, 3, '[', ']'),
       bm25(client_fts, 10.0, 8.0, 6.0, 10.0, 4.0, 4.0, 4.0, 1.0) AS score
FROM client_fts JOIN client AS c ON c.id = client_fts.rowid
WHERE client_fts MATCH :q ORDER BY score LIMIT {SEARCH_LIMIT}"""
_RAW_NOTES = f"""
WITH top AS MATERIALIZED (
    SELECT id, score FROM (
        SELECT rowid AS id, bm25(case_note_fts, 3.0, 1.0) AS score
        FROM case_note_fts WHERE case_note_fts MATCH :q ORDER BY rowid DESC LIMIT 1000)
    ORDER BY score LIMIT {SEARCH_LIMIT})
SELECT n.id, n.client_id, n.note_date, n.title, c.last_name, c.first_name,
       snippet(case_note_fts, -1, '[', ']', '…', 16)
FROM case_note_fts CROSS JOIN top ON top.id = case_note_fts.rowid
JOIN case_note AS n ON n.id = top.id JOIN client AS c ON c.id = n.client_id
WHERE case_note_fts MATCH :q
  AND case_note_fts.rowid BETWEEN (SELECT min(id) FROM top) AND (SELECT max(id) FROM top)
ORDER BY top.score, n.note_date DESC, n.id DESC"""
TEXTBOOK_NOTES = f"""
SELECT n.id, n.client_id, n.note_date, n.title,
       snippet(case_note_fts, -1, '[', ']', '…', 16)
FROM case_note_fts JOIN case_note AS n ON n.id = case_note_fts.rowid
WHERE case_note_fts MATCH :q ORDER BY bm25(case_note_fts, 3.0, 1.0) LIMIT {SEARCH_LIMIT}"""


def _search_step(value: str) -> Step:
    from socialdesk.services.search import search
    from socialdesk.storage.search import (
        MIN_NOTE_PREFIX,
        client_match_expression,
        match_expression,
    )

    notes_q = match_expression(value, prefix="last", min_prefix=MIN_NOTE_PREFIX)
    clients_q = client_match_expression(value)

    def raw(con: Any) -> Any:
        clients = con.execute(_RAW_CLIENTS, {"q": clients_q}).fetchall() if clients_q else []
        notes = con.execute(_RAW_NOTES, {"q": notes_q}).fetchall() if notes_q else []
        return clients + notes

    return Step(f"search '{value}'", "search", lambda uow: search(uow, value, limit=50), raw)


def case_steps(p: CaseParams) -> list[Step]:
    return [
        *[_filter_step(t, "filter_name") for t in p.name_keystrokes],
        *[_filter_step(t, "filter_phone") for t in p.phone_keystrokes],
        _open_file_step(p.client_id),
        *[_search_step(s) for s in p.searches],
    ]


# ---- measuring -------------------------------------------------------------------------------
def raw_plain_connection(path: Path) -> Any:
    """A bare sqlcipher3 connection to the plain copy: no key, the app's pragmas,
    autocommit (each step opens its own transaction)."""
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        connection.execute(pragma)
    return connection


def _hit_ids(hits: Any) -> set[tuple[str, int]]:
    return {(h.kind, h.note_id if h.kind == "note" else h.client_id) for h in hits}


def run_case_file(
    variants: list[Any],
    *,
    repeats: int = 5,
    target_seconds: float = TARGET_SECONDS,
    textbook: bool = True,
) -> dict[str, Any]:
    """Measure every step on the ``encrypted`` and ``plain`` variants of figure 3 (both
    needed) and raw on the plain copy. Run it before the workload's writes."""
    by_name = {v.name: v for v in variants}
    encrypted, plain = by_name["encrypted"].open(), by_name["plain"].open()
    raw = raw_plain_connection(by_name["plain"].path)
    try:
        params = choose_case_params(encrypted)
        steps = case_steps(params)
        factories = {
            "service_encrypted": session_factory(encrypted),
            "service_plain": session_factory(plain),
        }

        def call(variant: str, step: Step) -> Any:
            if variant == "raw_plain":
                return _raw_call(raw, step)
            return _uow_call(factories[variant], step)

        def per_call(variant: str, step: Step, inner: int) -> float:
            seconds, _ = timed(lambda: [call(variant, step) for _ in range(inner)])
            return seconds / inner

        entries: dict[str, Any] = {}
        inner: dict[tuple[str, str], int] = {}
        for step in steps:  # warm-up, row counts, calls per sample
            results = {v: call(v, step) for v in CASE_VARIANTS}
            if results["service_encrypted"] != results["service_plain"]:
                raise RuntimeError(f"{step.name}: encrypted and plain services disagree")
            entry: dict[str, Any] = {"group": step.group, "rows": _rows(step, results)}
            if step.group == "search":
                service_ids = _hit_ids(results["service_plain"])
                raw_ids = {("client", r[0]) for r in results["raw_plain"] if len(r) == 8}
                raw_ids |= {("note", r[0]) for r in results["raw_plain"] if len(r) == 7}
                entry["raw_holds_service_hits"] = service_ids <= raw_ids
            entries[step.name] = entry
            for v in CASE_VARIANTS:
                once = per_call(v, step, 1)
                inner[step.name, v] = max(1, min(MAX_INNER, math.ceil(target_seconds / once)))

        samples = {s.name: {v: [] for v in CASE_VARIANTS} for s in steps}
        for turn in range(repeats):
            for step in steps:
                for v in rotated(CASE_VARIANTS, turn):
                    samples[step.name][v].append(per_call(v, step, inner[step.name, v]))
        for step in steps:
            entries[step.name]["median_seconds"] = {
                v: median(samples[step.name][v]) for v in CASE_VARIANTS
            }
        result: dict[str, Any] = {
            "params": params.to_json(),
            "repeats": repeats,
            "variants": list(CASE_VARIANTS),
            "steps": entries,
            "groups": _groups(entries),
        }
        if textbook:
            result["textbook_notes_raw_seconds"] = _textbook(raw, params, repeats)
        return result
    finally:
        raw.close()
        encrypted.dispose()
        plain.dispose()


def _rows(step: Step, results: dict[str, Any]) -> dict[str, int]:
    service = results["service_plain"]
    if step.group == "open_file":
        file, notes = service
        return {
            "service_notes": len(notes),
            "service_household": len(file.household),
            "service_contacts": len(file.contacts),
            "service_consents": len(file.consents),
            "raw_notes": len(results["raw_plain"][-1]),
        }
    if step.group == "search":
        return {
            "service_clients": sum(1 for h in service if h.kind == "client"),
            "service_notes": sum(1 for h in service if h.kind == "note"),
            "raw": len(results["raw_plain"]),
        }
    return {"service": len(service), "raw": len(results["raw_plain"])}


def _groups(entries: dict[str, Any]) -> dict[str, Any]:
    """Per group: the median over its steps (per keystroke, per query) and the worst."""
    groups: dict[str, Any] = {}
    for group in ("filter_name", "filter_phone", "open_file", "search"):
        chosen = [e["median_seconds"] for e in entries.values() if e["group"] == group]
        if not chosen:
            continue
        per = {v: median([c[v] for c in chosen]) for v in CASE_VARIANTS}
        worst = {v: max(c[v] for c in chosen) for v in CASE_VARIANTS}
        groups[group] = {
            "steps": len(chosen),
            "median_seconds": per,
            "max_seconds": worst,
            "encrypted/plain": ratio(per["service_encrypted"], per["service_plain"]),
            "service/raw": ratio(per["service_plain"], per["raw_plain"]),
            "encrypted/raw": ratio(per["service_encrypted"], per["raw_plain"]),
        }
    return groups


def _textbook(connection: Any, p: CaseParams, repeats: int) -> dict[str, float]:
    from socialdesk.storage.search import MIN_NOTE_PREFIX, match_expression

    out: dict[str, float] = {}
    for value in p.searches:
        q = match_expression(value, prefix="last", min_prefix=MIN_NOTE_PREFIX)
        if q is None:
            continue
        runs = [
            timed(lambda q=q: connection.execute(TEXTBOOK_NOTES, {"q": q}).fetchall())[0]
            for _ in range(max(1, min(repeats, 3)))
        ]
        out[value] = median(runs)
    return out
