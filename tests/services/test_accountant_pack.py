"""The accountant pack: one private zip with the period's PDFs (Factur-X), the sales
journal and the FEC, whose totals agree."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import facturx
import pytest

from socialdesk.domain.enums import InvoiceKind
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.accountant_pack import PackCancelled, write_accountant_pack
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import Vault
from tests.services.billing_docs_fixtures import Line, Seeder


def test_pack_holds_pdfs_journal_and_fec(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        save_profile(uow, PractitionerProfile(legal_name="Françoise Lefèvre", siren="732829320"))
        seeder = Seeder(uow)
        first = seeder.issue([Line("Entretien", Decimal("1.5"))], issue_date=date(2026, 3, 5))
        seeder.issue([Line("Entretien", Decimal("1.5"))], kind=InvoiceKind.CREDIT_NOTE,
                     credits=first, issue_date=date(2026, 3, 8))  # fmt: skip
        seeder.issue([Line("Visite")], issue_date=date(2026, 3, 9))
        pack = write_accountant_pack(uow, tmp_path / "pack.zip", date(2026, 3, 1),
                                     date(2026, 3, 31))  # fmt: skip

    assert pack.fec_included and pack.export.documents == 3
    assert pack.export.gross_cents == 6000
    if os.name == "posix":
        assert stat.S_IMODE(pack.export.path.stat().st_mode) == 0o600
    with zipfile.ZipFile(pack.export.path) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(
            [
                "factures/F-2026-0001.pdf",
                "factures/F-2026-0002.pdf",
                "factures/AV-2026-0001.pdf",
                "journal-des-ventes_2026-03-01_2026-03-31.csv",
                "732829320FEC20260331.txt",
            ]
        )
        _name, xml = facturx.get_xml_from_pdf(archive.read("factures/F-2026-0002.pdf"))
        assert b"F-2026-0002" in xml
        journal = archive.read("journal-des-ventes_2026-03-01_2026-03-31.csv").decode("utf-8-sig")
        assert "AV-2026-0001" in journal and "-90,00" in journal
        fec = archive.read("732829320FEC20260331.txt").decode("utf-8")
        assert len(fec.splitlines()) == 1 + 3 * 2  # heading + (411, 706) per document


def test_pack_without_siren_leaves_the_fec_out(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        pack = write_accountant_pack(uow, tmp_path / "empty.zip", date(2026, 3, 1),
                                     date(2026, 3, 31))  # fmt: skip
    assert not pack.fec_included
    with zipfile.ZipFile(io.BytesIO(pack.export.path.read_bytes())) as archive:
        assert archive.namelist() == ["journal-des-ventes_2026-03-01_2026-03-31.csv"]


def test_pack_reports_progress_and_a_cancel_leaves_no_file(vault: Vault, tmp_path: Path) -> None:
    with vault.uow() as uow:
        save_profile(uow, PractitionerProfile(legal_name="Françoise Lefèvre", siren="732829320"))
        seeder = Seeder(uow)
        for day in (5, 6, 9):
            seeder.issue([Line("Entretien")], issue_date=date(2026, 3, day))
    seen: list[tuple[int, int]] = []
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.zip"
    with vault.uow() as uow:
        pack = write_accountant_pack(uow, target, date(2026, 3, 1), date(2026, 3, 31),
                                     progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(1, 3), (2, 3), (3, 3)] and pack.export.documents == 3
    before = target.read_bytes()
    # Cancelled after the second document: PackCancelled, the earlier pack untouched,
    # no temporary file left in the folder.
    with pytest.raises(PackCancelled), vault.uow() as uow:
        write_accountant_pack(uow, target, date(2026, 3, 1), date(2026, 3, 31),
                              cancelled=lambda: len(seen) >= 5,
                              progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert len(seen) == 5
    assert target.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["pack.zip"]
    fresh = out / "other.zip"
    with pytest.raises(PackCancelled), vault.uow() as uow:
        write_accountant_pack(uow, fresh, date(2026, 3, 1), date(2026, 3, 31),
                              cancelled=lambda: True)  # fmt: skip
    assert not fresh.exists()
