"""The small questions of the agenda, all non-blocking (``open()``, answer by callback):
which occurrences of a series an edit applies to, save despite an overlap, delete,
write the case note now, which participant the note is for.

Each box has a stable objectName and keeps its buttons by meaning, so tests click them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from socialdesk.domain.agenda import AppointmentConflict, EditScope, Participant
from socialdesk.i18n import _
from socialdesk.ui.agenda.periods import format_day
from socialdesk.ui.agenda.style import appointment_caption, hhmm

MAX_CONFLICTS_LISTED = 5


class Prompt(QMessageBox):
    """A question with named answers: ``buttons[key]``; ``answered(key)`` calls back."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        title: str,
        text: str,
        answers: Sequence[tuple[object, str, QMessageBox.ButtonRole]],
        on_answer: Callable[[object], None],
        *,
        informative: str = "",
        icon: QMessageBox.Icon = QMessageBox.Icon.Question,
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if informative:
            self.setInformativeText(informative)
        self.buttons: dict[object, QAbstractButton] = {}
        for key, label, role in answers:
            button = self.addButton(label, role)
            button.setObjectName(f"{name}_{key}")
            self.buttons[key] = button
        cancel = self.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName(f"{name}_cancel")
        self.buttons[None] = cancel
        self.setEscapeButton(cancel)
        if answers:
            self.setDefaultButton(self.buttons[answers[0][0]])  # type: ignore[arg-type]
        self._on_answer = on_answer
        self._on_cancel = on_cancel
        self.finished.connect(self._finished)

    def _finished(self, _result: int) -> None:
        clicked = self.clickedButton()
        key = next((k for k, b in self.buttons.items() if b is clicked), None)
        if key is not None:
            self._on_answer(key)
        elif self._on_cancel is not None:
            self._on_cancel()

    def answer(self, key: object) -> None:
        """Click the answer ``key`` (None: cancel)."""
        self.buttons[key].click()


def ask_scope(
    parent: QWidget | None, on_scope: Callable[[EditScope], None], *, deleting: bool = False
) -> Prompt:
    text = (
        _("Delete only this appointment, or more of its series?")
        if deleting
        else _("This appointment repeats. Apply the change to:")
    )
    answers = [
        (EditScope.THIS, _("This one only"), QMessageBox.ButtonRole.AcceptRole),
        (EditScope.FOLLOWING, _("This one and the following"), QMessageBox.ButtonRole.AcceptRole),
        (EditScope.ALL, _("All of the series"), QMessageBox.ButtonRole.AcceptRole),
    ]
    box = Prompt(
        parent,
        "editScopeDialog",
        _("Recurring appointment"),
        text,
        answers,
        lambda key: on_scope(EditScope(str(key))),
        informative=_("Done and cancelled occurrences are history: they are left as they are."),
    )
    box.open()
    return box


def ask_save_anyway(
    parent: QWidget | None,
    error: AppointmentConflict,
    zone: ZoneInfo,
    on_yes: Callable[[], None],
    *,
    on_cancel: Callable[[], None] | None = None,
) -> Prompt:
    lines = [
        "• "
        + _(
            "{day} {start}–{end}: {what}",
            day=format_day(view.starts_at.astimezone(zone).date(), "ddd d MMM"),
            start=hhmm(view.starts_at, zone),
            end=hhmm(view.ends_at, zone),
            what=appointment_caption(view),
        )
        for view in error.conflicts[:MAX_CONFLICTS_LISTED]
    ]
    more = len(error.conflicts) - MAX_CONFLICTS_LISTED
    if more > 0:
        lines.append(_("… and {count} more", count=more))
    box = Prompt(
        parent,
        "conflictDialog",
        _("Overlapping appointments"),
        str(error),
        [("save", _("Save anyway"), QMessageBox.ButtonRole.AcceptRole)],
        lambda _key: on_yes(),
        informative="\n".join(lines),
        icon=QMessageBox.Icon.Warning,
        on_cancel=on_cancel,
    )
    box.open()
    return box


def ask_delete(parent: QWidget | None, on_yes: Callable[[], None]) -> Prompt:
    box = Prompt(
        parent,
        "confirmDeleteAppointment",
        _("Delete the appointment"),
        _("Delete this appointment from the agenda?"),
        [("delete", _("Delete"), QMessageBox.ButtonRole.DestructiveRole)],
        lambda _key: on_yes(),
        informative=_("A cancelled appointment can be kept instead: it stays in the files."),
    )
    box.open()
    return box


def ask_write_note(parent: QWidget | None, on_yes: Callable[[], None]) -> Prompt:
    box = Prompt(
        parent,
        "writeNotePrompt",
        _("Appointment done"),
        _("Write the case note now?"),
        [("write", _("Write the note"), QMessageBox.ButtonRole.AcceptRole)],
        lambda _key: on_yes(),
        informative=_("The note will be linked to this appointment."),
    )
    box.buttons[None].setText(_("Later"))
    box.open()
    return box


def ask_participant(
    parent: QWidget | None,
    participants: Sequence[Participant],
    on_client: Callable[[int], None],
) -> Prompt:
    """A group session: whose file gets the note (each participant can have their own)."""
    answers = [
        (p.client_id, p.display_name, QMessageBox.ButtonRole.AcceptRole) for p in participants
    ]
    box = Prompt(
        parent,
        "participantPrompt",
        _("Group session"),
        _("Write the note in whose file?"),
        answers,
        lambda key: on_client(int(str(key))),
        informative=_("Each participant can have their own note for this session."),
    )
    box.open()
    return box
