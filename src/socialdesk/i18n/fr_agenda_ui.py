"""French catalogue: agenda page and appointment dialog."""

MESSAGES: dict[str, str] = {
}
