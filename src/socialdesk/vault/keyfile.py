"""Crash-safe changes of the keys file: write ``<vault>.keys.next``, then swap it in.

A key change never edits the current keys file in place. It first writes the whole new
file beside it (atomically: temp file, fsync, rename, fsync the folder), then — for a
database-key rotation — rekeys the database, and only then renames ``.next`` over the
current file and fsyncs the folder. A kill at any moment leaves one of:

- no ``.next``: nothing changed yet, or the change is complete;
- a ``.next`` whose key is the database's: the swap did not happen; unlock completes it;
- a ``.next`` whose key is not the database's: the rekey did not happen; unlock removes it.

Unlock (``services.vault``) decides which, because only it can open the database.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from socialdesk.vault.atomic import fsync_dir, write_private_atomic
from socialdesk.vault.keyslots import (
    BRIDGE,
    KeysFileError,
    Keyslots,
    keys_path_for,
    next_keys_path_for,
)


def write_next(database: Path, slots: Keyslots) -> Path:
    path = next_keys_path_for(Path(database))
    write_private_atomic(path, slots.to_bytes())
    return path


def load_next(database: Path, vault_id: str) -> Keyslots | None:
    """The pending ``.next`` file, or None. One that is unreadable or belongs to another
    vault cannot complete anything: it is removed."""
    path = next_keys_path_for(Path(database))
    try:
        slots = Keyslots.load(path)
    except FileNotFoundError:
        return None
    except KeysFileError:
        discard_next(database)
        return None
    if slots.vault_id != vault_id:
        discard_next(database)
        return None
    return slots


def swap_next(database: Path) -> None:
    """Make ``.next`` the current keys file. A rotation's bridge slot is dropped first
    (rewritten atomically), so the final file never holds it."""
    database = Path(database)
    path = next_keys_path_for(database)
    slots = Keyslots.load(path)
    if slots.has(BRIDGE):
        slots.remove(BRIDGE)
        write_private_atomic(path, slots.to_bytes())
    os.replace(path, keys_path_for(database))
    fsync_dir(database.parent)


def commit_keyslots(database: Path, slots: Keyslots) -> None:
    """A key change without rekey (passphrase, recovery key, device slot): next, swap."""
    write_next(database, slots)
    swap_next(database)


def discard_next(database: Path) -> None:
    database = Path(database)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(next_keys_path_for(database))
        fsync_dir(database.parent)


def remove_stray_temp_files(database: Path) -> None:
    """Temp files of atomic writes killed before their rename (wrapped keys, chain heads,
    the attempt counter — no clear data, but litter): ``.<vault>.keys.XXXX.tmp``,
    ``.<vault>.keys.next.XXXX.tmp``, ``.<vault>.chainhead.XXXX.tmp``,
    ``.<vault>.attempts.XXXX.tmp``."""
    database = Path(database)
    for kind in ("keys", "chainhead", "attempts"):
        for leftover in database.parent.glob(f".{database.name}.{kind}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
