"""'Remember on this device': a wrapping secret kept in the operating system's keyring.

Only real OS stores are trusted (macOS Keychain, Windows Credential Locker, Secret Service,
KWallet). Plaintext, null or failing backends are refused and nothing is written to them.
Every keyring call runs in a helper thread and gives up after ``timeout`` seconds (a locked
Secret Service may hang on a prompt no one sees); the caller then falls back to the
passphrase. Nothing here ever creates a database key: a missing or changed secret only
means "ask for the passphrase".
"""

from __future__ import annotations

import base64
import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

SERVICE_NAME = "SocialDesk"
DEFAULT_TIMEOUT = 5.0
SECRET_BYTES = 32

_TRUSTED_MODULES = (
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
)

T = TypeVar("T")


class KeyringUnavailable(Exception):
    """The store is untrusted, failed, or did not answer in time."""


def is_trusted_os_store(backend: Any) -> bool:
    """True only for the real OS credential stores listed above (chainer: all members)."""
    members = getattr(backend, "backends", None)
    if type(backend).__name__ == "ChainerBackend" and members is not None:
        return bool(members) and all(is_trusted_os_store(b) for b in members)
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in _TRUSTED_MODULES)


def _with_timeout(func: Callable[[], T], timeout: float) -> T:
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = func()
        except BaseException as exc:  # reported to the caller below
            result["error"] = exc

    thread = threading.Thread(target=run, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringUnavailable("keyring did not answer in time")
    if "error" in result:
        raise KeyringUnavailable(str(result["error"])) from result["error"]
    return result["value"]  # type: ignore[no-any-return]


class DeviceKeyStore:
    """Stores and fetches the per-vault wrapping secret in one keyring backend."""

    def __init__(
        self,
        backend: Any | None = None,
        *,
        trusted: Callable[[Any], bool] = is_trusted_os_store,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._backend = backend
        self._trusted = trusted
        self.timeout = timeout

    def backend(self) -> Any:
        if self._backend is None:
            import keyring

            self._backend = _with_timeout(keyring.get_keyring, self.timeout)
        return self._backend

    def is_available(self) -> bool:
        try:
            return bool(self._trusted(self.backend()))
        except KeyringUnavailable:
            return False

    def _require_trusted(self) -> Any:
        backend = self.backend()
        if not self._trusted(backend):
            raise KeyringUnavailable(f"untrusted keyring backend {type(backend).__name__}")
        return backend

    def new_secret(self, account: str) -> bytes:
        """Create, store and return a fresh wrapping secret for ``account``."""
        backend = self._require_trusted()
        secret = os.urandom(SECRET_BYTES)
        encoded = base64.b64encode(secret).decode("ascii")
        _with_timeout(lambda: backend.set_password(SERVICE_NAME, account, encoded), self.timeout)
        return secret

    def get_secret(self, account: str) -> bytes:
        backend = self._require_trusted()
        encoded = _with_timeout(lambda: backend.get_password(SERVICE_NAME, account), self.timeout)
        if not encoded:
            raise KeyringUnavailable("no secret stored for this vault")
        try:
            secret = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise KeyringUnavailable("stored secret is malformed") from exc
        if len(secret) != SECRET_BYTES:
            raise KeyringUnavailable("stored secret is malformed")
        return secret

    def delete_secret(self, account: str) -> None:
        backend = self._require_trusted()

        def delete() -> None:
            with contextlib.suppress(Exception):  # already gone is fine
                backend.delete_password(SERVICE_NAME, account)

        _with_timeout(delete, self.timeout)
