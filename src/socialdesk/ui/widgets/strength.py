"""Passphrase strength feedback: a rough entropy estimate and a meter.

The estimate only guides the user (length first, then variety); the rule that is enforced
is the minimum length, by ``services.vault.validate_new_passphrase``.
"""

from __future__ import annotations

import math
import string

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from socialdesk.i18n import _
from socialdesk.services.vault import MIN_PASSPHRASE_LENGTH

# Upper bound of the meter, in bits: beyond this a passphrase is "strong" in any case.
STRONG_BITS = 90.0


def estimate_bits(passphrase: str) -> float:
    """Length × log2(alphabet size), counting a character repeated right after itself once."""
    if not passphrase:
        return 0.0
    pool = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pool += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pool += 26
    if any(c in string.digits for c in passphrase):
        pool += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 64
    effective = 1 + sum(1 for a, b in zip(passphrase, passphrase[1:], strict=False) if a != b)
    # Few distinct characters ("aaaaaaaaaaaaab") are easy to guess whatever the length.
    effective = min(effective, 3 * len(set(passphrase)))
    return effective * math.log2(max(pool, 2))


def strength_level(passphrase: str) -> int:
    """0 too short, 1 weak, 2 fair, 3 good, 4 strong."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return 0
    bits = estimate_bits(passphrase)
    if bits < 50:
        return 1
    if bits < 65:
        return 2
    if bits < STRONG_BITS:
        return 3
    return 4


def strength_text(level: int) -> str:
    return (
        _("Too short"),
        _("Weak"),
        _("Fair"),
        _("Good"),
        _("Strong"),
    )[level]


_COLOURS = ("#c0392b", "#d35400", "#b7950b", "#27ae60", "#1e8449")


class StrengthMeter(QWidget):
    """A bar and a word (“Weak”, “Strong”…) that follow the passphrase as it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("strengthBar")
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.label = QLabel(self)
        self.label.setObjectName("strengthLabel")
        self.label.setMinimumWidth(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.label)
        self.update_for("")

    def update_for(self, passphrase: str) -> None:
        level = strength_level(passphrase)
        value = min(100, round(100 * estimate_bits(passphrase) / STRONG_BITS))
        self.bar.setValue(value)
        self.bar.setStyleSheet(
            "QProgressBar { border: none; background: palette(midlight); border-radius: 4px; }"
            f"QProgressBar::chunk {{ background: {_COLOURS[level]}; border-radius: 4px; }}"
        )
        self.label.setText(strength_text(level) if passphrase else "")
        self.label.setStyleSheet(f"color: {_COLOURS[level]};")
        self.level = level
