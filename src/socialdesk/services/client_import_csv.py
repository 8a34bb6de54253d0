"""Reading a spreadsheet's CSV file of clients, checked row by row (no database).

The file is what Excel, LibreOffice or Numbers write with "CSV UTF-8": UTF-8 with or
without a byte-order mark, ``;`` or ``,`` between cells (guessed from the header row), one
header row naming the columns in English, French or Romanian (case, accents, spaces and
dashes do not matter: "Date de naissance" is ``birth_date``; see :data:`COLUMNS`), dates
as ``YYYY-MM-DD`` or ``DD/MM/YYYY``. Rows are numbered as the spreadsheet shows them: the
header is row 1.

Other encodings are refused rather than guessed: a Windows "ANSI" file may be cp1252
(French) or cp1250 (Romanian), and a wrong guess would store misspelt names without a
word of warning. Every cell is checked with the very rules of the client form
(:func:`domain.client_rules.validate_client_input`); line breaks and control characters,
which no one-line field should hold, are refused too. Limits (file size, rows, cells,
cell length) keep a wrong or hostile file from eating memory or time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from socialdesk.domain.client_import import ImportProblem, ImportRejected, ImportRow, ParsedImport
from socialdesk.domain.client_rules import validate_client_input
from socialdesk.domain.clients import ClientInput, fold
from socialdesk.domain.enums import Country, Gender
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.services.csv_safety import restore_cell

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_ROWS = 20_000  # below the header, blank rows included
MAX_COLUMNS = 100

# Header names per ClientInput field, the English and French ones first (shown in
# messages); a header matches after _header_key(): "Date de naissance" → "date_de_naissance".
COLUMNS: dict[str, tuple[str, ...]] = {
    "last_name": ("last_name", "nom", "nom_de_famille", "nume"),
    "first_name": ("first_name", "prénom", "prenume"),
    "birth_date": ("birth_date", "date_de_naissance", "date_naissance", "data_nasterii"),
    "phone": ("phone", "téléphone", "tel", "telefon"),
    "email": ("email", "courriel", "e_mail", "mail"),
    "address_line1": ("address", "adresse", "address_line1", "adresa"),
    "address_line2": ("address_line2", "complément_d_adresse", "adresse_2"),
    "postal_code": ("postal_code", "code_postal", "cp", "cod_postal"),
    "city": ("city", "ville", "commune", "localité", "localitate", "oras"),
    "country": ("country", "pays", "tara"),
    "civility": ("civility", "civilité"),
    "birth_name": ("birth_name", "nom_de_naissance"),
    "gender": ("gender", "sexe", "genre", "sex"),
    "intake_date": ("intake_date", "date_d_accueil", "date_accueil"),
    "referral_source": ("referral_source", "orientation", "orienté_par"),
}
_DATE_FIELDS = frozenset({"birth_date", "intake_date"})
_COUNTRIES = {
    **dict.fromkeys(("fr", "france", "franta"), Country.FR.value),
    **dict.fromkeys(("be", "belgique", "belgium", "belgie", "belgien"), Country.BE.value),
    **dict.fromkeys(("ro", "roumanie", "romania"), Country.RO.value),
}
_GENDERS = {
    **dict.fromkeys(("female", "f", "femme", "feminin", "femeie"), Gender.FEMALE.value),
    **dict.fromkeys(("male", "m", "h", "homme", "masculin", "barbat"), Gender.MALE.value),
    **dict.fromkeys(("other", "autre", "altul"), Gender.OTHER.value),
    **dict.fromkeys(("undisclosed", "non_precise", "nespecificat"), Gender.UNDISCLOSED.value),
}
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST_DATE = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
# Invisible or layout characters that have no place in a one-line field: C0/C1 controls
# (line breaks, tabs, NUL…), Unicode line/paragraph separators, bidirectional overrides.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NOT_A_KEY_CHAR = re.compile(r"[^a-z0-9]+")


def _header_key(text: str) -> str:
    """``" Date de naissance "`` → ``"date_de_naissance"``, ``"E-mail"`` → ``"e_mail"``."""
    return _NOT_A_KEY_CHAR.sub("_", fold(text.replace("\ufeff", "").strip())).strip("_")


_FIELD_BY_HEADER = {
    _header_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases
}

NOT_UTF8 = N_(
    'The file is not UTF-8 (line {line}): save it as "CSV UTF-8" in your spreadsheet '
    "and import it again."
)
BAD_DATE = N_("Write the date as YYYY-MM-DD or DD/MM/YYYY.")
UNKNOWN_COLUMN = N_("Unknown column.")
NOT_CSV = N_("This row is not valid CSV: a quote is not closed, or text follows a closing quote.")
NO_COLUMN_NAME = N_("This cell has no column name in the header row.")
TOO_MANY_CELLS = N_("This row has more than {count} cells.")
TOO_LONG_CELL = N_("This cell is longer than {limit} characters.")


def _rejected(message: str, **params: object) -> ImportRejected:
    return ImportRejected([ImportProblem(None, None, message, params)])


# ---- reading the file ----------------------------------------------------------------------------
def read_import_file(path: Path) -> bytes:
    """The bytes of ``path``; ImportRejected when it cannot be read or is larger than
    the limit (never more than the limit and one byte is read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _rejected(
            N_("Cannot read the file {path}: {reason}."),
            path=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from None
    _check_size(data)
    return data


def _check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise _rejected(
            N_("The file is larger than {size} MB: split it into smaller files."),
            size=MAX_FILE_BYTES // (1024 * 1024),
        )


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _rejected(NOT_UTF8, line=1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _rejected(NOT_UTF8, line=data.count(b"\n", 0, exc.start) + 1) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise _rejected(
            N_("The file contains NUL characters (line {line}): it is not a CSV text file."),
            line=text.count("\n", 0, nul) + 1,
        )
    if not text.strip():
        raise _rejected(N_("The file is empty."))
    return text


def _delimiter(text: str) -> str:
    """``;`` (French Excel) or ``,``: whichever the header row has more of."""
    header = re.split(r"[\r\n]", text, maxsplit=1)[0]
    semicolons, commas = header.count(";"), header.count(",")
    if not semicolons and not commas and "\t" in header:
        raise _rejected(N_("Separate the columns with ; or , (the header row has tabs)."))
    return ";" if semicolons >= commas else ","


def _records(text: str, delimiter: str) -> Iterator[list[str] | ImportProblem]:
    """The CSV records in order, the header first. A malformed quote or a giant cell ends
    the reading with a problem: what follows cannot be trusted to start a new row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    while True:
        row += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                yield ImportProblem(row, None, TOO_LONG_CELL, {"limit": MAX_CELL_CHARS})
            else:
                yield ImportProblem(row, None, NOT_CSV)
            return
        yield record


# ---- the header ------------------------------------------------------------------------------
def column_letter(index: int) -> str:
    """Spreadsheet name of the column at ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_header(header: list[str]) -> tuple[dict[int, str], dict[str, str], list[ImportProblem]]:
    """Field per column index, header label per field, and the header's problems."""
    problems: list[ImportProblem] = []
    fields: dict[int, str] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(header):
        label = cell.replace("\ufeff", "").strip()
        if not label:
            continue  # an unnamed column: refused later only if it holds data
        # As the user will read it: one short line, nothing a terminal would interpret.
        shown = _CONTROL.sub("?", label if len(label) <= 60 else label[:59] + "…")
        name = _FIELD_BY_HEADER.get(_header_key(label))
        if name is None:
            problems.append(ImportProblem(1, shown, UNKNOWN_COLUMN))
        elif name in labels:
            problems.append(
                ImportProblem(
                    1, shown, N_("This column repeats the column {other}."), {"other": labels[name]}
                )
            )
        else:
            fields[index], labels[name] = name, shown
    if any(p.message == UNKNOWN_COLUMN for p in problems):
        problems.append(
            ImportProblem(
                None,
                None,
                N_("The columns can be: {columns}."),
                {"columns": ", ".join(f"{a[0]} ({a[1]})" for a in COLUMNS.values())},
            )
        )
    elif "last_name" not in labels and not problems:
        problems.append(
            ImportProblem(1, None, N_("The file needs a last name column (last_name or nom)."))
        )
    return fields, labels, problems


# ---- one row -----------------------------------------------------------------------------------
def _parse_date(text: str) -> date | None:
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)  # ValueError for 31/02


class _BadCell(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params


def _convert(name: str, text: str) -> Any:
    """The ClientInput value of a cell; _BadCell when it cannot be one."""
    if len(text) > MAX_CELL_CHARS:
        raise _BadCell(TOO_LONG_CELL, limit=MAX_CELL_CHARS)
    text = restore_cell(text.strip())  # a cell neutralized by one of our own exports
    if _CONTROL.search(text):
        raise _BadCell(N_("Line breaks, tabs and control characters are not allowed here."))
    if not text:
        return None if name in _DATE_FIELDS | {"country", "gender"} else ""
    if name in _DATE_FIELDS:
        try:
            return _parse_date(text)
        except ValueError:
            raise _BadCell(BAD_DATE) from None
    if name == "country":
        if (country := _COUNTRIES.get(_header_key(text))) is None:
            raise _BadCell(N_("Write FR, BE or RO (France, Belgique, Roumanie)."))
        return country
    if name == "gender":
        if (gender := _GENDERS.get(_header_key(text))) is None:
            raise _BadCell(
                N_("Write F (female), M or H (male), other, undisclosed, or leave it empty.")
            )
        return gender
    return text


def _read_row(
    number: int,
    record: list[str],
    fields: Mapping[int, str],
    labels: Mapping[str, str],
    today: date,
) -> tuple[ClientInput | None, list[ImportProblem]]:
    """The validated input of one row, or its problems, one a cell, left to right."""
    found: dict[int, ImportProblem] = {}  # column index -> the cell's first problem
    values: dict[str, Any] = {}
    for index, cell in enumerate(record):
        name = fields.get(index)
        if name is None:
            if cell.strip():
                found[index] = ImportProblem(number, column_letter(index), NO_COLUMN_NAME)
            continue
        try:
            values[name] = _convert(name, cell)
        except _BadCell as bad:
            found[index] = ImportProblem(number, labels[name], bad.message, bad.params)
    try:
        clean = validate_client_input(ClientInput(**values), today=today)
    except ValidationError as exc:
        position = {name: index for index, name in fields.items()}
        for name, message in exc.errors.items():
            index = position.get(name, len(record))
            found.setdefault(index, ImportProblem(number, labels.get(name, name), message))
        clean = None
    return (None if found else clean), [found[i] for i in sorted(found)]


def parse_clients_csv(data: bytes, *, today: date | None = None) -> ParsedImport:
    """Read and check a whole CSV file; raises ImportRejected listing every problem.

    Pure (no database): a front end can run it before unlocking the vault.
    """
    _check_size(data)
    text = _decode(data)
    delimiter = _delimiter(text)
    records = _records(text, delimiter)
    header = next(records, [])
    if isinstance(header, ImportProblem):
        raise ImportRejected([header])
    if len(header) > MAX_COLUMNS:
        raise ImportRejected([ImportProblem(1, None, TOO_MANY_CELLS, {"count": MAX_COLUMNS})])
    fields, labels, problems = _read_header(header)
    if problems:
        raise ImportRejected(problems)
    day = today or date.today()
    rows: list[ImportRow] = []
    for number, record in enumerate(records, start=2):
        if isinstance(record, ImportProblem):
            problems.append(record)
            break
        if number > MAX_ROWS + 1:  # blank rows count too: a file of empty lines is refused fast
            raise _rejected(
                N_("The file has more than {count} rows: split it into smaller files."),
                count=MAX_ROWS,
            )
        if len(record) > MAX_COLUMNS:
            problems.append(ImportProblem(number, None, TOO_MANY_CELLS, {"count": MAX_COLUMNS}))
            continue
        if not any(cell.strip() for cell in record):
            continue  # blank rows, often left at the end by spreadsheets
        clean, row_problems = _read_row(number, record, fields, labels, day)
        problems += row_problems
        if clean is not None:
            rows.append(ImportRow(number, clean))
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise _rejected(N_("The file has no client below the header row."))
    return ParsedImport(rows=tuple(rows), columns=labels, delimiter=delimiter)
