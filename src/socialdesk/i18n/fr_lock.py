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
    # ui/pages/settings_security.py
    "Security & retention": "Sécurité et conservation",
    "Lock after this much inactivity": "Verrouiller après cette durée d'inactivité",
    " years": " ans",
    "Keep case files after the last contact": ("Conserver les dossiers après le dernier contact"),
    "Keep invoices": "Conserver les factures",
    "The vault also locks when the screen locks or the computer goes to sleep (Linux). "
    "The durations follow the CNIL reference for social work: case data two years after "
    "the last contact or the closing of the file; invoices ten years. Erasing a file never "
    "removes its invoices.": (
        "Le coffre se verrouille aussi quand l'écran se verrouille ou que l'ordinateur se "
        "met en veille (Linux). Les durées suivent le référentiel de la CNIL pour "
        "l'accompagnement social : données du dossier deux ans après le dernier contact ou "
        "la clôture du dossier ; factures dix ans. Effacer un dossier ne supprime jamais "
        "ses factures."
    ),
    "Save the security settings": "Enregistrer les réglages de sécurité",
    "Files due for deletion…": "Dossiers à supprimer…",
    "Security settings saved.": "Réglages de sécurité enregistrés.",
    "No file is due for deletion.": "Aucun dossier n'est à supprimer.",
    "{count} files are due for deletion.": "{count} dossiers sont à supprimer.",
    "One file is due for deletion.": "Un dossier est à supprimer.",
    # ui/retention/
    "Removed for good: identity and contact details, case notes and their history, "
    "attachments, the accompaniment plan, démarches and tasks, household, contacts, "
    "consents, social issues, status history, referrals, and appointments where only "
    "this person took part.": (
        "Supprimés définitivement : identité et coordonnées, notes de suivi et leur "
        "historique, pièces jointes, plan d'accompagnement, démarches et tâches, foyer, "
        "contacts, consentements, problématiques, historique des statuts, orientations, et "
        "rendez-vous où seule cette personne était présente."
    ),
    "Kept: issued invoices, with the payer's name frozen on them as the law requires. A "
    "billed file stays under its file number only, with its billable items and packages; "
    "a file never billed disappears entirely.": (
        "Conservés : les factures émises, avec le nom du payeur figé, comme la loi "
        "l'exige. Un dossier facturé reste sous son seul numéro, avec ses prestations "
        "facturables et ses forfaits ; un dossier jamais facturé disparaît entièrement."
    ),
    "Kept: each file under its file number only (status, intake and closing dates, for "
    "your statistics), and issued invoices with the payer's name frozen on them as the "
    "law requires.": (
        "Conservés : chaque dossier sous son seul numéro (statut, dates d'accueil et de "
        "clôture, pour vos statistiques), et les factures émises avec le nom du payeur "
        "figé, comme la loi l'exige."
    ),
    "Backups made earlier still hold these files until they are rotated out.": (
        "Les sauvegardes antérieures contiennent encore ces dossiers jusqu'à leur rotation."
    ),
    "File number": "N° de dossier",
    "Files: {numbers}.": "Dossiers : {numbers}.",
    "Closed on": "Clôturé le",
    "Due since": "À supprimer depuis",
    "Files due for deletion": "Dossiers à supprimer",
    "Select all": "Tout sélectionner",
    "Erase…": "Effacer…",
    "Pseudonymize…": "Pseudonymiser…",
    "Case files kept longer than {years} years after the last contact or the closing of "
    "the file. Choose files, then erase or pseudonymize them. Invoices are kept "
    "{invoice_years} years and are never deleted.": (
        "Dossiers conservés plus de {years} ans après le dernier contact ou la clôture. "
        "Choisissez des dossiers, puis effacez-les ou pseudonymisez-les. Les factures sont "
        "conservées {invoice_years} ans et ne sont jamais supprimées."
    ),
    "Erase {count} files?": "Effacer {count} dossiers ?",
    "Erase this file?": "Effacer ce dossier ?",
    "Erase": "Effacer",
    "Pseudonymize {count} files?": "Pseudonymiser {count} dossiers ?",
    "Pseudonymize this file?": "Pseudonymiser ce dossier ?",
    "Pseudonymize": "Pseudonymiser",
    "Files erased: {count}.": "Dossiers effacés : {count}.",
    "Files pseudonymized: {count}.": "Dossiers pseudonymisés : {count}.",
    "Invoices kept: {count}.": "Factures conservées : {count}.",
    "Kept": "Conservées",
    "{count} files due for deletion": "{count} dossiers à supprimer",
    "One file due for deletion": "Un dossier à supprimer",
    # -- cli/retention_commands.py
    "Erased: {numbers}": "Effacés : {numbers}",
    "Nothing was changed. Add --yes to do it.": "Rien n'a été modifié. Ajoutez --yes pour le faire.",
    "Pseudonymized: {numbers}": "Pseudonymisés : {numbers}",
    "client ids": "identifiants des personnes",
    "due since {date}": "à supprimer depuis le {date}",
    "erase or pseudonymize files due for deletion (all or nothing)": "effacer ou pseudonymiser des dossiers à supprimer (tout ou rien)",
    "erase the whole file, or keep it under its number (pseudonymize)": "effacer tout le dossier, ou le garder sous son numéro (pseudonymiser)",
    "files kept past their retention: list them, erase or pseudonymize them": "dossiers gardés au-delà de leur durée de conservation : les lister, les effacer ou les pseudonymiser",
    "invoices kept": "factures conservées",
    "not a client id: {value}": "pas un identifiant de personne : {value}",
    "really do it (without it, only say what would be done)": "le faire vraiment (sans cette option, dire seulement ce qui serait fait)",
    "the day to judge on (default: today)": "le jour de référence (par défaut : aujourd'hui)",
    "the files due for deletion": "les dossiers à supprimer",
    "{id}: not due for deletion; it would be refused.": "{id} : pas encore à supprimer ; ce serait refusé.",
    "{number}: would be erased entirely.": "{number} : serait effacé entièrement.",
    "{number}: would be pseudonymized (invoices kept).": "{number} : serait pseudonymisé (factures conservées).",
    "{n} file(s) due for deletion.": "{n} dossier(s) à supprimer.",
    "{n} invoice(s) kept, as the law requires.": "{n} facture(s) conservée(s), comme la loi l'exige.",
}
