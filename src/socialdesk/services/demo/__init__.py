"""Demo data: a vault of invented people, files, agenda, notes and invoices.

``generate_demo`` fills a new vault (``small`` ≈ 50 clients, ``large`` = 5,000 clients,
100,000 appointments, 250,000 notes, ~30,000 invoices); ``open_or_create_demo_vault``
is what the "Explore the demo" button uses.
"""

from socialdesk.services.demo.generate import (
    DEMO_PASSPHRASE,
    DemoSummary,
    DemoVaultNotEmpty,
    generate_demo,
    open_or_create_demo_vault,
)

__all__ = [
    "DEMO_PASSPHRASE",
    "DemoSummary",
    "DemoVaultNotEmpty",
    "generate_demo",
    "open_or_create_demo_vault",
]
