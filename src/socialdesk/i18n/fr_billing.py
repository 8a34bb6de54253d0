"""French catalogue: invoices, numbering, legal mentions, credit notes, payments."""

MESSAGES: dict[str, str] = {
}
