"""French catalogue: calendar export, CLI agenda."""

MESSAGES: dict[str, str] = {
}
