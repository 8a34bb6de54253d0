"""French messages: security (see fr.py)."""

MESSAGES: dict[str, str] = {
    # vault/throttle.py
    "Too many failed attempts. Wait {seconds} s before trying again.": (
        "Trop de tentatives échouées. Attendez {seconds} s avant de réessayer."
    ),
    # services/tamper.py
    "Warning: this vault is older than the last one SocialDesk saved. Its audit log or "
    "invoice journal is shorter than, or different from, what was recorded outside the "
    "vault. The file (or part of it) may have been replaced by an old copy. Check your "
    "recent work, and restore your latest backup if something is missing.": (
        "Attention : ce coffre est plus ancien que le dernier enregistré par SocialDesk. "
        "Son journal d'audit ou son journal des factures est plus court que ce qui a été "
        "noté hors du coffre, ou différent. Le fichier (ou une partie) a peut-être été "
        "remplacé par une ancienne copie. Vérifiez votre travail récent et restaurez votre "
        "dernière sauvegarde s'il manque quelque chose."
    ),
    "Warning: the tamper-evidence record beside this vault ({path}) is not the one "
    "SocialDesk wrote: it was replaced, edited or damaged. The vault may have been "
    "tampered with. Check your recent work, and restore your latest backup if "
    "something is missing.": (
        "Attention : le témoin d'intégrité placé à côté du coffre ({path}) n'est pas celui "
        "que SocialDesk a écrit : il a été remplacé, modifié ou abîmé. Le coffre a peut-être "
        "été altéré. Vérifiez votre travail récent et restaurez votre dernière sauvegarde "
        "s'il manque quelque chose."
    ),
    "Warning: the tamper-evidence record beside this vault ({path}) has disappeared. "
    "Someone may have put back an old copy of the vault. Check your recent work, and "
    "restore your latest backup if something is missing.": (
        "Attention : le témoin d'intégrité placé à côté du coffre ({path}) a disparu. "
        "Quelqu'un a peut-être remis une ancienne copie du coffre. Vérifiez votre travail "
        "récent et restaurez votre dernière sauvegarde s'il manque quelque chose."
    ),
    # services/vault.py
    "A change of the vault key that was interrupted has now been completed. Its new "
    "recovery key may never have been shown: make a new recovery key in Settings → "
    "Security and write it down.": (
        "Un changement de la clé du coffre qui avait été interrompu est maintenant terminé. "
        "Sa nouvelle clé de secours n'a peut-être jamais été affichée : créez-en une "
        "nouvelle dans Paramètres → Sécurité et notez-la."
    ),
    "The audit log was altered: event {id} does not follow from the one before.": (
        "Le journal d'audit a été modifié : l'événement {id} ne suit pas du précédent."
    ),
    "The invoice journal was altered at {number} ({reason}).": (
        "Le journal des factures a été modifié à {number} ({reason})."
    ),
    # cli/security_commands.py
    "replace the database key by a new random one; the passphrase stays, a new "
    "recovery key is shown once": (
        "remplacer la clé de la base par une nouvelle clé aléatoire ; la phrase de passe "
        "reste, une nouvelle clé de secours est affichée une seule fois"
    ),
    "stop repeating a tamper-evidence warning, once you have checked the vault": (
        "ne plus répéter un avertissement d'intégrité, une fois le coffre vérifié"
    ),
    "The database key was replaced; the vault was re-encrypted with the new key.": (
        "La clé de la base a été remplacée ; le coffre a été rechiffré avec la nouvelle clé."
    ),
    "Your passphrase is unchanged. The old recovery key no longer opens the vault.": (
        "Votre phrase de passe ne change pas. L'ancienne clé de secours n'ouvre plus le coffre."
    ),
    "This computer no longer remembers the key (the system keyring did not "
    "answer); turn it on again in Settings → Security if you want it.": (
        "Cet ordinateur ne mémorise plus la clé (le trousseau du système n'a pas répondu) ; "
        "réactivez-la dans Paramètres → Sécurité si vous le souhaitez."
    ),
    "There is no tamper-evidence warning to acknowledge.": (
        "Il n'y a aucun avertissement d'intégrité à confirmer."
    ),
    "Warning acknowledged: it will not be shown again.": (
        "Avertissement confirmé : il ne sera plus affiché."
    ),
    # ui/dialogs/unlock.py
    "I have checked: stop showing this warning": (
        "J'ai vérifié : ne plus afficher cet avertissement"
    ),
    "Continue": "Continuer",
    "Saving…": "Enregistrement…",
    # ui/dialogs/rotate_key.py, ui/pages/settings.py
    "Change the vault key": "Changer la clé du coffre",
    "Change the vault key…": "Changer la clé du coffre…",
    "Change the key": "Changer la clé",
    "Your passphrase": "Votre phrase de passe",
    "Vault key changed.": "Clé du coffre changée.",
    "A new random key will re-encrypt the whole vault. Your passphrase stays the "
    "same. The recovery key is replaced: the new one is shown once, write it "
    "down. Do this if you think your keys file was copied along with your "
    "passphrase or recovery key.": (
        "Une nouvelle clé aléatoire va rechiffrer tout le coffre. Votre phrase de passe ne "
        "change pas. La clé de secours est remplacée : la nouvelle n'est affichée qu'une "
        "fois, notez-la. Faites-le si vous pensez que votre fichier de clés a été copié "
        "avec votre phrase de passe ou votre clé de secours."
    ),
    "The vault key was changed. Here is your new recovery key (shown only this once):": (
        "La clé du coffre a été changée. Voici votre nouvelle clé de secours (affichée une "
        "seule fois) :"
    ),
    "The disk is full: this change was not saved. Everything saved before is safe. Free some space, then try again.": "Le disque est plein : cette modification n'a pas été enregistrée. Tout ce qui a été enregistré avant est intact. Libérez de la place, puis réessayez.",
    "The drive reported an input/output error: this change was not saved. Everything saved before is safe. Check the drive and make a backup.": "Le disque a signalé une erreur d'entrée-sortie : cette modification n'a pas été enregistrée. Tout ce qui a été enregistré avant est intact. Vérifiez le disque et faites une sauvegarde.",
}
