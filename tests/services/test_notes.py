"""Case notes: create, validate, list the timeline (keyset paging), drafts, note types,
and the client's last contact — on real encrypted vaults."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import (
    MAX_TITLE_LENGTH,
    NoteInput,
    NoteIsSigned,
    NoteNotFound,
)
from socialdesk.i18n import set_language
from socialdesk.services.notes import (
    autosave_draft,
    create_note,
    delete_note,
    ensure_default_note_types,
    get_note,
    list_note_types,
    list_notes,
    save_note_type,
    sign_note,
    update_note,
)
from socialdesk.services.vault import Vault, unlock_with_passphrase
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    CaseNote,
    Client,
)
from tests.conftest import PASSPHRASE

TODAY = date.today()
_numbers = count(1)


def new_client(vault: Vault, last_name: str = "Durand") -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=f"D-TEST-{next(_numbers):04d}",
            last_name=last_name,
            first_name="Alice",
            status="active",
            intake_date=date(2024, 1, 15),
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def note_count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(CaseNote)).scalar_one()


def last_contact(vault: Vault, client_id: int) -> datetime | None:
    with vault.uow() as uow:
        client = uow.session.get(Client, client_id)
        assert client is not None
        return client.last_contact_at


@pytest.fixture
def client_id(vault: Vault) -> int:
    return new_client(vault)


# ---- create / get / update ---------------------------------------------------------------
def test_note_create_and_get_round_trip(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        save_note_type(uow, "interview", "Entretien", "Objet :\n")
    data = NoteInput(
        client_id=client_id,
        note_date=date(2025, 3, 4),
        note_type_code="interview",
        title="  Premier   entretien ",
        body="Situation de logement précaire.\r\nDossier CAF à monter.",
        is_private=True,
    )
    with vault.uow() as uow:
        created, changes = create_note(uow, data)
    assert changes.notes
    with vault.uow() as uow:
        note = get_note(uow, created.id)
    assert note == created
    assert note.title == "Premier entretien"
    assert note.body == "Situation de logement précaire.\nDossier CAF à monter."
    assert note.note_type_code == "interview" and note.note_type_label == "Entretien"
    assert note.is_private and not note.is_draft and note.signed_at is None
    assert note.current_revision == 0 and note.revisions == () and note.attachments == ()
    assert note.to_input().body == note.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note_date": date(1899, 12, 31)}, "note_date"),
        ({"note_date": TODAY + timedelta(days=400)}, "note_date"),
        ({"title": "x" * (MAX_TITLE_LENGTH + 1)}, "title"),
        ({"title": "", "body": "   \n "}, "body"),
        ({"note_type_code": "no_such_type"}, "note_type_code"),
        ({"appointment_id": 999_999}, "appointment_id"),
        ({"client_id": 999_999}, "client_id"),
    ],
)
def test_note_bad_input_is_reported_and_nothing_saved(
    vault: Vault, client_id: int, changes: dict[str, Any], field: str
) -> None:
    data = NoteInput(client_id, date(2025, 1, 10), title="Titre", body="Texte")
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_note(uow, replace(data, **changes))
    assert field in caught.value.errors
    assert note_count(vault) == 0


def test_note_validation_lists_every_bad_field_translated(vault: Vault) -> None:
    set_language("fr")
    try:
        with pytest.raises(ValidationError) as caught, vault.uow() as uow:
            create_note(uow, NoteInput(999, date(1800, 1, 1), title="t" * 400))
        assert set(caught.value.errors) == {"client_id", "note_date", "title"}
        assert "Ce client n'existe pas." in str(caught.value)
    finally:
        set_language("en")


def test_note_empty_is_allowed_only_as_a_draft(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        draft, _ = create_note(uow, NoteInput(client_id, TODAY), draft=True)
    assert draft.is_draft and draft.body == "" and draft.title == ""
    with pytest.raises(ValidationError), vault.uow() as uow:
        update_note(uow, draft.id, NoteInput(client_id, TODAY))
    with vault.uow() as uow:
        saved, _ = update_note(uow, draft.id, NoteInput(client_id, TODAY, body="Appel reçu."))
    assert not saved.is_draft and saved.body == "Appel reçu."


def test_note_update_changes_fields_and_a_missing_note_is_reported(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 1, 1), body="v1"))
    with vault.uow() as uow:
        updated, changes = update_note(
            uow, note.id, NoteInput(client_id, date(2025, 1, 2), title="T", body="v2")
        )
    assert changes.notes
    assert (updated.note_date, updated.title, updated.body) == (date(2025, 1, 2), "T", "v2")
    with pytest.raises(NoteNotFound), vault.uow() as uow:
        update_note(uow, 123_456, NoteInput(client_id, TODAY, body="x"))
    with pytest.raises(NoteNotFound), vault.uow() as uow:
        get_note(uow, 123_456)


def test_note_update_moving_it_to_another_client_moves_its_attachments(
    vault: Vault, client_id: int
) -> None:
    from socialdesk.services.attachments import add_attachment, list_attachments

    other = new_client(vault, "Martin")
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 1, 1), body="Mauvais dossier"))
        add_attachment(uow, note_id=note.id, filename="a.txt", data=b"abc")
    with vault.uow() as uow:
        update_note(uow, note.id, NoteInput(other, date(2025, 1, 1), body="Bon dossier"))
    with vault.uow() as uow:
        assert list_attachments(uow, client_id=client_id) == []
        assert [a.note_id for a in list_attachments(uow, client_id=other)] == [note.id]


def test_note_delete_unsigned_and_draft(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        saved, _ = create_note(uow, NoteInput(client_id, date(2025, 1, 1), body="x"))
        draft, _ = create_note(uow, NoteInput(client_id, date(2025, 1, 2)), draft=True)
    with vault.uow() as uow:
        _none, changes = delete_note(uow, saved.id)
        delete_note(uow, draft.id)
    assert changes.notes and note_count(vault) == 0
    with pytest.raises(NoteNotFound), vault.uow() as uow:
        delete_note(uow, saved.id)


# ---- timeline --------------------------------------------------------------------------------
def test_note_list_pages_over_equal_dates_without_gaps_or_repeats(
    vault: Vault, client_id: int
) -> None:
    rng = random.Random(7)
    days = [date(2025, 2, d) for d in (3, 5, 9)]
    other = new_client(vault, "Autre")
    with vault.uow() as uow:
        for i in range(40):
            create_note(uow, NoteInput(client_id, rng.choice(days), body=f"note {i}"))
        create_note(uow, NoteInput(other, days[1], body="not this client"))
    with vault.uow() as uow:
        expected = uow.session.execute(
            select(CaseNote.note_date, CaseNote.id)
            .where(CaseNote.client_id == client_id)
            .order_by(CaseNote.note_date.desc(), CaseNote.id.desc())
        ).all()
    seen: list[tuple[date, int]] = []
    cursor = None
    while True:
        with vault.uow() as uow:
            page = list_notes(uow, client_id, before=cursor, limit=7)
        if not page:
            break
        assert len(page) <= 7
        seen += [row.cursor for row in page]
        cursor = page[-1].cursor
        if len(seen) == 14:  # a note added while paging does not shift later pages
            with vault.uow() as uow:
                create_note(uow, NoteInput(client_id, days[2], body="late arrival"))
    assert seen == [tuple(r) for r in expected]


def test_note_list_summary_excerpt_type_and_attachment_count(vault: Vault, client_id: int) -> None:
    from socialdesk.services.attachments import add_attachment

    long_body = "Début.\n\n   " + "mot " * 300
    with vault.uow() as uow:
        save_note_type(uow, "phone_call", "Appel", "")
        note, _ = create_note(
            uow,
            NoteInput(client_id, date(2025, 5, 1), "phone_call", "Appel CAF", long_body),
        )
        plain, _ = create_note(uow, NoteInput(client_id, date(2025, 4, 1), title="Sans texte"))
        add_attachment(uow, note_id=note.id, filename="a.pdf", data=b"%PDF-1")
        add_attachment(uow, note_id=note.id, filename="b.pdf", data=b"%PDF-2")
        add_attachment(uow, client_id=client_id, filename="c.pdf", data=b"%PDF-3")
    with vault.uow() as uow:
        rows = list_notes(uow, client_id)
    assert [r.id for r in rows] == [note.id, plain.id]
    first = rows[0]
    assert first.excerpt.startswith("Début. mot mot") and len(first.excerpt) == 200
    assert "\n" not in first.excerpt
    assert (first.note_type_code, first.note_type_label, first.title) == (
        "phone_call",
        "Appel",
        "Appel CAF",
    )
    assert first.attachment_count == 2 and rows[1].attachment_count == 0
    assert rows[1].excerpt == "" and rows[1].note_type_code is None


def test_note_list_can_leave_out_private_notes(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        create_note(uow, NoteInput(client_id, date(2025, 1, 1), body="public"))
        create_note(uow, NoteInput(client_id, date(2025, 1, 2), body="privé", is_private=True))
    with vault.uow() as uow:
        assert len(list_notes(uow, client_id)) == 2
        assert [n.excerpt for n in list_notes(uow, client_id, include_private=False)] == ["public"]


def test_note_list_reads_no_body_and_walks_the_index(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        for i in range(3):
            create_note(uow, NoteInput(client_id, date(2025, 1, 1 + i), body="b" * 5000))
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_a: Any) -> None:
        statements.append((statement, params))

    event.listen(vault.engine, "before_cursor_execute", capture)
    try:
        with vault.uow() as uow:
            page = list_notes(uow, client_id, before=(date(2025, 1, 3), 10**9), limit=2)
    finally:
        event.remove(vault.engine, "before_cursor_execute", capture)
    assert len(page) == 2
    (sql, params), *_rest = [s for s in statements if "case_note" in s[0]]
    assert "substr(case_note.body" in sql
    assert re.search(r"(?<!substr\()case_note\.body\b", sql) is None  # no whole body
    with vault.uow() as uow:
        plan = " | ".join(
            str(row[-1])
            for row in uow.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
        )
    assert "ix_case_note_client_id_note_date" in plan
    assert "SCAN case_note" not in plan


# ---- drafts ------------------------------------------------------------------------------------
def test_note_draft_autosave_round_trip_survives_a_lock(vault: Vault, client_id: int) -> None:
    data = NoteInput(client_id, TODAY, title="Visite", body="Début de la")
    with vault.uow() as uow:
        first, changes = autosave_draft(uow, note_id=None, data=data)
    assert changes.notes and first.is_draft
    with vault.uow() as uow:
        second, _ = autosave_draft(
            uow,
            note_id=first.id,
            data=NoteInput(client_id, TODAY, "", "Visite", "Début de la note"),
        )
    assert second.id == first.id and second.body == "Début de la note"
    with vault.uow() as uow:
        _same, changes = autosave_draft(uow, note_id=first.id, data=second.to_input())
    assert not changes  # nothing typed since: no write, no refresh

    vault.lock()  # idle lock or crash: what was autosaved is in the vault
    reopened = unlock_with_passphrase(vault.path, PASSPHRASE)
    try:
        with reopened.uow() as uow:
            again = get_note(uow, first.id)
            timeline = list_notes(uow, client_id)
        assert again.is_draft and again.body == "Début de la note"
        assert [n.id for n in timeline] == [first.id] and timeline[0].is_draft
    finally:
        reopened.lock()


def test_note_autosave_keeps_text_when_other_fields_are_not_valid_yet(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        draft, _ = autosave_draft(
            uow,
            data=NoteInput(
                client_id,
                date(1492, 10, 12),
                note_type_code="unknown",
                body="Le texte compte",
                appointment_id=424242,
            ),
        )
    assert draft.body == "Le texte compte"
    assert draft.note_date == TODAY and draft.note_type_code is None
    assert draft.appointment_id is None
    with vault.uow() as uow:
        later, _ = autosave_draft(
            uow,
            note_id=draft.id,
            data=NoteInput(client_id, date(3000, 1, 1), body="Le texte compte encore"),
        )
    assert later.note_date == TODAY and later.body == "Le texte compte encore"


def test_note_autosave_of_an_unknown_client_or_a_signed_note_is_refused(
    vault: Vault, client_id: int
) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        autosave_draft(uow, data=NoteInput(999_999, TODAY, body="x"))
    assert set(caught.value.errors) == {"client_id"}
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, TODAY, body="signée"))
        sign_note(uow, note.id, signed_by="Claire Martin")
    with pytest.raises(NoteIsSigned), vault.uow() as uow:
        autosave_draft(uow, note_id=note.id, data=NoteInput(client_id, TODAY, body="changée"))
    with vault.uow() as uow:
        assert get_note(uow, note.id).body == "signée"


def test_note_autosave_of_a_saved_note_makes_it_a_draft_until_saved(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, TODAY, body="v1"))
    with vault.uow() as uow:
        draft, _ = autosave_draft(uow, note_id=note.id, data=NoteInput(client_id, TODAY, body="v2"))
    assert draft.is_draft and draft.id == note.id
    with vault.uow() as uow:
        saved, _ = update_note(uow, note.id, draft.to_input())
    assert not saved.is_draft and saved.body == "v2"


def test_note_autosave_of_a_deleted_note_keeps_the_text_in_a_new_draft(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, TODAY, body="v1"), draft=True)
    with vault.uow() as uow:
        delete_note(uow, note.id)
    with vault.uow() as uow:
        kept, _ = autosave_draft(uow, note_id=note.id, data=NoteInput(client_id, TODAY, body="v2"))
    assert kept.body == "v2" and kept.is_draft and note_count(vault) == 1


def test_note_autosave_never_writes_over_another_clients_note(vault: Vault, client_id: int) -> None:
    # SQLite reuses the highest id after a delete: an editor's stale id may now name a
    # note of someone else.
    other = new_client(vault, "Martin")
    with vault.uow() as uow:
        theirs, _ = create_note(uow, NoteInput(other, TODAY, body="leur note"))
    with vault.uow() as uow:
        mine, _ = autosave_draft(uow, note_id=theirs.id, data=NoteInput(client_id, TODAY, body="x"))
    assert mine.id != theirs.id and mine.client_id == client_id
    with vault.uow() as uow:
        assert get_note(uow, theirs.id).body == "leur note"


# ---- last contact --------------------------------------------------------------------------------
def test_note_dated_later_moves_the_clients_last_contact_forward_only(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        _n, changes = create_note(uow, NoteInput(client_id, date(2025, 3, 10), body="a"))
    assert changes.clients
    assert last_contact(vault, client_id) == datetime(2025, 3, 10, 12, tzinfo=UTC)
    with vault.uow() as uow:
        _n, changes = create_note(uow, NoteInput(client_id, date(2025, 1, 5), body="older"))
    assert not changes.clients
    assert last_contact(vault, client_id) == datetime(2025, 3, 10, 12, tzinfo=UTC)
    with vault.uow() as uow:  # a note dated ahead (a planned synthesis) is not a contact
        create_note(uow, NoteInput(client_id, TODAY + timedelta(days=30), body="plan"))
    assert last_contact(vault, client_id) == datetime(2025, 3, 10, 12, tzinfo=UTC)
    with vault.uow() as uow:  # today's note: now at the latest, never in the future
        create_note(uow, NoteInput(client_id, TODAY, body="today"))
    contact = last_contact(vault, client_id)
    assert contact is not None and contact.date() == TODAY
    assert contact <= datetime.now(UTC)


def test_note_deleted_or_redated_recomputes_the_last_contact(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        appointment = Appointment(
            starts_at=datetime(2025, 2, 1, 9, tzinfo=UTC),
            ends_at=datetime(2025, 2, 1, 10, tzinfo=UTC),
            status="done",
        )
        uow.session.add(appointment)
        uow.session.flush()
        uow.session.add(
            AppointmentParticipant(
                appointment_id=appointment.id, client_id=client_id, attendance="present"
            )
        )
        older, _ = create_note(uow, NoteInput(client_id, date(2025, 1, 10), body="a"))
        latest, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 10), body="b"))
    with vault.uow() as uow:
        update_note(uow, latest.id, NoteInput(client_id, date(2025, 1, 20), body="b"))
    assert last_contact(vault, client_id) == datetime(2025, 2, 1, 9, tzinfo=UTC)
    with vault.uow() as uow:
        update_note(uow, latest.id, NoteInput(client_id, date(2025, 2, 15), body="b"))
    assert last_contact(vault, client_id) == datetime(2025, 2, 15, 12, tzinfo=UTC)
    with vault.uow() as uow:
        _none, changes = delete_note(uow, latest.id)
    assert changes.clients
    assert last_contact(vault, client_id) == datetime(2025, 2, 1, 9, tzinfo=UTC)
    with vault.uow() as uow:
        uow.session.execute(text("UPDATE appointment SET status = 'cancelled'"))
        moved, _ = create_note(uow, NoteInput(client_id, date(2025, 2, 1), body="c"))
        delete_note(uow, moved.id)  # its day is the last contact's: recomputed
    assert last_contact(vault, client_id) == datetime(2025, 1, 10, 12, tzinfo=UTC)
    with vault.uow() as uow:
        delete_note(uow, older.id)
    assert last_contact(vault, client_id) is None


# ---- note types ------------------------------------------------------------------------------------
def test_note_types_save_list_update_and_deactivate(vault: Vault) -> None:
    with vault.uow() as uow:
        created, changes = save_note_type(uow, " Home_Visit ", "Visite à domicile", "Logement :\n")
        save_note_type(uow, "email", "Courriel", "")
    assert changes.settings and created.code == "home_visit" and created.template == "Logement :\n"
    with vault.uow() as uow:
        renamed, _ = save_note_type(uow, "home_visit", "VAD", "", active=False)
    assert renamed.id == created.id and renamed.label == "VAD" and not renamed.active
    with vault.uow() as uow:
        assert [t.code for t in list_note_types(uow)] == ["email"]
        assert [t.code for t in list_note_types(uow, include_inactive=True)] == [
            "home_visit",
            "email",
        ]


@pytest.mark.parametrize(
    ("code", "label", "field"),
    [("", "Label", "code"), ("with space", "Label", "code"), ("x" * 41, "L", "code"),
     ("ok", "  ", "label")],
)  # fmt: skip
def test_note_type_bad_input_saves_nothing(vault: Vault, code: str, label: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_note_type(uow, code, label, "")
    assert field in caught.value.errors
    with vault.uow() as uow:
        assert list_note_types(uow, include_inactive=True) == []


def test_note_default_types_are_added_once_in_the_current_language(vault: Vault) -> None:
    set_language("fr")
    try:
        with vault.uow() as uow:
            types, changes = ensure_default_note_types(uow)
    finally:
        set_language("en")
    assert changes.settings
    by_code = {t.code: t for t in types}
    assert by_code["home_visit"].label == "Visite à domicile"
    assert by_code["interview"].template.startswith("Objet :")
    with vault.uow() as uow:
        again, changes = ensure_default_note_types(uow)
    assert not changes and again == types
