"""Words and dates of printed documents (agreement, invoices) in their own language.

A document is written in the practitioner's document language (fr, en or ro), whatever
language the screens use; each document module keeps its table of words, one tuple per
key in the order of :data:`LANGUAGES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

LANGUAGES = ("en", "fr", "ro")
DEFAULT_DOCUMENT_LANGUAGE = "fr"

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def words_in(words: Mapping[str, Sequence[str]], language: str) -> Callable[..., str]:
    """``word(key, **params)`` from ``words`` in ``language`` (French when unknown)."""
    fallback = LANGUAGES.index(DEFAULT_DOCUMENT_LANGUAGE)
    index = LANGUAGES.index(language) if language in LANGUAGES else fallback

    def word(key: str, /, **params: object) -> str:
        text = words[key][index]
        return text.format(**params) if params else text

    return word


def format_day(day: date | None, language: str) -> str:
    """``3 March 2026`` in English, ``03.03.2026`` in Romanian, ``03/03/2026`` in French."""
    if day is None:
        return ""
    if language == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    if language == "ro":
        return day.strftime("%d.%m.%Y")
    return day.strftime("%d/%m/%Y")
