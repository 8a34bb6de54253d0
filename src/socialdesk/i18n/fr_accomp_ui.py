"""French catalogue: plans, démarches, partners, tasks and Today (screens)."""

MESSAGES: dict[str, str] = {
}
