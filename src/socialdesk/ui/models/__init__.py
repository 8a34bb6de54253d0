"""Qt item models over the services (lazy, paged, filled on the DB worker)."""
