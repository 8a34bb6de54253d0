"""Case notes on a client file: the timeline, the editor (drafts autosaved, signing,
amendments, revision history) and the attached files."""
