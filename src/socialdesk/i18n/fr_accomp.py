"""French catalogue: plans, démarches, partners, tasks and Today (domain, services, CLI)."""

MESSAGES: dict[str, str] = {
}
