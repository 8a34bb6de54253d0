"""Write a small vault at the current schema head into tests/data/vaults/.

Run once per released schema (``python -m tests.data.make_stored_vault``) and commit the
two files: later versions must keep opening (and migrating) every one of them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import create_vault
from socialdesk.storage import schema
from socialdesk.storage.orm import CaseNote, Client
from socialdesk.vault.kdf import KdfParams

STORED_PASSPHRASE = "stored vault passphrase"
STORED_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
FOLDER = Path(__file__).resolve().parent / "vaults"


def main() -> Path:
    path = FOLDER / f"schema-{schema.head_revision()}.sdvault"
    vault, _recovery = create_vault(path, STORED_PASSPHRASE, kdf_params=STORED_KDF)
    try:
        with vault.uow() as uow:
            save_profile(
                uow, PractitionerProfile(legal_name="Stored Vault Practitioner", city="Lyon")
            )
            client = Client(
                file_number="D-2026-0001",
                first_name="Élodie",
                last_name="Stored",
                status="active",
                intake_date=date(2026, 1, 5),
            )
            uow.session.add(client)
            uow.session.flush()
            # From schema 0002 on: a case note, so later migrations of the notes and of
            # their search index run over real rows.
            uow.session.add(
                CaseNote(
                    client_id=client.id,
                    note_date=date(2026, 1, 5),
                    title="Premier entretien",
                    body="Demande d'aide à la prévoyance.",
                )
            )
    finally:
        vault.lock()
    return path


if __name__ == "__main__":
    print(main())
