"""Global search service (Ctrl+K): clients and notes, filters, order, limits, snippets,
private notes, hostile text — on real encrypted vaults (clients and notes made through the
ORM)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.search import SearchHit, snippet_parts
from socialdesk.services.search import search
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import CaseNote, Client, NoteType


@pytest.fixture
def files(vault: Vault) -> dict[str, int]:
    """Two clients, two note types, notes over three months (one private, one draft)."""
    with vault.uow() as uow:
        s = uow.session
        interview = NoteType(code="interview", label="Entretien")
        phone = NoteType(code="phone_call", label="Appel")
        dupont = Client(
            file_number="D-2026-0001",
            last_name="Dupont",
            first_name="Éloïse",
            city="Lyon",
            intake_date=date(2026, 1, 5),
        )
        petit = Client(file_number="D-2026-0002", last_name="Petit", first_name="Logan",
                       intake_date=date(2026, 1, 5))  # fmt: skip
        s.add_all([interview, phone, dupont, petit])
        s.flush()
        notes = {
            "jan": CaseNote(client_id=dupont.id, note_date=date(2026, 1, 10),
                            note_type_id=interview.id, title="Logement",
                            body="Demande de logement social déposée."),
            "feb": CaseNote(client_id=dupont.id, note_date=date(2026, 2, 10),
                            note_type_id=phone.id, title="Appel CAF",
                            body="Relance pour le logement, dossier incomplet."),
            "mar": CaseNote(client_id=petit.id, note_date=date(2026, 3, 10),
                            note_type_id=interview.id, title=None,
                            body="Recherche de logement en urgence.", is_private=True),
            "draft": CaseNote(client_id=petit.id, note_date=date(2026, 3, 12),
                              body="Logement : brouillon en cours.", is_draft=True),
        }  # fmt: skip
        s.add_all(notes.values())
        s.flush()
        return {"dupont": dupont.id, "petit": petit.id} | {k: n.id for k, n in notes.items()}


def _notes(hits: list[SearchHit]) -> set[int]:
    return {h.note_id for h in hits if h.kind == "note" and h.note_id is not None}


def test_search_finds_clients_first_then_notes(vault: Vault, files: dict[str, int]) -> None:
    # "log" is the prefix of Logan (a client) and of "logement" (every note)
    with vault.uow() as uow:
        hits = search(uow, "log")
    kinds = [h.kind for h in hits]
    assert kinds == ["client"] + ["note"] * 4
    assert hits[0].client_id == files["petit"] and hits[0].title == "PETIT Logan"
    assert _notes(hits) == {files["jan"], files["feb"], files["mar"], files["draft"]}


def test_search_hits_carry_what_the_ui_shows(vault: Vault, files: dict[str, int]) -> None:
    with vault.uow() as uow:
        hits = {h.note_id: h for h in search(uow, "urgence")}
    hit = hits[files["mar"]]
    assert hit.kind == "note" and hit.client_id == files["petit"]
    assert hit.note_date == date(2026, 3, 10) and hit.note_type_code == "interview"
    assert hit.is_private and not hit.is_draft
    assert hit.client_name == "PETIT Logan" and hit.file_number == "D-2026-0002"
    assert [text for text, bold in snippet_parts(hit.snippet) if bold] == ["urgence"]
    assert isinstance(hit.rank, float)


def test_search_is_accent_insensitive_both_ways(vault: Vault, files: dict[str, int]) -> None:
    with vault.uow() as uow:
        assert _notes(search(uow, "deposee")) == {files["jan"]}
        assert [h.client_id for h in search(uow, "ELOISE")] == [files["dupont"]]
        assert [h.client_id for h in search(uow, "éloïse dupont")] == [files["dupont"]]


def test_search_filters_by_client_type_and_dates(vault: Vault, files: dict[str, int]) -> None:
    with vault.uow() as uow:
        by_client = search(uow, "logement", client_id=files["dupont"])
        by_type = search(uow, "logement", note_type_code="interview")
        by_dates = search(uow, "logement", date_from=date(2026, 2, 1), date_to=date(2026, 3, 10))
        combined = search(uow, "logement", client_id=files["petit"], date_from=date(2026, 3, 11))
        unknown_type = search(uow, "logement", note_type_code="no_such_type")
    # A filter restricts the search to notes: no client hit
    assert all(h.kind == "note" for h in by_client + by_type + by_dates)
    assert _notes(by_client) == {files["jan"], files["feb"]}
    assert _notes(by_type) == {files["jan"], files["mar"]}
    assert _notes(by_dates) == {files["feb"], files["mar"]}
    assert _notes(combined) == {files["draft"]}
    assert unknown_type == []


def test_search_limit_is_shared_between_clients_and_notes(
    vault: Vault, files: dict[str, int]
) -> None:
    with vault.uow() as uow:
        assert len(search(uow, "log", limit=3)) == 3
        one = search(uow, "log", limit=1)
        assert [h.kind for h in one] == ["client"]
        for _ in range(6):  # more clients than half the limit
            uow.session.add(
                Client(file_number=f"L-{_}", last_name="Logeais", intake_date=date(2026, 1, 5))
            )
        uow.session.flush()
        hits = search(uow, "log", limit=4)
    assert [h.kind for h in hits] == ["client", "client", "note", "note"]


def test_search_rejects_a_bad_limit_or_reversed_dates(vault: Vault) -> None:
    with vault.uow() as uow:
        with pytest.raises(ValidationError) as error:
            search(uow, "x", limit=0)
        assert set(error.value.errors) == {"limit"}
        with pytest.raises(ValidationError) as error:
            search(uow, "x", date_from=date(2026, 3, 1), date_to=date(2026, 2, 1))
        assert set(error.value.errors) == {"date_to"}


def test_search_of_nothing_finds_nothing(vault: Vault, files: dict[str, int]) -> None:
    with vault.uow() as uow:
        for text in ("", "   ", "***", '""', "-"):
            assert search(uow, text) == []


def test_search_hostile_text_never_raises(vault: Vault, files: dict[str, int]) -> None:
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        text=st.text(max_size=40)
        | st.lists(
            st.sampled_from(['"', "*", "AND", "OR", "NOT", "NEAR(", ")", ":", "^", "\x00", "log"]),
            max_size=8,
        ).map(" ".join)
    )
    def check(text: str) -> None:
        with vault.uow() as uow:
            hits = search(uow, text, limit=10)
        assert len(hits) <= 10

    check()


def test_snippet_parts_split_markers() -> None:
    assert snippet_parts("a [[b]] c") == [("a ", False), ("b", True), (" c", False)]
    assert snippet_parts("[[b]]") == [("b", True)]
    assert snippet_parts("no markers") == [("no markers", False)]
    assert snippet_parts("open [[ only") == [("open [[ only", False)]
    assert snippet_parts("") == []
