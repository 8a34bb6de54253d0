"""French catalogue: billing screens."""

MESSAGES: dict[str, str] = {
}
