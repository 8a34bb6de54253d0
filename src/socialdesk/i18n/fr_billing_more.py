"""French messages: billing_more (see fr.py)."""

MESSAGES: dict[str, str] = {
    "The export was cancelled: no file was written.": (
        "L'export a été annulé : aucun fichier n'a été écrit."
    ),
    "%v of %m documents": "%v documents sur %m",
    "Cancel the export": "Annuler l'export",
    "The due date cannot be before the issue date.": (
        "L'échéance ne peut pas précéder la date d'émission."
    ),
    "Empty: from your payment terms, when issued.": (
        "Vide : selon vos conditions de paiement, à l'émission."
    ),
    "The late-payment penalty text is too long (300 characters at most).": (
        "Le texte des pénalités de retard est trop long (300 caractères au plus)."
    ),
    "Late-payment penalties:": "Pénalités de retard :",
    "Empty: the statutory rate is stated (business payers)": (
        "Vide : le taux légal est indiqué (clients professionnels)"
    ),
}
