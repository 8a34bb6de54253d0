"""Global search (Ctrl+K) across client files and case notes.

Accent- and case-insensitive ("prevoyance" finds "Prévoyance"), every word must match,
the last word as a prefix while typing. Any text is accepted: quotes, operators and
control characters are searched for as plain text, never raise; empty text finds
nothing. Snippets mark the matching words (see :mod:`socialdesk.domain.search`).
"""

from __future__ import annotations

from datetime import date

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.search import DEFAULT_LIMIT, MAX_LIMIT, SearchHit
from socialdesk.i18n import N_
from socialdesk.storage.search import search_clients, search_notes
from socialdesk.storage.uow import UnitOfWork

DATES_REVERSED = N_("The end date is before the start date.")
BAD_LIMIT = N_("Ask for between 1 and 500 results.")


def search(
    uow: UnitOfWork,
    text: str,
    *,
    client_id: int | None = None,
    note_type_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[SearchHit]:
    """Clients, then case notes, matching ``text``; at most ``limit`` hits in all.

    Without filters, client files come first (a name typed is usually a person looked
    for), then notes, each group best match first; clients take at most half of
    ``limit`` (rounded up) when there are enough notes to fill the rest. Notes are ranked
    by bm25 among the 1,000 most recent matches (all of them with a client filter): see
    :mod:`socialdesk.storage.search`. Any filter (a client, a note
    type, a date range) restricts the search to those notes. Private notes and drafts are
    found too (``SearchHit.is_private``, ``is_draft``): it is the practitioner's own
    search.
    """
    errors: dict[str, str] = {}
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = BAD_LIMIT
    if date_from is not None and date_to is not None and date_to < date_from:
        errors["date_to"] = DATES_REVERSED
    if errors:
        raise ValidationError(errors)
    session = uow.session
    notes = search_notes(
        session,
        text,
        client_id=client_id,
        note_type_code=note_type_code,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
    filtered = any(f is not None for f in (client_id, note_type_code, date_from, date_to))
    if filtered:
        return notes
    clients = search_clients(session, text, limit=limit)
    shown = min(len(clients), max((limit + 1) // 2, limit - len(notes)))
    return clients[:shown] + notes[: limit - shown]
