"""Tamper evidence: the heads of the audit chain and of the invoice chain, kept outside
the vault in ``<vault>.chainhead`` and protected by an HMAC.

Both chains live inside the database, so a database put back from an old copy (or an old
page put back in place) carries a valid but *shorter* or *different* chain. The head file
remembers the last link of each chain as of the last commit that wrote an audit event;
it is MAC-protected with a key derived from the database key (HKDF-SHA256, its own
label), so nobody without the key can forge or update it.

At unlock the recorded heads must still be in the database with the same hashes. If not,
or if the file was replaced, removed or forged, the vault opens (the data is readable and
the person may need it) but with a warning; the warning is stored in the head file and
shown at every unlock and by ``check`` until someone acknowledges it.

The file is updated after each commit holding an audit event (see ``record_event``),
never before: a crash between the commit and the update leaves a head that is a prefix
of the chain, which is fine; the opposite would raise false alarms.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialdesk.domain.errors import VaultError
from socialdesk.i18n import N_
from socialdesk.storage.orm import AuditEvent, Invoice
from socialdesk.storage.orm.settings import AppSetting
from socialdesk.vault.atomic import write_private_atomic

HEAD_SUFFIX = ".chainhead"
FORMAT = "socialdesk-chainhead"
VERSION = 1
MAC_INFO = b"socialdesk chain head mac v1"
# Set inside the vault once the head file exists, with the vault's path: from then on a
# missing file at that path is news. (A copy opened elsewhere — a backup, a moved vault —
# simply starts its own record.)
MARKER_KEY = "security.chain_head_file"
PENDING_KEY = "socialdesk.pending_chain_heads"

_log = logging.getLogger(__name__)

ROLLBACK = "rollback"
FORGED = "forged"
MISSING = "missing"


class TamperWarning(VaultError):
    """A warning shown after unlock; the vault is open. ``str()`` is translated."""

    exit_code = 4


class ChainRolledBack(TamperWarning):
    message = N_(
        "Warning: this vault is older than the last one SocialDesk saved. Its audit log or "
        "invoice journal is shorter than, or different from, what was recorded outside the "
        "vault. The file (or part of it) may have been replaced by an old copy. Check your "
        "recent work, and restore your latest backup if something is missing."
    )


class ChainHeadForged(TamperWarning):
    message = N_(
        "Warning: the tamper-evidence record beside this vault ({path}) is not the one "
        "SocialDesk wrote: it was replaced, edited or damaged. The vault may have been "
        "tampered with. Check your recent work, and restore your latest backup if "
        "something is missing."
    )


class ChainHeadMissing(TamperWarning):
    message = N_(
        "Warning: the tamper-evidence record beside this vault ({path}) has disappeared. "
        "Someone may have put back an old copy of the vault. Check your recent work, and "
        "restore your latest backup if something is missing."
    )


_WARNINGS: dict[str, type[TamperWarning]] = {
    ROLLBACK: ChainRolledBack,
    FORGED: ChainHeadForged,
    MISSING: ChainHeadMissing,
}


@dataclass(frozen=True, slots=True)
class ChainHeads:
    """The last link of each chain: (id, hash) or None for an empty chain."""

    audit: tuple[int, str] | None
    invoice: tuple[int, str] | None


def head_path_for(database: Path) -> Path:
    return database.with_name(database.name + HEAD_SUFFIX)


def mac_key(db_key: bytes, vault_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=vault_id.encode("ascii"), info=MAC_INFO
    ).derive(db_key)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _link(value: Any) -> tuple[int, str] | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise ValueError("malformed link")
    return (value[0], value[1])


# ---- reading the chains -----------------------------------------------------------------
def last_audit_link(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return (row.id, row.hash) if row is not None else None


def last_invoice_link(session: Session) -> tuple[int, str] | None:
    # The chain's order is issued_at, and issue dates never go back (see
    # invoice_issue._number_and_chain): the last link is among the last issue date's
    # documents, found through the issue-date index without reading the whole table.
    last_day = session.scalar(select(func.max(Invoice.issue_date)))
    if last_day is None:
        return None
    row = session.execute(
        select(Invoice.id, Invoice.hash)
        .where(Invoice.issue_date == last_day, Invoice.hash.is_not(None))
        .order_by(Invoice.issued_at.desc(), Invoice.id.desc())
        .limit(1)
    ).first()
    return (row.id, row.hash) if row is not None else None


def current_heads(session: Session) -> ChainHeads:
    return ChainHeads(last_audit_link(session), last_invoice_link(session))


def note_pending_heads(
    session: Session, *, audit: tuple[int, str], issued_invoice: int | None = None
) -> None:
    """Called by ``record_event`` after its flush: what the head file should say once this
    transaction commits. ``issued_invoice``: the document just issued, the chain's newest
    link (issuing always dates it after the last one), read by its primary key."""
    pending = session.info.setdefault(PENDING_KEY, {})
    pending["audit"] = audit
    if issued_invoice is not None:
        found = session.execute(
            select(Invoice.hash).where(Invoice.id == issued_invoice)
        ).scalar_one_or_none()
        if found is not None:
            pending["invoice"] = (issued_invoice, found)


def _still_in_database(session: Session, heads: ChainHeads) -> bool:
    if heads.audit is not None:
        stored = session.get(AuditEvent, heads.audit[0])
        if stored is None or stored.hash != heads.audit[1]:
            return False
    if heads.invoice is not None:
        found = session.execute(
            select(Invoice.hash).where(Invoice.id == heads.invoice[0])
        ).scalar_one_or_none()
        if found != heads.invoice[1]:
            return False
    return True


# ---- the file ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HeadRecord:
    heads: ChainHeads
    alert: dict[str, Any] | None


class HeadFile:
    """``<vault>.chainhead``: the heads and any standing alert, under an HMAC."""

    def __init__(self, database: Path, vault_id: str) -> None:
        self.path = head_path_for(Path(database))
        self.vault_id = vault_id

    def exists(self) -> bool:
        return self.path.exists()

    def read(self, keys: list[bytes]) -> HeadRecord | None:
        """The record if its MAC verifies under one of ``keys``; None if missing.
        Raises ValueError when the file is not one we wrote for this vault."""
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise ValueError("unreadable head file") from exc
        if not isinstance(data, dict) or not isinstance(data.get("mac"), str):
            raise ValueError("not a head file")
        body = {k: v for k, v in data.items() if k != "mac"}
        if body.get("format") != FORMAT or body.get("version") != VERSION:
            raise ValueError("not a head file")
        if body.get("vault_id") != self.vault_id:
            raise ValueError("head file of another vault")
        for key in keys:
            expected = hmac.new(mac_key(key, self.vault_id), _canonical(body), hashlib.sha256)
            if hmac.compare_digest(expected.hexdigest(), data["mac"]):
                alert = body.get("alert")
                return HeadRecord(
                    ChainHeads(_link(body.get("audit")), _link(body.get("invoice"))),
                    alert if isinstance(alert, dict) else None,
                )
        raise ValueError("bad MAC")

    def write(self, key: bytes, record: HeadRecord) -> None:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "audit": list(record.heads.audit) if record.heads.audit else None,
            "invoice": list(record.heads.invoice) if record.heads.invoice else None,
            "alert": record.alert,
        }
        mac = hmac.new(mac_key(key, self.vault_id), _canonical(body), hashlib.sha256)
        write_private_atomic(self.path, _canonical({**body, "mac": mac.hexdigest()}))


def _alert(kind: str) -> dict[str, Any]:
    return {"kind": kind, "at": datetime.now(UTC).replace(microsecond=0).isoformat()}


def warning_for(alert: dict[str, Any] | None, path: Path) -> TamperWarning | None:
    if not alert:
        return None
    cls = _WARNINGS.get(str(alert.get("kind")), ChainHeadForged)
    return cls(path=str(path))


# ---- at unlock, after each commit, on request -------------------------------------------
def check_at_unlock(
    session: Session,
    head: HeadFile,
    key: bytes,
    *,
    fresh: bool,
    previous_key: bytes | None = None,
) -> TamperWarning | None:
    """Compare the recorded heads with the database; rewrite the file (under ``key``)
    with the database's heads and any alert, standing or new. Returns the warning to show.

    Must run before this unlock writes its own audit event."""
    heads = current_heads(session)
    here = json.dumps(str(head.path.resolve()))
    marker = session.scalar(select(AppSetting).where(AppSetting.key == MARKER_KEY))
    alert: dict[str, Any] | None = None
    record: HeadRecord | None = None
    if not fresh:
        try:
            record = head.read([key] + ([previous_key] if previous_key else []))
        except ValueError:
            alert = _alert(FORGED)
        if record is not None:
            alert = record.alert
            if alert is None and not _still_in_database(session, record.heads):
                alert = _alert(ROLLBACK)
        elif alert is None and marker is not None and marker.value == here:
            alert = _alert(MISSING)
        # (no file and no marker for this place: a vault from before tamper evidence, or
        # a copy opened elsewhere; start recording)
    if marker is None:
        session.add(AppSetting(key=MARKER_KEY, value=here))
        session.flush()
    elif marker.value != here:
        marker.value = here
        session.flush()
    if record is None or record.alert != alert or previous_key is not None:
        # New, replaced, newly alarming or sealed with the old key: write it now. (Else
        # the commit of this unlock's own audit event brings it up to date.)
        try:
            head.write(key, HeadRecord(heads, alert))
        except OSError as exc:
            # A read-only or full folder must not keep the person out of their files;
            # the warning (if any) is still shown, and the next write tries again.
            _log.warning("could not write the chain head record: %s", exc.strerror)
    return warning_for(alert, head.path)


def record_heads_after_commit(head: HeadFile, key: bytes, pending: dict[str, Any]) -> None:
    """Write the heads a transaction just committed, keeping any standing alert. A file
    that no longer verifies becomes a standing alert itself (never silently replaced)."""
    try:
        record = head.read([key])
    except ValueError:
        record = HeadRecord(ChainHeads(None, None), _alert(FORGED))
    if record is None:
        record = HeadRecord(ChainHeads(None, None), None)
    heads = ChainHeads(
        pending.get("audit", record.heads.audit),
        pending.get("invoice", record.heads.invoice),
    )
    head.write(key, HeadRecord(heads, record.alert))


def standing_warning(head: HeadFile, key: bytes) -> TamperWarning | None:
    """The alert in the head file now (for ``check``), or a forged/missing file."""
    try:
        record = head.read([key])
    except ValueError:
        return ChainHeadForged(path=str(head.path))
    if record is None:
        return ChainHeadMissing(path=str(head.path))
    return warning_for(record.alert, head.path)


def acknowledge(session: Session, head: HeadFile, key: bytes) -> None:
    """The person has looked: clear the standing alert, record the database's heads."""
    head.write(key, HeadRecord(current_heads(session), None))


def rekey_head(head: HeadFile, old_key: bytes, new_key: bytes) -> None:
    """After a database-key rotation: the same record under the new key."""
    try:
        record = head.read([old_key, new_key])
    except ValueError:
        record = HeadRecord(ChainHeads(None, None), _alert(FORGED))
    if record is None:
        return
    head.write(new_key, record)
