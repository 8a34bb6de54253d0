"""French catalogue: service catalogue, packages, billable items."""

MESSAGES: dict[str, str] = {
}
