"""``socialdesk clients list | import | export-gdpr`` on real encrypted vaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from socialdesk.cli import clients_commands
from socialdesk.domain.clients import ClientInput
from socialdesk.services.clients import change_status, create_client
from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.storage.orm import Client
from tests.cli.conftest import Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE

PEOPLE = [
    (ClientInput(last_name="Martin", first_name="Jean"), "active"),
    (ClientInput(last_name="Dupont", first_name="Éloïse"), "intake"),
    (ClientInput(last_name="Ștefan", first_name="Ana"), "closed"),
    (ClientInput(last_name="Bernard", first_name="Léa"), "active"),
    (ClientInput(last_name="Petit", first_name="Max"), "paused"),
]
FRENCH_EXCEL = (
    "\ufeffNom;Prénom;Date de naissance;Téléphone;Courriel;Adresse;Code postal;Ville\r\n"
    "Durand;Zoé;12/04/1990;06 12 34 56 78;zoe@example.org;12 rue des Lilas;69003;Lyon\r\n"
    "Ionescu;Mihai;1985-01-31;;;;;\r\n"
).encode()
ENGLISH = (
    b"last_name,first_name,birth_date,phone,email,address,postal_code,city\n"
    b'Moreau,Paul,1970-05-02,+32 470 12 34 56,paul@example.be,"3, rue Haute",1000,Bruxelles\n'
)
BAD_ROWS = (
    "nom;prénom;date_de_naissance;courriel\n"
    "Leroy;Anne;1990-01-01;anne@example.org\n"
    "Garnier;Luc;31/02/1990;luc@example.org\n"
    ";Jean;;jean@example.org\n"
    "Roux;Eva;;eva@\n"
).encode()


def _fill(path: Path) -> dict[str, tuple[int, str]]:
    """The PEOPLE in the vault: display name -> (id, file number)."""
    opened = unlock_with_passphrase(path, PASSPHRASE)
    made: dict[str, tuple[int, str]] = {}
    try:
        with opened.uow() as uow:
            for data, status in PEOPLE:
                file, _changes = create_client(uow, data)
                if status != "intake":
                    change_status(uow, file.id, status="active")
                if status not in ("intake", "active"):
                    change_status(uow, file.id, status=status, reason="moved away")
                made[file.display_name] = (file.id, file.file_number)
    finally:
        opened.lock()
    return made


def _count(path: Path) -> int:
    opened = unlock_with_passphrase(path, PASSPHRASE)
    try:
        with opened.uow() as uow:
            return uow.session.scalar(select(func.count()).select_from(Client)) or 0
    finally:
        opened.lock()


def _write(tmp_path: Path, data: bytes, name: str = "clients.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---- list -----------------------------------------------------------------------------------
def test_list_prints_one_client_a_line_starting_with_its_id(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    made = _fill(stored_vault.path)

    result = run("clients", "list", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    names = ["BERNARD Léa", "DUPONT Éloïse", "MARTIN Jean", "PETIT Max", "ȘTEFAN Ana"]
    statuses = {"BERNARD Léa": "active", "DUPONT Éloïse": "intake", "MARTIN Jean": "active"}
    statuses |= {"PETIT Max": "paused", "ȘTEFAN Ana": "closed"}
    assert lines == [
        f"{made[name][0]}\t{made[name][1]}\t{name}\t{statuses[name]}" for name in names
    ]


def test_list_filters_by_status_once_or_repeated(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    _fill(stored_vault.path)

    active = run("clients", "list", "--status", "active", "--vault", stored_vault.path)
    two = run(
        "clients", "list", "--status", "closed", "--status", "paused", "--vault", stored_vault.path
    )

    assert active.code == two.code == 0
    assert [line.split("\t")[2] for line in active.out.splitlines()] == [
        "BERNARD Léa",
        "MARTIN Jean",
    ]
    assert [line.split("\t")[3] for line in two.out.splitlines()] == ["paused", "closed"]


def test_list_reads_the_vault_page_by_page(
    run: Run, stored_vault: StoredVault, passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(stored_vault.path)
    pages: list[tuple[int, int]] = []
    real_list_clients = clients_commands.list_clients

    def spy(uow: object, **kwargs: object):  # type: ignore[no-untyped-def]
        pages.append((kwargs["offset"], kwargs["limit"]))  # type: ignore[arg-type]
        return real_list_clients(uow, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(clients_commands, "PAGE_SIZE", 2)
    monkeypatch.setattr(clients_commands, "list_clients", spy)

    result = run("clients", "list", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert pages == [(0, 2), (2, 2), (4, 2)]
    ids = [line.split("\t")[0] for line in result.out.splitlines()]
    assert len(ids) == len(set(ids)) == len(PEOPLE)


def test_list_of_an_empty_vault_prints_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    result = run("clients", "list", "--vault", stored_vault.path)

    assert (result.code, result.out) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["clients"],
        ["clients", "list", "--status", "archived"],
        ["clients", "frobnicate"],
        ["clients", "export-gdpr", "seven", "--out", "x"],
        ["clients", "export-gdpr", "7"],
        ["clients", "import"],
    ],
)
def test_clients_usage_errors_exit_2(run: Run, argv: list[str]) -> None:
    result = run(*argv)

    assert result.code == 2
    assert "error:" in result.err and "Traceback" not in result.err


def test_list_with_a_wrong_passphrase_exits_3(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "not the passphrase at all")

    assert run("clients", "list", "--vault", stored_vault.path).code == 3


# ---- import -----------------------------------------------------------------------------------
def test_import_of_a_french_excel_file_with_bom_and_semicolons(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    result = run("clients", "import", _write(tmp_path, FRENCH_EXCEL), "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert "2 client(s) imported: files D-" in result.out
    listed = run("clients", "list", "--vault", stored_vault.path).out
    assert "DURAND Zoé\tintake" in listed and "IONESCU Mihai\tintake" in listed


def test_import_of_a_plain_comma_file_with_english_headers(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    result = run("clients", "import", _write(tmp_path, ENGLISH), "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert "1 client(s) imported" in result.out
    assert _count(stored_vault.path) == 1


def test_bad_rows_reject_the_whole_file_with_row_column_and_reason(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    """Refused before the passphrase is even asked: the vault is not opened at all."""
    before = snapshot(stored_vault.path)

    result = run("clients", "import", _write(tmp_path, BAD_ROWS), "--vault", stored_vault.path)

    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        "socialdesk: error: The file was not imported and nothing was saved: 3 problem(s) to "
        "fix (rows are numbered as in the spreadsheet, the header is row 1).",
        '  Row 3, column "date_de_naissance": Write the date as YYYY-MM-DD or DD/MM/YYYY.',
        '  Row 4, column "nom": Enter the last name.',
        '  Row 5, column "courriel": The email address is not valid.',
    ]
    assert snapshot(stored_vault.path) == before
    assert _count(stored_vault.path) == 0


def test_rejections_are_translated(run: Run, stored_vault: StoredVault, tmp_path: Path) -> None:
    result = run(
        "clients",
        "import",
        _write(tmp_path, BAD_ROWS),
        "--vault",
        stored_vault.path,
        "--language",
        "fr",
    )

    assert result.code == 1
    assert "  Ligne 4, colonne « nom » : Saisissez le nom de famille." in result.err


def test_duplicates_are_refused_unless_allowed(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    _fill(stored_vault.path)
    data = "nom;prénom;date_de_naissance\nNouveau;Né;2001-02-03\nNouveau;Né;03/02/2001\n"
    file = _write(tmp_path, data.encode())

    refused = run("clients", "import", file, "--vault", stored_vault.path)

    assert refused.code == 1
    assert "Row 3: Looks like the same person as row 2 (same name and birth date)." in refused.err
    assert "run the import again with --allow-duplicates" in refused.err
    assert _count(stored_vault.path) == len(PEOPLE)

    allowed = run("clients", "import", file, "--allow-duplicates", "--vault", stored_vault.path)

    assert allowed.code == 0, allowed.err
    assert "1 of them look like another client" in allowed.out
    assert _count(stored_vault.path) == len(PEOPLE) + 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("nom;prénom\nDupont;Léa\n".encode("cp1252"), 'save it as "CSV UTF-8"'),
        (b"nom\nDu\x00pont\n", "NUL characters"),
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ],
)
def test_unreadable_files_exit_1_with_a_clear_message(
    run: Run, stored_vault: StoredVault, tmp_path: Path, data: bytes, expected: str
) -> None:
    result = run("clients", "import", _write(tmp_path, data), "--vault", stored_vault.path)

    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err


def test_import_of_a_missing_file_or_into_a_missing_vault_exits_1(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    missing_file = run("clients", "import", tmp_path / "none.csv", "--vault", stored_vault.path)
    missing_vault = run(
        "clients", "import", _write(tmp_path, ENGLISH), "--vault", tmp_path / "none.sdvault"
    )

    assert missing_file.code == 1 and "Cannot read the file" in missing_file.err
    assert missing_vault.code == 1 and "No vault at" in missing_vault.err


# ---- export-gdpr ------------------------------------------------------------------------------
def test_export_gdpr_writes_json_and_pdf_and_prints_their_paths(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    client_id, file_number = _fill(stored_vault.path)["DUPONT Éloïse"]
    out = tmp_path / "access"

    result = run(
        "clients", "export-gdpr", str(client_id), "--out", out, "--vault", stored_vault.path
    )

    assert result.code == 0, result.err
    json_path = out / f"gdpr-export-{file_number}.json"
    pdf_path = out / f"gdpr-export-{file_number}.pdf"
    assert str(json_path) in result.out and str(pdf_path) in result.out
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert document["person"]["file_number"] == file_number
    assert "Éloïse" in json_path.read_text(encoding="utf-8")
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert (json_path.stat().st_mode & 0o777) == 0o600


def test_export_gdpr_of_an_unknown_client_exits_1(
    run: Run, stored_vault: StoredVault, passphrase_env: str, tmp_path: Path
) -> None:
    result = run(
        "clients", "export-gdpr", "4242", "--out", tmp_path / "x", "--vault", stored_vault.path
    )

    assert result.code == 1
    assert "This client file does not exist" in result.err
