"""Phrase banks for case notes, plans and tasks, written as a social worker writes them.

Placeholders (filled per client and per note by :mod:`.texts`):

- ``{qui}`` "Mme Benali" / "M. Dupont"; ``{il}``/``{Il}`` the pronoun; ``{e}`` the feminine
  agreement ("venu{e}"); ``{ville}`` the client's town;
- country-dependent bodies: ``{caf}`` (la CAF / le CPAS), ``{cpam}`` (la CPAM / la
  mutualité), ``{emploi}`` (France Travail / le Forem), ``{minima}`` (le RSA / le revenu
  d'intégration), ``{alloc_logement}``, ``{dettes}``, ``{mairie}``, ``{handicap}``, each
  also as ``{a_caf}`` ("à la CAF" / "au CPAS") and ``{de_caf}`` ("de la CAF" / "du CPAS");
- per note: ``{n}`` a number of months, ``{montant}``, ``{loyer}``, ``{dette}``… amounts, ``{date}`` and ``{heure}``
  of the next meeting, ``{piece}`` a missing document, ``{sujet}`` the topic.

Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IssueBank:
    topics: tuple[str, ...]  # "{sujet}": what a note is about
    situation: tuple[str, ...]
    actions: tuple[str, ...]
    summary: tuple[str, ...]  # a line of the client's situation file
    objectives: tuple[str, ...]
    steps: tuple[str, ...]  # actions of an objective, and client tasks


ISSUES: dict[str, IssueBank] = {
    "housing": IssueBank(
        topics=(
            "la demande de logement social",
            "les impayés de loyer",
            "la recherche d'un hébergement",
            "l'état du logement",
        ),
        situation=(
            "{qui} est hébergé{e} chez un membre de sa famille depuis {n} mois ; la "
            "suroccupation crée des tensions.",
            "Le bailleur a adressé un commandement de payer : la dette locative atteint {dette}.",
            "Le logement présente des traces d'humidité importantes dans les chambres ; "
            "{qui} dit avoir déjà signalé le problème au propriétaire, sans réponse.",
            "La demande de logement social, déposée il y a {n} mois, n'a pas encore été "
            "présentée en commission d'attribution.",
            "{Il} craint une procédure d'expulsion et ne répond plus aux courriers du bailleur.",
            "Le loyer résiduel après {alloc_logement} reste trop élevé au regard des ressources.",
        ),
        actions=(
            "Mise à jour de la demande de logement social en ligne avec {qui}.",
            "Contact pris avec la chargée de recouvrement du bailleur : un plan d'apurement "
            "de {mensualite} par mois est envisageable.",
            "Constitution d'une demande d'aide au Fonds de solidarité logement.",
            "Courrier rédigé ensemble au propriétaire pour demander les travaux.",
            "Vérification des droits à {alloc_logement} : la déclaration de situation est à refaire.",
            "Orientation vers l'ADIL pour une information juridique sur le bail.",
        ),
        summary=(
            "Locataire du parc social, loyer de {loyer}, impayés depuis {n} mois.",
            "Hébergé{e} chez un tiers, demande de logement social en cours.",
            "Locataire du parc privé, logement humide et trop petit.",
        ),
        objectives=(
            "Accéder à un logement adapté à la composition familiale",
            "Résorber la dette locative et sécuriser le maintien dans le logement",
            "Obtenir la réalisation des travaux par le propriétaire",
        ),
        steps=(
            "Renouveler la demande de logement social",
            "Négocier un plan d'apurement",
            "Déposer un dossier FSL",
            "Rassembler les quittances de loyer",
        ),
    ),
    "income": IssueBank(
        topics=("le budget", "l'ouverture des droits", "la baisse des ressources"),
        situation=(
            "Les ressources du foyer se limitent {a_minima} et aux allocations familiales.",
            "{qui} n'a perçu aucun revenu depuis {n} mois à la suite d'une rupture de droits.",
            "Le budget est déséquilibré : les charges fixes dépassent les ressources d'environ "
            "{ecart} par mois.",
            "{Il} ignorait pouvoir prétendre à la prime d'activité.",
            "Un indu de {montant} est réclamé par {caf} ; {qui} ne comprend pas son origine.",
        ),
        actions=(
            "Réalisation d'un budget détaillé avec {qui} à partir de ses relevés de compte.",
            "Simulation des droits effectuée en ligne ; dépôt de la demande auprès {de_caf}.",
            "Demande de remise de dette rédigée pour l'indu réclamé par {caf}.",
            "Demande d'aide financière ponctuelle adressée {a_mairie}.",
            "Orientation vers l'épicerie solidaire dans l'attente de l'ouverture des droits.",
        ),
        summary=(
            "Bénéficiaire {de_minima}, budget très contraint.",
            "Salarié{e} à temps partiel, ressources d'environ {revenu} par mois.",
            "Sans ressources depuis {n} mois, droits à ouvrir.",
        ),
        objectives=(
            "Ouvrir l'ensemble des droits auxquels la personne peut prétendre",
            "Équilibrer le budget mensuel",
            "Apprendre à gérer le budget de façon autonome",
        ),
        steps=(
            "Établir un budget mensuel",
            "Déposer la demande de prestation",
            "Contester l'indu",
            "Ouvrir un compte en banque",
        ),
    ),
    "debt": IssueBank(
        topics=("les dettes", "le dossier de surendettement", "les courriers d'huissier"),
        situation=(
            "{qui} a accumulé des dettes de consommation pour un montant estimé à {dette_conso}.",
            "Plusieurs courriers d'huissier non ouverts ; {il} se dit dépassé{e} par la situation.",
            "Les prélèvements de crédits renouvelables rendent le compte débiteur dès le 10 du mois.",
            "Des factures d'énergie impayées font craindre une coupure.",
        ),
        actions=(
            "Tri des courriers avec {qui} et établissement de la liste des créanciers.",
            "Constitution du dossier auprès {de_dettes}.",
            "Appel au fournisseur d'énergie : échéancier obtenu et coupure suspendue.",
            "Courrier aux créanciers pour signaler le dépôt du dossier et demander la "
            "suspension des poursuites.",
        ),
        summary=(
            "Endettement important (crédits à la consommation), dossier à constituer.",
            "Plan de surendettement en cours depuis {n} mois.",
        ),
        objectives=(
            "Faire reconnaître la situation de surendettement",
            "Stopper les frais bancaires et stabiliser le compte",
        ),
        steps=(
            "Lister les créanciers",
            "Déposer le dossier de surendettement",
            "Demander un échéancier au fournisseur d'énergie",
        ),
    ),
    "health": IssueBank(
        topics=("l'accès aux soins", "le dossier MDPH", "le suivi médical"),
        situation=(
            "{qui} renonce à certains soins faute de complémentaire santé.",
            "Des problèmes de dos limitent fortement la reprise d'une activité ; un dossier "
            "auprès {de_handicap} est envisagé.",
            "{Il} est suivi{e} par le centre médico-psychologique et souhaite maintenir ce lien.",
            "Le renouvellement des droits à l'assurance maladie est bloqué par une pièce manquante.",
        ),
        actions=(
            "Demande de complémentaire santé solidaire remplie avec {qui} et transmise {a_cpam}.",
            "Certificat médical demandé au médecin traitant pour le dossier {de_handicap}.",
            "Prise de rendez-vous au centre d'examens de santé.",
            "Appel {a_cpam} pour débloquer le dossier : la pièce manquante est identifiée.",
        ),
        summary=(
            "Problèmes de santé chroniques, suivi médical régulier.",
            "Pas de complémentaire santé, renoncement aux soins dentaires.",
            "Reconnaissance de handicap en cours d'instruction.",
        ),
        objectives=("Garantir l'accès aux soins", "Obtenir la reconnaissance du handicap"),
        steps=(
            "Demander la complémentaire santé solidaire",
            "Obtenir le certificat médical",
            "Déposer le dossier MDPH",
        ),
    ),
    "employment": IssueBank(
        topics=("la recherche d'emploi", "la formation", "la reprise d'activité"),
        situation=(
            "{qui} est inscrit{e} {a_emploi} depuis {n} mois et n'a plus de conseiller attitré.",
            "{Il} souhaite se former comme aide-soignant{e} mais craint de perdre ses allocations.",
            "Une reprise d'emploi à temps partiel est prévue le mois prochain.",
            "Le manque de solution de garde d'enfants freine les démarches d'emploi.",
        ),
        actions=(
            "Mise à jour du CV avec {qui}.",
            "Contact pris avec la conseillère {de_emploi} pour un rendez-vous tripartite.",
            "Recherche d'une formation financée ; dossier d'inscription téléchargé.",
            "Information sur le cumul entre salaire et prestations.",
        ),
        summary=(
            "Inscrit{e} comme demandeur d'emploi depuis {n} mois.",
            "En CDD à temps partiel.",
            "En formation qualifiante.",
        ),
        objectives=(
            "Construire un projet professionnel réaliste",
            "Accéder à une formation qualifiante",
        ),
        steps=(
            "Mettre à jour le CV",
            "Prendre rendez-vous avec le conseiller emploi",
            "S'inscrire à la formation",
        ),
    ),
    "family": IssueBank(
        topics=("la situation familiale", "la séparation", "la scolarité des enfants"),
        situation=(
            "Séparation récente : {qui} assume seul{e} la charge des enfants.",
            "Des difficultés éducatives avec l'aîné sont évoquées ; l'école a convoqué {qui}.",
            "La pension alimentaire n'est plus versée depuis {n} mois.",
            "{Il} s'occupe de sa mère âgée et se dit épuisé{e}.",
        ),
        actions=(
            "Information sur la procédure devant le juge aux affaires familiales.",
            "Demande d'intermédiation financière des pensions alimentaires expliquée et engagée.",
            "Orientation vers le lieu d'accueil parents-enfants du quartier.",
            "Contact avec l'assistante sociale scolaire, avec l'accord de {qui}.",
        ),
        summary=(
            "Parent isolé, deux enfants scolarisés.",
            "Couple avec trois enfants.",
            "Aidant{e} familial{e} d'un parent dépendant.",
        ),
        objectives=(
            "Sécuriser la situation des enfants après la séparation",
            "Obtenir le versement de la pension alimentaire",
        ),
        steps=(
            "Saisir le juge aux affaires familiales",
            "Demander l'intermédiation financière",
            "Rencontrer l'école",
        ),
    ),
    "rights": IssueBank(
        topics=("l'accès aux droits", "les démarches en ligne", "un recours"),
        situation=(
            "{qui} n'a pas d'accès à internet et ne peut pas consulter son espace personnel.",
            "Une décision défavorable {de_caf} n'a pas été contestée dans les délais.",
            "{Il} n'a jamais fait valoir ses droits par crainte des démarches administratives.",
        ),
        actions=(
            "Création de l'espace personnel en ligne et de l'adresse électronique avec {qui}.",
            "Rédaction d'un recours gracieux contre la décision.",
            "Orientation vers le point-justice pour un conseil juridique gratuit.",
        ),
        summary=(
            "Non-recours aux droits, peu d'autonomie numérique.",
            "Recours en cours contre une décision {de_caf}.",
        ),
        objectives=(
            "Rétablir l'accès à l'ensemble des droits",
            "Gagner en autonomie dans les démarches en ligne",
        ),
        steps=("Créer l'espace personnel en ligne", "Déposer le recours gracieux"),
    ),
    "mobility": IssueBank(
        topics=("la mobilité", "le permis de conduire"),
        situation=(
            "Sans véhicule, {qui} met plus d'une heure en transports pour rejoindre son travail.",
            "Le permis de conduire est suspendu ; cela bloque une promesse d'embauche.",
        ),
        actions=(
            "Demande de tarification solidaire des transports en commun.",
            "Orientation vers la plateforme mobilité pour un prêt de vélo électrique.",
        ),
        summary=("Sans moyen de locomotion.",),
        objectives=("Trouver une solution de mobilité durable",),
        steps=("Demander la tarification solidaire", "S'inscrire au code de la route"),
    ),
    "isolation": IssueBank(
        topics=("l'isolement", "le lien social"),
        situation=(
            "{qui} vit seul{e} et ne sort presque plus depuis le décès de son conjoint.",
            "{Il} n'a plus de contact avec sa famille et dit se sentir très seul{e}.",
        ),
        actions=(
            "Présentation des activités du centre social ; {qui} accepte une première visite.",
            "Mise en lien avec l'association de visiteurs bénévoles.",
        ),
        summary=("Personne isolée, peu de relations sociales.",),
        objectives=("Rompre l'isolement",),
        steps=("Visiter le centre social", "Participer à l'atelier collectif"),
    ),
    "administrative": IssueBank(
        topics=("les papiers administratifs", "le titre de séjour", "le courrier en retard"),
        situation=(
            "Le titre de séjour arrive à échéance dans {n} mois ; le rendez-vous en préfecture "
            "n'est pas encore pris.",
            "De nombreux courriers s'accumulent sans être ouverts.",
            "La carte d'identité est perdue, ce qui bloque plusieurs démarches.",
        ),
        actions=(
            "Classement des papiers avec {qui} dans un classeur par organisme.",
            "Prise de rendez-vous en ligne pour le renouvellement du titre.",
            "Déclaration de perte effectuée, pré-demande de carte d'identité faite en ligne.",
        ),
        summary=("Difficultés à gérer le courrier administratif.", "Titre de séjour à renouveler."),
        objectives=("Régulariser la situation administrative",),
        steps=("Prendre rendez-vous en préfecture", "Classer les papiers par organisme"),
    ),
}

OPENINGS: dict[str, tuple[str, ...]] = {
    "interview": (
        "Entretien au cabinet avec {qui}, venu{e} seul{e}.",
        "{qui} se présente à l'heure au rendez-vous ; l'entretien porte surtout sur {sujet}.",
        "Rendez-vous de suivi. {qui} apporte une partie des documents demandés la dernière fois.",
        "{qui} souhaite faire le point sur {sujet}.",
        "Entretien demandé par {qui} après la réception d'un courrier concernant {sujet}.",
        "Entretien de suivi avec {qui}, accompagné{e} d'un proche.",
    ),
    "phone_call": (
        "Appel de {qui} ce matin concernant {sujet}.",
        "Appel sortant vers {qui} pour faire le point sur {sujet}.",
        "{qui} me rappelle comme convenu.",
        "Échange téléphonique d'une quinzaine de minutes avec {qui}.",
        "Appel {a_caf} en présence de {qui} (haut-parleur) concernant {sujet}.",
    ),
    "home_visit": (
        "Visite à domicile à {ville}. {qui} me reçoit dans le séjour ; le logement est bien tenu.",
        "Visite à domicile programmée : {qui} est présent{e} avec ses enfants.",
        "Visite à {ville}. Le logement est encombré et peu chauffé.",
        "Visite à domicile à la demande de {qui}, qui a du mal à se déplacer en ce moment.",
    ),
    "email": (
        "Courriel reçu de {qui} avec une pièce jointe pour le dossier.",
        "Courriel envoyé à {qui} : récapitulatif des démarches et liste des pièces à fournir.",
        "Courriel au partenaire, avec l'accord de {qui}, concernant {sujet}.",
    ),
    "accompaniment": (
        "Accompagnement de {qui} à l'accueil {de_caf}.",
        "Accompagnement de {qui} au tribunal judiciaire pour l'audience.",
        "Accompagnement de {qui} {a_emploi} pour le rendez-vous d'inscription.",
        "Accompagnement de {qui} à l'agence du bailleur.",
    ),
    "synthesis": (
        "Synthèse de l'accompagnement de {qui}.",
        "Note de synthèse rédigée pour faire le point après {n} mois d'accompagnement.",
    ),
    "partner_meeting": (
        "Réunion de concertation avec les partenaires au sujet de la situation de {qui}.",
        "Synthèse partenariale (accord de {qui} recueilli au préalable).",
    ),
    "group_session": (
        "Atelier collectif : {qui} a participé activement aux échanges.",
        "Atelier collectif : {qui} est resté{e} en retrait mais a suivi les échanges.",
        "Atelier collectif : {qui} a partagé son expérience avec le groupe.",
    ),
}

OBSERVATIONS: tuple[str, ...] = (
    "{qui} paraît plus apaisé{e} qu'au dernier rendez-vous.",
    "Fatigue importante exprimée ; {il} dit mal dormir depuis plusieurs semaines.",
    "Bonne mobilisation dans les démarches.",
    "{Il} a du mal à ouvrir son courrier ; nous trierons ensemble les papiers la prochaine fois.",
    "{qui} exprime de l'inquiétude pour l'avenir mais reste engagé{e} dans l'accompagnement.",
    "Les échéances fixées la dernière fois ont été tenues.",
    "{qui} dit se sentir mieux depuis que la situation se clarifie.",
    "Échange parfois difficile : {qui} se décourage devant la lenteur des réponses.",
)

NEXT_STEPS: tuple[str, ...] = (
    "Prochain rendez-vous fixé le {date} à {heure}.",
    "{qui} doit apporter {piece} au prochain entretien.",
    "Je relance le partenaire d'ici la fin de la semaine.",
    "Point téléphonique prévu dans quinze jours.",
    "Faire le point sur la réponse {de_caf} au prochain rendez-vous.",
    "Rendez-vous à fixer après réception de la décision.",
    "Prochaine étape : compléter le dossier ensemble le {date}.",
    "{qui} me tient informé{e} par téléphone de la suite.",
)

PIECES: tuple[str, ...] = (
    "son avis d'imposition",
    "ses trois derniers relevés de compte",
    "son bail",
    "l'attestation de paiement des prestations",
    "ses bulletins de salaire",
    "un justificatif de domicile",
    "le courrier de l'huissier",
    "sa carte vitale",
    "le jugement de divorce",
    "la notification de droits",
)

SYNTHESIS_CLOSING: tuple[str, ...] = (
    "Fin de l'accompagnement : {motif}. Les démarches engagées ont abouti pour l'essentiel.",
    "Clôture du dossier ({motif}). {qui} sait qu'{il} peut revenir vers le cabinet si besoin.",
)

GROUP_THEMES: tuple[str, ...] = (
    "Gérer son budget au quotidien",
    "Comprendre ses factures d'énergie",
    "Les démarches en ligne pas à pas",
    "Parentalité : l'entrée au collège",
    "Préparer un entretien d'embauche",
    "Se loger : droits et devoirs du locataire",
)

ADMIN_TITLES: tuple[str, ...] = (
    "Facturation et comptabilité",
    "Rédaction de rapports",
    "Formation continue",
    "Préparation des ateliers",
    "Classement et archivage",
    "Veille juridique et réglementaire",
)

PARTNER_MEETING_TITLES: tuple[str, ...] = (
    "Réunion partenariale — {org}",
    "Comité de suivi — {org}",
    "Synthèse de situation avec {org}",
)

CANCEL_REASONS: tuple[str, ...] = (
    "Empêchement de la personne (enfant malade)",
    "Rendez-vous médical de la personne",
    "Reporté à la demande de la personne",
    "Annulé par la praticienne (formation)",
    "Panne de voiture",
)
LATE_CANCEL_REASONS: tuple[str, ...] = (
    "Prévenu le matin même",
    "Message laissé une heure avant le rendez-vous",
    "Annulation tardive sans motif",
)
CLOSED_DAY_REASON = "Fermeture du cabinet"

CLOSING_REASONS: tuple[str, ...] = (
    "Objectifs atteints",
    "Déménagement hors du secteur",
    "Relais pris par le service social de secteur",
    "Fin de la prise en charge par le financeur",
    "Fin de l'accompagnement à la demande de la personne",
    "Sans nouvelles malgré plusieurs relances",
)
PAUSE_REASONS: tuple[str, ...] = (
    "Hospitalisation",
    "Séjour prolongé à l'étranger",
    "Pause demandée par la personne",
    "En attente d'une décision de justice",
)

EVALUATION_COMMENTS: tuple[tuple[int, str], ...] = (
    (0, "Pas d'avancée pour le moment ; les démarches restent à engager."),
    (25, "Premières démarches engagées, réponses en attente."),
    (50, "Avancée réelle, mais des pièces manquent encore."),
    (75, "L'objectif est presque atteint ; reste à finaliser le dossier."),
    (100, "Objectif atteint."),
)

DEMARCHE_NEXT_ACTIONS: tuple[str, ...] = (
    "Relancer l'organisme par téléphone",
    "Envoyer les pièces complémentaires",
    "Compléter le formulaire avec la personne",
    "Vérifier la notification de décision",
    "Préparer le recours",
)
DEMARCHE_REFUSALS: tuple[str, ...] = (
    "Refus : ressources supérieures au plafond",
    "Refus : dossier incomplet",
    "Refus : conditions de résidence non remplies",
)

PRACTITIONER_TASKS: tuple[str, ...] = (
    "Déclaration trimestrielle du chiffre d'affaires (URSSAF)",
    "Renouveler l'assurance responsabilité civile professionnelle",
    "Relancer les factures impayées",
    "Préparer le bilan d'activité pour le CCAS",
    "Mettre à jour le registre des traitements (RGPD)",
    "Sauvegarder le coffre sur le disque externe",
    "Commander des formulaires de consentement",
    "Préparer la supervision du mois",
)
CLIENT_TASKS: tuple[str, ...] = (
    "Envoyer le compte rendu d'entretien",
    "Appeler pour confirmer le prochain rendez-vous",
    "Préparer le bilan à mi-parcours",
    "Transmettre le dossier au partenaire",
    "Vérifier le consentement au partage d'informations",
)
CONSENT_NOTES: tuple[str, ...] = (
    "Formulaire signé lors du premier entretien.",
    "Accord donné oralement, à faire signer au prochain rendez-vous.",
    "Accord limité aux échanges avec la CAF et le bailleur.",
)

APPOINTMENT_MEMOS: tuple[str, ...] = (
    "Apporter les trois derniers relevés de compte",
    "Penser au formulaire Cerfa",
    "Interprète nécessaire (arabe)",
    "Apporter le courrier reçu",
    "Rendez-vous au rez-de-chaussée (mobilité réduite)",
    "Venir avec l'avis d'imposition",
    "Sonner à l'interphone « Cabinet »",
)
