"""French catalogue: plans, démarches, partners, tasks and Today (domain, services, CLI)."""

MESSAGES: dict[str, str] = {
    # ---- shared input rules
    "Enter a valid date.": "Saisissez une date valide.",
    "The date is too far in the future.": "La date est trop éloignée dans le futur.",
    # ---- plans
    "In progress": "En cours",
    "Achieved": "Atteint",
    "Partly achieved": "Partiellement atteint",
    "Abandoned": "Abandonné",
    "Not started": "Pas commencé",
    "Started": "Amorcé",
    "Halfway": "À mi-chemin",
    "Nearly there": "Presque atteint",
    "Reached": "Atteint pleinement",
    "Objective created": "Objectif créé",
    "Title": "Intitulé",
    "Description": "Description",
    "Social issue": "Problématique",
    "Target date": "Date visée",
    "Action added": "Action ajoutée",
    "Action changed": "Action modifiée",
    "Action done": "Action réalisée",
    "Action reopened": "Action rouverte",
    "Action removed": "Action supprimée",
    "Evaluation": "Évaluation",
    "Evaluation changed": "Évaluation modifiée",
    "Evaluation removed": "Évaluation supprimée",
    "Give the objective a title.": "Donnez un intitulé à l'objectif.",
    "Describe the action.": "Décrivez l'action.",
    "Enter the date of the evaluation.": "Saisissez la date de l'évaluation.",
    "The progress is a percentage between 0 and 100.": (
        "La progression est un pourcentage entre 0 et 100."
    ),
    "Give a progress level or write a comment.": (
        "Indiquez un niveau de progression ou écrivez un commentaire."
    ),
    "This objective does not exist (it may have been deleted).": (
        "Cet objectif n'existe pas (il a peut-être été supprimé)."
    ),
    "This action does not exist (it may have been deleted).": (
        "Cette action n'existe pas (elle a peut-être été supprimée)."
    ),
    "This evaluation does not exist (it may have been deleted).": (
        "Cette évaluation n'existe pas (elle a peut-être été supprimée)."
    ),
    # ---- partners and referrals
    "Legal aid": "Accès au droit et justice",
    "Childcare": "Garde d'enfants",
    "Food aid": "Aide alimentaire",
    "Disability": "Handicap",
    "Older people": "Personnes âgées",
    "Education": "Scolarité et éducation",
    "Partner": "Partenaire",
    "Payer": "Financeur",
    "Partner and payer": "Partenaire et financeur",
    "Employer": "Employeur",
    "Town / social action centre": "Mairie / CCAS / CPAS",
    "Association": "Association",
    "Social security or employment agency": "Organisme de protection sociale ou d'emploi",
    "Administration": "Administration",
    "Justice": "Justice",
    "Company": "Entreprise",
    "Pending": "En attente",
    "Taken up": "Accompagnement engagé",
    "Declined by the person": "Refusé par la personne",
    "Refused by the partner": "Refusé par le partenaire",
    "No response": "Sans réponse",
    "Enter the name of the organization.": "Saisissez le nom de l'organisme.",
    "Choose domains from the list.": "Choisissez les domaines dans la liste.",
    "Choose a role from the list.": "Choisissez un rôle dans la liste.",
    "Choose a kind of organization from the list.": (
        "Choisissez un type d'organisme dans la liste."
    ),
    "The website address is not valid.": "L'adresse du site web n'est pas valide.",
    "Enter the name of the contact person.": "Saisissez le nom de l'interlocuteur.",
    "Enter the date of the referral.": "Saisissez la date de l'orientation.",
    "Choose an organization from the directory.": "Choisissez un organisme de l'annuaire.",
    "This organization is no longer active.": "Cet organisme n'est plus actif.",
    "Choose a contact person of this organization.": (
        "Choisissez un interlocuteur de cet organisme."
    ),
    "The referral cannot be dated after its outcome.": (
        "L'orientation ne peut pas être datée après sa suite."
    ),
    "Choose an outcome from the list.": "Choisissez une suite dans la liste.",
    "The outcome cannot be dated before the referral.": (
        "La suite ne peut pas être datée avant l'orientation."
    ),
    "This organization does not exist (it may have been deleted).": (
        "Cet organisme n'existe pas (il a peut-être été supprimé)."
    ),
    "This contact person does not exist (it may have been deleted).": (
        "Cet interlocuteur n'existe pas (il a peut-être été supprimé)."
    ),
    "This referral does not exist (it may have been deleted).": (
        "Cette orientation n'existe pas (elle a peut-être été supprimée)."
    ),
    # ---- tasks
    "To do": "À faire",
    "Say what is to be done.": "Indiquez ce qu'il y a à faire.",
    "This démarche does not exist.": "Cette démarche n'existe pas.",
    "This démarche belongs to another client.": "Cette démarche concerne une autre personne.",
    "This task does not exist (it may have been deleted).": (
        "Cette tâche n'existe pas (elle a peut-être été supprimée)."
    ),
    # ---- démarches
    "To prepare": "À préparer",
    "Submitted": "Déposée",
    "Awaiting answer": "En attente de réponse",
    "Granted": "Accordée",
    "Refused": "Refusée",
    "Appeal": "Recours",
    "Nothing due": "Rien à faire",
    "Due soon": "Bientôt à faire",
    "Another kind of démarche already has this code.": (
        "Un autre type de démarche a déjà ce code."
    ),
    "Choose a kind of démarche from the list.": "Choisissez un type de démarche dans la liste.",
    "Enter the monthly amount obtained (0 or more).": (
        "Saisissez le montant mensuel obtenu (0 ou plus)."
    ),
    "Give the kind of démarche a name.": "Donnez un nom au type de démarche.",
    "Name the document.": "Indiquez le nom du document.",
    "The checklist is too long.": "La liste des pièces est trop longue.",
    "The code of a kind of démarche has 1 to 60 lowercase letters, digits or underscores "
    "(e.g. fr_rsa).": (
        "Le code d'un type de démarche comporte 1 à 60 lettres minuscules, chiffres ou "
        "tirets bas (par exemple fr_rsa)."
    ),
    "The decision cannot be dated before the submission.": (
        "La décision ne peut pas être datée avant le dépôt."
    ),
    "This document of the checklist does not exist (it may have been removed).": (
        "Ce document de la liste n'existe pas (il a peut-être été retiré)."
    ),
    "This démarche does not exist (it may have been deleted).": (
        "Cette démarche n'existe pas (elle a peut-être été supprimée)."
    ),
    "This kind of démarche does not exist (it may have been deleted).": (
        "Ce type de démarche n'existe pas (il a peut-être été supprimé)."
    ),
    # ---- Today
    "Today's appointments": "Rendez-vous du jour",
    "Tomorrow's appointments": "Rendez-vous de demain",
    "Démarches due": "Démarches à suivre",
    "Objectives to evaluate": "Objectifs à évaluer",
    "Notes not signed": "Notes non signées",
    "Tasks due": "Tâches à faire",
    "Sessions not billed": "Séances non facturées",
    "Overdue invoices": "Factures en retard de paiement",
    "Packages running out": "Forfaits bientôt épuisés",
    "Backup": "Sauvegarde",
    "Target date reached": "Date visée atteinte",
    "Not evaluated for 3 months": "Pas évalué depuis 3 mois",
    "To sign": "À signer",
    "Few units left": "Peu d'unités restantes",
    "Ends soon": "Se termine bientôt",
    "Ended": "Terminé",
    "No backup yet": "Aucune sauvegarde",
    "Last backup is old": "Dernière sauvegarde ancienne",
    "Backed up recently": "Sauvegardé récemment",
    # ---- socialdesk today
    "show what needs you today: appointments, démarches, notes, tasks, billing": (
        "afficher ce qui vous attend aujourd'hui : rendez-vous, démarches, notes, tâches, "
        "facturation"
    ),
    "the day to show (default: today)": "le jour à afficher (par défaut : aujourd'hui)",
    "at most N lines per section (default: {n})": (
        "au plus N lignes par rubrique (par défaut : {n})"
    ),
    "not a positive number: {value}": "pas un nombre positif : {value}",
    "Today, {date}": "Aujourd'hui, {date}",
    "nothing": "rien",
    "(+{n} more)": "(+{n} de plus)",
    "{left} of {total} left": "reste {left} sur {total}",
    "No backup yet: make one with “socialdesk backup”.": (
        "Aucune sauvegarde : faites-en une avec « socialdesk backup »."
    ),
    "Last backup {date} ({days} day(s) ago): {file}": (
        "Dernière sauvegarde le {date} (il y a {days} jour(s)) : {file}"
    ),
    "make a new one with “socialdesk backup”.": (
        "faites-en une nouvelle avec « socialdesk backup »."
    ),
}
