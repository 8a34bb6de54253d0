"""French catalogue: invoices, numbering, legal mentions, credit notes, payments."""

MESSAGES: dict[str, str] = {
    # States and payment methods (domain/invoicing.py; screens reuse these labels)
    "Issued": "Émise",
    "Partially paid": "Partiellement payée",
    "Paid": "Payée",
    "Bank transfer": "Virement",
    "Cheque": "Chèque",
    "Cash": "Espèces",
    "Card": "Carte bancaire",
    "Direct debit": "Prélèvement",
    "Voucher": "Titre de paiement (CESU…)",
    # Errors
    "This invoice no longer exists.": "Cette facture n'existe plus.",
    "This payment no longer exists.": "Ce paiement n'existe plus.",
    "An issued invoice cannot be changed: issue a credit note to correct it.": (
        "Une facture émise ne peut plus être modifiée : émettez un avoir pour la corriger."
    ),
    "Only an issued invoice can receive a payment or a credit note.": (
        "Seule une facture émise peut recevoir un paiement ou un avoir."
    ),
    "This invoice cannot be issued: mandatory mentions are missing.": (
        "Cette facture ne peut pas être émise : des mentions obligatoires manquent."
    ),
    # Draft lines
    "An invoice has at most 1000 lines.": "Une facture compte au plus 1000 lignes.",
    "Each line needs a description.": "Chaque ligne doit avoir un libellé.",
    "A quantity has at most three decimals.": "Une quantité a au plus trois décimales.",
    "Enter a unit price of zero or more.": "Saisissez un prix unitaire positif ou nul.",
    "A VAT rate is between 0 and 100 %.": "Un taux de TVA est compris entre 0 et 100 %.",
    "A line description is too long.": "Le libellé d'une ligne est trop long.",
    "Enter a quantity other than zero.": "Saisissez une quantité différente de zéro.",
    "The end of the period is before its start.": "La fin de la période précède son début.",
    "Choose who pays: a client or an organization.": (
        "Choisissez qui paie : une personne accompagnée ou un organisme."
    ),
    # Mandatory mentions (domain/legal_mentions.py)
    "Your address (street, postal code and city) in the profile.": (
        "Votre adresse (rue, code postal et ville) dans le profil."
    ),
    "The name of the client or payer.": "Le nom du client ou du payeur.",
    "The address of the client or payer (street and city).": (
        "L'adresse du client ou du payeur (rue et ville)."
    ),
    "The issue date.": "La date d'émission.",
    "The date of the service: a service period or a date on every line.": (
        "La date de la prestation : une période ou une date sur chaque ligne."
    ),
    "Your VAT number in the profile (you are registered for VAT).": (
        "Votre numéro de TVA dans le profil (vous êtes assujetti à la TVA)."
    ),
    "The legal basis of the VAT exemption on every line without VAT.": (
        "Le fondement de l'exonération de TVA sur chaque ligne sans TVA."
    ),
    "Under the VAT franchise, no line carries VAT and each states its exemption.": (
        "En franchise de TVA, aucune ligne ne porte de TVA et chacune indique son exonération."
    ),
    "Your name followed by “EI” (entrepreneur individuel) in the profile.": (
        "Votre nom suivi de « EI » (entrepreneur individuel) dans le profil."
    ),
    "Your SIREN (or SIRET) number in the profile.": (
        "Votre numéro SIREN (ou SIRET) dans le profil."
    ),
    "The payment due date (business payer).": (
        "La date d'échéance du paiement (payeur professionnel)."
    ),
    "The late-payment penalty rate in the profile (business payer).": (
        "Le taux des pénalités de retard dans le profil (payeur professionnel)."
    ),
    "The payer's SIREN number (business payer).": (
        "Le numéro SIREN du payeur (payeur professionnel)."
    ),
    "Your name or business name in the profile.": (
        "Votre nom ou votre dénomination dans le profil."
    ),
    "Your enterprise number (BCE/KBO) in the profile.": (
        "Votre numéro d'entreprise (BCE/KBO) dans le profil."
    ),
    "The payer's VAT or enterprise number (business payer).": (
        "Le numéro de TVA ou d'entreprise du payeur (payeur professionnel)."
    ),
    "Your CUI (fiscal identification code) in the profile.": (
        "Votre CUI (code d'identification fiscale) dans le profil."
    ),
    "The payer's CUI (business payer).": "Le CUI du payeur (payeur professionnel).",
    "Choose France, Belgium or Romania in the profile.": (
        "Choisissez la France, la Belgique ou la Roumanie dans le profil."
    ),
    # Issue and credit notes
    "A line names a person accompanied, but the invoice goes to a third party: "
    "remove the name or choose to name the persons.": (
        "Une ligne nomme une personne accompagnée alors que la facture va à un tiers : "
        "retirez le nom ou choisissez de nommer les personnes."
    ),
    "An invoice needs at least one line.": "Une facture doit avoir au moins une ligne.",
    "The invoice total cannot be negative.": "Le total de la facture ne peut pas être négatif.",
    "Give the reason for the credit note.": "Indiquez le motif de l'avoir.",
    "A credit note needs at least one line.": "Un avoir doit avoir au moins une ligne.",
    "The credit note is larger than what remains of the invoice.": (
        "L'avoir dépasse ce qui reste de la facture."
    ),
    "Part of this invoice is already credited: choose the lines.": (
        "Une partie de cette facture a déjà fait l'objet d'un avoir : choisissez les lignes."
    ),
    # Payments
    "Enter the amount received.": "Saisissez le montant reçu.",
    "The amount is more than what remains to be paid.": "Le montant dépasse le reste à payer.",
    "This invoice was cancelled by a credit note.": "Cette facture a été annulée par un avoir.",
    "The payment date is before the invoice's issue date.": (
        "La date du paiement précède la date d'émission de la facture."
    ),
    "The payment date is in the future.": "La date du paiement est dans le futur.",
    "The payment reference is too long.": "La référence du paiement est trop longue.",
    # Dashboard figures
    "Enter a threshold above zero.": "Saisissez un seuil supérieur à zéro.",
    "The issue date cannot be before the last invoice or credit note issued.": (
        "La date d'émission ne peut pas précéder celle de la dernière facture ou du dernier avoir émis."
    ),
    "An item of this invoice is already billed by another invoice.": (
        "Un élément de cette facture est déjà facturé par une autre facture."
    ),
}
