"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped a reference to ``None`` on every call returning ``None``; on
Python 3.11, where ``None`` is not immortal, a long session then aborts with "Fatal
Python error: none_dealloc". pyproject pins a release without that bug; this test fails
if a binding that has it is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLabel


def test_calls_returning_none_keep_the_reference_count_of_none(qapp: QApplication) -> None:
    label, combo = QLabel(), QComboBox()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")  # a void method
        combo.currentData()  # returns None: the box is empty
        QCoreApplication.processEvents()
    # A few references may come and go with the interpreter's own work, never thousands.
    assert abs(sys.getrefcount(None) - before) < 100
