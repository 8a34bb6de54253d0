"""Signed notes: signing writes revision 1, amendments add revisions and keep history,
and a signed note can be neither rewritten nor deleted — refused by the service with a
clear message, and by the database triggers for anything that bypasses the service."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import (
    NoteInput,
    NoteIsSigned,
    NoteNotSigned,
    SignedNoteCannotBeDeleted,
)
from socialdesk.i18n import set_language
from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.notes import (
    amend_note,
    create_note,
    delete_note,
    get_note,
    list_notes,
    sign_note,
    update_note,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import CaseNote, CaseNoteRevision, Client

SIGNER = "Claire Martin"
BODY = "Entretien avec Mme Durand : dossier de prévoyance à compléter."


def _client(vault: Vault) -> int:
    with vault.uow() as uow:
        client = Client(
            file_number="D-2025-0001",
            last_name="Durand",
            status="active",
            intake_date=date(2025, 1, 2),
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


@pytest.fixture
def client_id(vault: Vault) -> int:
    return _client(vault)


@pytest.fixture
def signed_id(vault: Vault, client_id: int) -> int:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 4), title="RDV", body=BODY))
        sign_note(uow, note.id, signed_by=SIGNER)
    return note.id


def _revision_count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(CaseNoteRevision)).scalar_one()


# ---- signing --------------------------------------------------------------------------------
def test_signed_note_has_revision_one_and_an_audit_entry_without_content(
    vault: Vault, signed_id: int
) -> None:
    with vault.uow() as uow:
        note = get_note(uow, signed_id)
        events = recent_events(uow, limit=5)
        assert verify_chain(uow) is None
    assert note.signed_by == SIGNER and note.signed_at is not None
    assert note.signed_at.tzinfo is not None
    assert note.current_revision == 1 and not note.is_draft and note.is_signed
    [revision] = note.revisions
    assert (revision.revision, revision.title, revision.body) == (1, "RDV", BODY)
    assert revision.reason is None and revision.author == SIGNER
    sign_event = events[0]
    assert sign_event.action == "note_sign" and sign_event.object_id == signed_id
    assert sign_event.details == {}


def test_signed_draft_becomes_a_signed_note(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        draft, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 4), body=BODY), draft=True)
    with vault.uow() as uow:
        signed, changes = sign_note(uow, draft.id, signed_by=f"  {SIGNER} ")
    assert changes.notes and not signed.is_draft and signed.signed_by == SIGNER


@pytest.mark.parametrize(
    ("body", "signer", "fields"),
    [("", SIGNER, {"body"}), ("  \n ", SIGNER, {"body"}), (BODY, " ", {"signed_by"})],
)
def test_note_sign_refuses_an_empty_note_or_no_signer_and_saves_nothing(
    vault: Vault, client_id: int, body: str, signer: str, fields: set[str]
) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 4), "", "T", body))
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        sign_note(uow, note.id, signed_by=signer)
    assert set(caught.value.errors) == fields
    with vault.uow() as uow:
        assert get_note(uow, note.id).signed_at is None
    assert _revision_count(vault) == 0


def test_signed_note_cannot_be_signed_twice(vault: Vault, signed_id: int) -> None:
    with pytest.raises(NoteIsSigned), vault.uow() as uow:
        sign_note(uow, signed_id, signed_by="Someone Else")
    with vault.uow() as uow:
        assert get_note(uow, signed_id).signed_by == SIGNER


# ---- the service refuses ----------------------------------------------------------------------
def test_signed_note_update_is_refused_by_the_service_with_a_clear_message(
    vault: Vault, client_id: int, signed_id: int
) -> None:
    set_language("fr")
    try:
        with pytest.raises(NoteIsSigned) as caught, vault.uow() as uow:
            update_note(uow, signed_id, NoteInput(client_id, date(2025, 3, 4), body="réécrit"))
        assert "signée" in str(caught.value) and "avenant" in str(caught.value)
    finally:
        set_language("en")
    with vault.uow() as uow:
        assert get_note(uow, signed_id).body == BODY


def test_signed_note_delete_is_refused_by_the_service_before_the_database(
    vault: Vault, signed_id: int
) -> None:
    with pytest.raises(SignedNoteCannotBeDeleted) as caught, vault.uow() as uow:
        delete_note(uow, signed_id)
    assert "cannot be deleted" in str(caught.value)
    assert not isinstance(caught.value.__cause__, DatabaseError)
    with vault.uow() as uow:
        assert [n.id for n in list_notes(uow, get_note(uow, signed_id).client_id)] == [signed_id]


# ---- the database refuses (raw SQL, bypassing the service) -------------------------------------
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_note SET body = 'réécrit' WHERE id = :id",
        "UPDATE case_note SET title = 'autre' WHERE id = :id",
        "UPDATE case_note SET current_revision = 2 WHERE id = :id",
        "UPDATE case_note SET signed_by = 'Quelqu''un' WHERE id = :id",
        "UPDATE case_note SET signed_at = NULL, current_revision = 0 WHERE id = :id",
        "UPDATE case_note SET client_id = client_id + 1 WHERE id = :id",
        "DELETE FROM case_note WHERE id = :id",
        "UPDATE case_note_revision SET body = 'réécrit' WHERE note_id = :id",
        "DELETE FROM case_note_revision WHERE note_id = :id",
    ],
)
def test_signed_note_raw_sql_change_is_refused_by_the_database(
    vault: Vault, signed_id: int, statement: str
) -> None:
    refused = pytest.raises(DatabaseError, match="signed case note|revision is immutable")
    with refused, vault.uow() as uow:
        uow.session.execute(text(statement), {"id": signed_id})
    with vault.uow() as uow:
        note = get_note(uow, signed_id)
    assert (note.body, note.title, note.signed_by, note.current_revision) == (
        BODY,
        "RDV",
        SIGNER,
        1,
    )
    assert len(note.revisions) == 1


def test_signed_note_raw_sql_update_of_other_fields_is_allowed(
    vault: Vault, signed_id: int
) -> None:
    # Only the signed content is locked: the private flag is not part of the text.
    with vault.uow() as uow:
        uow.session.execute(
            text("UPDATE case_note SET is_private = 1 WHERE id = :id"), {"id": signed_id}
        )
    with vault.uow() as uow:
        assert get_note(uow, signed_id).is_private


def test_signed_note_raw_amendment_without_its_revision_row_is_refused(
    vault: Vault, signed_id: int
) -> None:
    # The note's text may follow a revision row, never lead it.
    with pytest.raises(DatabaseError, match="signed case note"), vault.uow() as uow:
        uow.session.execute(
            text("UPDATE case_note SET body = 'v2', current_revision = 2 WHERE id = :id"),
            {"id": signed_id},
        )


def test_signed_notes_client_can_still_be_erased_as_a_whole(
    vault: Vault, client_id: int, signed_id: int
) -> None:
    with vault.uow() as uow:
        uow.session.execute(text("DELETE FROM client WHERE id = :id"), {"id": client_id})
    with vault.uow() as uow:
        assert uow.session.get(CaseNote, signed_id) is None
    assert _revision_count(vault) == 0


# ---- amendments -------------------------------------------------------------------------------
def test_signed_note_amendments_keep_the_whole_history(vault: Vault, signed_id: int) -> None:
    with vault.uow() as uow:
        first, changes = amend_note(
            uow,
            signed_id,
            title="RDV",
            body=BODY + " Date corrigée : le 12 mars.",
            reason="Erreur de date",
            author=SIGNER,
        )
    assert changes.notes and first.current_revision == 2
    with vault.uow() as uow:
        amend_note(
            uow,
            signed_id,
            title="RDV du 12 mars",
            body=first.body,
            reason="  Titre précisé  ",
            author="Claire  Martin",
        )
    with vault.uow() as uow:
        note = get_note(uow, signed_id)
        events = [e for e in recent_events(uow, limit=10) if e.action == "note_amend"]
        [summary] = list_notes(uow, note.client_id)
    assert note.current_revision == 3 and note.title == "RDV du 12 mars"
    assert note.body == BODY + " Date corrigée : le 12 mars."
    assert note.signed_by == SIGNER  # the signature stays the original one
    assert [(r.revision, r.title, r.reason) for r in note.revisions] == [
        (1, "RDV", None),
        (2, "RDV", "Erreur de date"),
        (3, "RDV du 12 mars", "Titre précisé"),
    ]
    assert note.revisions[0].body == BODY and note.revisions[2].author == SIGNER
    assert [e.details for e in events] == [{"revision": 3}, {"revision": 2}]
    assert all(e.object_id == signed_id for e in events)
    assert summary.current_revision == 3 and summary.title == "RDV du 12 mars"


@pytest.mark.parametrize(
    ("title", "body", "reason", "author", "field"),
    [
        ("RDV", BODY + " ok", "", SIGNER, "reason"),
        ("RDV", BODY + " ok", "   ", SIGNER, "reason"),
        ("RDV", "   ", "Vidée", SIGNER, "body"),
        ("RDV", BODY, "Rien", SIGNER, "body"),  # changes nothing
        ("x" * 301, BODY, "Titre", SIGNER, "title"),
        ("RDV", BODY + " ok", "Motif", "", "author"),
    ],
)
def test_signed_note_bad_amendment_saves_nothing(
    vault: Vault, signed_id: int, title: str, body: str, reason: str, author: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        amend_note(uow, signed_id, title=title, body=body, reason=reason, author=author)
    assert field in caught.value.errors
    with vault.uow() as uow:
        note = get_note(uow, signed_id)
    assert note.current_revision == 1 and note.body == BODY
    assert _revision_count(vault) == 1


def test_note_amend_of_an_unsigned_note_is_refused(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 4), body=BODY))
    with pytest.raises(NoteNotSigned), vault.uow() as uow:
        amend_note(uow, note.id, title="", body="v2", reason="r", author=SIGNER)
    assert _revision_count(vault) == 0
