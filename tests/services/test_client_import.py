"""Importing clients from a spreadsheet's CSV: encodings, delimiters, English and French
headers, every problem reported with row and column, duplicates, limits — and nothing
saved unless the whole file is good. Real temporary encrypted vaults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from socialdesk.domain.clients import ClientInput
from socialdesk.i18n import set_language
from socialdesk.services import client_import, client_import_csv
from socialdesk.services.audit import recent_events
from socialdesk.services.client_import import (
    ImportRejected,
    import_clients_csv,
    parse_clients_csv,
    read_import_file,
)
from socialdesk.services.clients import create_client, find_duplicates, get_client_file
from socialdesk.services.csv_safety import neutralize_cell
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client

TODAY = date(2026, 3, 1)
FRENCH_EXCEL = (
    "\ufeffNom;Prénom;Date de naissance;Téléphone;Courriel;Adresse;Code postal;Ville\r\n"
    "Dupont;Éloïse;12/04/1990;06 12 34 56 78;eloise@example.org;12 rue des Lilas;69003;Lyon\r\n"
    "Ștefan;Ana;1985-01-31;;;;;\r\n"
    ";;;;;;;\r\n"  # a blank row left by the spreadsheet
).encode()
ENGLISH = (
    "last_name,first_name,birth_date,phone,email,address,postal_code,city\n"
    'Martin,Jean,1970-05-02,+33 6 98 76 54 32,jean@example.org,"3, place du Marché",75011,Paris\n'
).encode()


def _client_count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Client)) or 0


def _rejected(data: bytes) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        parse_clients_csv(data, today=TODAY)
    return caught.value


def _lines(error: ImportRejected) -> list[str]:
    return [str(p) for p in error.problems]


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


# ---- good files --------------------------------------------------------------------------
def test_french_excel_file_with_bom_and_semicolons_is_imported(vault: Vault) -> None:
    with vault.uow() as uow:
        report, changes = import_clients_csv(uow, FRENCH_EXCEL, today=TODAY)

    assert report.created == 2 and changes.clients
    with vault.uow() as uow:
        eloise = get_client_file(uow, report.client_ids[0])
        ana = get_client_file(uow, report.client_ids[1])
    assert (eloise.last_name, eloise.first_name) == ("Dupont", "Éloïse")
    assert eloise.birth_date == date(1990, 4, 12)
    assert eloise.phone == "06 12 34 56 78"
    assert eloise.email == "eloise@example.org"
    assert (eloise.address_line1, eloise.postal_code, eloise.city) == (
        "12 rue des Lilas",
        "69003",
        "Lyon",
    )
    assert (ana.last_name, ana.birth_date, ana.phone) == ("Ștefan", date(1985, 1, 31), "")
    assert report.file_numbers == (eloise.file_number, ana.file_number)


def test_plain_comma_file_with_english_headers_and_quoted_commas(vault: Vault) -> None:
    with vault.uow() as uow:
        report, _changes = import_clients_csv(uow, ENGLISH, today=TODAY)

    with vault.uow() as uow:
        jean = get_client_file(uow, report.client_ids[0])
    assert jean.address_line1 == "3, place du Marché"
    assert jean.phone == "+33 6 98 76 54 32"


@pytest.mark.parametrize(
    "header",
    ["NOM", " nom ", "Nom de famille", "last-name", "LAST_NAME", "\ufeffnom", "Nume"],
)
def test_headers_are_case_accent_and_spacing_insensitive(header: str) -> None:
    parsed = parse_clients_csv(f"{header};Prénom\nDupont;Ana\n".encode(), today=TODAY)

    assert parsed.rows[0].data == ClientInput(last_name="Dupont", first_name="Ana")
    assert parsed.columns["last_name"] == header.replace("\ufeff", "").strip()


def test_optional_columns_country_gender_and_intake_date() -> None:
    data = (
        b"nom;pays;sexe;date d'accueil;code postal\n"
        b"A;Belgique;F;01/02/2025;1000\n"
        b"B;ro;homme;2025-02-03;010011\n"
    )

    rows = parse_clients_csv(data, today=TODAY).rows

    assert (rows[0].data.country, rows[0].data.gender) == ("BE", "female")
    assert rows[0].data.intake_date == date(2025, 2, 1)
    assert (rows[1].data.country, rows[1].data.gender) == ("RO", "male")


def test_cells_neutralized_by_our_exports_come_back_as_typed() -> None:
    phone = neutralize_cell("+33 6 12 34 56 78")
    data = f"nom;téléphone\n'=Dupont;{phone}\n'Hooft;\n".encode()

    rows = parse_clients_csv(data, today=TODAY).rows

    assert rows[0].data.last_name == "=Dupont"
    assert rows[0].data.phone == "+33 6 12 34 56 78"
    assert rows[1].data.last_name == "'Hooft"  # a real apostrophe is kept


def test_import_is_audited_with_counts_only(vault: Vault) -> None:
    with vault.uow() as uow:
        import_clients_csv(uow, FRENCH_EXCEL, today=TODAY)
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]

    assert event.action == "import"
    assert event.details == {"format": "csv", "clients": 2, "possible_duplicates": 0}
    assert "Dupont" not in str(event.details)


# ---- bad rows: every problem, row and column, nothing saved -----------------------------------
def test_bad_rows_are_all_reported_and_nothing_is_saved(vault: Vault, english: None) -> None:
    data = (
        "nom;prénom;date_de_naissance;email\n"
        "Dupont;Ana;1990-01-01;ana@example.org\n"  # good, but the file is refused
        ";Jean;31/02/1990;jean@\n"
        "Durand;Paul;2999-01-01;\n"
        "Petit;Zoé;12.13.1990;zoe@example.org\n"
    ).encode()
    before = _client_count(vault)

    with pytest.raises(ImportRejected) as caught, vault.uow() as uow:
        import_clients_csv(uow, data, today=TODAY)

    assert _lines(caught.value) == [
        'Row 3, column "nom": Enter the last name.',
        'Row 3, column "date_de_naissance": Write the date as YYYY-MM-DD or DD/MM/YYYY.',
        'Row 3, column "email": The email address is not valid.',
        'Row 4, column "date_de_naissance": The birth date cannot be in the future.',
        'Row 5, column "date_de_naissance": Write the date as YYYY-MM-DD or DD/MM/YYYY.',
    ]
    assert caught.value.exit_code == 1
    assert str(caught.value).startswith("The file was not imported and nothing was saved: 5")
    assert _client_count(vault) == before


def test_problems_are_translated_when_shown() -> None:
    error = _rejected(b"nom;email\nDupont;x@\n")

    set_language("fr")
    try:
        text = str(error)
    finally:
        set_language("en")

    assert "Ligne 2, colonne « email » : L'adresse e-mail n'est pas valide." in text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n", "The file is empty."),
        ("nom;prénom\n".encode(), "The file has no client below the header row."),
        ("prénom\nAna\n".encode(), "The file needs a last name column"),
        ("nom\tprénom\nA\tB\n".encode(), "Separate the columns with ; or ,"),
        ("nom;prenom\nDupont;Léa\n".encode("cp1252"), 'not UTF-8 (line 2): save it as "CSV UTF-8"'),
        ("nom\nDupont\n".encode("utf-16"), "not UTF-8 (line 1)"),
        (b"nom\nDu\x00pont\n", "NUL characters (line 2)"),
    ],
)
def test_whole_file_problems_have_a_clear_message(
    data: bytes, expected: str, english: None
) -> None:
    error = _rejected(data)

    assert expected in str(error)


def test_header_problems_name_the_column_and_list_the_accepted_names(english: None) -> None:
    error = _rejected("nom;Notes;prénom;first_name\nA;b;c;d\n".encode())

    lines = _lines(error)
    assert lines[:2] == [
        'Row 1, column "Notes": Unknown column.',
        'Row 1, column "first_name": This column repeats the column prénom.',
    ]
    assert "last_name (nom), first_name (prénom), birth_date (date_de_naissance)" in lines[2]


def test_cells_beyond_the_named_columns_and_broken_quotes(english: None) -> None:
    error = _rejected('nom;prénom\nA;B;extra\nC;"D"x\nE;F\n'.encode())

    assert _lines(error) == [
        'Row 2, column "C": This cell has no column name in the header row.',
        "Row 3: This row is not valid CSV: a quote is not closed, or text follows a closing quote.",
    ]


def test_unnamed_empty_columns_left_by_excel_are_ignored() -> None:
    parsed = parse_clients_csv("nom;;prénom;\nA;;B;\n".encode(), today=TODAY)

    assert parsed.rows[0].data == ClientInput(last_name="A", first_name="B")


def test_control_characters_and_line_breaks_in_cells_are_refused(english: None) -> None:
    error = _rejected('nom;prénom\n"Du\npont";A\nB;\x1b[31mred\n'.encode())

    assert [(p.row, p.column) for p in error.problems] == [(2, "nom"), (3, "prénom")]
    assert "control characters" in str(error)


def test_huge_cells_and_huge_files_are_refused_without_reading_everything(
    tmp_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_cell = "x" * (client_import.MAX_CELL_CHARS + 1)
    assert "longer than 10000 characters" in str(_rejected(f"nom\n{long_cell}\n".encode()))
    giant = "y" * 200_000  # beyond the csv module's own field limit too
    assert "longer than 10000 characters" in str(_rejected(f'nom\n"{giant}"\n'.encode()))

    monkeypatch.setattr(client_import_csv, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_bytes(b"nom\n" + b"Dupont\n" * 200)
    with pytest.raises(ImportRejected, match="larger than 0 MB"):
        read_import_file(big)
    with pytest.raises(ImportRejected, match="Cannot read the file"):
        read_import_file(tmp_path / "missing.csv")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    monkeypatch.setattr(client_import_csv, "MAX_ROWS", 3)

    error = _rejected(("nom\n" + "A\n\n" * 2).encode())

    assert "more than 3 rows" in str(error)


# ---- duplicates ------------------------------------------------------------------------------
def test_duplicates_in_the_file_and_in_the_vault_are_problems(vault: Vault, english: None) -> None:
    with vault.uow() as uow:
        create_client(uow, ClientInput(last_name="Dupont", first_name="Éloïse", email="e@x.org"))
    before = _client_count(vault)
    data = (
        "nom;prénom;date_de_naissance;courriel;téléphone\n"
        "Martin;Jean;1970-05-02;;06 12 34 56 78\n"
        "Jean;Martin;02/05/1970;;\n"  # first and last names swapped: same person
        "Durand;Léa;;E@X.org;\n"  # the email of the existing file
        "Petit;Max;;;+33 6 12 34 56 78\n"  # the phone of row 2
    ).encode()

    with pytest.raises(ImportRejected) as caught, vault.uow() as uow:
        import_clients_csv(uow, data, today=TODAY)

    assert caught.value.only_duplicates
    lines = _lines(caught.value)
    assert lines[0] == "Row 3: Looks like the same person as row 2 (same name and birth date)."
    assert lines[1].startswith("Row 4: This person may already have a file (same email address)")
    assert "(DUPONT Éloïse)" in lines[1]
    assert lines[2] == "Row 5: Looks like the same person as row 2 (same phone number)."
    assert _client_count(vault) == before

    with vault.uow() as uow:
        report, _changes = import_clients_csv(uow, data, allow_duplicates=True, today=TODAY)

    assert (report.created, report.possible_duplicates) == (4, 3)
    assert _client_count(vault) == before + 4


def test_the_import_is_a_savepoint_even_if_the_caller_goes_on(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way (here: the audit) undoes the clients already created, even
    when the caller catches the error and commits its own transaction."""
    before = _client_count(vault)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(client_import, "record_event", broken)
    with vault.uow() as uow:
        with pytest.raises(RuntimeError):
            import_clients_csv(uow, FRENCH_EXCEL, today=TODAY)
        create_client(uow, ClientInput(last_name="Kept"))

    assert _client_count(vault) == before + 1


def test_every_alias_in_the_help_list_is_accepted() -> None:
    for name, aliases in client_import.COLUMNS.items():
        for alias in aliases:
            header = alias if name == "last_name" else f"nom;{alias}"
            parsed = parse_clients_csv(
                f"{header}\n{'A' if name == 'last_name' else 'A;'}\n".encode()
            )
            assert name in parsed.columns, alias


def test_duplicates_of_existing_files_follow_the_rules_of_find_duplicates(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import checks rows in batches; it must find what find_duplicates finds, row by
    row, with the same strongest reason (small chunks to cross their boundaries)."""
    people = [
        ClientInput(last_name="Dupont", first_name="Éloïse", birth_date=date(1990, 4, 12)),
        ClientInput(last_name="Martin", first_name="Jean", email="Jean.Martin@Example.org"),
        ClientInput(last_name="Petit", first_name="Max", phone="+33 6 12 34 56 78"),
        ClientInput(last_name="Roux", first_name="Eva", phone="06.12.34.56.78", email="e@x.org"),
        ClientInput(
            last_name="Ionescu",
            first_name="Ana",
            birth_name="Popescu",
            birth_date=date(1980, 1, 2),
        ),
    ]
    with vault.uow() as uow:
        for person in people:
            create_client(uow, person, allow_duplicate=True)
    rows = [
        "DUPONT;eloise;12/04/1990;;",  # name and birth date, accents and case aside
        "Éloïse;Dupont;1990-04-12;;",  # first and last names swapped
        "Dupont;Éloïse;1990-04-13;;",  # another birth date: someone else
        "Autre;Personne;;jean.martin@example.org;",  # email, case aside
        "Autre;Numéro;;;0033 6 12 34 56 78",  # the phone of Petit and Roux
        "Popescu;Ana;02/01/1980;e@x.org;",  # birth name, and the email of Roux
        "Nouveau;Venu;;;",
    ]
    data = ("nom;prénom;date_de_naissance;courriel;téléphone\n" + "\n".join(rows)).encode()
    parsed = parse_clients_csv(data, today=TODAY)
    monkeypatch.setattr(client_import, "_DUPLICATE_CHUNK", 2)

    with vault.uow() as uow:
        batched = client_import._known_duplicates(uow, parsed.rows)
        one_by_one = {
            row.row: [(c.client_id, c.reason) for c in find_duplicates(uow, row.data)]
            for row in parsed.rows
        }

    assert {n: [(c.client_id, c.reason) for c in found] for n, found in batched.items()} == {
        n: found for n, found in one_by_one.items() if found
    }
    assert set(batched) == {2, 3, 5, 6, 7}
