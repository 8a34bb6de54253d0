"""A session that crashes mid-way leaves no plaintext behind.

A child process hardens itself like the app (config.hygiene), unlocks a real vault,
creates a client and a note holding marker strings, adds an attachment, opens it to a
temporary file (in clear, as the system viewer needs it), renders a PDF, then keeps
writing notes until it is killed with SIGKILL. After the next start (which empties the
private temp folder), the markers are absent — as UTF-8 and as UTF-16 bytes — from every
file under the data, config, cache, state (logs) and runtime folders and the system temp
folder. The vault and its WAL are encrypted, so the markers are not in them either.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("Zébulon-Crashtest-7731", "Noteconfidentielle-Quartz-5819", "PIECEJOINTE-Ozymandias")


def scripted_session(uow: Any, *, note_count: int = 1) -> tuple[int, int]:
    """Create a client and notes with the markers and an attachment; return the client
    and attachment ids (shared with the log test)."""
    from socialdesk.domain.clients import ClientInput
    from socialdesk.domain.notes import NoteInput
    from socialdesk.services.attachments import add_attachment
    from socialdesk.services.clients import create_client
    from socialdesk.services.notes import create_note

    client, _ = create_client(
        uow, ClientInput(first_name="Élise", last_name=MARKERS[0], city="Lyon")
    )
    for _i in range(note_count):
        create_note(
            uow,
            NoteInput(
                client_id=client.id,
                note_date=date.today(),
                title="Entretien",
                body=f"La personne a confié : {MARKERS[1]}.",
            ),
        )
    info, _ = add_attachment(
        uow,
        client_id=client.id,
        filename="courrier.txt",
        data=f"Courrier de {MARKERS[2]}".encode(),
    )
    return client.id, info.id


def child_main(vault_path: str) -> None:
    """The crashing session (run with ``python -c``)."""
    import tempfile

    from socialdesk.config.hygiene import harden_process
    from socialdesk.config.logs import setup_logging
    from socialdesk.services.attachments import open_attachment_copy
    from socialdesk.services.gdpr_data import collect_client_data
    from socialdesk.services.gdpr_pdf import render_access_pdf
    from socialdesk.services.vault import create_vault
    from tests.conftest import CHEAP_KDF, PASSPHRASE

    harden_process(gui=True)
    setup_logging()
    vault, _recovery = create_vault(Path(vault_path), PASSPHRASE, kdf_params=CHEAP_KDF)
    with vault.uow() as uow:
        client_id, attachment_id = scripted_session(uow)
    with vault.uow() as uow:
        opened = open_attachment_copy(uow, attachment_id)
        pdf = render_access_pdf(
            collect_client_data(uow, client_id), language="fr", timezone="Europe/Paris"
        )
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as spool:  # a print spool
        spool.write(pdf)
    print("READY", opened, spool.name, flush=True)
    while True:  # killed in the middle of these writes
        with vault.uow() as uow:
            scripted_session(uow, note_count=3)


def _files_under(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            found += [Path(dirpath) / name for name in names]
    return found


def _holding_markers(files: list[Path]) -> list[tuple[str, str]]:
    needles = [(m, m.encode(enc)) for m in MARKERS for enc in ("utf-8", "utf-16-le")]
    hits = []
    for path in files:
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        hits += [(str(path), marker) for marker, needle in needles if needle in data]
    return hits


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_markers_absent_everywhere_after_a_crash_and_the_next_start(
    private_home: Path, tmp_path: Path
) -> None:
    from socialdesk.config import paths

    system_temp = tmp_path / "system-tmp"
    system_temp.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
        "TMPDIR": str(system_temp),
    }
    vault_path = paths.default_vault_path()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tests.security.test_crash_markers import child_main; "
            "child_main(sys.argv[1])",
            str(vault_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("READY"), line
        time.sleep(0.4)  # in the middle of the writes
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    folders = [private_home, system_temp]  # HOME holds every XDG folder of the test
    # The crash left plaintext in the private temp folder (the opened attachment, the
    # spool): the check below can fail.
    # (the PDF's text is compressed: its file is checked by name)
    _ready, opened, spool = line.split()
    for leftover in (Path(opened), Path(spool)):
        assert leftover.is_file() and leftover.is_relative_to(paths.private_temp_dir())
    before = _holding_markers(_files_under([paths.private_temp_dir()]))
    assert (opened, MARKERS[2]) in before
    assert vault_path.exists() and Path(str(vault_path) + "-wal").exists()

    # When the app starts again
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from socialdesk.config.hygiene import harden_process; harden_process(gui=True)",
        ],
        env=env,
        check=True,
        timeout=60,
    )

    # Then no file anywhere holds a marker
    files = _files_under(folders)
    assert vault_path in files
    assert _holding_markers(files) == []
    assert not Path(opened).exists() and not Path(spool).exists()
    # and the vault still opens with every acknowledged note
    from socialdesk.services.vault import unlock_with_passphrase
    from socialdesk.storage.orm import CaseNote
    from tests.conftest import PASSPHRASE

    vault = unlock_with_passphrase(vault_path, PASSPHRASE)
    try:
        with vault.uow() as uow:
            assert uow.session.query(CaseNote).count() >= 1
    finally:
        vault.lock()
