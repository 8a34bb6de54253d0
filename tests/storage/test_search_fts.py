"""Full-text search storage (FTS5, migration 0002): safe query building, accent-insensitive
and prefix matching, snippets, triggers that keep the index in step, secure delete, and
the migration itself — on real encrypted vaults."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, exc, select, text, update

from socialdesk.domain.search import HIGHLIGHT_END, HIGHLIGHT_START, snippet_parts
from socialdesk.services.vault import Vault, unlock_with_passphrase
from socialdesk.storage import schema
from socialdesk.storage.orm import CaseNote, CaseNoteRevision, Client
from socialdesk.storage.search import (
    FTS_TABLES,
    client_match_expression,
    is_search_object,
    match_expression,
    rebuild_search_index,
    search_clients,
    search_index_problems,
    search_index_rebuilt_after,
    search_notes,
)
from socialdesk.vault.keyslots import keys_path_for
from tests.data.make_stored_vault import FOLDER, STORED_PASSPHRASE

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _client(vault: Vault, last_name: str, first_name: str = "Ana", **kw: object) -> int:
    with vault.uow() as uow:
        count = uow.session.execute(text("SELECT count(*) FROM client")).scalar_one()
        client = Client(
            file_number=f"D-2026-{count + 1:04d}",
            last_name=last_name,
            first_name=first_name,
            intake_date=date(2026, 1, 5),
            **kw,
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def _note(vault: Vault, client_id: int, body: str, title: str | None = None, **kw: object) -> int:
    with vault.uow() as uow:
        note = CaseNote(
            client_id=client_id, note_date=kw.pop("note_date", date(2026, 3, 2)), title=title,
            body=body, **kw,
        )  # fmt: skip
        uow.session.add(note)
        uow.session.flush()
        return note.id


def _note_ids(vault: Vault, query: str) -> list[int]:
    with vault.uow() as uow:
        return [h.note_id for h in search_notes(uow.session, query, limit=50) if h.note_id]


def _client_ids(vault: Vault, query: str) -> list[int]:
    with vault.uow() as uow:
        return [h.client_id for h in search_clients(uow.session, query, limit=50)]


# --- query building ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("   ", None),
        ("-- ** ()", None),
        ("\x00", None),
        ("logement", '"logement"*'),
        ("aide logement", '"aide" "logement"*'),
        ('say "hi"', '"say" """hi"""*'),
        ("NEAR(a b)", '"NEAR(a" "b)"*'),
        ("title:x", '"title:x"*'),
        ("a\x00b", '"a" "b"*'),
    ],
)
def test_fts_match_expression_quotes_every_word(value: str, expected: str | None) -> None:
    assert match_expression(value) == expected


def test_fts_match_expression_prefixes_and_limits() -> None:
    assert match_expression("aide log", prefix="all") == '"aide"* "log"*'
    assert match_expression("aide l", min_prefix=2) == '"aide" "l"'
    many = match_expression(" ".join(f"w{i}" for i in range(40)))
    assert many is not None and many.count('"') == 2 * 12


def test_fts_phone_like_text_also_searches_the_digits() -> None:
    assert (
        client_match_expression("06 12 34") == '("06"* "12"* "34"*) OR (phone_digits : "061234"*)'
    )
    assert client_match_expression("Dupont") == '"Dupont"*'
    assert client_match_expression("12") == '"12"*'  # too short for a phone number


def test_fts_search_objects_are_recognized() -> None:
    assert is_search_object("client_fts") and is_search_object("case_note_fts_data")
    assert is_search_object("client_search_source")
    assert not is_search_object("client") and not is_search_object(None)


# --- matching ----------------------------------------------------------------------------------
def test_fts_search_ignores_accents_and_case(vault: Vault) -> None:
    # Given notes and a client written with accents
    client = _client(vault, "Dumitrescu", "Ștefan")
    note = _note(vault, client, "Dossier de PRÉVOYANCE déposé à la caisse.", title="Élément")
    # When searching without accents, in another case
    # Then they are found
    assert _note_ids(vault, "prevoyance") == [note]
    assert _note_ids(vault, "deposE") == [note]
    assert _note_ids(vault, "element") == [note]
    assert _client_ids(vault, "stefan") == [client]
    assert _client_ids(vault, "ȘTEFAN dumi") == [client]


def test_fts_search_matches_prefixes_and_every_word(vault: Vault) -> None:
    client = _client(vault, "Lefèvre", "Marie")
    housing = _note(vault, client, "Demande de logement social")
    _note(vault, client, "Demande de RSA")
    assert _note_ids(vault, "loge") == [housing]
    assert sorted(_note_ids(vault, "demande")) == sorted(_note_ids(vault, "dem"))
    assert _note_ids(vault, "demande loge") == [housing]
    assert _note_ids(vault, "logement absent") == []
    assert _client_ids(vault, "lef mar") == [client]  # every client word is a prefix


def test_fts_client_fields_are_searchable(vault: Vault) -> None:
    client = _client(
        vault,
        "Martin",
        phone="06.12.34.56.78",
        email="paul.martin@example.fr",
        city="Saint-Étienne",
        birth_name="Popescu",
    )
    for query in ("0612", "06 12 34", "paul.martin@ex", "saint etienne", "popescu", "D-2026-0001"):
        assert _client_ids(vault, query) == [client], query


def test_fts_snippets_mark_the_matching_words(vault: Vault) -> None:
    client = _client(vault, "Durand")
    _note(vault, client, "Premier rendez-vous.\nDemande d'aide au logement [[urgent]] pour mars.")
    with vault.uow() as uow:
        (hit,) = search_notes(uow.session, "logement", limit=5)
    assert f"{HIGHLIGHT_START}logement{HIGHLIGHT_END}" in hit.snippet
    assert "\n" not in hit.snippet
    # The note's own brackets never read as markers
    parts = snippet_parts(hit.snippet)
    assert [p for p, bold in parts if bold] == ["logement"]
    assert "urgent" in "".join(p for p, _bold in parts)


def test_fts_client_hit_shows_the_matching_fields(vault: Vault) -> None:
    _client(vault, "Dupont", "Éloïse", city="Lyon", phone="06 00 00 00 01")
    with vault.uow() as uow:
        (hit,) = search_clients(uow.session, "eloi", limit=5)
        (by_phone,) = search_clients(uow.session, "0600", limit=5)
    assert hit.title == "DUPONT Éloïse"
    assert hit.snippet == "DUPONT [[Éloïse]] · D-2026-0001 · Lyon"
    assert "[[06 00 00 00 01]]" in by_phone.snippet


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.text(max_size=80) | st.sampled_from(['"', '""', "*", "AND", "OR x", "(", "^a"]))
def test_fts_hostile_query_building_never_fails(value: str) -> None:
    for expression in (match_expression(value), client_match_expression(value)):
        assert expression is None or expression.strip()


def test_fts_hostile_queries_never_raise_on_a_vault(vault: Vault) -> None:
    # Given a vault with a client and a note
    client = _client(vault, "Nuñez")
    _note(vault, client, 'Le "dossier" (RSA) AND/OR NEAR(logement) * ^ - : {}')

    # When any text at all is searched for, Then the search answers (maybe nothing)
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=st.text(max_size=60))
    def check(value: str) -> None:
        with vault.uow() as uow:
            search_clients(uow.session, value, limit=10)
            search_notes(uow.session, value, limit=10)

    check()
    for value in ('"', "NEAR(", "AND", "a OR", "col:x", "*", "\x00\x00", "\ud800", "x" * 10_000):
        with vault.uow() as uow:
            search_notes(uow.session, value, limit=10)
            search_clients(uow.session, value, limit=10)


# --- triggers and the index ---------------------------------------------------------------
def test_fts_index_follows_inserts_updates_and_deletes(vault: Vault) -> None:
    client = _client(vault, "Girard")
    note = _note(vault, client, "vieux texte")
    with vault.uow() as uow:
        uow.session.execute(update(CaseNote).where(CaseNote.id == note).values(body="nouveau"))
        uow.session.execute(update(Client).where(Client.id == client).values(last_name="Roux"))
    assert _note_ids(vault, "vieux") == []
    assert _note_ids(vault, "nouveau") == [note]
    assert _client_ids(vault, "girard") == []
    assert _client_ids(vault, "roux") == [client]
    with vault.uow() as uow:
        uow.session.execute(delete(CaseNote).where(CaseNote.id == note))
    assert _note_ids(vault, "nouveau") == []
    with vault.uow() as uow:
        assert search_index_problems(uow.session) == []


def test_fts_index_changes_roll_back_with_the_data(vault: Vault) -> None:
    client = _client(vault, "Blanc")
    with pytest.raises(RuntimeError), vault.uow() as uow:
        uow.session.add(CaseNote(client_id=client, note_date=date(2026, 3, 2), body="fantôme"))
        uow.session.flush()
        raise RuntimeError("the user cancelled")
    assert _note_ids(vault, "fantome") == []
    with vault.uow() as uow:
        assert search_index_problems(uow.session) == []


def test_fts_amended_signed_note_is_found_by_its_new_text(vault: Vault) -> None:
    client = _client(vault, "Petit")
    note_id = _note(vault, client, "premier jet")
    with vault.uow() as uow:
        note = uow.session.get(CaseNote, note_id)
        assert note is not None
        note.revisions.append(CaseNoteRevision(revision=1, title=None, body="premier jet"))
        note.signed_at, note.signed_by, note.current_revision = NOW, "Marie", 1
        uow.session.flush()
        uow.session.add(CaseNoteRevision(note_id=note_id, revision=2, body="version amendée"))
        uow.session.flush()
        note.body, note.current_revision = "version amendée", 2
    assert _note_ids(vault, "amendee") == [note_id]
    assert _note_ids(vault, "jet") == []


def test_fts_rebuild_and_integrity_check(vault: Vault) -> None:
    client = _client(vault, "Faure")
    _note(vault, client, "texte")
    with vault.uow() as uow:
        rebuild_search_index(uow.session)
        assert search_index_problems(uow.session) == []
        # A drift (here: the index is emptied behind the table's back) is detected
        uow.session.execute(text("INSERT INTO case_note_fts(case_note_fts) VALUES ('delete-all')"))
        assert search_index_problems(uow.session) != []
        rebuild_search_index(uow.session)
        assert search_index_problems(uow.session) == []


def test_fts_secure_delete_is_on(vault: Vault) -> None:
    with vault.uow() as uow:
        for table in FTS_TABLES:
            value = uow.session.execute(
                text(f"SELECT v FROM {table}_config WHERE k = 'secure-delete'")
            ).scalar_one()
            assert value == 1, table


def test_fts_deleted_words_leave_no_bytes_in_the_index(vault: Vault) -> None:
    client = _client(vault, "Morel")
    note = _note(vault, client, "motsecretzq et autre chose")
    with vault.uow() as uow:
        uow.session.execute(delete(CaseNote).where(CaseNote.id == note))
    with vault.uow() as uow:
        blobs = uow.session.execute(text("SELECT block FROM case_note_fts_data")).scalars()
        assert not any(b"motsecretzq" in bytes(block or b"") for block in blobs)


# --- erasure rules added by 0002 ---------------------------------------------------------------
def _signed_note(vault: Vault) -> tuple[int, int]:
    client = _client(vault, "Signé")
    note_id = _note(vault, client, "texte signé")
    with vault.uow() as uow:
        note = uow.session.get(CaseNote, note_id)
        assert note is not None
        note.revisions.append(CaseNoteRevision(revision=1, body="texte signé"))
        note.signed_at, note.signed_by, note.current_revision = NOW, "Marie", 1
    return client, note_id


def test_a_signed_note_of_a_pseudonymized_client_can_be_erased(vault: Vault) -> None:
    client, note = _signed_note(vault)
    with vault.uow() as uow, pytest.raises(exc.IntegrityError, match="cannot be deleted"):
        uow.session.execute(delete(CaseNote).where(CaseNote.id == note))
    with vault.uow() as uow:
        uow.session.execute(update(Client).where(Client.id == client).values(pseudonymized_at=NOW))
        uow.session.execute(delete(CaseNote).where(CaseNote.id == note))
        assert uow.session.scalars(select(CaseNoteRevision)).all() == []


def test_pseudonymization_is_final(vault: Vault) -> None:
    client, _note_id = _signed_note(vault)
    with vault.uow() as uow:
        uow.session.execute(update(Client).where(Client.id == client).values(pseudonymized_at=NOW))
    with vault.uow() as uow, pytest.raises(exc.IntegrityError, match="cannot be restored"):
        uow.session.execute(update(Client).where(Client.id == client).values(pseudonymized_at=None))


# --- migration 0002 ---------------------------------------------------------------------------
def _objects(vault: Vault) -> set[str]:
    with vault.engine.connect() as connection:
        return set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_schema WHERE name LIKE '%fts%' OR name LIKE '%search%'"
            ).scalars()
        )


def test_migration_0002_down_and_up_again_keeps_search_working(vault: Vault) -> None:
    # Given a vault at head with a note
    client = _client(vault, "Aubert")
    note = _note(vault, client, "hébergement d'urgence")
    assert {"client_fts", "case_note_fts", "client_search_source"} <= _objects(vault)
    # When it goes back to 0001, the search objects are gone and 0001's trigger is back
    with vault.engine.connect() as connection, connection.begin():
        command.downgrade(schema._config(connection), "0001")
    assert _objects(vault) == set()
    with vault.engine.connect() as connection:
        trigger = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_schema WHERE name = 'trg_case_note_signed_no_delete'"
        ).scalar_one()
    assert "pseudonymized_at" not in trigger
    # When it is upgraded again, the existing note is indexed (backfill)
    schema.upgrade(vault.engine)
    assert _note_ids(vault, "hebergement") == [note]
    with vault.uow() as uow:
        assert search_index_problems(uow.session) == []


@pytest.mark.parametrize("stored", sorted(FOLDER.glob("schema-*.sdvault")), ids=lambda p: p.stem)
def test_migration_stored_vaults_are_searchable_after_upgrade(stored: Path, tmp_path: Path) -> None:
    # Given a vault stored by a released schema (0001: before search existed), holding
    # the client Élodie Stored
    copy = tmp_path / stored.name
    shutil.copyfile(stored, copy)
    shutil.copyfile(keys_path_for(stored), keys_path_for(copy))
    # When it is unlocked (and so migrated)
    vault = unlock_with_passphrase(copy, STORED_PASSPHRASE, backup_dir=tmp_path / "backups")
    try:
        # Then its client is found, accent-insensitively, and the index is whole
        with vault.uow() as uow:
            hits = search_clients(uow.session, "elodie stor", limit=5)
            assert [h.title for h in hits] == ["STORED Élodie"]
            notes = [h.title for h in search_notes(uow.session, "prevoyance", limit=5)]
            assert notes == ["Premier entretien"]  # backfilled by the migration
            assert search_index_problems(uow.session) == []
    finally:
        vault.lock()


def test_fts_bulk_load_rebuilds_the_index_once_and_restores_the_triggers(vault: Vault) -> None:
    def triggers() -> set[str]:
        with vault.engine.connect() as connection:
            return set(
                connection.exec_driver_sql(
                    "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%fts%'"
                ).scalars()
            )

    before = triggers()
    with vault.uow() as uow, search_index_rebuilt_after(uow.session.connection()):
        uow.session.add(Client(file_number="B-1", last_name="Bulk", intake_date=date(2026, 1, 5)))
        uow.session.flush()
        client = uow.session.scalars(select(Client.id)).one()
        uow.session.add(CaseNote(client_id=client, note_date=date(2026, 3, 2), body="chargé"))
        uow.session.flush()
    assert triggers() == before
    assert _client_ids(vault, "bulk") == [client]
    assert len(_note_ids(vault, "charge")) == 1
    with vault.uow() as uow:
        assert search_index_problems(uow.session) == []
