"""Step 4: case notes. One note per person present at each appointment done, then calls,
emails, syntheses and unplanned visits up to the wanted number, spread over each file's
life; a closing synthesis for each closed file.

Notes older than two weeks are mostly signed: a signed note carries its revision 1 (the
text as signed) in ``case_note_revision``; a few were amended later (revision 2 with a
reason). Recent notes include drafts. Written in chunks, notes before their revisions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo.context import (
    CHUNK,
    DAY_START,
    apportion,
    at_local,
    table_of,
    weighted,
)
from socialdesk.services.demo.facts import ClientFacts, DemoState
from socialdesk.services.demo.texts import NoteTexts, french_date
from socialdesk.storage.orm import CaseNote, CaseNoteRevision

D = timedelta
UNLINKED_TYPES = (("phone_call", 45), ("email", 35), ("interview", 12), ("synthesis", 8))
AMENDMENTS = (
    ("Correction d'une erreur matérielle", "La date du prochain rendez-vous est le {date}."),
    ("Précision ajoutée à la demande de la personne", "La personne a précisé que la démarche "
     "avait déjà été engagée auprès de l'organisme."),
    ("Rectification d'un montant", "Le montant exact figure sur le dernier courrier reçu."),
)  # fmt: skip

# (client, note type code, date, appointment id, created at, group theme, closing reason)
Source = tuple[ClientFacts, str, date, int | None, datetime | None, str | None, str | None]


def _linked(state: DemoState) -> Iterator[Source]:
    by_id = {c.id: c for c in state.clients}
    for a in state.appointments:
        if a.status != "done" or not a.client_ids:
            continue
        note_type = "group_session" if a.is_group else cat.NOTE_TYPE_FOR_KIND[a.kind]
        theme = a.title.split(" — ", 1)[-1] if a.is_group and a.title else None
        for client_id, attendance in zip(a.client_ids, a.attendance, strict=True):
            if attendance == "present":
                yield by_id[client_id], note_type, a.day, a.id, a.ends_at, theme, None


def _unlinked(state: DemoState, count: int) -> Iterator[Source]:
    rng, cal = state.rng, state.cal
    spans = []
    for c in state.clients:
        first = max(c.intake, cal.start)
        last = min(c.span_end(cal.today), cal.today)
        spans.append((first, last))
    weights = [c.intensity * max(1, (last - first).days) for c, (first, last) in zip(
        state.clients, spans, strict=True)]  # fmt: skip
    for c, (first, last), n in zip(state.clients, spans, apportion(count, weights), strict=True):
        if n and c.closed and c.closed >= cal.start:
            yield c, "synthesis", c.closed, None, None, None, c.closing_reason
            n -= 1
        for _ in range(n):
            day = cal.pick(rng, first, last) or first
            yield c, weighted(rng, UNLINKED_TYPES), day, None, None, None, None


class NoteWriter:
    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.texts = NoteTexts(state.rng)
        self.notes: list[dict[str, Any]] = []
        self.revisions: list[dict[str, Any]] = []

    def add(self, source: Source) -> None:
        state, rng, cal = self.state, self.state.rng, self.state.cal
        client, note_type, day, appointment_id, created, theme, closing = source
        title, body = self.texts.note(client, note_type, day, theme=theme, closing_reason=closing)
        if created is None:
            created = at_local(day, DAY_START + 15 * int(rng.random() * 40))
        age = (cal.today - day).days
        draft = age <= 10 and rng.random() < 0.3
        signed_at = None
        if not draft and rng.random() < (0.92 if age > 15 else 0.4):
            signed_day = min(day + D(days=int(rng.random() * 4)), cal.today - D(1))
            if signed_day >= day:
                signed_at = max(created, at_local(signed_day, 17 * 60 + int(rng.random() * 90)))
        note_id = state.ids.take(table_of(CaseNote))
        revision = 0
        updated = signed_at or created
        if signed_at is not None:
            revision = 1
            signed_body = body
            if age > 30 and rng.random() < 0.01:
                reason, addition = rng.choice(AMENDMENTS)
                amended_at = signed_at + D(days=rng.randrange(1, 20))
                self._revision(note_id, 1, title, body, None, signed_at)
                body = f"{body}\n\nRectificatif : " + addition.format(
                    date=french_date(day + D(days=14))
                )
                signed_body, revision, updated = body, 2, amended_at
                self._revision(note_id, 2, title, body, reason, amended_at)
            else:
                self._revision(note_id, 1, title, signed_body, None, signed_at)
        self.notes.append(
            {
                "id": note_id,
                "client_id": client.id,
                "appointment_id": appointment_id,
                "note_date": day,
                "note_type_id": state.note_type_ids[note_type],
                "title": title,
                "body": body,
                "is_private": rng.random() < 0.04,
                "is_draft": draft,
                "signed_at": signed_at,
                "signed_by": state.practitioner_name if signed_at else None,
                "current_revision": revision,
                "created_at": created,
                "updated_at": updated,
            }
        )
        if len(self.notes) >= CHUNK:
            self.flush()

    def _revision(
        self, note_id: int, number: int, title: str, body: str, reason: str | None, at: datetime
    ) -> None:
        self.revisions.append(
            {
                "id": self.state.ids.take(table_of(CaseNoteRevision)),
                "note_id": note_id,
                "revision": number,
                "title": title,
                "body": body,
                "reason": reason,
                "author": self.state.practitioner_name,
                "created_at": at,
            }
        )

    def flush(self) -> None:
        self.state.out.insert(table_of(CaseNote), self.notes)
        self.state.out.insert(table_of(CaseNoteRevision), self.revisions)
        self.notes, self.revisions = [], []


def plan_notes(state: DemoState) -> list[Source]:
    """Which notes there will be (client, type, date…), decided before the client files are
    written so each file's last contact also counts its notes (noon UTC of the note's day,
    as the notes service does)."""
    linked = list(_linked(state))[: state.sizes.notes]
    sources = linked + list(_unlinked(state, state.sizes.notes - len(linked)))
    for client, _type, day, *_rest in sources:
        instant = datetime.combine(day, time(12), tzinfo=UTC)
        if day <= state.cal.today and (
            client.last_contact is None or instant > client.last_contact
        ):
            client.last_contact = instant
    return sources


def write_notes(state: DemoState, sources: list[Source]) -> None:
    writer = NoteWriter(state)
    for source in sources:
        writer.add(source)
    writer.flush()
