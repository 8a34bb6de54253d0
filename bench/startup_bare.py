"""Startup baseline: a bare PySide6 process that shows an empty QMainWindow.

Run as a script by ``bench.startup`` (not imported). Prints ``MARK <phase> <time.time()>``
lines on stdout; ``shown`` comes from a zero-delay timer after ``show()``, i.e. once the
event loop runs with the window shown — the same marker as ``startup_app.py``.
"""

from __future__ import annotations

import sys
import time


def mark(phase: str) -> None:
    print(f"MARK {phase} {time.time():.6f}", flush=True)


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    mark("imported")
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1200, 780)
    window.show()

    def shown() -> None:
        mark("shown")
        mark("ready")
        window.hide()
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
