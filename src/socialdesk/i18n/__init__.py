"""Language selection and the message catalogue shared by every layer.

User-facing text outside the Qt widgets (errors raised by services, CLI output) goes
through :func:`_`, which looks the English message id up in the catalogue of the current
language. Catalogues are plain Python dicts (``i18n/fr.py``): no build step, importable
without Qt, and a test checks that every ``_("…")`` literal in the code has a French entry.
The Qt layer uses the same function, so the GUI and the CLI say the same thing.
"""

from __future__ import annotations

import locale
import os
from importlib import import_module

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr")
_current = "en"
_catalogue: dict[str, str] = {}


def system_language() -> str:
    """The user's language from the environment, reduced to one we support."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in SUPPORTED_LANGUAGES else "en"
    code = (locale.getlocale()[0] or "en")[:2].lower()
    return code if code in SUPPORTED_LANGUAGES else "en"


def set_language(code: str) -> None:
    global _current, _catalogue
    code = code if code in SUPPORTED_LANGUAGES else "en"
    _current = code
    _catalogue = {} if code == "en" else import_module(f"socialdesk.i18n.{code}").MESSAGES


def current_language() -> str:
    return _current


def _(message: str, /, **params: object) -> str:
    """Translate ``message`` and fill ``{name}`` placeholders from ``params``."""
    text = _catalogue.get(message, message)
    return text.format(**params) if params else text


def N_(message: str, /) -> str:
    """Mark a message for translation without translating it now (translated on display)."""
    return message
