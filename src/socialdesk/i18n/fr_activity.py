"""French messages: activity (see fr.py)."""

MESSAGES: dict[str, str] = {
    # domain/activity.py
    "Under 18": "Moins de 18 ans",
    "18 to 25": "18 à 25 ans",
    "26 to 35": "26 à 35 ans",
    "36 to 45": "36 à 45 ans",
    "46 to 55": "46 à 55 ans",
    "56 to 65": "56 à 65 ans",
    "66 and over": "66 ans et plus",
    "Age unknown": "Âge inconnu",
    "Women": "Femmes",
    "Men": "Hommes",
    "Other gender": "Autre genre",
    "Gender not stated": "Genre non précisé",
    "Gender not recorded": "Genre non renseigné",
    # domain/indicators.py, services/indicators.py
    "Entered by hand": "Saisi à la main",
    "Persons accompanied": "Personnes accompagnées",
    "New files opened": "Nouveaux dossiers ouverts",
    "Files closed": "Dossiers clôturés",
    "Appointments held": "Rendez-vous réalisés",
    "Home visits made": "Visites à domicile réalisées",
    "Group sessions held": "Séances collectives réalisées",
    "Hours of accompaniment (in minutes)": "Heures d'accompagnement (en minutes)",
    "Procedures submitted": "Démarches déposées",
    "Rights obtained": "Droits obtenus",
    "Referrals to partners": "Orientations vers des partenaires",
    "Objectives achieved": "Objectifs atteints",
    "This indicator does not exist (it may have been deleted).": (
        "Cet indicateur n'existe pas (il a peut-être été supprimé)."
    ),
    "This value does not exist (it may have been deleted).": (
        "Cette valeur n'existe pas (elle a peut-être été supprimée)."
    ),
    "Enter the indicator's name.": "Saisissez le nom de l'indicateur.",
    "Choose how the indicator is counted.": "Choisissez comment l'indicateur est compté.",
    "Enter a target between 0 and 100,000,000.": "Saisissez un objectif entre 0 et 100 000 000.",
    "The unit is too long (40 characters at most).": "L'unité est trop longue (40 caractères au plus).",
    "The description is too long (2,000 characters at most).": (
        "La description est trop longue (2 000 caractères au plus)."
    ),
    "Enter the date of the value.": "Saisissez la date de la valeur.",
    "Enter a value between 0 and 100,000,000.": "Saisissez une valeur entre 0 et 100 000 000.",
    "The note is too long (500 characters at most).": "La note est trop longue (500 caractères au plus).",
    "Choose the funder among the organizations.": "Choisissez le financeur parmi les organismes.",
    "This indicator has values entered by hand: delete them before counting it from the data.": (
        "Cet indicateur a des valeurs saisies à la main : supprimez-les avant de le compter "
        "à partir des données."
    ),
    "This indicator is counted from the data: values cannot be entered by hand.": (
        "Cet indicateur est compté à partir des données : on ne peut pas y saisir de valeurs."
    ),
    "The date is outside the indicator's period.": "La date est en dehors de la période de l'indicateur.",
    # services/reports/activity.py
    "An activity report is for my records or for a funder.": (
        "Un rapport d'activité est destiné à mes dossiers ou à un financeur."
    ),
    "The folder to save in does not exist.": "Le dossier d'enregistrement n'existe pas.",
    "Choose another file for the CSV than for the PDF.": (
        "Choisissez pour le CSV un autre fichier que pour le PDF."
    ),
}
