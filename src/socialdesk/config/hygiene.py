"""Process hygiene, applied once at start by the ``socialdesk`` command (GUI and CLI).

- No core dumps: a crash must not write the decrypted pages in memory to a file
  (``RLIMIT_CORE`` 0; on Linux also ``PR_SET_DUMPABLE`` 0, which also keeps other
  processes of the same user from attaching a debugger).
- ``umask 0o077``: every file and folder we create is private, even one a library
  creates behind our back.
- Temporary files only in a private 0700 folder (:func:`paths.private_temp_dir`):
  Python's :mod:`tempfile` and Qt (``TMPDIR``) write there, never to the shared ``/tmp``.
  The GUI empties it at start, at lock and at exit, so what a crash left behind (an
  attachment opened in clear, a print spool) is gone at the next start. A CLI run works
  in its own ``cli-<pid>`` subfolder, removed at exit, and removes those of dead runs.

On Windows and macOS the resource and prctl calls do not exist and are skipped (the
umask and the temp folder still apply); Windows writes no core files unless the user set
up Windows Error Reporting dumps.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

from socialdesk.config import paths

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
_CLI_PREFIX = "cli-"


def disable_core_dumps() -> None:
    """Best effort: each step is skipped where the platform does not offer it."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def is_dumpable() -> bool | None:
    """Linux: whether the kernel would write a core file for this process (tests)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def clean_private_temp(*, everything: bool) -> None:
    """Remove what earlier runs left in the private temp folder: everything (GUI start),
    or only the folders of CLI runs that are no longer running."""
    root = paths.private_temp_dir()
    for child in root.iterdir():
        name = child.name
        if name.startswith(_CLI_PREFIX) and name[len(_CLI_PREFIX) :].isdigit():
            pid = int(name[len(_CLI_PREFIX) :])
            if pid == os.getpid() or _alive(pid):
                continue
        elif not everything:
            continue
        _remove(child)


def use_private_temp(*, gui: bool) -> Path:
    """Point :mod:`tempfile` and Qt at the private folder; return it."""
    root = paths.private_temp_dir()
    clean_private_temp(everything=gui)
    folder = root if gui else paths.private_dir(root / f"{_CLI_PREFIX}{os.getpid()}")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)  # Qt's QDir.tempPath(), child processes
    if gui:
        atexit.register(paths.empty_private_temp_dir)
    else:
        atexit.register(shutil.rmtree, folder, True)
    return folder


def harden_process(*, gui: bool) -> Path:
    """Everything above, in order; returns the private temp folder."""
    disable_core_dumps()
    os.umask(0o077)
    return use_private_temp(gui=gui)
