"""Fuzzing the CSV import (hypothesis, 1,000 files): random bytes, other encodings,
quotes, huge cells, NUL bytes, wrong dates, random delimiters and line endings.

Whatever the file, the only error that surfaces is ImportRejected (with at least one
problem, printable in English and French), and the number of clients changes only by
what an accepted import reports. One encrypted vault serves every example: created once
in the test body, it accumulates the accepted files, which also exercises the duplicate
checks against existing clients.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, func, select

from socialdesk.i18n import set_language
from socialdesk.services.client_import import COLUMNS, ImportRejected, import_clients_csv
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Client
from tests.conftest import CHEAP_KDF, PASSPHRASE

RANDOM_BYTES_EXAMPLES = 350
CSV_EXAMPLES = 450
SPREADSHEET_EXAMPLES = 200
FUZZ = settings(
    deadline=None,
    database=None,  # no example database written into the source tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADERS = [alias for aliases in COLUMNS.values() for alias in aliases[:2]] + [
    "Nom",
    "PRÉNOM",
    "Date de naissance",
    "E-mail",
    "notes",
    "",
    "nom",
]
good_cells = st.sampled_from(
    [
        "Dupont",
        "Éloïse",
        "Ștefan",
        "12/04/1990",
        "1985-01-31",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "eloise@example.org",
        "69003",
        "Lyon",
        "FR",
        "Belgique",
        "F",
        "'=1+1",
        "'t Hooft",
        "",
    ]
)
bad_cells = st.sampled_from(
    [
        "31/02/1990",
        "1990-13-01",
        "2999-01-01",
        "01/01/1800",
        "12.04.90",
        "not a date",
        "x@",
        "@example.org",
        "123",
        "+33 6 12 34 56 78 90 12 34",
        "Atlantis",
        "?",
        '"',
        '""',
        'a"b',
        '"quoted" tail',
        "line\nbreak",
        "tab\there",
        "nul\x00byte",
        "\x1b[31mred",
        "\u202eevil",
        '=HYPERLINK("http://x")',
        "; , ;",
        "\ufeff",
    ]
)
huge_cells = st.integers(min_value=9_990, max_value=140_000).map(lambda n: "x" * n)
cells = st.one_of(good_cells, good_cells, bad_cells, st.text(max_size=30), huge_cells)


words = st.text(alphabet="abcdeéèfghiîjklmnoprsștțuvzăâ -'", min_size=1, max_size=12)
VALID_CELLS = {
    "last_name": st.one_of(st.sampled_from(["Dupont", "Ștefan", "N'Diaye", "'t Hooft"]), words),
    "first_name": st.one_of(st.sampled_from(["Éloïse", "Ana", ""]), words),
    "birth_date": st.dates(date(1900, 1, 1), date(2020, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y"), ""])
    ),
    "phone": st.integers(10**8, 10**9 - 1).flatmap(
        lambda n: st.sampled_from([f"06{n:09d}"[:10], f"+33 6{n:08d}"[:14], ""])
    ),
    "email": st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@example\.org", fullmatch=True),
    "address_line1": words,
    "postal_code": st.from_regex(r"[0-9]{5}", fullmatch=True),
    "city": words,
}


@st.composite
def spreadsheet_files(draw: st.DrawFn) -> bytes:
    """A file a spreadsheet could have written, sometimes with one bad cell in it: most
    are accepted, which takes the import to the database (duplicates, creation)."""
    columns = ["last_name", *draw(st.sets(st.sampled_from(sorted(VALID_CELLS)[1:])))]
    columns = [c for c in columns if c in VALID_CELLS]
    headers = [draw(st.sampled_from(COLUMNS[c][:2])) for c in columns]
    delimiter = draw(st.sampled_from([";", ","]))
    rows = draw(
        st.lists(st.tuples(*(VALID_CELLS[c] for c in columns)).map(list), min_size=1, max_size=4)
    )
    if draw(st.integers(0, 3)) == 0:  # one bad cell somewhere
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(columns) - 1))
        rows[row][column] = draw(bad_cells)
    writer_out = io.StringIO()
    writer = csv.writer(writer_out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([headers, *rows])
    bom = draw(st.sampled_from([b"", codecs.BOM_UTF8]))
    return bom + writer_out.getvalue().encode()


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Text that looks more or less like a spreadsheet's CSV, then encoded and damaged."""
    delimiter = draw(st.sampled_from([";", ",", ";", ",", "\t", "|", " "]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(cells, min_size=max(0, width - 2), max_size=width + 2), min_size=0, max_size=6
        )
    )

    def line(values: list[str]) -> str:
        out = []
        for value in values:
            if draw(st.booleans()):  # quoted as Excel does when needed, or not at all
                value = '"' + value.replace('"', '""') + '"'
            out.append(value)
        return delimiter.join(out)

    text = newline.join([line(header), *(line(r) for r in rows)])
    if draw(st.booleans()):
        text += newline
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    damage = draw(st.sampled_from(["none", "none", "none", "byte", "nul", "cut"]))
    if damage != "none" and data:
        at = draw(st.integers(0, len(data) - 1))
        if damage == "byte":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif damage == "nul":
            data = data[:at] + b"\x00" + data[at:]
        else:
            data = data[:at]  # a file cut short (copy interrupted)
    return data


random_files = st.one_of(
    st.binary(max_size=2_000),
    st.binary(max_size=200).map(lambda b: codecs.BOM_UTF8 + b),
    st.text(max_size=500).map(str.encode),
)


def _count(connection: Connection) -> int:
    """Clients in the vault, read on a connection of its own (not the import's)."""
    try:
        return connection.execute(select(func.count()).select_from(Client)).scalar_one()
    finally:
        connection.rollback()  # end the read: the next count sees the latest commit


def _check_one(
    vault: Vault, counter: Connection, data: bytes, allow_duplicates: bool, language: str
) -> str:
    before = _count(counter)
    try:
        with vault.uow() as uow:
            report, changes = import_clients_csv(uow, data, allow_duplicates=allow_duplicates)
    except ImportRejected as exc:
        assert exc.problems
        set_language(language)
        try:
            assert str(exc)  # every message renders, placeholders filled, in both languages
        finally:
            set_language("en")
        assert _count(counter) == before
        return "rejected"
    assert report.created == len(report.client_ids) > 0 and changes.clients
    assert _count(counter) == before + report.created
    return "accepted"


def test_fuzzed_files_only_ever_raise_import_rejected(tmp_path: Path) -> None:
    vault, _recovery = create_vault(tmp_path / "fuzz.sdvault", PASSPHRASE, kdf_params=CHEAP_KDF)
    counter = vault.engine.connect()
    outcomes: dict[str, int] = {"accepted": 0, "rejected": 0}

    def check(data: bytes, allow: bool, language: str) -> None:
        outcomes[_check_one(vault, counter, data, allow, language)] += 1

    languages = st.sampled_from(["en", "fr"])
    started = time.perf_counter()
    try:

        @settings(FUZZ, max_examples=RANDOM_BYTES_EXAMPLES)
        @given(data=random_files, language=languages)
        def random_bytes(data: bytes, language: str) -> None:
            check(data, False, language)

        @settings(FUZZ, max_examples=CSV_EXAMPLES)
        @given(data=csv_files(), allow=st.booleans(), language=languages)
        def damaged_csv(data: bytes, allow: bool, language: str) -> None:
            check(data, allow, language)

        @settings(FUZZ, max_examples=SPREADSHEET_EXAMPLES)
        @given(data=spreadsheet_files(), allow=st.booleans(), language=languages)
        def spreadsheet_exports(data: bytes, allow: bool, language: str) -> None:
            check(data, allow, language)

        random_bytes()
        damaged_csv()
        spreadsheet_exports()
    finally:
        counter.close()
        vault.lock()
    elapsed = time.perf_counter() - started
    total = outcomes["accepted"] + outcomes["rejected"]
    print(f"\nimport fuzz: {total} files in {elapsed:.1f} s, {outcomes}")
    assert total >= 1_000
    # The generators reach the database (duplicates, creation), not only the parser.
    assert outcomes["accepted"] >= 50
