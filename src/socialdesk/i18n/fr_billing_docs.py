"""French catalogue: invoice documents and accountant exports."""

MESSAGES: dict[str, str] = {
}
