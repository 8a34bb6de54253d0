"""French catalogue: reminders, agenda settings, appointments on the client file and Today."""

MESSAGES: dict[str, str] = {
}
