"""French messages: activity (see fr.py)."""

MESSAGES: dict[str, str] = {}
