"""Attached files: kept encrypted inside the vault (never in clear on disk), limited to
50 MB, safely named, opened through private 0600 copies, and audited by id only."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from socialdesk.config.paths import cache_dir, config_dir, data_dir, private_temp_dir
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import (
    MAX_ATTACHMENT_BYTES,
    AttachmentDamaged,
    AttachmentNotFound,
    AttachmentOfSignedNote,
    AttachmentTooLarge,
    NoteInput,
    sanitize_filename,
)
from socialdesk.i18n import set_language
from socialdesk.services.attachments import (
    add_attachment,
    delete_attachment,
    list_attachments,
    open_attachment_copy,
    read_attachment,
    save_attachment_copy,
)
from socialdesk.services.audit import recent_events
from socialdesk.services.notes import create_note, delete_note, get_note, sign_note
from socialdesk.services.vault import Vault, create_vault, unlock_with_passphrase, vault_files
from socialdesk.storage.orm import Attachment, AttachmentBlob, Client
from tests.conftest import CHEAP_KDF, PASSPHRASE

MARKER = b"Zxq-Piece-Jointe-Confidentielle-4481"
PDF = b"%PDF-1.7\n" + MARKER + b"\n%%EOF\n"


def _client(vault: Vault, number: str = "D-2025-0001") -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=number, last_name="Durand", status="active", intake_date=date(2025, 1, 2)
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


@pytest.fixture
def client_id(vault: Vault) -> int:
    return _client(vault)


def _counts(vault: Vault) -> tuple[int, int]:
    with vault.uow() as uow:
        return (
            uow.session.execute(select(func.count()).select_from(Attachment)).scalar_one(),
            uow.session.execute(select(func.count()).select_from(AttachmentBlob)).scalar_one(),
        )


# ---- add / list / read / delete ---------------------------------------------------------------
def test_attachment_round_trip_with_checksum_and_guessed_type(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        info, changes = add_attachment(
            uow, client_id=client_id, filename="Avis d'imposition 2024.pdf", data=PDF
        )
    assert changes.clients and not changes.notes
    assert info.filename == "Avis d'imposition 2024.pdf" and info.mime == "application/pdf"
    assert info.size_bytes == len(PDF) and info.client_id == client_id and info.note_id is None
    with vault.uow() as uow:
        again, data = read_attachment(uow, info.id)
        row = uow.session.get(Attachment, info.id)
        assert row is not None and row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert again == info and data == PDF


def test_attachment_given_type_is_kept_and_unknown_defaults_to_octet_stream(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        given, _ = add_attachment(
            uow, client_id=client_id, filename="scan", data=b"x", mime="Image/JPEG; q=1"
        )
        unknown, _ = add_attachment(uow, client_id=client_id, filename="notes.zzz9", data=b"x")
        bogus, _ = add_attachment(
            uow, client_id=client_id, filename="b.txt", data=b"x", mime="not a type"
        )
    assert given.mime == "image/jpeg"
    assert unknown.mime == "application/octet-stream"
    assert bogus.mime == "text/plain"


def test_attachment_on_a_note_is_listed_for_the_note_and_its_client(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 1), body="VAD"))
        on_note, changes = add_attachment(uow, note_id=note.id, filename="photo.png", data=b"\x89P")
        on_client, _ = add_attachment(uow, client_id=client_id, filename="cni.pdf", data=b"%P")
    assert changes.notes and on_note.client_id == client_id and on_note.note_id == note.id
    with vault.uow() as uow:
        assert [a.id for a in list_attachments(uow, note_id=note.id)] == [on_note.id]
        assert {a.id for a in list_attachments(uow, client_id=client_id)} == {
            on_note.id,
            on_client.id,
        }
        assert [a.id for a in get_note(uow, note.id).attachments] == [on_note.id]


def test_attachment_list_never_reads_the_bytes(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        add_attachment(uow, client_id=client_id, filename="a.bin", data=b"\x00" * 1000)
    statements: list[str] = []

    def capture(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(vault.engine, "before_cursor_execute", capture)
    try:
        with vault.uow() as uow:
            assert len(list_attachments(uow, client_id=client_id)) == 1
    finally:
        event.remove(vault.engine, "before_cursor_execute", capture)
    assert statements and not any("attachment_blob" in s for s in statements)


def test_attachment_delete_removes_bytes_and_unknown_id_is_reported(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="a.txt", data=b"abc")
    with vault.uow() as uow:
        _none, changes = delete_attachment(uow, info.id)
    assert changes.clients and _counts(vault) == (0, 0)
    for call in (read_attachment, delete_attachment, open_attachment_copy):
        with pytest.raises(AttachmentNotFound), vault.uow() as uow:
            call(uow, info.id)


def test_attachment_of_a_signed_note_stays_and_a_draft_takes_its_files_along(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        signed, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 1), body="Signée"))
        draft, _ = create_note(uow, NoteInput(client_id, date(2025, 3, 2)), draft=True)
        kept, _ = add_attachment(uow, note_id=signed.id, filename="a.txt", data=b"a")
        add_attachment(uow, note_id=draft.id, filename="b.txt", data=b"b")
        sign_note(uow, signed.id, signed_by="Claire Martin")
    with pytest.raises(AttachmentOfSignedNote), vault.uow() as uow:
        delete_attachment(uow, kept.id)
    with vault.uow() as uow:
        delete_note(uow, draft.id)
    assert _counts(vault) == (1, 1)


# ---- bad input saves nothing ------------------------------------------------------------------
def test_attachment_over_50_mb_is_refused_with_its_size(vault: Vault, client_id: int) -> None:
    too_big = bytes(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(AttachmentTooLarge) as caught, vault.uow() as uow:
        add_attachment(uow, client_id=client_id, filename="film.mp4", data=too_big)
    assert str(caught.value) == "This file is 50.1 MB: attached files are limited to 50 MB."
    set_language("fr")
    try:
        assert str(caught.value) == (
            "Ce fichier fait 50.1 Mo : les pièces jointes sont limitées à 50 Mo."
        )
    finally:
        set_language("en")
    assert _counts(vault) == (0, 0)


def test_attachment_of_exactly_50_mb_is_accepted(vault: Vault, client_id: int) -> None:
    data = b"\x5a" * MAX_ATTACHMENT_BYTES
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="big.bin", data=data)
    with vault.uow() as uow:
        _info, back = read_attachment(uow, info.id)
    assert back == data


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"data": b""}, "data"),
        ({"filename": ""}, "filename"),
        ({"filename": "../../"}, "filename"),
        ({"filename": "\x00\x01"}, "filename"),
        ({"client_id": None}, "client_id"),
        ({"client_id": 999_999}, "client_id"),
        ({"note_id": 999_999}, "note_id"),
    ],
)
def test_attachment_bad_input_is_reported_and_nothing_saved(
    vault: Vault, client_id: int, kwargs: dict[str, object], field: str
) -> None:
    args: dict[str, object] = {"client_id": client_id, "filename": "a.pdf", "data": PDF}
    args.update(kwargs)
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        add_attachment(uow, **args)  # type: ignore[arg-type]
    assert field in caught.value.errors
    assert _counts(vault) == (0, 0)


def test_attachment_to_another_clients_note_is_refused(vault: Vault, client_id: int) -> None:
    other = _client(vault, "D-2025-0002")
    with vault.uow() as uow:
        note, _ = create_note(uow, NoteInput(other, date(2025, 3, 1), body="x"))
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        add_attachment(uow, client_id=client_id, note_id=note.id, filename="a.txt", data=b"a")
    assert set(caught.value.errors) == {"note_id"}
    assert _counts(vault) == (0, 0)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/home/claire/Documents/bail.pdf", "bail.pdf"),
        ("C:\\Users\\claire\\bail.pdf", "bail.pdf"),
        ("facture\u202efdp.exe", "facturefdp.exe"),  # right-to-left override removed
        ("ligne\nnouvelle\t.txt", "lignenouvelle.txt"),
        ("  .cache.  ", "cache"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("CON.txt", "_CON.txt"),
        ("e\u0301te\u0301.pdf", "été.pdf"),  # NFC
        ("..", ""),
    ],
)
def test_attachment_file_name_is_sanitized(given: str, expected: str) -> None:
    assert sanitize_filename(given) == expected


def test_attachment_long_file_name_fits_255_bytes_and_keeps_its_extension() -> None:
    name = sanitize_filename("é" * 300 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= 255
    assert name.startswith("éé") and "\ufffd" not in name


# ---- opening a copy ----------------------------------------------------------------------------
def test_attachment_open_copy_is_private_named_and_audited_by_id(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="Bail Durand.pdf", data=PDF)
    with vault.uow() as uow:
        first = open_attachment_copy(uow, info.id)
        second = open_attachment_copy(uow, info.id)
    root = private_temp_dir().resolve()
    for path in (first, second):
        assert path.name == "Bail Durand.pdf" and path.read_bytes() == PDF
        assert path.resolve().parent.parent == root
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert first.parent != second.parent  # each opening gets its own folder
    with vault.uow() as uow:
        opened = [e for e in recent_events(uow) if e.action == "attachment_open"]
    assert len(opened) == 2
    assert all(e.object_id == info.id and e.details == {} for e in opened)


def test_attachment_save_as_writes_a_private_copy_and_records_an_export(
    vault: Vault, client_id: int, tmp_path: Path
) -> None:
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="a.pdf", data=PDF)
    with vault.uow() as uow:
        path = save_attachment_copy(uow, info.id, target=tmp_path / "copie.pdf")
    assert path.read_bytes() == PDF
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with vault.uow() as uow:
        [export] = [e for e in recent_events(uow) if e.action == "export"]
    assert export.object_id == info.id and export.object_type == "attachment"


def test_attachment_damaged_in_the_vault_is_reported_not_opened(
    vault: Vault, client_id: int
) -> None:
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="a.txt", data=b"original")
    with vault.uow() as uow:
        blob = uow.session.execute(
            select(AttachmentBlob).where(AttachmentBlob.attachment_id == info.id)
        ).scalar_one()
        blob.data = b"tampered"
    with pytest.raises(AttachmentDamaged), vault.uow() as uow:
        open_attachment_copy(uow, info.id)
    assert list(private_temp_dir().iterdir()) == []


# ---- at rest -----------------------------------------------------------------------------------
def _files_with_marker(*folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and MARKER in path.read_bytes():
                found.append(path)
    return found


def test_attachment_bytes_are_never_in_clear_in_the_vault_files() -> None:
    path = data_dir() / "socialdesk.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    client_id = _client(vault)
    with vault.uow() as uow:
        info, _ = add_attachment(uow, client_id=client_id, filename="secret.pdf", data=PDF * 50)
    # Open: the change may sit in the WAL still.
    assert any(p.name.endswith("-wal") for p in vault_files(path))
    assert _files_with_marker(data_dir(), config_dir(), cache_dir()) == []
    vault.lock()
    assert _files_with_marker(data_dir(), config_dir(), cache_dir()) == []

    reopened = unlock_with_passphrase(path, PASSPHRASE)
    try:
        with reopened.uow() as uow:
            _info, data = read_attachment(uow, info.id)
        assert data == PDF * 50
    finally:
        reopened.lock()
