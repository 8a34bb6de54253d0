"""One function per command: parsed options in, text on stdout, exit code out.

Each command checks what it can before asking for a secret (a missing vault, a vault
that would be overwritten), so nobody types a passphrase only to be told "no". An
unlocked vault is always locked again in a ``finally`` block, whatever happens.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from socialdesk.cli.secrets import (
    NEW_PASSPHRASE_ENV,
    UsageError,
    existing_passphrase,
    new_passphrase,
    recovery_key_text,
)
from socialdesk.config.paths import default_vault_path
from socialdesk.domain.errors import DamagedVault, SocialDeskError, VaultExists
from socialdesk.i18n import N_, _, current_language
from socialdesk.services.vault import (
    CheckReport,
    Vault,
    backup_vault,
    change_passphrase,
    check_vault,
    create_vault,
    read_keyslots,
    restore_backup,
    unlock_with_passphrase,
    unlock_with_recovery_key,
    vault_exists,
    vault_files,
)

# Nothing a terminal would interpret may reach it from the vault's text (escape codes,
# bidirectional overrides): names and labels are printed through printable().
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character a terminal would act on made a space."""
    return _UNPRINTABLE.sub(" ", text).strip()


def user_path(text: str) -> Path:
    """argparse ``type`` for paths: ``~`` is expanded even when the shell did not."""
    return Path(text).expanduser()


def vault_path(options: argparse.Namespace) -> Path:
    # Resolved only when a command runs: default_vault_path() creates the data folder.
    return options.vault if options.vault is not None else default_vault_path()


PROG = "socialdesk"


def _say(text: str = "") -> None:
    print(text, flush=True)


def _number(value: int) -> str:
    grouped = f"{value:,}"
    # French groups thousands with a narrow no-break space.
    return grouped.replace(",", "\u202f") if current_language() == "fr" else grouped


def _seconds(value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if current_language() == "fr" else text


def _table(rows: list[tuple[str, str]], indent: str = "", *, numbers: bool = False) -> None:
    width = max((len(label) for label, _value in rows), default=0)
    value_width = max((len(value) for _label, value in rows), default=0) if numbers else 0
    for label, value in rows:
        _say(f"{indent}{label.ljust(width)}  {value.rjust(value_width)}")


def _counts(counts: dict[str, int]) -> None:
    _table([(name, _number(count)) for name, count in counts.items()], indent="  ", numbers=True)


def _driver_error(exc: BaseException) -> Exception | None:
    """The SQLCipher driver error behind ``exc`` (raw from ``VACUUM INTO``, or wrapped by
    SQLAlchemy), or None when ``exc`` did not come from the database."""
    import sqlcipher3
    from sqlalchemy.exc import DBAPIError

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return original if isinstance(original, sqlcipher3.DatabaseError) else None


def _is_busy(error: Exception) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def is_damaged_database(exc: BaseException) -> bool:
    """A page that fails its HMAC or a malformed b-tree, met after unlock (the unlock
    check reads only the schema). A busy database or a full disk is not damage."""
    error = _driver_error(exc)
    if error is None:
        return False
    text = str(error).lower()
    return any(sign in text for sign in ("not a database", "malformed", "corrupt"))


@contextmanager
def unlocked_vault(options: argparse.Namespace) -> Iterator[Vault]:
    """The vault of ``options``, unlocked by passphrase or recovery key, locked on exit."""
    path = vault_path(options)
    read_keyslots(path)  # not found / not a vault / keys file missing: before any prompt
    if getattr(options, "recovery_key_file", None) is not None:
        vault = unlock_with_recovery_key(path, recovery_key_text(options.recovery_key_file))
    else:
        vault = unlock_with_passphrase(path, existing_passphrase(options.passphrase_file, path))
    for notice in vault.notices:  # tamper evidence: never silently continue
        print(f"socialdesk: {notice}", file=sys.stderr, flush=True)
    try:
        yield vault
    finally:
        vault.lock()


def _show_recovery_key(recovery_key: str) -> None:
    _say()
    _say(_("RECOVERY KEY (shown only this once):"))
    _say()
    _say(f"    {recovery_key}")
    _say()
    _say(
        _(
            "Write it down on paper now and keep it somewhere safe, away from this computer. "
            "It opens the vault if you forget your passphrase; without the passphrase or this "
            "key, nobody can read the vault, not even SocialDesk's developers."
        )
    )


# ---- commands -------------------------------------------------------------------------
def cmd_init(options: argparse.Namespace) -> int:
    path = vault_path(options)
    if vault_exists(path):
        raise VaultExists(path=str(path))
    passphrase = new_passphrase(options.passphrase_file)
    vault, recovery_key = create_vault(path, passphrase)  # calibrated key derivation
    try:
        _say(_("Vault created: {path}", path=str(path)))
        _show_recovery_key(recovery_key)
    finally:
        vault.lock()
    return 0


def cmd_demo(options: argparse.Namespace) -> int:
    path = vault_path(options)
    if vault_exists(path):
        raise VaultExists(path=str(path))
    try:
        from socialdesk.services.demo import generate_demo  # heavy, and only needed here
    except ModuleNotFoundError as exc:
        if exc.name != "socialdesk.services.demo":
            raise
        raise SocialDeskError(N_("Demo data is not available in this version.")) from None

    passphrase = new_passphrase(options.passphrase_file)
    # The demo brings its own (French) reference data: no default typology first.
    vault, recovery_key = create_vault(path, passphrase, seed_defaults=False)
    started = time.perf_counter()
    try:
        summary = generate_demo(vault, size=options.size, seed=options.seed)
    except BaseException:
        # The vault was created by this command a moment ago: a half-filled demo is useless.
        vault.lock()
        for leftover in vault_files(path):
            leftover.unlink()
        raise
    vault.lock()
    elapsed = time.perf_counter() - started
    _say(_("Demo vault created: {path}", path=str(path)))
    _counts(summary.counts)
    _say(_("Demo data generated in {seconds} s.", seconds=_seconds(elapsed)))
    _show_recovery_key(recovery_key)
    return 0


def cmd_check(options: argparse.Namespace) -> int:
    with unlocked_vault(options) as vault:
        try:
            report = check_vault(vault)
        except Exception as exc:
            # Damaged pages can make the integrity pragmas themselves fail (SQLite then
            # says "SQL logic error"): for a check, any database failure is a finding.
            error = _driver_error(exc)
            if error is None or _is_busy(error):
                raise
            raise DamagedVault() from exc
        path = vault.path
    _print_check(path, report)
    return 0 if report.ok else 4


def _print_check(path: Path, report: CheckReport) -> None:
    if report.schema_revision == report.head_revision:
        schema = _("{revision} (up to date)", revision=report.head_revision)
    else:
        schema = _(
            "{revision}, expected {head}",
            revision=report.schema_revision or _("no revision"),
            head=report.head_revision,
        )
    if report.problems:
        integrity = _("{count} problem(s) found", count=len(report.problems))
    else:
        integrity = _("ok, no problem found")
    _table(
        [
            (_("Vault file:"), str(path)),
            (_("Encryption:"), _("SQLCipher {version}", version=report.cipher_version)),
            (_("Database schema:"), schema),
            (_("Integrity check:"), integrity),
        ]
    )
    for problem in report.problems:
        _say(f"  - {problem}")
    _say(_("Records per table:"))
    _counts(report.counts)
    _say(
        _("The vault is healthy.")
        if report.ok
        else _("The vault has problems: restore it from a backup.")
    )


def cmd_backup(options: argparse.Namespace) -> int:
    if getattr(options, "verify", None) is not None:
        if options.to is not None:
            raise UsageError(N_("--verify checks a backup; it cannot be used with --to."))
        return cmd_verify_backup(options)
    if options.to is None:
        return cmd_backup_by_policy(options)
    with unlocked_vault(options) as vault:
        files = backup_vault(vault, options.to)
    _say(_("Backup written:"))
    _table(
        [(_("encrypted database:"), str(files.database)), (_("its keys file:"), str(files.keys))],
        indent="  ",
    )
    _say(
        _(
            "It opens with the same passphrase and recovery key as the vault. Keep the two "
            "files together."
        )
    )
    return 0


def cmd_restore(options: argparse.Namespace) -> int:
    backup: Path = options.file
    destination = vault_path(options)
    if backup.resolve() == destination.resolve():
        raise UsageError(N_("The backup and the vault are the same file."))
    if vault_exists(destination) and not options.force:
        raise VaultExists(path=str(destination))
    read_keyslots(backup)
    if getattr(options, "recovery_key_file", None) is not None:
        kept_aside = restore_backup(
            backup,
            destination,
            "",
            force=options.force,
            recovery_key=recovery_key_text(options.recovery_key_file),
        )
    else:
        passphrase = existing_passphrase(options.passphrase_file, backup)
        kept_aside = restore_backup(backup, destination, passphrase, force=options.force)
    _say(_("Backup {backup} restored to {path}.", backup=str(backup), path=str(destination)))
    if kept_aside is not None:
        _say(_("The previous vault was kept aside as {path}.", path=str(kept_aside)))
    return 0


def cmd_passwd(options: argparse.Namespace) -> int:
    path = vault_path(options)
    read_keyslots(path)
    old = existing_passphrase(options.passphrase_file, path)
    new = new_passphrase(options.new_passphrase_file, env=NEW_PASSPHRASE_ENV)
    change_passphrase(path, old, new)  # calibrated key derivation
    _say(_("Passphrase changed. The recovery key is unchanged."))
    return 0


def cmd_backup_by_policy(options: argparse.Namespace) -> int:
    """``backup`` without ``--to``: like "Back up now" in Settings — the chosen folder
    (else the one beside the vault), rotation, and the status Today shows."""
    from socialdesk.services.backups import back_up_now

    with unlocked_vault(options) as vault:
        outcome = back_up_now(vault)
    if outcome.warning is not None:
        print(f"{PROG}: {outcome.warning}", file=sys.stderr)
    if outcome.files is None:
        print(f"{PROG}: error: {outcome.error}", file=sys.stderr)
        return 1
    _say(_("Backup written:"))
    _table(
        [
            (_("encrypted database:"), str(outcome.files.database)),
            (_("its keys file:"), str(outcome.files.keys)),
        ],
        indent="  ",
    )
    if outcome.deleted:
        _say(_("{count} older backup(s) removed by rotation.", count=len(outcome.deleted)))
    _say(
        _(
            "It opens with the same passphrase and recovery key as the vault. Keep the two "
            "files together."
        )
    )
    return 0


def cmd_verify_backup(options: argparse.Namespace) -> int:
    """``backup --verify FILE``: open the backup read-only and report; 4 if damaged."""
    from socialdesk.services.backup_restore import SCHEMA_NEWER, SCHEMA_OLDER, verify_backup

    backup: Path = options.verify
    read_keyslots(backup)  # not found / not a vault / keys file missing: before any prompt
    if getattr(options, "recovery_key_file", None) is not None:
        report = verify_backup(backup, recovery_key=recovery_key_text(options.recovery_key_file))
    else:
        report = verify_backup(
            backup, passphrase=existing_passphrase(options.passphrase_file, backup)
        )
    if report.problems:
        schema = _("not read: the file is damaged")
    elif report.schema_state == SCHEMA_NEWER:
        schema = _(
            "{revision}, made by a newer version of SocialDesk",
            revision=report.schema_revision or "?",
        )
    elif report.schema_state == SCHEMA_OLDER:
        schema = _(
            "{revision}, upgraded to {head} when opened",
            revision=report.schema_revision or "?",
            head=report.head_revision,
        )
    else:
        schema = _("{revision} (up to date)", revision=report.head_revision)
    if report.problems:
        integrity = _("{count} problem(s) found", count=len(report.problems))
    else:
        integrity = _("ok, no problem found")
    rows = [(_("Backup file:"), str(report.path))]
    if report.taken_at is not None:
        rows.append((_("Made on:"), report.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")))
    rows += [(_("Integrity check:"), integrity), (_("Database schema:"), schema)]
    _table(rows)
    for problem in report.problems:
        _say(f"  - {problem}")
    if report.counts:
        _say(_("Records:"))
        _table([(label, _number(n)) for label, n in report.shown_counts()], "  ", numbers=True)
    if report.ok:
        _say(_("The backup is healthy: it can be restored."))
        return 0
    _say(_("This backup is damaged or cannot be restored."))
    return 4


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "passwd": cmd_passwd,
}
