"""The agenda: week/month/list views, the appointment dialog, reminders, and the
appointments shown on the client file and on Today."""
