"""Document vocabulary of the right-of-access PDF, in the practitioner's document
language (French, English, Romanian).

A document is written in the language chosen for documents (Settings → Practitioner),
not in the language of the interface, so these texts do not go through ``_()``. Each entry
is ``(English, French, Romanian)``; codes without an entry are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from socialdesk.services.document_language import LANGUAGES, words_in

__all__ = ["LANGUAGES", "WORDS", "code_word", "vocabulary"]

WORDS: dict[str, tuple[str, str, str]] = {
    # --- headings and fixed texts ---
    "title": (
        "Your personal data — right of access",
        "Vos données personnelles — droit d'accès",
        "Datele dumneavoastră personale — dreptul de acces",
    ),
    "intro": (
        "This document lists all the personal data about you held by the practitioner "
        "named above in their case-management software (SocialDesk), as of the date of "
        "the export (General Data Protection Regulation, article 15). It includes every "
        "case note, also those the practitioner had marked as private or not yet final.",
        "Ce document présente toutes les données personnelles vous concernant que "
        "conserve le professionnel nommé ci-dessus dans son logiciel de suivi "
        "(SocialDesk), à la date de l'export (Règlement général sur la protection des "
        "données, article 15). Il comprend toutes les notes de suivi, y compris celles que "
        "le professionnel avait marquées comme privées ou non finalisées.",
        "Acest document prezintă toate datele personale care vă privesc, păstrate de "
        "profesionistul numit mai sus în programul său de urmărire a cazurilor "
        "(SocialDesk), la data exportului (Regulamentul general privind protecția "
        "datelor, articolul 15). Include toate notele de caz, inclusiv cele marcate de "
        "profesionist ca private sau nefinalizate.",
    ),
    "intro_files": (
        "The same data in a machine-readable form (JSON) and a copy of each attached "
        "document are delivered with this PDF.",
        "Les mêmes données sous une forme lisible par une machine (JSON) et une copie de "
        "chaque document joint accompagnent ce PDF.",
        "Aceleași date într-un format care poate fi citit automat (JSON) și o copie a "
        "fiecărui document atașat însoțesc acest PDF.",
    ),
    "intro_rights": (
        "You may ask the practitioner to correct or erase these data, or to limit their "
        "use, and you may lodge a complaint with the data protection authority.",
        "Vous pouvez demander au professionnel de rectifier ou d'effacer ces données, ou "
        "d'en limiter l'utilisation, et introduire une réclamation auprès de l'autorité "
        "de protection des données (en France, la CNIL).",
        "Puteți cere profesionistului să rectifice sau să șteargă aceste date ori să le "
        "restricționeze utilizarea și puteți depune o plângere la autoritatea de "
        "protecție a datelor (în România, ANSPDCP).",
    ),
    "controller": ("Data controller", "Responsable du traitement", "Operator de date"),
    "exported_on": ("Exported on", "Export du", "Export din"),
    "file_number": ("File number", "Numéro de dossier", "Număr dosar"),
    "page": ("Page {page} / {pages}", "Page {page} / {pages}", "Pagina {page} / {pages}"),
    "none": ("None recorded.", "Aucune donnée enregistrée.", "Nicio înregistrare."),
    "yes": ("yes", "oui", "da"),
    "no": ("no", "non", "nu"),
    "sec_identity": ("Identity and contact", "Identité et coordonnées", "Identitate și contact"),
    "sec_situation": ("Situation", "Situation", "Situație"),
    "sec_follow_up": ("Follow-up", "Accompagnement", "Acompaniere"),
    "sec_status_history": ("Status history", "Historique du statut", "Istoricul statutului"),
    "sec_issues": ("Social issues", "Problématiques", "Probleme sociale"),
    "sec_household": ("Household", "Foyer", "Gospodărie"),
    "sec_contacts": ("Contacts", "Contacts", "Contacte"),
    "sec_consents": ("Consents", "Consentements", "Consimțăminte"),
    "sec_appointments": ("Appointments", "Rendez-vous", "Întâlniri"),
    "sec_notes": ("Case notes", "Notes de suivi", "Note de caz"),
    "sec_objectives": ("Support plan", "Plan d'accompagnement", "Plan de acompaniere"),
    "sec_demarches": ("Procedures", "Démarches", "Demersuri"),
    "sec_tasks": ("Tasks", "Tâches", "Sarcini"),
    "sec_referrals": ("Referrals", "Orientations", "Îndrumări"),
    "sec_attachments": ("Attached documents", "Documents joints", "Documente atașate"),
    "sec_billing": ("Packages and billing", "Forfaits et facturation", "Pachete și facturare"),
    "sec_reports": ("Reports produced", "Rapports produits", "Rapoarte întocmite"),
    # --- field labels ---
    "civility": ("Title", "Civilité", "Formulă de adresare"),
    "last_name": ("Last name", "Nom", "Nume"),
    "first_name": ("First name", "Prénom", "Prenume"),
    "birth_name": ("Birth name", "Nom de naissance", "Nume la naștere"),
    "birth_date": ("Date of birth", "Date de naissance", "Data nașterii"),
    "gender": ("Gender", "Genre", "Gen"),
    "phone": ("Phone", "Téléphone", "Telefon"),
    "email": ("Email", "E-mail", "E-mail"),
    "address": ("Address", "Adresse", "Adresă"),
    "housing": ("Housing", "Logement", "Locuință"),
    "resources": ("Resources", "Ressources", "Resurse"),
    "health": ("Health", "Santé", "Sănătate"),
    "employment": ("Employment", "Emploi", "Ocupare"),
    "family": ("Family", "Famille", "Familie"),
    "administrative": ("Administrative situation", "Situation administrative",
                       "Situație administrativă"),
    "status": ("Status", "Statut", "Statut"),
    "intake_date": ("Intake", "Date d'accueil", "Data primirii"),
    "closed_date": ("Closed", "Date de clôture", "Data închiderii"),
    "closing_reason": ("Closing reason", "Motif de clôture", "Motivul închiderii"),
    "referral_source": ("Referred by", "Orienté par", "Îndrumat de"),
    "payer": ("Payer", "Payeur", "Plătitor"),
    "pseudonymized_at": ("Erased on", "Effacé le", "Șters la"),
    "date": ("Date", "Date", "Data"),
    "from_to": ("Change", "Changement", "Schimbare"),
    "reason": ("Reason", "Motif", "Motiv"),
    "name": ("Name", "Nom", "Nume"),
    "relation": ("Relation", "Lien", "Relație"),
    "birth_year": ("Born", "Année de naissance", "Anul nașterii"),
    "notes": ("Notes", "Remarques", "Observații"),
    "kind": ("Kind", "Type", "Tip"),
    "organization": ("Organization", "Organisme", "Organizație"),
    "role": ("Role", "Fonction", "Funcție"),
    "scope": ("Scope", "Objet", "Obiect"),
    "how_obtained": ("Obtained by", "Recueilli par", "Obținut prin"),
    "withdrawn": ("Withdrawn", "Retiré le", "Retras la"),
    "when": ("When", "Quand", "Când"),
    "what": ("What", "Objet", "Obiect"),
    "attendance": ("Attendance", "Présence", "Prezență"),
    "group": ("group session", "séance collective", "sesiune de grup"),
    "private_note": ("private note", "note privée", "notă privată"),
    "draft_note": ("draft", "brouillon", "ciornă"),
    "signed_by": ("signed by {who} on {when}", "signée par {who} le {when}",
                  "semnată de {who} la {when}"),
    "earlier_version": ("Version {number} ({when}{author}){reason}",
                        "Version {number} ({when}{author}){reason}",
                        "Versiunea {number} ({when}{author}){reason}"),
    "target_date": ("Target date", "Date visée", "Termen"),
    "actions": ("Actions", "Actions", "Acțiuni"),
    "evaluations": ("Evaluations", "Évaluations", "Evaluări"),
    "progress": ("progress {percent} %", "avancement {percent} %", "progres {percent} %"),
    "history": ("History", "Historique", "Istoric"),
    "history_created": ("Objective created", "Objectif créé", "Obiectiv creat"),
    "history_title": ("Title", "Intitulé", "Titlu"),
    "history_description": ("Description", "Description", "Descriere"),
    "history_social_issue": ("Issue", "Problématique", "Problemă"),
    "history_target_date": ("Target date", "Date visée", "Termen"),
    "history_status": ("Status", "Statut", "Statut"),
    "history_action_added": ("Action added", "Action ajoutée", "Acțiune adăugată"),
    "history_action_changed": ("Action changed", "Action modifiée", "Acțiune modificată"),
    "history_action_done": ("Action done", "Action réalisée", "Acțiune realizată"),
    "history_action_reopened": ("Action reopened", "Action rouverte", "Acțiune redeschisă"),
    "history_action_removed": ("Action removed", "Action supprimée", "Acțiune ștearsă"),
    "history_evaluation_added": ("Evaluation", "Évaluation", "Evaluare"),
    "history_evaluation_changed": ("Evaluation changed", "Évaluation modifiée",
                                   "Evaluare modificată"),
    "history_evaluation_removed": ("Evaluation removed", "Évaluation supprimée",
                                   "Evaluare ștearsă"),
    "reference": ("Reference", "Référence", "Referință"),
    "submitted": ("Submitted", "Déposée le", "Depus la"),
    "next_action": ("Next step", "Prochaine étape", "Pasul următor"),
    "deadline": ("Deadline", "Date limite", "Termen limită"),
    "decision": ("Decision", "Décision", "Decizie"),
    "outcome": ("Outcome", "Résultat", "Rezultat"),
    "benefit": ("Monthly benefit", "Montant mensuel", "Sumă lunară"),
    "documents": ("Documents", "Pièces", "Documente"),
    "received": ("received", "reçue", "primit"),
    "missing": ("to provide", "à fournir", "de furnizat"),
    "due_date": ("Due", "Échéance", "Termen"),
    "title_field": ("Title", "Intitulé", "Titlu"),
    "file": ("File", "Fichier", "Fișier"),
    "type": ("Type", "Type", "Tip"),
    "size": ("Size", "Taille", "Mărime"),
    "service": ("Service", "Prestation", "Serviciu"),
    "sold_date": ("Sold on", "Vendu le", "Vândut la"),
    "valid_until": ("Valid until", "Valable jusqu'au", "Valabil până la"),
    "units": ("Units", "Unités", "Unități"),
    "price": ("Price", "Prix", "Preț"),
    "amount": ("Amount", "Montant", "Sumă"),
    "invoiced": ("Invoiced", "Facturé", "Facturat"),
    "packages": ("Packages", "Forfaits", "Pachete"),
    "billable_items": ("Services to bill", "Prestations", "Servicii de facturat"),
    "invoices": ("Invoices", "Factures", "Facturi"),
    "number": ("Number", "Numéro", "Număr"),
    "paid": ("Paid", "Payé", "Plătit"),
    "period": ("Period", "Période", "Perioadă"),
    "audience": ("For", "Destinataire", "Destinatar"),
    "social_issue": ("Issue", "Problématique", "Problemă"),
    "main_issue": ("main", "principale", "principală"),
    "bytes": ("B", "o", "B"),
    "kilobytes": ("kB", "ko", "kB"),
    "megabytes": ("MB", "Mo", "MB"),
    # --- codes (enum values) ---
    "intake": ("intake", "accueil", "primire"),
    "active": ("active", "actif", "activ"),
    "paused": ("paused", "en pause", "suspendat"),
    "closed": ("closed", "clos", "închis"),
    "female": ("female", "femme", "feminin"),
    "male": ("male", "homme", "masculin"),
    "other": ("other", "autre", "altul"),
    "undisclosed": ("not disclosed", "non précisé", "nespecificat"),
    "relative": ("relative", "proche", "rudă"),
    "professional": ("professional", "professionnel", "profesionist"),
    "partner": ("partner", "partenaire", "partener"),
    "data_processing": ("processing of personal data", "traitement des données",
                        "prelucrarea datelor"),
    "share_with_partners": ("sharing with partners", "partage avec les partenaires",
                            "partajare cu partenerii"),
    "share_with_payer": ("sharing with the payer", "partage avec le payeur",
                         "partajare cu plătitorul"),
    "contact_relatives": ("contacting relatives", "contact des proches", "contactarea rudelor"),
    "photo_documents": ("copies of documents", "copie de documents", "copii ale documentelor"),
    "reminders": ("reminders", "rappels", "mementouri"),
    "name_on_invoice": ("name on invoices", "nom sur les factures", "nume pe facturi"),
    "signed_form": ("signed form", "formulaire signé", "formular semnat"),
    "oral": ("orally", "oralement", "verbal"),
    "office": ("office interview", "entretien au bureau", "întâlnire la birou"),
    "home_visit": ("home visit", "visite à domicile", "vizită la domiciliu"),
    "video": ("video call", "visioconférence", "apel video"),
    "accompaniment": ("accompaniment", "accompagnement extérieur", "însoțire"),
    "partner_meeting": ("partner meeting", "réunion partenaire", "întâlnire cu partenerii"),
    "admin": ("administrative", "administratif", "administrativ"),
    "planned": ("planned", "prévu", "planificat"),
    "done": ("done", "réalisé", "realizat"),
    "cancelled": ("cancelled", "annulé", "anulat"),
    "late_cancelled": ("cancelled late", "annulé tardivement", "anulat târziu"),
    "no_show": ("missed", "absent", "neprezentare"),
    "expected": ("expected", "attendu", "așteptat"),
    "present": ("present", "présent", "prezent"),
    "absent": ("absent", "absent", "absent"),
    "excused": ("excused", "excusé", "motivat"),
    "open": ("open", "en cours", "în curs"),
    "achieved": ("achieved", "atteint", "atins"),
    "partial": ("partly achieved", "partiellement atteint", "parțial atins"),
    "abandoned": ("abandoned", "abandonné", "abandonat"),
    "to_prepare": ("to prepare", "à préparer", "de pregătit"),
    "submitted_status": ("submitted", "déposée", "depus"),
    "awaiting_answer": ("awaiting answer", "en attente de réponse", "în așteptarea răspunsului"),
    "granted": ("granted", "accordée", "aprobat"),
    "refused": ("refused", "refusée", "respins"),
    "appeal": ("appeal", "recours", "contestație"),
    "pending": ("pending", "en attente", "în așteptare"),
    "taken_up": ("taken up", "suivie", "preluat"),
    "declined_by_client": ("declined by the person", "refusée par la personne",
                           "refuzat de persoană"),
    "refused_by_partner": ("refused by the partner", "refusée par le partenaire",
                           "refuzat de partener"),
    "no_response": ("no response", "sans réponse", "fără răspuns"),
    "draft": ("draft", "brouillon", "ciornă"),
    "issued": ("issued", "émise", "emisă"),
    "partially_paid": ("partly paid", "partiellement payée", "plătită parțial"),
    "paid_status": ("paid", "payée", "plătită"),
    "invoice": ("invoice", "facture", "factură"),
    "credit_note": ("credit note", "avoir", "factură de stornare"),
    "exhausted": ("used up", "épuisé", "epuizat"),
    "expired": ("expired", "expiré", "expirat"),
    "person": ("the person", "la personne", "persoana"),
    "client_summary": ("file summary", "synthèse du dossier", "rezumatul dosarului"),
    "activity": ("activity report", "rapport d'activité", "raport de activitate"),
    "funder": ("funder report", "rapport au financeur", "raport pentru finanțator"),
    "accountant_pack": ("accounting pack", "dossier comptable", "dosar contabil"),
    "internal": ("internal", "interne", "intern"),
    "client": ("the person", "la personne", "persoana"),
    "authority": ("an authority", "une autorité", "o autoritate"),
}  # fmt: skip

# Codes whose word differs by context (a démarche is "submitted", an invoice "paid").
_CONTEXT = {("demarche", "submitted"): "submitted_status", ("invoice", "paid"): "paid_status"}


def vocabulary(language: str) -> Callable[..., str]:
    """``word(key, **params)`` in ``language`` (English when unknown); an unknown key is
    returned as it is (a code of a newer version, say)."""
    return words_in(WORDS, language, fallback="en", unknown_as_key=True)


def code_word(language: str, code: str | None, *, context: str = "") -> str:
    """The label of a stored code (``"home_visit"`` → "visite à domicile")."""
    if not code:
        return ""
    key = _CONTEXT.get((context, code), code)
    return vocabulary(language)(key) if key in WORDS else code.replace("_", " ")
