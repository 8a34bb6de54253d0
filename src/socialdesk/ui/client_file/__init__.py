"""The client file ("dossier"): identity, situation, household, social issues, consents,
status — and the tabs other parts of the app plug in (case notes, attached files)."""

from socialdesk.ui.client_file.widget import (
    ClientFileWidget,
    register_tab_factory,
    unregister_tab_factory,
)

__all__ = ["ClientFileWidget", "register_tab_factory", "unregister_tab_factory"]
