"""Arguments, passphrase sources, language and exit codes that need no vault content."""

from __future__ import annotations

from pathlib import Path

import pytest

import socialdesk
from socialdesk.cli import main as cli_main
from socialdesk.config.paths import default_vault_path
from socialdesk.i18n import current_language
from socialdesk.i18n.fr import MESSAGES
from tests.cli.conftest import Run, StoredVault


def test_commands_are_declared() -> None:
    assert (
        frozenset(
            {
                "init",
                "demo",
                "check",
                "backup",
                "restore",
                "passwd",
                "clients",
                "agenda",
                "today",
                "invoices",
                "rotate-key",
                "acknowledge-warning",
                "report",
                "retention",
            }  # fmt: skip
        )
        == cli_main.COMMANDS
    )


def test_version_prints_name_and_version(run: Run) -> None:
    result = run("--version")

    assert result.code == 0
    assert result.out.strip() == f"socialdesk {socialdesk.__version__}"


def test_help_lists_every_command_and_exits_0(run: Run) -> None:
    result = run("--help")

    assert result.code == 0
    for command in cli_main.COMMANDS:
        assert command in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["--vault"],
        ["check", "--no-such-option"],
        ["demo", "--size", "huge"],
        ["demo", "--seed", "seven"],
        ["restore"],
        ["check", "--passphrase-file", "a", "--recovery-key-file", "b"],
        ["--language", "de", "check"],
    ],
)
def test_usage_errors_exit_2_without_traceback(run: Run, argv: list[str]) -> None:
    result = run(*argv)

    assert result.code == 2
    assert "error:" in result.err
    assert "Traceback" not in result.err


def test_vault_option_is_accepted_before_the_command(run: Run, tmp_path: Path) -> None:
    # As the GUI entry point forwards it: ``socialdesk --vault X check``.
    missing = tmp_path / "before.sdvault"

    result = run("--vault", missing, "check")

    assert result.code == 1
    assert str(missing) in result.err


def test_vault_option_after_the_command_wins_over_before(run: Run, tmp_path: Path) -> None:
    result = run("--vault", tmp_path / "a.sdvault", "check", "--vault", tmp_path / "b.sdvault")

    assert result.code == 1
    assert "b.sdvault" in result.err


def test_default_vault_is_the_app_vault(run: Run) -> None:
    result = run("check")

    assert result.code == 1
    assert result.err == f"socialdesk: error: No vault at {default_vault_path()}.\n"


def test_tilde_in_vault_path_is_expanded(run: Run, private_home: Path) -> None:
    result = run("check", "--vault", "~/nowhere.sdvault")

    assert result.code == 1
    assert str(private_home / "nowhere.sdvault") in result.err


def test_language_fr_translates_messages_and_is_restored_after(run: Run, tmp_path: Path) -> None:
    before = current_language()

    result = run("--language", "fr", "init", "--vault", tmp_path / "v.sdvault")

    # No passphrase source and no terminal: a French usage error.
    assert result.code == 2
    expected = MESSAGES[
        "No passphrase given and no terminal to ask for one: set {env} or use --passphrase-file."
    ].format(env="SOCIALDESK_PASSPHRASE")
    assert result.err == f"socialdesk: error: {expected}\n"
    assert current_language() == before


def test_language_option_after_the_command(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    missing = tmp_path / "none.txt"

    result = run(
        "check", "--language=fr", "--vault", stored_vault.path, "--passphrase-file", missing
    )

    assert result.code == 2
    assert result.err.startswith(f"socialdesk: error: Impossible de lire le fichier {missing}")


def test_no_terminal_and_no_passphrase_is_a_usage_error(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: False)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 2
    assert "SOCIALDESK_PASSPHRASE" in result.err and "--passphrase-file" in result.err


def test_prompt_is_used_on_a_terminal(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return stored_vault.passphrase

    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 0, result.err
    assert prompts == [f"Passphrase for {stored_vault.path}: "]
    assert stored_vault.passphrase not in result.out + result.err


def test_interrupted_prompt_exits_130(
    run: Run, stored_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("socialdesk.cli.secrets.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", interrupt)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 130
    assert "Traceback" not in result.err


def test_passphrase_file_first_line_without_newline(
    run: Run, stored_vault: StoredVault, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{stored_vault.passphrase}\r\nsecond line ignored\n", encoding="utf-8")

    result = run("check", "--vault", stored_vault.path, "--passphrase-file", secret)

    assert result.code == 0, result.err


def test_passphrase_file_wins_over_environment(
    run: Run, stored_vault: StoredVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "not the right passphrase")
    secret = tmp_path / "secret.txt"
    secret.write_text(stored_vault.passphrase + "\n", encoding="utf-8")

    result = run("check", "--vault", stored_vault.path, "--passphrase-file", secret)

    assert result.code == 0, result.err


@pytest.mark.parametrize("content", [None, "", "\n"])
def test_missing_or_empty_passphrase_file_exits_2(
    run: Run, stored_vault: StoredVault, tmp_path: Path, content: str | None
) -> None:
    secret = tmp_path / "secret.txt"
    if content is not None:
        secret.write_text(content, encoding="utf-8")

    result = run("check", "--vault", stored_vault.path, "--passphrase-file", secret)

    assert result.code == 2
    assert str(secret) in result.err


def test_unexpected_errors_show_no_details(
    run: Run, stored_vault: StoredVault, passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(vault: object) -> None:
        raise RuntimeError("SELECT … WHERE name = 'Dupont'")

    monkeypatch.setattr("socialdesk.cli.commands.check_vault", explode)

    result = run("check", "--vault", stored_vault.path)

    assert result.code == 1
    assert "RuntimeError" in result.err
    assert "Dupont" not in result.err
    assert "Traceback" not in result.err


def test_every_cli_message_has_a_french_translation() -> None:
    import ast

    cli_dir = Path(cli_main.__file__).parent
    missing = []
    for source in sorted(cli_dir.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in MESSAGES
            ):
                missing.append(f"{source.name}: {node.args[0].value!r}")
    assert missing == []
