"""Process hygiene (config/hygiene.py), checked in child processes so the test runner's
own umask, limits and temp folder stay as they were: no core dumps, umask 077, temporary
files only in the private 0700 folder, emptied at start and at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialdesk.config import paths

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, os, resource, stat, sys, tempfile
from socialdesk.config.hygiene import harden_process, is_dumpable
folder = harden_process(gui=sys.argv[1] == "gui")
with tempfile.NamedTemporaryFile(delete=False) as handle:
    handle.write(b"left by the child")
umask = os.umask(0o077)
print(json.dumps({
    "core": resource.getrlimit(resource.RLIMIT_CORE),
    "dumpable": is_dumpable(),
    "umask": umask,
    "folder": str(folder),
    "folder_mode": stat.S_IMODE(os.stat(folder).st_mode),
    "gettempdir": tempfile.gettempdir(),
    "tmpdir_env": os.environ["TMPDIR"],
    "temp_file": handle.name,
    "temp_file_mode": stat.S_IMODE(os.stat(handle.name).st_mode),
}))
"""


def _child(mode: str) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.skipif(sys.platform != "linux", reason="resource and prctl are Linux/Unix")
def test_gui_process_is_hardened_and_its_temp_folder_emptied_at_start_and_exit() -> None:
    # Given what a crashed session left in the private temp folder
    temp_root = paths.private_temp_dir()
    leftover = temp_root / "open-abc" / "Dupont.pdf"
    leftover.parent.mkdir()
    leftover.write_bytes(b"%PDF clear text")
    outside = Path(os.environ.get("TMPDIR", "/tmp"))

    # When the app starts (and ends)
    report = _child("gui")

    # Then: no core file, private files, temporary files in the private folder only
    assert report["core"] == [0, 0]
    assert report["dumpable"] is False
    assert report["umask"] == 0o077
    assert Path(report["folder"]) == temp_root
    assert report["folder_mode"] == 0o700
    assert report["gettempdir"] == report["tmpdir_env"] == str(temp_root)
    assert Path(report["temp_file"]).parent == temp_root
    assert report["temp_file_mode"] == 0o600
    assert not str(outside).startswith(str(temp_root))
    # and nothing is left: the crash's file at start, the run's own file at exit
    assert not leftover.exists()
    assert list(temp_root.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="resource and prctl are Linux/Unix")
def test_a_cli_run_uses_its_own_folder_and_removes_only_dead_runs_folders() -> None:
    temp_root = paths.private_temp_dir()
    dead = temp_root / "cli-999999999"  # no such process
    dead.mkdir()
    (dead / "export.tmp").write_bytes(b"clear")
    live = temp_root / f"cli-{os.getpid()}"  # this test runner: alive
    live.mkdir()
    gui_file = temp_root / "open-xyz"
    gui_file.mkdir()  # a running GUI's opened attachment

    report = _child("cli")

    folder = Path(report["folder"])
    assert folder.parent == temp_root and folder.name.startswith("cli-")
    assert folder.name != live.name
    assert Path(report["temp_file"]).parent == folder
    assert report["core"] == [0, 0] and report["umask"] == 0o077
    assert not folder.exists()  # removed at exit
    assert not dead.exists()
    assert live.exists() and gui_file.exists()  # a running GUI's files are not touched
