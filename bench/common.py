"""Shared helpers of the benchmark: timing, medians, ratios, a private environment.

Machines are shared and noisy: every figure is a median of several repeats, and A/B
comparisons are interleaved (A, B, B, A, …) so drifts hit both sides alike.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from socialdesk.vault.kdf import KdfParams

T = TypeVar("T")

#: Passphrase of every bench vault (never a real one).
BENCH_PASSPHRASE = "bench passphrase, not a secret"
#: Argon2id at the smallest sane cost, for vaults whose KDF is not what is measured.
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def ratio(numerator: float, denominator: float) -> float:
    if not denominator or denominator != denominator:  # zero or NaN
        return float("nan")
    return numerator / denominator


def timed(func: Callable[[], T]) -> tuple[float, T]:
    """``(seconds, result)`` of one call."""
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def rotated(items: Sequence[T], turn: int) -> list[T]:
    """``items`` starting at ``turn`` (mod len): interleaving order changes every repeat."""
    if not items:
        return []
    shift = turn % len(items)
    return list(items[shift:]) + list(items[:shift])


def private_environment(root: Path) -> dict[str, str]:
    """Environment variables that keep a child process's HOME/XDG folders in ``root``
    (QSettings, platformdirs), headless Qt unless a platform was chosen, and no keyring."""
    env = dict(os.environ)
    home = root / "home"
    env["HOME"] = str(home)
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[var] = str(folder)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("LANG", "en_US.UTF-8")
    return env


def file_size(path: Path) -> int:
    return Path(path).stat().st_size if Path(path).exists() else 0
