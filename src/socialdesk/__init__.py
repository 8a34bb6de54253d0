"""SocialDesk: encrypted case files, agenda and invoicing for independent social workers."""

__version__ = "0.1.0"
