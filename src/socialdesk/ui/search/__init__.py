"""The global search (Ctrl+K) over client files and case notes."""
