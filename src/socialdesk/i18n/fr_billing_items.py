"""French catalogue: service catalogue, packages, billable items."""

MESSAGES: dict[str, str] = {
    # domain/catalogue.py
    "Hour": "Heure",
    "Session": "Séance",
    "Flat fee": "Forfait",
    "Kilometre": "Kilomètre",
    "According to my VAT status": "Selon mon régime de TVA",
    "Exempt (legal basis)": "Exonéré (base légale)",
    "VAT rate": "Taux de TVA",
    "This service does not exist (it may have been deleted).": (
        "Cette prestation n'existe pas (elle a peut-être été supprimée)."
    ),
    "This package offer does not exist (it may have been deleted).": (
        "Cette offre de forfait n'existe pas (elle a peut-être été supprimée)."
    ),
    "Enter a code for this service.": "Saisissez un code pour cette prestation.",
    "A service code has up to 40 letters, digits, dots, dashes or slashes, no spaces.": (
        "Un code de prestation compte au plus 40 lettres, chiffres, points, tirets ou barres "
        "obliques, sans espace."
    ),
    "Enter the name of the service.": "Saisissez l'intitulé de la prestation.",
    "Choose a unit: hour, session, flat fee or kilometre.": (
        "Choisissez une unité : heure, séance, forfait ou kilomètre."
    ),
    "The unit price must be between 0 and 1,000,000.": (
        "Le prix unitaire doit être compris entre 0 et 1 000 000."
    ),
    "The VAT rate must be between 0 % and 100 %.": (
        "Le taux de TVA doit être compris entre 0 % et 100 %."
    ),
    "An exempt service needs its legal basis (it is printed on the invoice).": (
        "Une prestation exonérée demande sa base légale (elle figure sur la facture)."
    ),
    "An accounting account has up to 20 digits or letters, no spaces (e.g. 706000).": (
        "Un compte comptable compte au plus 20 chiffres ou lettres, sans espace (ex. 706000)."
    ),
    "The usual duration must be between 1 minute and 24 hours.": (
        "La durée habituelle doit être comprise entre 1 minute et 24 heures."
    ),
    "Enter the name of the package.": "Saisissez l'intitulé du forfait.",
    "The quantity must be a positive number (3 decimals at most, 10,000 at most).": (
        "La quantité doit être un nombre positif (3 décimales au plus, 10 000 au plus)."
    ),
    "The price must be between 0 and 1,000,000.": "Le prix doit être compris entre 0 et 1 000 000.",
    "The validity must be between 1 and 3,660 days.": (
        "La validité doit être comprise entre 1 et 3 660 jours."
    ),
    # services/catalogue.py
    "Another service already has this code.": "Une autre prestation porte déjà ce code.",
    "Choose the service this package is made of.": (
        "Choisissez la prestation qui compose ce forfait."
    ),
    # domain/packages.py
    "This package does not exist (it may have been deleted).": (
        "Ce forfait n'existe pas (il a peut-être été supprimé)."
    ),
    "This package is closed: its units can no longer change.": (
        "Ce forfait est clôturé : ses unités ne peuvent plus changer."
    ),
    "Settle (the remainder is credited)": "Solder (le reliquat est remboursé par avoir)",
    "Carry the remainder over to a new package": "Reporter le reliquat sur un nouveau forfait",
    "Used up": "Épuisé",
    "Expired": "Expiré",
    # services/billable.py
    "This appointment is already on an invoice: its status can no longer change and it "
    "cannot be deleted. Issue a credit note first, or delete the draft invoice.": (
        "Ce rendez-vous figure déjà sur une facture : son statut ne peut plus changer et il "
        "ne peut pas être supprimé. Émettez d'abord un avoir, ou supprimez la facture brouillon."
    ),
    "{service} — {day} — no-show": "{service} — {day} — absence non excusée",
    "{service} — {day} — late cancellation": "{service} — {day} — annulation tardive",
    "Travel expenses ({km}) — {day}": "Frais kilométriques ({km}) — {day}",
    "Late cancellation": "Annulation tardive",
    "Package \u201c{name}\u201d": "Forfait \u00ab\u00a0{name}\u00a0\u00bb",
    "Package \u201c{name}\u201d — valid until {day}": (
        "Forfait \u00ab\u00a0{name}\u00a0\u00bb — valable jusqu'au {day}"
    ),
    # services/packages.py
    "Choose the person this package is sold to.": (
        "Choisissez la personne à qui ce forfait est vendu."
    ),
    "Choose a package offer.": "Choisissez une offre de forfait.",
    "This package offer is no longer offered.": "Cette offre de forfait n'est plus proposée.",
    "Choose the organization that pays.": "Choisissez l'organisme payeur.",
    "The end of validity cannot be before the sale.": (
        "La fin de validité ne peut pas précéder la vente."
    ),
    "Enter a number of units other than 0 (3 decimals at most).": (
        "Saisissez un nombre d'unités différent de 0 (3 décimales au plus)."
    ),
    "This is more than what is left on the package.": "C'est plus que le solde du forfait.",
    "This gives back more units than were used.": (
        "Cela rend plus d'unités qu'il n'en a été consommé."
    ),
    "Say why these units are used or given back.": (
        "Indiquez pourquoi ces unités sont consommées ou rendues."
    ),
    "The reason is too long (500 characters at most).": (
        "Le motif est trop long (500 caractères au plus)."
    ),
    "Nothing is left on this package to carry over.": "Il ne reste rien à reporter sur ce forfait.",
    # services/billable_drafts.py
    "Select the items to bill.": "Sélectionnez les éléments à facturer.",
    "Some selected items are already invoiced or gone: refresh the list.": (
        "Certains éléments sélectionnés sont déjà facturés ou n'existent plus : "
        "actualisez la liste."
    ),
    "A group session has no paying organization: set it first.": (
        "Une séance collective n'a pas d'organisme payeur : indiquez-le d'abord."
    ),
    # services/package_settlement.py
    "{package} — remainder credited ({units} of {total} units)": (
        "{package} — reliquat remboursé ({units} unités sur {total})"
    ),
    "Package closed early": "Forfait clôturé avant son terme",
}
