"""Holds the database key in a mutable buffer that can be zeroed when the vault locks.

Python cannot promise that no other copy of a secret exists (the ciphertext decryptor and
the SQLCipher PRAGMA string create transient immutable copies), so this is best effort:
the long-lived copy is ours and is wiped on lock.
"""

from __future__ import annotations

from socialdesk.domain.errors import VaultLocked


class KeyHolder:
    __slots__ = ("_key",)

    def __init__(self, key: bytes | bytearray) -> None:
        self._key: bytearray | None = bytearray(key)

    @property
    def locked(self) -> bool:
        return self._key is None

    def raw(self) -> bytes:
        if self._key is None:
            raise VaultLocked()
        return bytes(self._key)

    def sqlcipher_pragma_value(self) -> str:
        """The raw-key form SQLCipher takes: ``x'<64 hex digits>'`` (no KDF at open)."""
        if self._key is None:
            raise VaultLocked()
        return "x'" + self._key.hex() + "'"

    def replace(self, key: bytes | bytearray) -> None:
        """Hold ``key`` instead (after a key rotation); the old bytes are zeroed first."""
        if self._key is None:
            raise VaultLocked()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray(key)

    def wipe(self) -> None:
        if self._key is not None:
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = None
