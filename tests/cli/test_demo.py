"""``socialdesk demo``: a new vault filled with invented data; never over an existing one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socialdesk.services.vault import unlock_with_passphrase, vault_files
from tests.cli.conftest import Run, StoredVault, snapshot


def test_demo_refuses_an_existing_vault_and_touches_nothing(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    before = snapshot(stored_vault.path)

    result = run("demo", "--vault", stored_vault.path, "--size", "small")

    assert result.code == 1
    assert "already exists" in result.err
    assert snapshot(stored_vault.path) == before


def test_demo_refuses_a_weak_passphrase(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("socialdesk.services.demo")
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "short")

    result = run("demo", "--vault", vault_path)

    assert result.code == 2
    assert vault_files(vault_path) == []


def test_demo_small_creates_a_filled_vault(
    run: Run, vault_path: Path, passphrase_env: str, cheap_calibration: None
) -> None:
    pytest.importorskip("socialdesk.services.demo")

    result = run("demo", "--vault", vault_path, "--size", "small")

    assert result.code == 0, result.err
    assert str(vault_path) in result.out
    assert re.search(r"generated in \d+\.\d s", result.out)
    assert re.search(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){12}\b", result.out)  # recovery key
    # The counts printed are the vault's own counts.
    printed = {
        parts[0]: int(parts[1].replace(",", ""))
        for parts in (line.split() for line in result.out.splitlines() if line.startswith("  "))
        if len(parts) == 2 and parts[1].replace(",", "").isdigit()
    }
    assert printed and sum(printed.values()) > 0
    opened = unlock_with_passphrase(vault_path, passphrase_env)
    try:
        from socialdesk.storage.stats import record_counts

        counts = record_counts(opened.engine)
    finally:
        opened.lock()
    for table, count in printed.items():
        # Unlocking to count adds an "unlock" audit event of its own.
        if table in counts and table != "audit_event":
            assert counts[table] == count
    # And the CLI checks it healthy.
    assert run("check", "--vault", vault_path).code == 0


def test_demo_failure_leaves_no_half_filled_vault(
    run: Run,
    vault_path: Path,
    passphrase_env: str,
    cheap_calibration: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = pytest.importorskip("socialdesk.services.demo")

    def broken(vault: object, **kwargs: object) -> None:
        raise RuntimeError("disk full half-way")

    monkeypatch.setattr(demo, "generate_demo", broken)

    result = run("demo", "--vault", vault_path)

    assert result.code == 1
    assert vault_files(vault_path) == []
