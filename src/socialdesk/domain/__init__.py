"""Pure-Python domain: dataclasses, value objects, rules and errors (no SQLAlchemy, no Qt)."""
