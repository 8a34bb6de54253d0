"""The full-text index can never drift: a hypothesis state machine inserts, updates,
deletes, signs, amends, merges, bills and erases clients and notes on a real encrypted
vault. After every step the FTS index equals what a fresh rebuild from the tables gives
(term by term, position by position), and the words each step added or removed find
exactly the rows that hold them."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import delete, event, exc, text, update
from sqlalchemy.orm import Session

from socialdesk.services.gdpr import erase_client
from socialdesk.services.vault import Vault, create_vault, unlock_with_passphrase
from socialdesk.storage.orm import CaseNote, CaseNoteRevision, Client
from socialdesk.storage.search import search_clients, search_index_problems, search_notes
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.services.gdpr_helpers import NOW, bill_client

WORDS = st.sampled_from(
    ["prévoyance", "logement", "Ștefan", "Œuvre", "dossier", "CAF", "rendez-vous", "d'aide"]
)
TEXT = st.lists(WORDS | st.text(st.characters(codec="utf-8"), max_size=12),
                max_size=5).map(" ".join)  # fmt: skip
NAMES = st.sampled_from(["Dupont", "Lefèvre", "Țurcanu", "O'Neil", "Nguyễn", "Van den Berg"])
PHONES = st.none() | st.sampled_from(["06 12 34 56 78", "+40 721 000 000", "04.78.00.00.00"])

_FRESH = {
    "case_note_fts": (
        "title, body",
        "INSERT INTO temp.fresh_case_note_fts(rowid, title, body) "
        "SELECT id, title, body FROM main.case_note",
    ),
    "client_fts": (
        "last_name, first_name, birth_name, file_number, phone, phone_digits, email, city",
        "INSERT INTO temp.fresh_client_fts(rowid, last_name, first_name, birth_name, "
        "file_number, phone, phone_digits, email, city) "
        "SELECT id, last_name, first_name, birth_name, file_number, phone, phone_digits, "
        "email, city FROM main.client_search_source",
    ),
}


def index_differences(session: Session) -> dict[str, int]:
    """Per index, the (term, row, column, offset) entries that differ between the live
    index and one built afresh from the rows (in the temp schema, then dropped)."""
    differences = {}
    for table, (columns, fill) in _FRESH.items():
        fresh = f"fresh_{table}"
        session.execute(
            text(
                f"CREATE VIRTUAL TABLE temp.{fresh} USING fts5({columns}, content = '', "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
        )
        session.execute(text(fill))
        session.execute(
            text(f"CREATE VIRTUAL TABLE temp.v_live USING fts5vocab(main, {table}, instance)")
        )
        session.execute(
            text(f"CREATE VIRTUAL TABLE temp.v_fresh USING fts5vocab(temp, {fresh}, instance)")
        )
        query = "SELECT term, doc, col, offset FROM temp.{} EXCEPT SELECT term, doc, col, offset FROM temp.{}"
        live_only = session.execute(text(query.format("v_live", "v_fresh"))).all()
        fresh_only = session.execute(text(query.format("v_fresh", "v_live"))).all()
        for name in ("v_live", "v_fresh", fresh):
            session.execute(text(f"DROP TABLE temp.{name}"))
        differences[table] = len(live_only) + len(fresh_only)
    return differences  # fmt: skip


def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA synchronous=OFF")


@cache
def _empty_vault() -> Path:
    """One new vault per test run, copied for each example (creating one costs seconds
    of fsyncs; a copy, milliseconds)."""
    folder = Path(tempfile.mkdtemp(prefix="sd-fts-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    vault, _recovery = create_vault(folder / "empty.sdvault", PASSPHRASE, kdf_params=CHEAP_KDF)
    vault.lock()
    return folder / "empty.sdvault"


@dataclass
class Note:
    client_id: int
    token: str
    signed: bool = False
    revision: int = 0


@dataclass
class Model:
    clients: dict[int, str] = field(default_factory=dict)  # id -> unique name token
    billed: set[int] = field(default_factory=set)
    erased: set[int] = field(default_factory=set)  # pseudonymized: row kept, no notes
    notes: dict[int, Note] = field(default_factory=dict)
    serial: int = 0

    def token(self) -> str:
        self.serial += 1
        return f"qz{self.serial}k"

    def live(self) -> list[int]:
        return sorted(c for c in self.clients if c not in self.erased)


class SearchIndexMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sd-fts-"))
        empty, path = _empty_vault(), self.folder / "fts.sdvault"
        shutil.copyfile(empty, path)
        shutil.copyfile(keys_path_for(empty), keys_path_for(path))
        self.vault: Vault = unlock_with_passphrase(path, PASSPHRASE)
        # Durability is not under test here: commits without fsync keep the run short.
        self.vault.engine.dispose()
        event.listen(self.vault.engine, "connect", _no_fsync)
        self.model = Model()
        self.checks = 0

    def teardown(self) -> None:
        self.vault.lock()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- clients ---------------------------------------------------------------------------
    @rule(last=NAMES, first=TEXT, phone=PHONES)
    def add_client(self, last: str, first: str, phone: str | None) -> None:
        token = self.model.token()
        with self.vault.uow() as uow:
            client = Client(
                file_number=f"D-{self.model.serial:04d}",
                last_name=f"{last} {token}",
                first_name=first,
                phone=phone,
                intake_date=date(2026, 1, 5),
            )
            uow.session.add(client)
            uow.session.flush()
            self.model.clients[client.id] = token
        self._found(token)

    @precondition(lambda self: self.model.live())
    @rule(data=st.data(), last=NAMES, city=TEXT | st.none(), phone=PHONES)
    def update_client(
        self, data: st.DataObject, last: str, city: str | None, phone: str | None
    ) -> None:
        client_id = data.draw(st.sampled_from(self.model.live()))
        token = self.model.token()
        with self.vault.uow() as uow:
            uow.session.execute(
                update(Client)
                .where(Client.id == client_id)
                .values(last_name=f"{last} {token}", city=city, phone=phone)
            )
        old, self.model.clients[client_id] = self.model.clients[client_id], token
        self._found(old, token)

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def bill(self, data: st.DataObject) -> None:
        client_id = data.draw(st.sampled_from(self.model.live()))
        with self.vault.uow() as uow:
            bill_client(uow.session, client_id)
        self.model.billed.add(client_id)

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        client_id = data.draw(st.sampled_from(self.model.live()))
        with self.vault.uow() as uow:
            report, _changes = erase_client(uow, client_id)
        assert report.pseudonymized == (client_id in self.model.billed)
        tokens = self._forget_notes_of(client_id) + [self.model.clients[client_id]]
        if report.pseudonymized:
            self.model.erased.add(client_id)
        else:
            del self.model.clients[client_id]
        self._found(*tokens)

    @precondition(lambda self: len(self.model.live()) >= 2)
    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        """As a merge does: unsigned notes move to the kept file, the other file goes
        (its signed notes with it, in this simulation), unless it was billed."""
        keep, gone = data.draw(
            st.lists(st.sampled_from(self.model.live()), min_size=2, max_size=2, unique=True)
        )
        if gone in self.model.billed:
            keep, gone = gone, keep
        if gone in self.model.billed:
            return
        with self.vault.uow() as uow:
            uow.session.execute(
                update(CaseNote)
                .where(CaseNote.client_id == gone, CaseNote.signed_at.is_(None))
                .values(client_id=keep)
            )
            uow.session.execute(delete(Client).where(Client.id == gone))
        moved = []
        for note in self.model.notes.values():
            if note.client_id == gone and not note.signed:
                note.client_id = keep
                moved.append(note.token)
        tokens = self._forget_notes_of(gone) + [self.model.clients.pop(gone)]
        self._found(*tokens, *moved)

    def _forget_notes_of(self, client_id: int) -> list[str]:
        ids = [i for i, n in self.model.notes.items() if n.client_id == client_id]
        return [self.model.notes.pop(i).token for i in ids]

    # --- notes -------------------------------------------------------------------------------
    @precondition(lambda self: self.model.live())
    @rule(data=st.data(), title=TEXT | st.none(), body=TEXT, signed=st.booleans())
    def add_note(self, data: st.DataObject, title: str | None, body: str, signed: bool) -> None:
        client_id = data.draw(st.sampled_from(self.model.live()))
        token = self.model.token()
        body = f"{body} {token}"
        with self.vault.uow() as uow:
            note = CaseNote(client_id=client_id, note_date=date(2026, 3, 2), title=title, body=body)
            uow.session.add(note)
            uow.session.flush()
            if signed:
                note.revisions.append(CaseNoteRevision(revision=1, title=title, body=body))
                note.signed_at, note.signed_by, note.current_revision = NOW, "Marie", 1
            self.model.notes[note.id] = Note(client_id, token, signed, int(signed))
        self._found(token)

    @precondition(lambda self: self.model.notes)
    @rule(data=st.data(), body=TEXT)
    def edit_note(self, data: st.DataObject, body: str) -> None:
        """An unsigned note is edited in place; a signed one is amended (new revision)."""
        note_id = data.draw(st.sampled_from(sorted(self.model.notes)))
        note = self.model.notes[note_id]
        token = self.model.token()
        body = f"{body} {token}"
        with self.vault.uow() as uow:
            if note.signed:
                revision = note.revision + 1
                uow.session.add(
                    CaseNoteRevision(note_id=note_id, revision=revision, body=body, reason="fix")
                )
                uow.session.flush()
                uow.session.execute(
                    update(CaseNote)
                    .where(CaseNote.id == note_id)
                    .values(body=body, title=None, current_revision=revision)
                )
                note.revision = revision
            else:
                uow.session.execute(
                    update(CaseNote).where(CaseNote.id == note_id).values(body=body)
                )
        old, note.token = note.token, token
        self._found(old, token)

    @precondition(lambda self: self.model.notes)
    @rule(data=st.data())
    def delete_note(self, data: st.DataObject) -> None:
        note_id = data.draw(st.sampled_from(sorted(self.model.notes)))
        note = self.model.notes[note_id]
        if note.signed:
            with pytest.raises(exc.IntegrityError), self.vault.uow() as uow:
                uow.session.execute(delete(CaseNote).where(CaseNote.id == note_id))
            self._found(note.token)
            return
        with self.vault.uow() as uow:
            uow.session.execute(delete(CaseNote).where(CaseNote.id == note_id))
        self._found(self.model.notes.pop(note_id).token)

    # --- the invariant -----------------------------------------------------------------------
    @invariant()
    def index_equals_a_fresh_rebuild(self) -> None:
        """FTS5's own check (every step: it re-tokenizes the rows and compares checksums
        with the index) and, every third step, an entry-by-entry comparison with an index
        built afresh."""
        self.checks += 1
        with self.vault.uow() as uow:
            assert search_index_problems(uow.session) == []
            if self.checks % 3 == 0:
                assert index_differences(uow.session) == {"case_note_fts": 0, "client_fts": 0}

    def _found(self, *tokens: str) -> None:
        """Each token (a word given to exactly one row) finds its row, and only it."""
        with self.vault.uow() as uow:
            for token in tokens:
                notes = [i for i, n in self.model.notes.items() if n.token == token]
                clients = [i for i, t in self.model.clients.items()
                           if t == token and i not in self.model.erased]  # fmt: skip
                note_hits = search_notes(uow.session, token, limit=5)
                assert [h.note_id for h in note_hits] == notes, token
                assert [h.client_id for h in note_hits] == [
                    self.model.notes[i].client_id for i in notes
                ]
                assert [h.client_id for h in search_clients(uow.session, token, limit=5)] == clients


SearchIndexMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSearchIndexNeverDrifts = SearchIndexMachine.TestCase
