"""Case notes and attachments: the values the services return, the rules they check.

A note is written as a *draft* (autosaved while typed, never losing text), saved, then
*signed*: from then on its text only changes by an *amendment*, a new numbered revision
that keeps every earlier one (revision 1 is the text as signed). A signed note cannot be
deleted. Attachments are files kept encrypted inside the vault, linked to a client and,
optionally, to one of the client's notes.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from socialdesk.domain.errors import NotFound, SocialDeskError
from socialdesk.i18n import N_

MAX_TITLE_LENGTH = 300
# About 500 pages of text: far above any real note, low enough to refuse a runaway paste.
MAX_BODY_LENGTH = 1_000_000
MAX_REASON_LENGTH = 2_000
MAX_AUTHOR_LENGTH = 200
EXCERPT_LENGTH = 200
EARLIEST_NOTE_YEAR = 1900

MAX_NOTE_TYPE_LABEL_LENGTH = 200

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_FILENAME_BYTES = 255  # file systems count bytes (UTF-8), not characters
DEFAULT_MIME = "application/octet-stream"
_MIB = 1024 * 1024


# ---- values -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NoteInput:
    """What the editor sends. ``title`` and ``body`` "" mean none."""

    client_id: int
    note_date: date
    note_type_code: str | None = None
    title: str = ""
    body: str = ""
    is_private: bool = False
    appointment_id: int | None = None


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """A file's metadata (never its bytes). ``client_id`` is set for every attachment of a
    client, including those attached to one of its notes (``note_id`` then set too)."""

    id: int
    client_id: int | None
    note_id: int | None
    filename: str
    mime: str
    size_bytes: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NoteRevisionDTO:
    """One immutable version of a signed note (1 = as signed; reason is None for it)."""

    revision: int
    title: str
    body: str
    reason: str | None
    author: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NoteSummary:
    """A row of a client's timeline: no body, only its first characters."""

    id: int
    client_id: int
    note_date: date
    note_type_code: str | None
    note_type_label: str | None
    title: str
    excerpt: str
    is_private: bool
    is_draft: bool
    signed_at: datetime | None
    current_revision: int
    attachment_count: int

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def cursor(self) -> tuple[date, int]:
        """Pass the last row's cursor as ``before=`` to get the next page."""
        return (self.note_date, self.id)


@dataclass(frozen=True, slots=True)
class NoteDetail(NoteSummary):
    """A whole note for the editor: the summary fields plus the text, the signature,
    every revision (oldest first) and the attached files."""

    body: str
    signed_by: str | None
    revisions: tuple[NoteRevisionDTO, ...]
    attachments: tuple[AttachmentInfo, ...]
    appointment_id: int | None = None
    updated_at: datetime | None = None

    def to_input(self) -> NoteInput:
        """The editor's starting values (for update_note / autosave_draft)."""
        return NoteInput(
            client_id=self.client_id,
            note_date=self.note_date,
            note_type_code=self.note_type_code,
            title=self.title,
            body=self.body,
            is_private=self.is_private,
            appointment_id=self.appointment_id,
        )


@dataclass(frozen=True, slots=True)
class NoteType:
    id: int
    code: str
    label: str
    template: str
    active: bool
    sort_order: int


# Offered on a new vault (services.notes.ensure_default_note_types); labels and templates
# are stored in the user's language at that moment and are editable afterwards.
DEFAULT_NOTE_TYPES: tuple[tuple[str, str, str], ...] = (
    (
        "interview",
        N_("Interview"),
        N_("Purpose:\n\nSituation:\n\nSteps taken:\n\nNext steps:\n"),
    ),
    (
        "phone_call",
        N_("Phone call"),
        N_("Caller / person called:\n\nPurpose of the call:\n\nNext steps:\n"),
    ),
    (
        "home_visit",
        N_("Home visit"),
        N_("Housing conditions:\n\nDiscussion:\n\nNext steps:\n"),
    ),
    ("email", N_("Email"), N_("From / to:\n\nContent:\n")),
    (
        "accompaniment",
        N_("Accompaniment outside"),
        N_("Place:\n\nHow it went:\n\nNext steps:\n"),
    ),
    (
        "synthesis",
        N_("Synthesis"),
        N_("Reminder of the situation:\n\nDevelopments:\n\nOutlook:\n"),
    ),
    (
        "partner_meeting",
        N_("Partner meeting"),
        N_("Participants:\n\nDiscussion:\n\nDecisions:\n"),
    ),
    (
        "group_session",
        N_("Group session"),
        N_("Theme:\n\nParticipation:\n\nObservations:\n"),
    ),
)


# ---- errors -------------------------------------------------------------------------------
class NoteNotFound(NotFound):
    message = "This case note does not exist (it may have been deleted)."


class NoteIsSigned(SocialDeskError):
    message = "This note is signed: its text can no longer be edited. Add an amendment instead."


class NoteNotSigned(SocialDeskError):
    message = "Only a signed note is amended; edit this note directly."


class SignedNoteCannotBeDeleted(SocialDeskError):
    message = (
        "A signed note cannot be deleted: it is part of the case file. "
        "Add an amendment if it needs correcting."
    )


class AttachmentNotFound(NotFound):
    message = "This attached file does not exist (it may have been deleted)."


class AttachmentTooLarge(SocialDeskError):
    message = "This file is {size} MB: attached files are limited to {limit} MB."

    def __init__(self, size_bytes: int) -> None:
        super().__init__(size=format_megabytes(size_bytes), limit=MAX_ATTACHMENT_BYTES // _MIB)
        self.size_bytes = size_bytes


class AttachmentOfSignedNote(SocialDeskError):
    message = "This file belongs to a signed note: it cannot be removed."


class AttachmentDamaged(SocialDeskError):
    message = (
        "This attached file is damaged inside the vault (its checksum does not match). "
        "Restore the vault from a backup."
    )


# ---- rules --------------------------------------------------------------------------------
def format_megabytes(size_bytes: int) -> str:
    """Size in MB with one decimal, rounded up so a file just over the limit never reads
    as exactly the limit ("50.1", not "50.0")."""
    tenths = -(-size_bytes * 10 // _MIB)
    return f"{tenths // 10}.{tenths % 10}"


def latest_note_date(today: date) -> date:
    """A note may be dated up to one year ahead (a planned synthesis), not further."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today + timedelta(days=365)


def clean_title(title: str) -> str:
    """One line: control characters become spaces, runs of spaces one, trimmed."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in title)
    return " ".join(text.split())


def clean_body(body: str) -> str:
    """The text as typed, minus NUL characters (a database and search-index hazard) and
    with Windows/Mac line ends made Unix."""
    return body.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def make_excerpt(start_of_body: str, length: int = EXCERPT_LENGTH) -> str:
    """The first characters of a body on one line, for the timeline."""
    flat = " ".join(start_of_body.split())
    return flat[:length]


def _text_errors(title: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(title) > MAX_TITLE_LENGTH:
        errors["title"] = N_("The title is too long (300 characters at most).")
    if len(body) > MAX_BODY_LENGTH:
        errors["body"] = N_("The text of the note is too long (1,000,000 characters at most).")
    return errors


def _person_error(name: str) -> str | None:
    if not name:
        return N_("Give the name of the person signing.")
    if len(name) > MAX_AUTHOR_LENGTH:
        return N_("The name is too long (200 characters at most).")
    return None


def note_errors(data: NoteInput, *, draft: bool, today: date) -> dict[str, str]:
    """The field errors of a note (client and type existence are checked by the service)."""
    errors: dict[str, str] = {}
    if not isinstance(data.note_date, date) or isinstance(data.note_date, datetime):
        errors["note_date"] = N_("Enter the date of the note.")
    elif data.note_date.year < EARLIEST_NOTE_YEAR or data.note_date > latest_note_date(today):
        errors["note_date"] = N_(
            "The date of the note must be between 1900 and one year from today."
        )
    title = clean_title(data.title or "")
    body = clean_body(data.body or "")
    errors.update(_text_errors(title, body))
    if not draft and not title and not body.strip():
        errors["body"] = N_("Write the note, or at least give it a title.")
    return errors


def signature_errors(*, body: str, signed_by: str) -> dict[str, str]:
    """Why a note with this body cannot be signed by ``signed_by`` (already cleaned)."""
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = N_("An empty note cannot be signed: write its text first.")
    person = _person_error(signed_by)
    if person:
        errors["signed_by"] = person
    return errors


def amendment_errors(
    *,
    title: str,
    body: str,
    reason: str,
    author: str,
    current_title: str,
    current_body: str,
) -> dict[str, str]:
    """Why this amendment (values already cleaned) cannot be made."""
    errors = _text_errors(title, body)
    if "body" not in errors and not body.strip():
        errors["body"] = N_("A signed note cannot be emptied: an amendment keeps some text.")
    if not reason:
        errors["reason"] = N_("Say why the note is amended.")
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = N_("The reason is too long (2,000 characters at most).")
    person = _person_error(author)
    if person:
        errors["author"] = person
    if not errors and title == current_title and body == current_body:
        errors["body"] = N_("The amendment changes nothing: edit the text first.")
    return errors


# Same shape as social-issue codes: stable identifiers used by filters and imports.
_CODE_RE = re.compile(r"[a-z0-9_]{1,40}")


def note_type_errors(code: str, label: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _CODE_RE.fullmatch(code):
        errors["code"] = N_(
            "The code of a note type has 1 to 40 lowercase letters, digits or underscores "
            "(e.g. home_visit)."
        )
    if not label.strip():
        errors["label"] = N_("Give the note type a name.")
    elif len(label.strip()) > MAX_NOTE_TYPE_LABEL_LENGTH:
        errors["label"] = N_("The name is too long (200 characters at most).")
    return errors


# ---- attachments --------------------------------------------------------------------------
# Characters Windows refuses in file names; replaced so an opened copy keeps its name there.
_FORBIDDEN_IN_NAMES = set('<>:"/\\|?*')
_WINDOWS_DEVICE_NAMES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def sanitize_filename(name: str) -> str:
    """A safe file name from what the user dropped: the last path part only, no control
    or formatting characters (a right-to-left override can disguise ``.exe``), nothing a
    file system refuses, at most 255 bytes in UTF-8 with the extension kept.
    Returns "" when nothing usable is left."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        "_" if ch in _FORBIDDEN_IN_NAMES else ch
        for ch in name
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
    )
    name = name.strip().strip(".").strip()
    if not name or set(name) <= {"_"}:
        return ""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        stem, dot, ext = name, "", ""
    if stem.split(".")[0].upper() in _WINDOWS_DEVICE_NAMES:
        stem = "_" + stem
    suffix = dot + ext
    room = MAX_FILENAME_BYTES - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > room:
        stem = encoded[:room].decode("utf-8", errors="ignore").rstrip(" .") or "_"
    return stem + suffix


_MIME_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def clean_mime(mime: str | None) -> str | None:
    """A well-formed ``type/subtype`` (lower case, no parameters), or None."""
    if not mime:
        return None
    value = mime.split(";", 1)[0].strip().lower()
    return value if len(value) <= 100 and _MIME_RE.match(value) else None
