"""French messages: backup (see fr.py)."""

MESSAGES: dict[str, str] = {
    # ---- storage/backup.py, services/backups.py
    "The backup could not be written in {folder}: {reason}. The vault is untouched.": "La sauvegarde n'a pas pu être écrite dans {folder} : {reason}. Le coffre n'a pas été modifié.",
    "the disk is full": "le disque est plein",
    "writing there is not allowed": "l'écriture y est interdite",
    "the folder is not available": "le dossier n'est pas disponible",
    "the copy could not be written": "la copie n'a pas pu être écrite",
    "the drive reported an input/output error": "le disque a signalé une erreur d'entrée-sortie",
    "The backup folder {folder} is not available (is the USB drive plugged in?). The backup was written to {fallback} instead.": "Le dossier de sauvegarde {folder} n'est pas disponible (la clé USB est-elle branchée ?). La sauvegarde a été écrite dans {fallback} à la place.",
    "The backup could not be written in {folder} ({reason}). It was written to {fallback} instead.": "La sauvegarde n'a pas pu être écrite dans {folder} ({reason}). Elle a été écrite dans {fallback} à la place.",
    "This backup was made by a newer version of SocialDesk (schema {revision}). Update SocialDesk to restore it; nothing was changed.": "Cette sauvegarde a été faite par une version plus récente de SocialDesk (schéma {revision}). Mettez SocialDesk à jour pour la restaurer ; rien n'a été modifié.",
    "Keep at least one backup.": "Gardez au moins une sauvegarde.",
    "Choose a folder by its full path.": "Choisissez un dossier par son chemin complet.",
    "Enter a number of backups from 0 to 400.": "Saisissez un nombre de sauvegardes entre 0 et 400.",
    # ---- cli: backup --verify
    "check the backup FILE instead (opens it with its passphrase or recovery key: integrity, schema, record counts); exit 4 if it is damaged": "vérifier plutôt la sauvegarde FILE (l'ouvre avec sa phrase de passe ou sa clé de secours : intégrité, schéma, nombre d'enregistrements) ; code 4 si elle est endommagée",
    "--verify checks a backup; it cannot be used with --to.": "--verify vérifie une sauvegarde ; il ne s'utilise pas avec --to.",
    "{revision}, made by a newer version of SocialDesk": "{revision}, fait par une version plus récente de SocialDesk",
    "{revision}, upgraded to {head} when opened": "{revision}, mis à jour en {head} à l'ouverture",
    "Backup file:": "Fichier de sauvegarde :",
    "Made on:": "Faite le :",
    "Records:": "Enregistrements :",
    "The backup is healthy: it can be restored.": "La sauvegarde est saine : elle peut être restaurée.",
    "This backup is damaged or cannot be restored.": "Cette sauvegarde est endommagée ou ne peut pas être restaurée.",
}
