"""The "resume point" kept in the vault while it is locked: which page, client file and
case note were open, and the fields of an appointment being typed (ui/lock_drafts.py).

It lives in ``app_setting`` (encrypted with the rest) and is read once: taking it deletes
it, so a resume point never outlives the unlock that follows it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from socialdesk.storage.orm import AppSetting
from socialdesk.storage.uow import UnitOfWork

RESUME_KEY = "lock.resume"


def save_resume_point(uow: UnitOfWork, state: dict[str, Any]) -> None:
    session = uow.session
    session.execute(delete(AppSetting).where(AppSetting.key == RESUME_KEY))
    session.add(AppSetting(key=RESUME_KEY, value=json.dumps(state)))
    session.flush()


def take_resume_point(uow: UnitOfWork) -> dict[str, Any] | None:
    """The saved resume point (then deleted), or None; an unreadable one is dropped."""
    session = uow.session
    setting = session.scalar(select(AppSetting).where(AppSetting.key == RESUME_KEY))
    if setting is None:
        return None
    value = setting.value
    session.delete(setting)
    session.flush()
    try:
        state = json.loads(value)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None
