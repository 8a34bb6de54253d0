"""French catalogue: invoice documents and accountant exports."""

MESSAGES: dict[str, str] = {
    "Invoice {invoice_id} is not issued: a draft has no document yet.": (
        "La facture {invoice_id} n'est pas émise : un brouillon n'a pas encore de document."
    ),
    "Enter your SIREN (Settings → Practitioner): it names the FEC file.": (
        "Saisissez votre SIREN (Paramètres → Praticien) : il donne son nom au fichier FEC."
    ),
    # socialdesk invoices export
    "export the invoices for the accountant": "exporter les factures pour le comptable",
    "write the invoices and credit notes issued in a period as a sales journal (csv), "
    "a FEC (fec), Factur-X PDFs (facturx), UBL files (ubl) or an accountant pack (pack)": (
        "écrire les factures et avoirs émis sur une période : journal des ventes (csv), "
        "FEC (fec), PDF Factur-X (facturx), fichiers UBL (ubl) ou dossier comptable (pack)"
    ),
    "what to write": "ce qu'il faut écrire",
    "the file to write (replaced if it exists); a folder for facturx and ubl, "
    "a file or a folder for fec": (
        "le fichier à écrire (remplacé s'il existe) ; un dossier pour facturx et ubl, "
        "un fichier ou un dossier pour fec"
    ),
    "{path} is a file; give a folder for this format.": (
        "{path} est un fichier ; indiquez un dossier pour ce format."
    ),
    "{count} invoice(s) and credit note(s) from {first} to {last} exported to {path}.": (
        "{count} facture(s) et avoir(s) du {first} au {last} exporté(s) dans {path}."
    ),
    "Total including VAT: {amount}.": "Total TTC : {amount}.",
    "No SIREN in the profile: the pack holds no FEC.": (
        "Pas de SIREN dans le profil : le dossier ne contient pas de FEC."
    ),
    "These files are not encrypted: keep them safe.": (
        "Ces fichiers ne sont pas chiffrés : conservez-les en lieu sûr."
    ),
}
