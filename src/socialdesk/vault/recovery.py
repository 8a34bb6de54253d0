"""The recovery key: 256 random bits shown once as 13 groups of 4 Base32 characters."""

from __future__ import annotations

import base64
import os
import re

RECOVERY_KEY_BYTES = 32
_GROUP = 4
_TEXT_LENGTH = 52  # 256 bits in Base32 without padding


def new_recovery_key() -> bytes:
    return os.urandom(RECOVERY_KEY_BYTES)


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Accept any case, spaces or dashes; 0/1/8 typed for O/I/B are corrected.

    Raises ValueError when the text cannot be a recovery key.
    """
    cleaned = re.sub(r"[\s\-_.]", "", text).upper()
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != _TEXT_LENGTH or not re.fullmatch(r"[A-Z2-7]+", cleaned):
        raise ValueError("not a recovery key")
    raw = base64.b32decode(cleaned + "====")
    if len(raw) != RECOVERY_KEY_BYTES:
        raise ValueError("not a recovery key")
    return raw
