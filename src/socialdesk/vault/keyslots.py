"""The keys file beside the database: the database key, wrapped once per way to unlock.

Format (JSON, version 1)::

    {"format": "socialdesk-keyslots", "version": 1, "vault_id": "<hex>",
     "slots": [{"type": "passphrase", "id": "...", "kdf": {...}, "salt": "<b64>",
                "nonce": "<b64>", "wrapped": "<b64>"},
               {"type": "recovery", ...}, {"type": "device", ...}]}

Each slot wraps the 32-byte database key with AES-256-GCM. The associated data binds the
format, version, vault id and every slot parameter except the nonce and ciphertext, so a
slot cannot be moved to another vault or have its KDF parameters swapped unnoticed.
The file is always rewritten atomically; changing one slot leaves the others byte-identical.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from socialdesk.vault.atomic import write_private_atomic
from socialdesk.vault.kdf import KEY_BYTES, SALT_BYTES, KdfParams, derive_key

FORMAT = "socialdesk-keyslots"
VERSION = 1
KEYS_SUFFIX = ".keys"
NEXT_SUFFIX = ".next"
NONCE_BYTES = 12

PASSPHRASE = "passphrase"
RECOVERY = "recovery"
DEVICE = "device"
# Only ever in a ``.next`` file during a key rotation: the new database key wrapped under
# the old one, so every secret of the old file still opens the vault if the rotation is
# interrupted after the rekey. Removed when the rotation completes.
BRIDGE = "rotation-bridge"
_BRIDGE_INFO = b"socialdesk rotation bridge"


class SlotUnwrapError(Exception):
    """The secret given does not open this slot (wrong secret or tampered slot)."""


class KeysFileError(Exception):
    """The keys file is missing, unreadable or not in our format."""


def keys_path_for(database: Path) -> Path:
    return database.with_name(database.name + KEYS_SUFFIX)


def next_keys_path_for(database: Path) -> Path:
    """The keys file being written by a key change, before it replaces the current one."""
    return database.with_name(database.name + KEYS_SUFFIX + NEXT_SUFFIX)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


@dataclass
class Keyslots:
    vault_id: str
    slots: list[dict[str, Any]] = field(default_factory=list)

    # ---- file I/O -------------------------------------------------------------------
    @classmethod
    def new(cls) -> Keyslots:
        return cls(vault_id=secrets.token_hex(16))

    @classmethod
    def load(cls, path: Path) -> Keyslots:
        try:
            data = json.loads(Path(path).read_bytes())
        except FileNotFoundError:
            raise
        except (OSError, ValueError) as exc:
            raise KeysFileError(str(exc)) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeysFileError("not a SocialDesk keys file")
        if data.get("version") != VERSION:
            raise KeysFileError(f"unsupported keys file version {data.get('version')!r}")
        slots = data.get("slots")
        vault_id = data.get("vault_id")
        if not isinstance(slots, list) or not isinstance(vault_id, str):
            raise KeysFileError("malformed keys file")
        return cls(vault_id=vault_id, slots=slots)

    def to_bytes(self) -> bytes:
        payload = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "slots": self.slots,
        }
        return json.dumps(payload, indent=1, sort_keys=True).encode("utf-8") + b"\n"

    def save(self, path: Path) -> None:
        write_private_atomic(Path(path), self.to_bytes())

    # ---- wrapping -------------------------------------------------------------------
    def _aad(self, slot: dict[str, Any]) -> bytes:
        params = {k: v for k, v in slot.items() if k not in ("nonce", "wrapped")}
        bound = {"format": FORMAT, "version": VERSION, "vault_id": self.vault_id, "slot": params}
        return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def _wrap(self, slot: dict[str, Any], wrapping_key: bytes, db_key: bytes) -> dict[str, Any]:
        nonce = os.urandom(NONCE_BYTES)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, db_key, self._aad(slot))
        return {**slot, "nonce": _b64(nonce), "wrapped": _b64(wrapped)}

    def _unwrap(self, slot: dict[str, Any], wrapping_key: bytes) -> bytes:
        try:
            nonce = _unb64(slot["nonce"])
            wrapped = _unb64(slot["wrapped"])
            key = AESGCM(wrapping_key).decrypt(nonce, wrapped, self._aad(slot))
        except (InvalidTag, KeyError, ValueError, TypeError) as exc:
            raise SlotUnwrapError() from exc
        if len(key) != KEY_BYTES:
            raise SlotUnwrapError()
        return key

    def _replace(self, slot_type: str, new_slot: dict[str, Any]) -> None:
        """Put ``new_slot`` where the old slot of that type was (others untouched)."""
        for index, slot in enumerate(self.slots):
            if slot.get("type") == slot_type:
                self.slots[index] = new_slot
                return
        self.slots.append(new_slot)

    def slots_of(self, slot_type: str) -> list[dict[str, Any]]:
        return [s for s in self.slots if s.get("type") == slot_type]

    def has(self, slot_type: str) -> bool:
        return bool(self.slots_of(slot_type))

    # ---- passphrase slot ------------------------------------------------------------
    def set_passphrase(self, db_key: bytes, passphrase: str, params: KdfParams) -> None:
        salt = os.urandom(SALT_BYTES)
        slot = {
            "type": PASSPHRASE,
            "id": secrets.token_hex(4),
            "kdf": {"alg": "argon2id", **params.to_json()},
            "salt": _b64(salt),
        }
        self._replace(PASSPHRASE, self._wrap(slot, derive_key(passphrase, salt, params), db_key))

    def unwrap_passphrase(self, passphrase: str) -> bytes:
        for slot in self.slots_of(PASSPHRASE):
            try:
                params = KdfParams.from_json(slot["kdf"])
                salt = _unb64(slot["salt"])
            except (KeyError, ValueError, TypeError) as exc:
                raise KeysFileError("malformed passphrase slot") from exc
            try:
                return self._unwrap(slot, derive_key(passphrase, salt, params))
            except SlotUnwrapError:
                continue
        raise SlotUnwrapError()

    def passphrase_params(self) -> KdfParams | None:
        for slot in self.slots_of(PASSPHRASE):
            return KdfParams.from_json(slot["kdf"])
        return None

    # ---- recovery slot --------------------------------------------------------------
    def set_recovery(self, db_key: bytes, recovery_key: bytes) -> None:
        # The recovery key has 256 bits of entropy: a fast KDF is enough.
        salt = os.urandom(SALT_BYTES)
        slot = {
            "type": RECOVERY,
            "id": secrets.token_hex(4),
            "kdf": {"alg": "hkdf-sha256"},
            "salt": _b64(salt),
        }
        wrapping = _hkdf(recovery_key, salt, b"socialdesk recovery slot")
        self._replace(RECOVERY, self._wrap(slot, wrapping, db_key))

    def unwrap_recovery(self, recovery_key: bytes) -> bytes:
        for slot in self.slots_of(RECOVERY):
            try:
                salt = _unb64(slot["salt"])
            except (KeyError, ValueError, TypeError) as exc:
                raise KeysFileError("malformed recovery slot") from exc
            try:
                return self._unwrap(slot, _hkdf(recovery_key, salt, b"socialdesk recovery slot"))
            except SlotUnwrapError:
                continue
        raise SlotUnwrapError()

    # ---- device ("remember on this device") slot -------------------------------------
    def set_device(self, db_key: bytes, device_secret: bytes, account: str) -> None:
        slot = {"type": DEVICE, "id": secrets.token_hex(4), "account": account}
        self._replace(DEVICE, self._wrap(slot, device_secret, db_key))

    def device_account(self) -> str | None:
        for slot in self.slots_of(DEVICE):
            return str(slot.get("account"))
        return None

    def unwrap_device(self, device_secret: bytes) -> bytes:
        for slot in self.slots_of(DEVICE):
            return self._unwrap(slot, device_secret)
        raise SlotUnwrapError()

    # ---- rotation bridge (only in a ``.next`` file) -------------------------------------
    def set_bridge(self, new_key: bytes, old_key: bytes) -> None:
        salt = os.urandom(SALT_BYTES)
        slot = {"type": BRIDGE, "id": secrets.token_hex(4), "salt": _b64(salt)}
        self._replace(BRIDGE, self._wrap(slot, _hkdf(old_key, salt, _BRIDGE_INFO), new_key))

    def unwrap_bridge(self, old_key: bytes) -> bytes:
        for slot in self.slots_of(BRIDGE):
            try:
                salt = _unb64(slot["salt"])
            except (KeyError, ValueError, TypeError) as exc:
                raise KeysFileError("malformed bridge slot") from exc
            return self._unwrap(slot, _hkdf(old_key, salt, _BRIDGE_INFO))
        raise SlotUnwrapError()

    def copy(self) -> Keyslots:
        return Keyslots(vault_id=self.vault_id, slots=[dict(s) for s in self.slots])

    def remove(self, slot_type: str) -> None:
        self.slots = [s for s in self.slots if s.get("type") != slot_type]
