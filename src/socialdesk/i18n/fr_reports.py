"""French messages: reports (see fr.py)."""

MESSAGES: dict[str, str] = {
    # -- domain/reports.py
    "Household": "Foyer",
    "Procedures and rights": "Démarches et droits",
    "The person (right of access)": "La personne (droit d'accès)",
    "A partner institution": "Une institution partenaire",
    "My records (full file)": "Mes archives (dossier complet)",
    "Choose the audience: person, partner or file.": "Choisissez le destinataire : person (la personne), partner (un partenaire) ou file (le dossier).",
    "Enter the first day of the period.": "Saisissez le premier jour de la période.",
    "Enter the last day of the period.": "Saisissez le dernier jour de la période.",
    "The period ends before it starts.": "La période se termine avant de commencer.",
    "A report covers at most ten years.": "Un rapport couvre au plus dix ans.",
    "Choose at least one section.": "Choisissez au moins une rubrique.",
}
