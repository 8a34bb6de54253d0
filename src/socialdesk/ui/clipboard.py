"""Clipboard text we put there ourselves (a recovery key, a file number) is taken back when
the vault locks or the application quits; text the user copied elsewhere is left alone."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

_ours: str | None = None


def copy_text(text: str) -> None:
    global _ours
    QGuiApplication.clipboard().setText(text)
    _ours = text


def clear_our_text() -> None:
    """Empty the clipboard if it still holds what we copied."""
    global _ours
    if _ours is None:
        return
    clipboard = QGuiApplication.clipboard()
    if clipboard.text() == _ours:
        clipboard.clear()
    _ours = None
