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
}
