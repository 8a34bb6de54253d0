"""Results of the global search (Ctrl+K) over clients and case notes.

Snippets mark the words that matched with :data:`HIGHLIGHT_START` and
:data:`HIGHLIGHT_END` (``[[`` and ``]]``): ``"… demande d'[[aide]] au [[logement]] …"``.
The text between markers is plain text, never markup; the UI escapes it and shows the
marked parts in bold (:func:`snippet_parts` splits a snippet for that). A bracket that
was in the note itself carries a zero-width space on its inner side (``[`` + U+200B,
U+200B + ``]``), so brackets of the text never form a marker, even next to one.
:data:`ELLIPSIS` marks text cut before or after; newlines become spaces.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

HIGHLIGHT_START = "[["
HIGHLIGHT_END = "]]"
ELLIPSIS = "…"
ZERO_WIDTH_SPACE = "\u200b"

SearchKind = Literal["client", "note"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_QUERY_LENGTH = 500
"""Longer search text is cut (a search box, not a document)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: a client file, or a case note (with its client).

    ``rank``: lower is better (FTS5 bm25 score, negative); results come back already in
    order — clients first, then notes — so the UI just shows them in list order.
    ``title``: the client's display name ("DUPONT Marie"), or the note's title ("" when
    the note has none). ``snippet``: the matching passage with highlight markers; for a
    client, the fields that matched (name, file number, phone, email, city).
    """

    kind: SearchKind
    client_id: int
    note_id: int | None
    title: str
    snippet: str
    note_date: date | None
    note_type_code: str | None
    rank: float
    # Beyond the contract (defaults keep it compatible):
    client_name: str = ""  # "DUPONT Marie", for showing whose note it is
    file_number: str = ""
    is_private: bool = False  # a private note (the practitioner's own)
    is_draft: bool = False


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """``"a [[b]] c"`` → ``[("a ", False), ("b", True), (" c", False)]``.

    Unbalanced markers (never produced by the search) are treated as plain text.
    """
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(HIGHLIGHT_START)
        end = rest.find(HIGHLIGHT_END, start + len(HIGHLIGHT_START)) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + len(HIGHLIGHT_START) : end], True))
        rest = rest[end + len(HIGHLIGHT_END) :]
    return [(text, bold) for text, bold in parts if text]
