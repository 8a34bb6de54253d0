"""``socialdesk retention list|apply`` on a real encrypted vault: the files due for
deletion as in Settings, a dry run by default, erasure all or nothing, bad input refused
before the passphrase is asked."""

from __future__ import annotations

from sqlalchemy import select

from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.storage.orm import Client
from tests.cli.conftest import Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE
from tests.services.test_retention import MARKER, _three_files

DAY = "2026-06-01"


def _prepare(stored_vault: StoredVault) -> tuple[int, int, int]:
    vault = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        closed, quiet, recent, _gone = _three_files(vault)
    finally:
        vault.lock()
    return closed, quiet, recent


def _marker_kept(stored_vault: StoredVault) -> bool:
    vault = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        with vault.uow() as uow:
            return any(MARKER in name for name in uow.session.scalars(select(Client.last_name)))
    finally:
        vault.lock()


def test_list_then_dry_run_then_erase(
    run: Run, stored_vault: StoredVault, passphrase_env: str
) -> None:
    closed, quiet, recent = _prepare(stored_vault)
    vault_arg = ("--vault", stored_vault.path)

    # list: the two files due on that day, longest overdue first, nothing else
    listed = run("retention", "list", "--date", DAY, *vault_arg)
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == [str(quiet), str(closed)]
    assert "due since 2024-03-14" in lines[0] and "Active" in lines[0]
    assert lines[-1] == "2 file(s) due for deletion."

    # apply without --yes: says what it would do, changes nothing
    before = snapshot(stored_vault.path)
    dry = run("retention", "apply", str(closed), "--mode", "erase", *vault_arg)
    assert dry.code == 0, dry.err
    assert "would be erased entirely" in dry.out and "Add --yes" in dry.out
    assert _marker_kept(stored_vault)
    assert snapshot(stored_vault.path).keys() == before.keys()

    # apply a file that is not due: refused, nothing erased
    refused = run("retention", "apply", str(closed), str(recent), "--mode", "erase", "--yes",
                  *vault_arg)  # fmt: skip
    assert refused.code == 2
    assert "is not due for deletion" in refused.err
    assert _marker_kept(stored_vault)

    # apply --yes on a due file: erased
    done = run("retention", "apply", str(closed), "--mode", "erase", "--yes", *vault_arg)
    assert done.code == 0, done.err
    assert done.out.startswith("Erased: ")
    assert not _marker_kept(stored_vault)


def test_bad_input_is_refused_before_the_passphrase(
    run: Run, stored_vault: StoredVault, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SOCIALDESK_PASSPHRASE", raising=False)
    before = snapshot(stored_vault.path)
    for argv in (
        ("retention", "apply", "x", "--mode", "erase"),
        ("retention", "apply", "3", "--mode", "shred"),
        ("retention", "apply", "--mode", "erase"),
        ("retention", "list", "--date", "2026-13-01"),
    ):
        result = run(*argv, "--vault", stored_vault.path)
        assert result.code == 2, (argv, result)
        assert ": error: " in result.err  # argparse refused it: no prompt came
    assert snapshot(stored_vault.path) == before
