"""Dialogs and the first-run wizard."""
