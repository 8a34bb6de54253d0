"""The real ``socialdesk`` program in a child process: version, an exit code, and no Qt."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import socialdesk
from tests.conftest import PASSPHRASE


def _env(**extra: str) -> dict[str, str]:
    # HOME and XDG_* already point at this test's private folders (root conftest).
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCIALDESK_")}
    env.update(LANGUAGE="en", **extra)
    return env


def _socialdesk(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socialdesk", *map(str, args)],
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version_in_a_real_process() -> None:
    done = _socialdesk("--version")

    assert done.returncode == 0
    assert done.stdout.strip() == f"socialdesk {socialdesk.__version__}"


def test_exit_code_and_message_in_a_real_process(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sdvault"

    done = _socialdesk("check", "--vault", missing, SOCIALDESK_PASSPHRASE=PASSPHRASE)

    assert done.returncode == 1
    assert done.stderr == f"socialdesk: error: No vault at {missing}.\n"
    assert done.stdout == ""


def test_unknown_command_in_a_real_process() -> None:
    done = _socialdesk("frobnicate")

    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_running_the_cli_never_imports_qt(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path

        from socialdesk.app import main
        from socialdesk.services.vault import create_vault
        from tests.conftest import CHEAP_KDF, PASSPHRASE

        path = Path({str(tmp_path / "v.sdvault")!r})
        vault, _key = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
        vault.lock()
        codes = [
            main(["--version"]),
            main(["--help"]),
            main(["check", "--vault", str(path)]),
            main(["backup", "--vault", str(path), "--to", str(path.parent / "b")]),
            main(["frobnicate"]),
        ]
        print("codes", codes)
        print("qt", sorted(m for m in sys.modules if m.startswith("PySide6")))
        """
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_env(SOCIALDESK_PASSPHRASE=PASSPHRASE),
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "codes [0, 0, 0, 0, 2]" in done.stdout
    assert "qt []" in done.stdout
