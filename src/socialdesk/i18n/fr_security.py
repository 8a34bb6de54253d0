"""French messages: security (see fr.py)."""

MESSAGES: dict[str, str] = {}
