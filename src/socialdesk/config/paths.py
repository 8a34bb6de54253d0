"""Where SocialDesk keeps its files (platformdirs), created private (0700).

The vault lives in the user data dir; the config dir holds only non-sensitive app settings
(language, last vault path); the private temp dir is for files that must briefly exist in
clear (opened attachments, print spools) and is emptied at start and exit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

APP_NAME = "SocialDesk"
VAULT_FILENAME = "socialdesk.sdvault"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by the user only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def data_dir() -> Path:
    return private_dir(Path(user_data_dir(APP_NAME, appauthor=False, roaming=False)))


def config_dir() -> Path:
    return private_dir(Path(user_config_dir(APP_NAME, appauthor=False, roaming=False)))


def cache_dir() -> Path:
    return private_dir(Path(user_cache_dir(APP_NAME, appauthor=False)))


def default_vault_path() -> Path:
    return data_dir() / VAULT_FILENAME


def default_backup_dir() -> Path:
    return private_dir(data_dir() / "backups")


def private_temp_dir() -> Path:
    return private_dir(cache_dir() / "private-tmp")


def empty_private_temp_dir() -> None:
    """Remove everything in the private temp dir (called at start, lock and exit). The
    folder itself stays: :mod:`tempfile` and Qt point at it (config.hygiene)."""
    root = cache_dir() / "private-tmp"
    if root.exists():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
