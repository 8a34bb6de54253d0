"""Figure 2 — startup: process start → main window shown, SocialDesk against bare PySide6.

Also, for reference, process start → unlock dialog shown (the first window a user sees;
``startup_app.py --unlock-dialog``).

Both are child processes (``startup_app.py``, ``startup_bare.py``) timed from just before
``Popen`` to the ``MARK shown`` line the child prints from a zero-delay timer after
``show()``. Runs alternate (app, bare, bare, app, …); one warm-up run of each is discarded
(byte-code compilation, cold OS file cache). Children get a private HOME/XDG folder and,
unless ``QT_QPA_PLATFORM`` is set, the headless ``offscreen`` platform.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_PASSPHRASE, median, private_environment, ratio, rotated

HERE = Path(__file__).resolve().parent
APP_SCRIPT = HERE / "startup_app.py"
BARE_SCRIPT = HERE / "startup_bare.py"
PASSPHRASE_VARIABLE = "SOCIALDESK_BENCH_PASSPHRASE"
PHASES = ("imported", "application", "unlocked", "shown", "ready")


class StartupFailed(RuntimeError):
    pass


def run_child(
    script: Path, args: list[str], env: dict[str, str], *, timeout: float = 120.0
) -> dict[str, float]:
    """Start ``script`` and return seconds from just before ``Popen`` to each mark."""
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    stderr_lines: list[str] = []
    wall_start = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )

    def pump_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), None))

    def pump_stderr() -> None:
        assert process.stderr is not None
        stderr_lines.extend(process.stderr)

    readers = [threading.Thread(target=f, daemon=True) for f in (pump_stdout, pump_stderr)]
    for reader in readers:
        reader.start()
    marks: dict[str, float] = {}
    deadline = started + timeout
    try:
        while True:
            try:
                received, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                raise StartupFailed(f"{script.name}: no answer after {timeout:.0f} s") from None
            if line is None:
                break
            parts = line.split()
            if parts[:1] == ["MARK"] and len(parts) == 3:
                if parts[1] == "shown":
                    marks["shown"] = received - started  # the figure itself
                else:
                    marks.setdefault(parts[1], float(parts[2]) - wall_start)
            elif parts[:1] == ["ERROR"]:
                raise StartupFailed(f"{script.name}: {line.strip()}")
        code = process.wait(timeout=max(1.0, deadline - time.perf_counter()))
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        for reader in readers:
            reader.join(5)
    if code != 0 or "shown" not in marks:
        stderr = "".join(stderr_lines).strip()[-2000:]
        raise StartupFailed(f"{script.name} exited with {code}: {stderr}")
    return marks


def measure_startup(
    workdir: Path,
    vault_path: Path,
    *,
    repeats: int = 5,
    warmup: bool = True,
    unlock_dialog: bool = True,
    timeout: float = 120.0,
) -> dict[str, Any]:
    """``vault_path`` must open with :data:`BENCH_PASSPHRASE` (cheap KDF parameters)."""
    env = private_environment(Path(workdir) / "startup")
    env[PASSPHRASE_VARIABLE] = BENCH_PASSPHRASE
    runs = {
        "socialdesk": (APP_SCRIPT, [str(vault_path)]),
        "socialdesk_unlock_dialog": (APP_SCRIPT, [str(vault_path), "--unlock-dialog"]),
        "bare_pyside6": (BARE_SCRIPT, []),
    }
    if not unlock_dialog:
        del runs["socialdesk_unlock_dialog"]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    for script, args in runs.values() if warmup else ():  # discarded
        run_child(script, args, env, timeout=timeout)
    for turn in range(repeats):
        for name in rotated(list(runs), turn):
            script, args = runs[name]
            samples[name].append(run_child(script, args, env, timeout=timeout))

    def phase_medians(name: str) -> dict[str, float]:
        return {
            phase: median([s[phase] for s in samples[name] if phase in s])
            for phase in PHASES
            if any(phase in s for s in samples[name])
        }

    medians = {name: phase_medians(name) for name in runs}
    return {
        "repeats": repeats,
        "platform": env.get("QT_QPA_PLATFORM", ""),
        "median_seconds": medians,
        "shown_samples_seconds": {name: [s["shown"] for s in samples[name]] for name in runs},
        "ratio_shown": ratio(medians["socialdesk"]["shown"], medians["bare_pyside6"]["shown"]),
        "ratio_unlock_dialog": ratio(
            medians.get("socialdesk_unlock_dialog", {}).get("shown", float("nan")),
            medians["bare_pyside6"]["shown"],
        ),
    }
