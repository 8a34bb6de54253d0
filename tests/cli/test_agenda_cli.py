"""``socialdesk agenda export`` on real encrypted vaults: the file, its privacy, the
audit entry, and every refusal with its exit code before anything is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from icalendar import Calendar

from socialdesk.cli import agenda_commands
from socialdesk.services.audit import recent_events
from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.vault.keyslots import keys_path_for
from tests.cli.conftest import Result, Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE
from tests.services.test_agenda_ics import MARKERS, Seeded, seed_agenda, unfolded

OCTOBER = ("--from", "2026-10-01", "--to", "2026-10-31")


@pytest.fixture
def agenda_vault(stored_vault: StoredVault) -> tuple[StoredVault, Seeded]:
    opened = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        seeded = seed_agenda(opened)
    finally:
        opened.lock()
    return stored_vault, seeded


def _export(run: Run, vault: StoredVault, out: Path, *extra: str) -> Result:
    return run("agenda", "export", "--vault", vault.path, *OCTOBER, "--out", out, *extra)


# ---- the normal path ---------------------------------------------------------------------------
def test_export_writes_a_private_calendar_and_says_how_many(
    run: Run, agenda_vault: tuple[StoredVault, Seeded], passphrase_env: str, tmp_path: Path
) -> None:
    vault, seeded = agenda_vault
    out = tmp_path / "agenda.ics"

    result = run("agenda", "export", "--vault", vault.path, *OCTOBER, "--out", out)

    assert result.code == 0, result.err
    assert "4 appointment(s) from 2026-10-01 to 2026-10-31 exported to" in result.out
    assert "not encrypted" in result.out
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == 4
    assert seeded.file_numbers[0] in unfolded(out.read_bytes())
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    opened = unlock_with_passphrase(vault.path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            exports = [e for e in recent_events(uow) if e.action == "export"]
    finally:
        opened.lock()
    assert [(e.object_type, e.details["anonymized"], e.details["events"]) for e in exports] == [
        ("agenda", False, 4)
    ]


def test_anonymized_export_names_nobody(
    run: Run, agenda_vault: tuple[StoredVault, Seeded], passphrase_env: str, tmp_path: Path
) -> None:
    vault, seeded = agenda_vault
    out = tmp_path / "phone.ics"

    result = run(
        "agenda", "export", "--vault", vault.path, "--from", "2026-01-01", "--to",
        "2026-12-31", "--out", out, "--anonymize",
    )  # fmt: skip

    assert result.code == 0, result.err
    assert "Anonymized" in result.out
    data = out.read_bytes()
    text = unfolded(data).upper()
    for marker in (*MARKERS, "MARTIN", "PETIT"):
        assert marker.upper() not in text and marker.encode().upper() not in data.upper()
    assert not any(number in text for number in seeded.file_numbers)
    assert len(list(Calendar.from_ical(data).walk("VEVENT"))) == 6


def test_a_second_export_replaces_the_first(
    run: Run, agenda_vault: tuple[StoredVault, Seeded], passphrase_env: str, tmp_path: Path
) -> None:
    vault, _seeded = agenda_vault
    out = tmp_path / "agenda.ics"
    out.write_text("old")

    assert _export(run, vault, out, "--anonymize").code == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_french_messages(
    run: Run, agenda_vault: tuple[StoredVault, Seeded], passphrase_env: str, tmp_path: Path
) -> None:
    vault, _seeded = agenda_vault

    done = _export(run, vault, tmp_path / "a.ics", "--language", "fr")
    bad = run("agenda", "export", "--language", "fr", "--from", "2026-02-30", "--to",
              "2026-03-01", "--out", tmp_path / "b.ics")  # fmt: skip

    assert done.code == 0 and "4 rendez-vous du 2026-10-01 au 2026-10-31" in done.out
    assert bad.code == 2 and "date invalide : 2026-02-30" in bad.err


# ---- refusals ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (("--from", "2026-13-01", "--to", "2026-12-31"), "not a date: 2026-13-01"),
        (("--from", "01/10/2026", "--to", "2026-10-31"), "not a date: 01/10/2026"),
        (("--from", "2026-10-01", "--to", "2026-1-31"), "not a date: 2026-1-31"),
        (("--from", "2026-10-31", "--to", "2026-10-01"), "end date is before the start date"),
        (("--from", "2020-01-01", "--to", "2026-01-01"), "five years at most"),
    ],
)
def test_bad_dates_exit_2_and_touch_nothing(
    run: Run,
    stored_vault: StoredVault,
    tmp_path: Path,
    dates: tuple[str, ...],
    message: str,
) -> None:
    before = snapshot(stored_vault.path)
    out = tmp_path / "agenda.ics"

    # No passphrase anywhere: a refusal must come before the prompt.
    result = run("agenda", "export", "--vault", stored_vault.path, *dates, "--out", out)

    assert result.code == 2
    last_line = result.err.strip().splitlines()[-1]
    assert "error:" in last_line and message in last_line
    assert "Traceback" not in result.err
    assert not out.exists() and snapshot(stored_vault.path) == before


def test_missing_arguments_are_usage_errors(run: Run, stored_vault: StoredVault) -> None:
    assert run("agenda").code == 2
    assert run("agenda", "export", "--vault", stored_vault.path, *OCTOBER).code == 2
    assert run("agenda", "export", "--from", "2026-10-01", "--out", "x.ics").code == 2


def test_a_missing_output_folder_is_refused_before_the_passphrase(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    out = tmp_path / "no" / "such" / "folder" / "agenda.ics"

    result = _export(run, stored_vault, out)

    assert result.code == 2
    assert "does not exist" in result.err and str(out.parent) in result.err
    assert not out.parent.exists()


def test_a_folder_as_output_is_refused(run: Run, stored_vault: StoredVault, tmp_path: Path) -> None:
    result = _export(run, stored_vault, tmp_path)

    assert result.code == 2 and "is a folder" in result.err


@pytest.mark.parametrize("suffix", ["", ".keys", "-wal"])
def test_the_vault_itself_is_never_the_output(
    run: Run, stored_vault: StoredVault, passphrase_env: str, suffix: str
) -> None:
    before = snapshot(stored_vault.path)
    target = stored_vault.path.with_name(stored_vault.path.name + suffix)
    if suffix == ".keys":
        target = keys_path_for(stored_vault.path)

    result = _export(run, stored_vault, target)

    assert result.code == 2 and "overwrite the vault" in result.err
    assert snapshot(stored_vault.path) == before


def test_a_wrong_passphrase_exits_3_and_writes_nothing(
    run: Run, stored_vault: StoredVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "not the passphrase at all")
    out = tmp_path / "agenda.ics"

    result = _export(run, stored_vault, out)

    assert result.code == 3 and "Incorrect passphrase" in result.err
    assert not out.exists()


def test_no_passphrase_and_no_terminal_is_a_usage_error(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    result = _export(run, stored_vault, tmp_path / "agenda.ics")

    assert result.code == 2 and "SOCIALDESK_PASSPHRASE" in result.err


def test_no_vault_exits_1(run: Run, tmp_path: Path, passphrase_env: str) -> None:
    result = run(
        "agenda", "export", "--vault", tmp_path / "none.sdvault", *OCTOBER,
        "--out", tmp_path / "a.ics",
    )  # fmt: skip

    assert result.code == 1 and "No vault at" in result.err
    assert not (tmp_path / "a.ics").exists()


def test_local_date_parser_accepts_only_iso_days() -> None:
    assert str(agenda_commands.local_date("2026-03-29")) == "2026-03-29"
    for text in ("2026-02-29", "20260329", "2026-3-29", "", "2026-03-29T10:00"):
        with pytest.raises(Exception, match="YYYY-MM-DD"):
            agenda_commands.local_date(text)
