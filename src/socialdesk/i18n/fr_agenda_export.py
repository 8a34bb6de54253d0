"""French catalogue: calendar export, CLI agenda."""

MESSAGES: dict[str, str] = {
    # -- services/agenda_ics.py
    "The folder {path} does not exist; create it first or choose another one.": "Le dossier {path} n'existe pas ; créez-le d'abord ou choisissez-en un autre.",
    "{path} is a folder; give the name of the file to write, e.g. agenda.ics.": "{path} est un dossier ; indiquez le nom du fichier à écrire, par exemple agenda.ics.",
    "One export covers five years at most; choose a shorter period.": "Un export couvre cinq ans au plus ; choisissez une période plus courte.",
    "SocialDesk agenda": "Agenda SocialDesk",
    "{names} and {count} more": "{names} et {count} autre(s)",
    "{count} participants": "{count} participants",
    "Kind: {kind}": "Type : {kind}",
    "Status: {status}": "Statut : {status}",
    "Participants:": "Participants :",
    "Service: {service}": "Prestation : {service}",
    "Travel: {minutes} min": "Trajet : {minutes} min",
    "Note: {note}": "Note : {note}",
    "Cancelled: {reason}": "Annulé : {reason}",
    # -- cli/agenda_commands.py
    "not a date: {value} (expected YYYY-MM-DD, e.g. 2026-03-30)": "date invalide : {value} (format attendu AAAA-MM-JJ, p. ex. 2026-03-30)",
    "export the agenda": "exporter l'agenda",
    "write the appointments of a period to an iCalendar file (.ics)": "écrire les rendez-vous d'une période dans un fichier iCalendar (.ics)",
    "first day of the period (included)": "premier jour de la période (inclus)",
    "last day of the period (included)": "dernier jour de la période (inclus)",
    "the file to write (replaced if it exists); its folder must exist": "le fichier à écrire (remplacé s'il existe) ; son dossier doit exister",
    "initials and kind only: no names, places, titles or notes (for a phone's calendar)": "initiales et type seulement : ni noms, ni lieux, ni intitulés, ni notes (pour l'agenda d'un téléphone)",
    "The export would overwrite the vault; choose another file.": "L'export écraserait le coffre ; choisissez un autre fichier.",
    "{count} appointment(s) from {first} to {last} exported to {path}.": "{count} rendez-vous du {first} au {last} exporté(s) dans {path}.",
    "Anonymized: initials and kind only.": "Anonymisé : initiales et type seulement.",
    "This file is not encrypted and names the people you accompany: keep it safe, and delete it once imported.": "Ce fichier n'est pas chiffré et nomme les personnes que vous accompagnez : gardez-le en lieu sûr et supprimez-le une fois importé.",
}
