"""French messages: billing_more (see fr.py)."""

MESSAGES: dict[str, str] = {}
