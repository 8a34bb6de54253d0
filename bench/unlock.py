"""Figure 1 — unlock: passphrase (calibrated Argon2id + open) against a raw-key open.

- ``passphrase_unlock``: :func:`unlock_with_passphrase` as the app runs it — read the keys
  file, Argon2id with the calibrated parameters, unwrap, open the engine, check the schema
  revision, write the UNLOCK audit event (one durable commit).
- ``kdf``: one Argon2id derivation with the same parameters (the part the user waits for).
- ``raw_key_open``: :func:`create_vault_engine` with the 32-byte key + a first query (what
  opening would cost without a KDF: SQLCipher's raw-key form does no key derivation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.common import BENCH_PASSPHRASE, median, ratio, rotated, timed
from socialdesk.services.vault import create_vault, unlock_with_passphrase
from socialdesk.storage.engine import create_vault_engine
from socialdesk.vault.kdf import KdfParams, calibrate, derive_key


def raw_key_open(path: Path, key: bytes) -> int:
    """Open the vault with its raw key and run a first query; returns the client count."""
    engine = create_vault_engine(path, key)
    try:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM client").scalar_one())
    finally:
        engine.dispose()


def measure_unlock(
    workdir: Path, *, repeats: int = 5, kdf_params: KdfParams | None = None
) -> dict[str, Any]:
    """Medians over ``repeats`` interleaved rounds. ``kdf_params`` replaces calibration
    (the smoke test passes cheap ones; the report always calibrates)."""
    calibrate_seconds: float | None = None
    if kdf_params is None:
        calibrate_seconds, kdf_params = timed(calibrate)
    path = Path(workdir) / "unlock" / "unlock.sdvault"
    vault, _recovery = create_vault(path, BENCH_PASSPHRASE, kdf_params=kdf_params)
    key = vault.raw_key()
    vault.lock()
    salt = b"\x01" * 16

    def passphrase() -> None:
        unlock_with_passphrase(path, BENCH_PASSPHRASE).lock()

    def kdf() -> None:
        derive_key(BENCH_PASSPHRASE, salt, kdf_params)

    def raw() -> None:
        raw_key_open(path, key)

    samples: dict[str, list[float]] = {"passphrase_unlock": [], "kdf": [], "raw_key_open": []}
    actions = {"passphrase_unlock": passphrase, "kdf": kdf, "raw_key_open": raw}
    raw()  # warm the OS file cache and imports once, outside the measure
    for turn in range(repeats):
        for name in rotated(list(actions), turn):
            seconds, _ = timed(actions[name])
            samples[name].append(seconds)
    medians = {name: median(values) for name, values in samples.items()}
    return {
        "kdf_params": kdf_params.to_json(),
        "calibrate_seconds": calibrate_seconds,
        "repeats": repeats,
        "median_seconds": medians,
        "samples_seconds": samples,
        "ratio_passphrase_over_raw": ratio(medians["passphrase_unlock"], medians["raw_key_open"]),
        "open_part_seconds": medians["passphrase_unlock"] - medians["kdf"],
    }
