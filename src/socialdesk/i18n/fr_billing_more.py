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
    "Credit": "Créditer",
    "Invoiced": "Facturé",
    "Quantity to credit": "Quantité à créditer",
    "Credit only some lines or quantities": "Ne créditer que certaines lignes ou quantités",
    "Lines:": "Lignes :",
    "Enter, for each line credited, a quantity above zero and at most the quantity invoiced.": (
        "Pour chaque ligne créditée, saisissez une quantité supérieure à zéro et au plus "
        "égale à la quantité facturée."
    ),
    "Choose at least one line to credit.": "Choisissez au moins une ligne à créditer.",
    "A credit note for {number} is issued at once, in its own numbering series; the "
    "invoice itself is never changed. Left to credit: {amount}.": (
        "Un avoir sur {number} est émis immédiatement, dans sa propre série de numéros ; "
        "la facture elle-même n'est jamais modifiée. Reste à créditer : {amount}."
    ),
}
