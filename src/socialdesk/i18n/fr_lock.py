"""French messages: lock (see fr.py)."""

MESSAGES: dict[str, str] = {}
