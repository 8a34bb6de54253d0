"""Startup of SocialDesk itself, with the unlock dialog replaced by a programmatic unlock.

Run as a script by ``bench.startup`` (not imported):
``python bench/startup_app.py VAULT`` with the passphrase in ``SOCIALDESK_BENCH_PASSPHRASE``;
``python bench/startup_app.py VAULT --unlock-dialog`` instead stops at the first window a
user really sees: :meth:`AppController.start` showing the unlock dialog (``shown``).

It prepares the application with :func:`socialdesk.ui.app.create_application`, as
:func:`socialdesk.ui.app.run_gui` does, and an :class:`AppController`, unlocks the vault
with :func:`unlock_with_passphrase` (a bench vault has cheap KDF parameters: the KDF is
figure 1, not startup) and hands it to :meth:`AppController.open_vault`, which builds and
shows the real main window. Marks on stdout, ``MARK <phase> <time.time()>``:

- ``imported``: Qt and the ui package imported;
- ``application``: QApplication and the session controller are set up;
- ``unlocked``: the vault is open (migrations checked, UNLOCK audited);
- ``shown``: a zero-delay timer after the window was shown (event loop running);
- ``ready``: the worker is idle again — the first page has its data.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

PASSPHRASE_VARIABLE = "SOCIALDESK_BENCH_PASSPHRASE"


def mark(phase: str) -> None:
    print(f"MARK {phase} {time.time():.6f}", flush=True)


def main() -> int:
    vault_path = Path(sys.argv[1])
    until_unlock_dialog = "--unlock-dialog" in sys.argv[2:]

    from PySide6.QtCore import QTimer

    from socialdesk.config import paths
    from socialdesk.services.vault import unlock_with_passphrase
    from socialdesk.ui.app import create_application
    from socialdesk.ui.controller import AppController

    mark("imported")
    # --- as run_gui() does -------------------------------------------------------------
    app = create_application()
    controller = AppController(vault_path)
    controller.quit_requested.connect(app.quit)
    app.aboutToQuit.connect(controller.finish)
    mark("application")
    if until_unlock_dialog:
        return _until_unlock_dialog(app, controller)
    # --- instead of the unlock dialog --------------------------------------------------
    vault = unlock_with_passphrase(vault_path, os.environ[PASSPHRASE_VARIABLE])
    mark("unlocked")
    controller.open_vault(vault)

    done: list[bool] = []

    def ready() -> None:
        if not done:
            done.append(True)
            mark("ready")
            controller.finish()

    def shown() -> None:
        window = controller.window
        if window is None or not window.isVisible():
            print("ERROR main window not visible", flush=True)
            controller.finish()
            return
        mark("shown")
        if controller.ops.is_idle():
            ready()
        else:
            controller.ops.idle.connect(ready)

    QTimer.singleShot(0, shown)
    try:
        return app.exec()
    finally:
        paths.empty_private_temp_dir()


def _until_unlock_dialog(app: Any, controller: Any) -> int:
    from PySide6.QtCore import QTimer

    from socialdesk.config import paths

    controller.start()

    def shown() -> None:
        dialog = controller.unlock_dialog
        if dialog is None or not dialog.isVisible():
            print("ERROR unlock dialog not visible", flush=True)
        else:
            mark("shown")
        controller.finish()

    QTimer.singleShot(0, shown)
    try:
        return int(app.exec())
    finally:
        paths.empty_private_temp_dir()


if __name__ == "__main__":
    raise SystemExit(main())
