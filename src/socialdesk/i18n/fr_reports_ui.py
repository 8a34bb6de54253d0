"""French messages: reports_ui (see fr.py)."""

MESSAGES: dict[str, str] = {}
