"""French messages: auto-lock, process hygiene and retention (see fr.py)."""

MESSAGES: dict[str, str] = {
    # domain/retention.py
    "The vault locks after 1 to 120 minutes of inactivity.": (
        "Le coffre se verrouille après 1 à 120 minutes d'inactivité."
    ),
    "Case data are kept from 1 to 50 years.": (
        "Les données des dossiers sont conservées de 1 à 50 ans."
    ),
    "Invoices are kept from 10 years (the legal minimum) to 50 years.": (
        "Les factures sont conservées de 10 ans (le minimum légal) à 50 ans."
    ),
    "The file {file_number} is not due for deletion (due on {due}); nothing was erased.": (
        "Le dossier {file_number} n'est pas à supprimer (échéance le {due}) ; rien n'a été effacé."
    ),
    "Select at least one file; nothing was erased.": (
        "Sélectionnez au moins un dossier ; rien n'a été effacé."
    ),
}
