"""Full-text search over clients and case notes: the only module with FTS SQL.

The indexes (migration 0002) are SQLite FTS5 tables with external content, kept in step
with ``client`` and ``case_note`` by triggers in the same transaction:

- ``client_fts`` over the ``client_search_source`` view: last, first and birth name, file
  number, phone, phone digits, email, city;
- ``case_note_fts`` over ``case_note``: title, body.

User text never reaches FTS5's query syntax: :func:`match_expression` turns it into a
list of double-quoted phrases (FTS5 reads everything between double quotes as text to
tokenize), so quotes, ``AND``/``OR``/``NEAR``, ``column:``, ``*``, ``^``, brackets, NUL
bytes and empty input cannot raise a syntax error or change the query's meaning.

A PostgreSQL team mode replaces this module (``tsvector`` + ``ts_headline``), keeping the
function signatures.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socialdesk.domain.clients import display_name
from socialdesk.domain.search import (
    ELLIPSIS,
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    MAX_QUERY_LENGTH,
    ZERO_WIDTH_SPACE,
    SearchHit,
)

CLIENT_FTS = "client_fts"
NOTE_FTS = "case_note_fts"
CLIENT_SEARCH_SOURCE = "client_search_source"
FTS_TABLES = (CLIENT_FTS, NOTE_FTS)
_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")

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
# bm25 weights, in column order: a name or file number counts more than a city.
CLIENT_WEIGHTS = (10.0, 8.0, 6.0, 10.0, 4.0, 4.0, 4.0, 1.0)
NOTE_WEIGHTS = (3.0, 1.0)  # title, body

MAX_TERMS = 12
"""Words of the search text used (the rest is ignored: a search box, not a document)."""
MAX_TERM_LENGTH = 64
MIN_NOTE_PREFIX = 2
"""A note search treats a last word shorter than this as a whole word, not a prefix:
"m*" would read every word starting with m (the prefix indexes start at 2 letters)."""
SNIPPET_TOKENS = 16
RANK_WINDOW = 1000
"""Without a client filter, notes are ranked (bm25) among the most recent matches only;
see :func:`_note_candidates_sql`."""


def is_search_object(name: str | None) -> bool:
    """True for the FTS tables, their shadow tables and the view they read.

    They are not SQLAlchemy models: Alembic's autogenerate and schema comparisons skip
    them.
    """
    if not name:
        return False
    if name == CLIENT_SEARCH_SOURCE or name in FTS_TABLES:
        return True
    return any(name == table + suffix for table in FTS_TABLES for suffix in _SHADOW_SUFFIXES)


# --- query building -----------------------------------------------------------------------
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WORD = re.compile(r"\w+")


def clean_search_text(value: str) -> str:
    """The search text without control, format, surrogate or unassigned characters
    (replaced by spaces), cut to :data:`MAX_QUERY_LENGTH` characters."""
    value = value[: MAX_QUERY_LENGTH * 2]
    cleaned = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in value)
    return cleaned[:MAX_QUERY_LENGTH]


def search_words(value: str) -> list[str]:
    """The whitespace-separated chunks of ``value`` that hold at least one letter or digit
    (the tokenizer ignores the others), at most :data:`MAX_TERMS`."""
    chunks = [c[:MAX_TERM_LENGTH] for c in clean_search_text(value).split()]
    return [c for c in chunks if any(ch.isalnum() for ch in c)][:MAX_TERMS]


def _phrase(chunk: str, *, prefix: bool) -> str:
    # Inside double quotes FTS5 only gives meaning to '"' (written twice).
    quoted = '"' + chunk.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _last_word_length(chunk: str) -> int:
    words = _WORD.findall(chunk)
    return len(words[-1]) if words else 0


PrefixMode = Literal["all", "last"]


def match_expression(value: str, *, prefix: PrefixMode = "last", min_prefix: int = 1) -> str | None:
    """An FTS5 MATCH expression finding rows that hold every word of ``value``.

    Each whitespace-separated chunk becomes a quoted phrase (so "D-2026-00" is the phrase
    d 2026 00 and "marie.dupont@ex" the phrase marie dupont ex). ``prefix="last"`` makes
    the last chunk a prefix (type-ahead), ``"all"`` every chunk; a chunk whose last word
    is shorter than ``min_prefix`` stays a whole word. ``None`` when nothing is left to
    search for (empty input, punctuation only).
    """
    chunks = search_words(value)
    if not chunks:
        return None
    phrases = []
    for i, chunk in enumerate(chunks):
        wants_prefix = prefix == "all" or i == len(chunks) - 1
        phrases.append(
            _phrase(chunk, prefix=wants_prefix and _last_word_length(chunk) >= min_prefix)
        )
    return " ".join(phrases)


def phone_digits(value: str) -> str:
    """The digits of ``value`` when it looks like (part of) a phone number, else ""."""
    cleaned = clean_search_text(value).strip()
    if not cleaned or not re.fullmatch(r"[\d\s.\-/()+\u00a0]+", cleaned):
        return ""
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    return digits if len(digits) >= 3 else ""


def client_match_expression(value: str) -> str | None:
    """Every chunk as a prefix; a phone-like text also matches the phone's digits, so
    "06 12 34" finds "0612345678" and "06.12.34.56.78"."""
    words = match_expression(value, prefix="all")
    if words is None:
        return None
    digits = phone_digits(value)
    if not digits:
        return words
    return f'({words}) OR (phone_digits : "{digits}"*)'


# --- markers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Markers:
    """Highlight markers FTS5 writes, unguessable per query, turned into [[ ]] once the
    text's own brackets are neutralized."""

    start: str
    end: str

    @classmethod
    def new(cls) -> _Markers:
        nonce = str(secrets.randbelow(10**12)).zfill(12)
        return cls(f"\x02{nonce}\x02", f"\x03{nonce}\x03")

    def render(self, value: str | None) -> str:
        if not value:
            return ""
        # A bracket of the text itself gets a zero-width space on its inner side, so it
        # never forms "[[" or "]]", even next to a marker.
        value = value.replace("[", "[" + ZERO_WIDTH_SPACE).replace("]", ZERO_WIDTH_SPACE + "]")
        value = value.replace(self.start, HIGHLIGHT_START).replace(self.end, HIGHLIGHT_END)
        return " ".join(value.split())  # one line: newlines and runs of spaces collapse

    def marked(self, value: str | None) -> bool:
        return bool(value) and self.start in str(value)


# --- queries ------------------------------------------------------------------------------------
def _weights(weights: Sequence[float]) -> str:
    return ", ".join(repr(float(w)) for w in weights)


_CLIENT_HIGHLIGHTS = ",\n".join(
    f"highlight({CLIENT_FTS}, {i}, :hs, :he) AS h_{name}" for i, name in enumerate(CLIENT_COLUMNS)
)

_CLIENT_SQL = f"""
WITH top AS MATERIALIZED (
    SELECT rowid AS id, bm25({CLIENT_FTS}, {_weights(CLIENT_WEIGHTS)}) AS score
    FROM {CLIENT_FTS} WHERE {CLIENT_FTS} MATCH :q
    ORDER BY score LIMIT :limit
)
SELECT c.id, c.file_number, c.last_name, c.first_name, c.phone, top.score,
{_CLIENT_HIGHLIGHTS}
FROM {CLIENT_FTS}
CROSS JOIN top ON top.id = {CLIENT_FTS}.rowid
JOIN client AS c ON c.id = top.id
WHERE {CLIENT_FTS} MATCH :q
  AND {CLIENT_FTS}.rowid >= (SELECT min(id) FROM top)
  AND {CLIENT_FTS}.rowid <= (SELECT max(id) FROM top)
ORDER BY top.score, c.name_sort_key, c.id
"""


def search_clients(session: Session | Connection, value: str, *, limit: int) -> list[SearchHit]:
    """Clients whose name, file number, phone, email or city hold every word of
    ``value`` (each as a prefix), best first."""
    query = client_match_expression(value)
    if query is None or limit <= 0:
        return []
    markers = _Markers.new()
    rows = session.execute(
        text(_CLIENT_SQL),
        {"q": query, "limit": limit, "hs": markers.start, "he": markers.end},
    ).mappings()
    return [_client_hit(row, markers) for row in rows]


def _client_hit(row: Any, markers: _Markers) -> SearchHit:
    name = display_name(row["h_last_name"], row["h_first_name"])
    parts = [name]
    if markers.marked(row["h_birth_name"]):
        parts.append(f"({row['h_birth_name']})")
    parts.append(row["h_file_number"] or "")
    if markers.marked(row["h_phone"]):
        parts.append(row["h_phone"])
    elif markers.marked(row["h_phone_digits"]) and row["phone"]:
        parts.append(markers.start + row["phone"] + markers.end)
    if markers.marked(row["h_email"]):
        parts.append(row["h_email"])
    if row["h_city"]:
        parts.append(row["h_city"])
    plain_name = display_name(row["last_name"], row["first_name"])
    return SearchHit(
        kind="client",
        client_id=int(row["id"]),
        note_id=None,
        title=plain_name,
        snippet=" · ".join(markers.render(p) for p in parts if p),
        note_date=None,
        note_type_code=None,
        rank=float(row["score"]),
        client_name=plain_name,
        file_number=str(row["file_number"]),
    )


_NOTE_BM25 = f"bm25({NOTE_FTS}, {_weights(NOTE_WEIGHTS)})"


def _note_candidates_sql(filters: Sequence[str], *, by_client: bool, extra: str = "") -> str:
    """The notes to rank: ``id``, ``score`` (bm25), and the ``extra`` columns.

    - with a client filter, every matching note of that client (a file holds hundreds of
      notes, the vault hundreds of thousands);
    - otherwise the :data:`RANK_WINDOW` most recent matches (highest ids first, which
      FTS5 reads straight from its index and stops early): ranking every note that holds
      a common word ("rendez-vous" is in 90,000 notes of the large demo) takes seconds.

    The index is always read in ONE pass: a prefix query ("logement"*) re-reads every
    matching word of the index each time FTS5 is asked about one more row, so the plans
    never probe it row by row. Filters become a set of note ids (from the indexes on
    ``case_note``) that bounds the pass by its lowest and highest id and is checked with
    ``+rowid IN``: the ``+`` keeps SQLite from handing the set to FTS5 as one lookup per
    id.
    """
    if not filters:
        return f"""
    SELECT rowid AS id, {_NOTE_BM25} AS score{extra}
    FROM {NOTE_FTS} WHERE {NOTE_FTS} MATCH :q
    ORDER BY rowid DESC LIMIT {RANK_WINDOW}"""
    notes = "SELECT {} FROM case_note AS n WHERE " + " AND ".join(filters)
    window = "" if by_client else f"\n    ORDER BY rowid DESC LIMIT {RANK_WINDOW}"
    return f"""
    SELECT rowid AS id, {_NOTE_BM25} AS score{extra}
    FROM {NOTE_FTS}
    WHERE {NOTE_FTS} MATCH :q
      AND rowid >= ({notes.format("min(n.id)")})
      AND rowid <= ({notes.format("max(n.id)")})
      AND +rowid IN ({notes.format("n.id")}){window}"""


_NOTE_SNIPPET = f"snippet({NOTE_FTS}, -1, :hs, :he, :ellipsis, {SNIPPET_TOKENS})"
_NOTE_COLUMNS = """n.id, n.client_id, n.note_date, t.code AS type_code, n.title, n.is_private,
       n.is_draft, top.score, c.last_name, c.first_name, c.file_number"""


def _note_sql(filters: Sequence[str], *, by_client: bool) -> str:
    """Rank the candidates, keep the best ``:limit``, and add their snippets.

    A client's matches are few: their snippets come with the candidates, in the same
    pass over the index. Otherwise a second pass, bounded to the ids of the hits, writes
    the snippets of the hits only.
    """
    extra = f", {_NOTE_SNIPPET} AS snippet" if by_client else ""
    candidates = _note_candidates_sql(filters, by_client=by_client, extra=extra)
    ranked = f"""
WITH candidates AS MATERIALIZED ({candidates}
),
top AS MATERIALIZED (
    SELECT candidates.*, n.note_date
    FROM candidates JOIN case_note AS n ON n.id = candidates.id
    ORDER BY candidates.score, n.note_date DESC, candidates.id DESC LIMIT :limit
)"""
    joins = """JOIN case_note AS n ON n.id = top.id
JOIN client AS c ON c.id = n.client_id
LEFT JOIN note_type AS t ON t.id = n.note_type_id"""
    if by_client:
        return f"""{ranked}
SELECT {_NOTE_COLUMNS}, top.snippet
FROM top
{joins}
ORDER BY top.score, top.note_date DESC, top.id DESC
"""
    return f"""{ranked}
SELECT {_NOTE_COLUMNS}, {_NOTE_SNIPPET} AS snippet
FROM {NOTE_FTS}
CROSS JOIN top ON top.id = {NOTE_FTS}.rowid
{joins}
WHERE {NOTE_FTS} MATCH :q
  AND {NOTE_FTS}.rowid >= (SELECT min(id) FROM top)
  AND {NOTE_FTS}.rowid <= (SELECT max(id) FROM top)
ORDER BY top.score, top.note_date DESC, top.id DESC
"""


def search_notes(
    session: Session | Connection,
    value: str,
    *,
    client_id: int | None = None,
    note_type_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
) -> list[SearchHit]:
    """Case notes (private notes and drafts included) whose title or body hold every word
    of ``value`` (the last one as a prefix), best first, with a highlighted snippet."""
    query = match_expression(value, prefix="last", min_prefix=MIN_NOTE_PREFIX)
    if query is None or limit <= 0:
        return []
    markers = _Markers.new()
    params: dict[str, Any] = {
        "q": query,
        "limit": limit,
        "hs": markers.start,
        "he": markers.end,
        "ellipsis": ELLIPSIS,
    }
    filters = []
    if client_id is not None:
        filters.append("n.client_id = :client_id")
        params["client_id"] = client_id
    if note_type_code is not None:
        filters.append("n.note_type_id IN (SELECT id FROM note_type WHERE code = :type_code)")
        params["type_code"] = note_type_code
    if date_from is not None:
        filters.append("n.note_date >= :date_from")
        params["date_from"] = date_from.isoformat()  # as SQLAlchemy stores a Date
    if date_to is not None:
        filters.append("n.note_date <= :date_to")
        params["date_to"] = date_to.isoformat()
    sql = _note_sql(filters, by_client=client_id is not None)
    rows = session.execute(text(sql), params).mappings()
    hits = []
    for row in rows:
        name = display_name(row["last_name"], row["first_name"])
        hits.append(
            SearchHit(
                kind="note",
                client_id=int(row["client_id"]),
                note_id=int(row["id"]),
                title=row["title"] or "",
                snippet=markers.render(row["snippet"]),
                note_date=_as_date(row["note_date"]),
                note_type_code=row["type_code"],
                rank=float(row["score"]),
                client_name=name,
                file_number=str(row["file_number"]),
                is_private=bool(row["is_private"]),
                is_draft=bool(row["is_draft"]),
            )
        )
    return hits


def _as_date(value: Any) -> date:
    # Raw SQL returns SQLite's ISO text, not a date.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- index maintenance ------------------------------------------------------------------
def rebuild_search_index(session: Session | Connection) -> None:
    """Rebuild both indexes from their tables (repair; the triggers keep them right)."""
    for table in FTS_TABLES:
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))


def optimize_search_index(session: Session | Connection) -> None:
    """Merge each index into one b-tree: faster queries after a bulk load (demo data, an
    import). About 25 s on the large demo; never needed for correctness (FTS5 merges
    its segments as it goes)."""
    for table in FTS_TABLES:
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))


SEARCH_INSERT_TRIGGERS = ("trg_client_fts_insert", "trg_case_note_fts_insert")


@contextmanager
def search_index_rebuilt_after(connection: Connection) -> Iterator[None]:
    """For bulk loads (demo data, a large import) inside one transaction: suspend the
    triggers that index each new client or note, then rebuild and optimize both indexes
    once — about five times faster than indexing row by row.

    The triggers are recreated from their stored SQL; if the block raises, nothing is
    recreated here and the caller's rollback restores them. Rows updated or deleted
    inside the block are fine: the rebuild replaces the whole index.
    """
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (?, ?)",
        SEARCH_INSERT_TRIGGERS,
    ).all()
    for name, _sql in rows:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    for _name, sql in rows:
        connection.exec_driver_sql(str(sql))
    rebuild_search_index(connection)
    optimize_search_index(connection)


def search_index_problems(session: Session | Connection) -> list[str]:
    """FTS5's integrity check of both indexes against their tables; [] when they match.

    ``rank = 1`` makes FTS5 also compare the index with the external content rows, so a
    drift (an index that differs from what a rebuild gives) is reported here.
    """
    problems = []
    for table in FTS_TABLES:
        try:
            session.execute(
                text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            )
        except DBAPIError as exc:  # FTS5 reports a mismatch as SQLITE_CORRUPT_VTAB
            problems.append(f"{table}: {exc.orig}")
    return problems
