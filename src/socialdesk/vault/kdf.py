"""Argon2id key derivation for the passphrase slot, with on-machine calibration.

Parameters are stored in each slot, so a vault created on a slow laptop still opens on a
fast one and vice versa. The app always calibrates; tests pass cheap parameters explicitly.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw

KEY_BYTES = 32
SALT_BYTES = 16
# Floor from ARCHITECTURE §2: never weaker than t=3, m=64 MiB, p=4 for a real vault.
MIN_TIME_COST = 3
MIN_MEMORY_KIB = 64 * 1024
MIN_PARALLELISM = 4
# Ceiling so a tampered keys file cannot make unlock allocate absurd memory or spin forever.
MAX_TIME_COST = 64
MAX_MEMORY_KIB = 2 * 1024 * 1024
TARGET_SECONDS = 0.75


@dataclass(frozen=True, slots=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        params = cls(
            time_cost=int(data["time_cost"]),  # type: ignore[call-overload]
            memory_kib=int(data["memory_kib"]),  # type: ignore[call-overload]
            parallelism=int(data["parallelism"]),  # type: ignore[call-overload]
        )
        if not (
            1 <= params.time_cost <= MAX_TIME_COST
            and 8 <= params.memory_kib <= MAX_MEMORY_KIB
            and 1 <= params.parallelism <= 64
        ):
            raise ValueError("KDF parameters out of range")
        return params


MINIMUM = KdfParams(MIN_TIME_COST, MIN_MEMORY_KIB, MIN_PARALLELISM)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Return parameters at or above the floor that take about ``target_seconds`` here.

    Memory stays at 64 MiB (laptops on home visits are not servers); time cost grows
    until one derivation takes at least the target. Bounded to MAX_TIME_COST.
    """
    params = MINIMUM
    salt = b"\0" * SALT_BYTES
    # The fastest of two runs: a busy machine should not talk us into weaker settings
    # for a vault that will mostly be opened on a quiet one.
    timings = []
    for _attempt in range(2):
        started = time.perf_counter()
        derive_key("calibration", salt, params)
        timings.append(time.perf_counter() - started)
    elapsed = max(min(timings), 1e-3)
    if elapsed >= target_seconds:
        return params
    per_pass = elapsed / params.time_cost
    time_cost = min(MAX_TIME_COST, max(MIN_TIME_COST, round(target_seconds / per_pass)))
    return KdfParams(time_cost, params.memory_kib, params.parallelism)
