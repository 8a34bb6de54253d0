"""French messages: backup (see fr.py)."""

MESSAGES: dict[str, str] = {}
