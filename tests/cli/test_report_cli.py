"""``socialdesk report client|activity`` on real encrypted vaults: the files written
(private, read back), the log, and the refusals (exit 2) that come before the
passphrase is asked."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from socialdesk.cli import secrets
from socialdesk.domain.clients import HouseholdMemberDTO
from socialdesk.domain.enums import ReportAudience
from socialdesk.domain.notes import NoteInput
from socialdesk.services.clients import save_household
from socialdesk.services.notes import create_note
from socialdesk.services.reports.client_report import client_report_log
from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.storage.orm import Client
from tests.cli.conftest import Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE
from tests.pdf import pdf_text

Q1 = ("--from", "2026-01-01", "--to", "2026-03-31")
CHILD = "Xandrelle Quorvak"


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every passphrase prompt the command would show (none is expected on bad input)."""
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr(secrets, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(secrets.getpass, "getpass", ask)
    return asked


@pytest.fixture
def report_vault(stored_vault: StoredVault) -> tuple[StoredVault, int]:
    opened = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            client = Client(file_number="D-2026-0042", last_name="Țurcanu", first_name="Ștefan",
                            status="active", intake_date=date(2025, 10, 1))  # fmt: skip
            uow.session.add(client)
            uow.session.flush()
            save_household(uow, client.id, [HouseholdMemberDTO(name=CHILD, relation="enfant")])
            create_note(uow, NoteInput(client.id, date(2026, 2, 3), title="Entretien",
                                       body=f"MARQUEUR-PUBLIC {CHILD}"))  # fmt: skip
            create_note(uow, NoteInput(client.id, date(2026, 2, 4), title="Réflexion",
                                       body="MARQUEUR-PRIVE", is_private=True))  # fmt: skip
            client_id = client.id
    finally:
        opened.lock()
    return stored_vault, client_id


def test_client_report_is_written_privately_and_logged(
    run: Run, report_vault: tuple[StoredVault, int], passphrase_env: str, tmp_path: Path
) -> None:
    vault, client_id = report_vault
    out = tmp_path / "rapport.pdf"

    result = run("report", "client", client_id, "--vault", vault.path, "--audience", "person",
                 *Q1, "--sections", "notes,identity,household", "--out", out)  # fmt: skip

    assert result.code == 0, result.err
    assert f"Report on client {client_id}" in result.out and str(out) in result.out
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out, squeeze=True)
    assert "Rapport d'accompagnement" in text  # the document language: French by default
    assert "Identité" in text and "Foyer et entourage" in text and "Notes de suivi" in text
    assert "MARQUEUR-PUBLIC" in text and "MARQUEUR-PRIVE" not in text
    opened = unlock_with_passphrase(vault.path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            log = client_report_log(uow, client_id)
    finally:
        opened.lock()
    assert [(r.audience, r.sections) for r in log] == [
        (ReportAudience.CLIENT, ("identity", "household", "notes"))
    ]


def test_partner_report_in_romanian_names_no_third_party(
    run: Run, report_vault: tuple[StoredVault, int], passphrase_env: str, tmp_path: Path
) -> None:
    vault, client_id = report_vault
    out = tmp_path / "partener.pdf"

    result = run("report", "client", client_id, "--vault", vault.path, "--audience", "partner",
                 *Q1, "--sections", "household,notes", "--notes", "1,2", "--document-language", "ro",
                 "--out", out)  # fmt: skip

    assert result.code == 0, result.err
    text = pdf_text(out, squeeze=True)
    assert "Raport de însoțire socială" in text and "Familie și anturaj" in text
    assert "Xandrelle" not in text and "Quorvak" not in text
    assert "MARQUEUR-PUBLIC [enfant]" in text and "MARQUEUR-PRIVE" not in text


def test_unknown_client_is_a_clear_error_after_the_passphrase(
    run: Run, report_vault: tuple[StoredVault, int], prompts: list[str], tmp_path: Path
) -> None:
    vault, _client_id = report_vault
    out = tmp_path / "r.pdf"

    result = run("report", "client", "999", "--vault", vault.path, "--audience", "file", *Q1,
                 "--out", out)  # fmt: skip

    assert len(prompts) == 1  # the input was good: the passphrase was asked
    assert result.code == 1
    assert "client file does not exist" in result.err and "Traceback" not in result.err
    assert not out.exists()


BAD_INPUT = [
    (("--audience", "judge", *Q1), "person, partner or file"),
    (("--audience", "file", "--from", "2026-03-31", "--to", "2026-01-01"), "ends before"),
    (("--audience", "file", "--from", "2010-01-01", "--to", "2026-01-01"), "ten years"),
    (("--audience", "file", "--from", "2026-02-30", "--to", "2026-03-31"), "not a date"),
    (("--audience", "file", *Q1, "--sections", "identity,diary"), "unknown section: diary"),
    (("--audience", "file", *Q1, "--sections", ","), "unknown section"),
    (("--audience", "file", *Q1, "--notes", "1,x"), "not a list of note numbers"),
    (("--audience", "file", *Q1, "--document-language", "de"), "invalid choice"),
]


def test_bad_input_exits_2_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path, prompts: list[str]
) -> None:
    before = snapshot(stored_vault.path)
    out = tmp_path / "r.pdf"

    for args, message in BAD_INPUT:
        result = run("report", "client", "1", "--vault", stored_vault.path, *args, "--out", out)

        assert result.code == 2, args
        assert message in result.err and "Traceback" not in result.err, (args, result.err)
    assert prompts == []
    assert not out.exists() and snapshot(stored_vault.path) == before


def test_bad_client_id_and_targets_are_refused_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path, prompts: list[str]
) -> None:
    def report(client: str, out: Path) -> tuple[int, str]:
        result = run("report", "client", client, "--vault", stored_vault.path,
                     "--audience", "file", *Q1, "--out", out)  # fmt: skip
        return result.code, result.err

    before = snapshot(stored_vault.path)
    code, err = report("abc", tmp_path / "r.pdf")
    assert code == 2 and "not a client number: abc" in err
    code, err = report("1", tmp_path / "no" / "such" / "r.pdf")
    assert code == 2 and "does not exist" in err
    code, err = report("1", tmp_path)
    assert code == 2 and "is a folder" in err
    code, err = report("1", stored_vault.path)
    assert code == 2 and "overwrite the vault" in err
    assert snapshot(stored_vault.path) == before and prompts == []


def test_activity_report_with_its_csv(
    run: Run, report_vault: tuple[StoredVault, int], passphrase_env: str, tmp_path: Path
) -> None:
    vault, _client_id = report_vault
    out, csv_out = tmp_path / "activite.pdf", tmp_path / "chiffres.csv"

    result = run("report", "activity", "--vault", vault.path, *Q1, "--out", out,
                 "--csv", csv_out, "--document-language", "fr")  # fmt: skip

    assert result.code == 0, result.err
    assert "Activity report" in result.out and f"Figures written to {csv_out}" in result.out
    assert out.read_bytes().startswith(b"%PDF") and csv_out.stat().st_size > 0


def test_activity_bad_input_exits_2_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path, prompts: list[str]
) -> None:
    before = snapshot(stored_vault.path)
    out = tmp_path / "a.pdf"
    reversed_period = run(
        "report",
        "activity",
        "--vault",
        stored_vault.path,
        "--from",
        "2026-03-31",
        "--to",
        "2026-01-01",
        "--out",
        out,
    )
    same_file = run("report", "activity", "--vault", stored_vault.path, *Q1, "--out", out,
                    "--csv", out)  # fmt: skip
    assert reversed_period.code == 2 and "ends before" in reversed_period.err
    assert same_file.code == 2 and "another file for the CSV" in same_file.err
    assert run("report").code == 2 and run("report", "client").code == 2
    assert not out.exists() and snapshot(stored_vault.path) == before and prompts == []
