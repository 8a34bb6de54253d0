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
MESSAGES.update(
    {
        # -- cli/report_commands.py
        "write a client report or an activity report as PDF": "écrire un rapport sur une personne ou un rapport d'activité en PDF",
        "reports": "rapports",
        "the report on one person, for the person, a partner or your records": "le rapport sur une personne, pour elle-même, un partenaire ou vos archives",
        "the activity report of a period (figures, charts, indicators)": "le rapport d'activité d'une période (chiffres, graphiques, indicateurs)",
        "Report on client {id} ({pages} page(s)) from {first} to {last} written to {path}.": "Rapport sur le dossier {id} ({pages} page(s)) du {first} au {last} écrit dans {path}.",
        "This file is not encrypted and holds confidential information: keep it safe.": "Ce fichier n'est pas chiffré et contient des informations confidentielles : conservez-le en lieu sûr.",
        "Activity report ({pages} page(s)) from {first} to {last} written to {path}.": "Rapport d'activité ({pages} page(s)) du {first} au {last} écrit dans {path}.",
        "not a client number: {value} (the id shown by clients list)": "numéro de dossier invalide : {value} (l'identifiant affiché par clients list)",
        "unknown section: {value} (choose among {sections})": "rubrique inconnue : {value} (choisissez parmi {sections})",
        "not a list of note numbers: {value} (e.g. 12,15)": "liste de numéros de notes invalide : {value} (p. ex. 12,15)",
        "who reads it: person (no private notes), partner (no third parties' names, no private notes) or file (everything)": "qui le lira : person, la personne (sans les notes privées), partner, un partenaire (sans les noms des tiers ni les notes privées) ou file, le dossier (tout)",
        "the sections, in any order (default: those offered to the audience): {sections}": "les rubriques, dans n'importe quel ordre (par défaut : celles proposées pour ce destinataire) : {sections}",
        "print only these case notes (default: every note of the period the audience may see)": "n'imprimer que ces notes de suivi (par défaut : toutes les notes de la période que ce destinataire peut voir)",
        "also write the figures as CSV": "écrire aussi les chiffres en CSV",
        "the PDF to write (replaced if it exists); its folder must exist": "le PDF à écrire (remplacé s'il existe) ; son dossier doit exister",
        "language of the report (default: your document language)": "langue du rapport (par défaut : votre langue des documents)",
        "{path} is a folder; give the name of the file to write.": "{path} est un dossier ; indiquez le nom du fichier à écrire.",
        "The report would overwrite the vault; choose another file.": "Le rapport écraserait le coffre ; choisissez un autre fichier.",
        "Figures written to {path}.": "Chiffres écrits dans {path}.",
        "Activity reports are not available in this version.": "Les rapports d'activité ne sont pas disponibles dans cette version.",
    }
)
