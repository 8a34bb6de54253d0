"""French catalogue: agenda domain and services."""

MESSAGES: dict[str, str] = {
}
