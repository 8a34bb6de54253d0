"""Brute-force friction: after 5 failed unlocks, a wait of 30 s that doubles each time.

The count lives in a small file beside the vault (``<vault>.attempts``) so it survives a
restart of the app; a successful unlock resets it. It is friction against someone trying
passphrases at the keyboard, not a protection of the keys file (a copy of that file can
be attacked offline; the Argon2id cost is what protects it there). Nothing is ever wiped.

The clock is wall-clock time (it must survive a restart) and injectable for tests. A clock
set backwards never lengthens the wait beyond the current delay.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from socialdesk.domain.errors import VaultError
from socialdesk.vault.atomic import write_private_atomic

ATTEMPTS_SUFFIX = ".attempts"
FREE_ATTEMPTS = 5
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 3600

Clock = Callable[[], float]


class UnlockDelayed(VaultError):
    exit_code = 5
    message = "Too many failed attempts. Wait {seconds} s before trying again."


def attempts_path_for(database: Path) -> Path:
    return database.with_name(database.name + ATTEMPTS_SUFFIX)


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures (0 for the first five)."""
    if failures < FREE_ATTEMPTS:
        return 0
    doublings = min(failures - FREE_ATTEMPTS, 20)
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2**doublings)


class UnlockThrottle:
    def __init__(self, database: Path, clock: Clock | None = None) -> None:
        self.path = attempts_path_for(Path(database))
        self.clock = clock or time.time

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self.path.read_bytes())
            return max(0, int(data["failures"])), float(data["last_failure"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged counter is not a reason to lock someone out, nor to forget: treat
            # it as the threshold reached once.
            return FREE_ATTEMPTS, self.clock()

    @property
    def failures(self) -> int:
        return self._read()[0]

    def remaining(self) -> int:
        """Whole seconds still to wait before the next attempt (0: go ahead)."""
        failures, last = self._read()
        delay = delay_after(failures)
        if delay == 0:
            return 0
        elapsed = self.clock() - last
        left = delay - max(0.0, elapsed)
        return max(0, min(delay, int(left + 0.999)))

    def check(self) -> None:
        left = self.remaining()
        if left > 0:
            raise UnlockDelayed(seconds=left)

    def record_failure(self) -> int:
        failures, _last = self._read()
        failures += 1
        payload = {"failures": failures, "last_failure": self.clock()}
        write_private_atomic(self.path, json.dumps(payload).encode("utf-8") + b"\n")
        return delay_after(failures)

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)
