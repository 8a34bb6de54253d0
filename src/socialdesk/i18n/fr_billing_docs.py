"""French catalogue: invoice documents and accountant exports."""

MESSAGES: dict[str, str] = {
    "Invoice {invoice_id} is not issued: a draft has no document yet.": (
        "La facture {invoice_id} n'est pas émise : un brouillon n'a pas encore de document."
    ),
    "Enter your SIREN (Settings → Practitioner): it names the FEC file.": (
        "Saisissez votre SIREN (Paramètres → Praticien) : il donne son nom au fichier FEC."
    ),
}
