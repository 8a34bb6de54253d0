"""The fixed words of the client report, in the document's language.

A report is written in the language chosen for it (fr by default, en, ro), not in the
language of the screens, so these are a document vocabulary (one tuple per key, in the
order of :data:`socialdesk.services.document_language.LANGUAGES`: English, French,
Romanian), read through :func:`~socialdesk.services.document_language.words_in`.
"""

from __future__ import annotations

from collections.abc import Callable

from socialdesk.services.document_language import words_in

Word = Callable[..., str]

# (English, French, Romanian)
WORDS: dict[str, tuple[str, str, str]] = {
    "title": ("Accompaniment report", "Rapport d'accompagnement", "Raport de însoțire socială"),
    "for_client": ("For the person accompanied (right of access)",
                   "Destiné à la personne accompagnée (droit d'accès)",
                   "Destinat persoanei însoțite (dreptul de acces)"),
    "for_partner": ("For a partner institution", "Destiné à une institution partenaire",
                    "Destinat unei instituții partenere"),
    "for_internal": ("Full file — practitioner's records", "Dossier complet — archives du professionnel",
                     "Dosar complet — arhiva profesionistului"),
    "period": ("Period: {start} to {end}", "Période : du {start} au {end}",
               "Perioada: {start} – {end}"),
    "file_number": ("File no. {number}", "Dossier n° {number}", "Dosar nr. {number}"),
    "confidential": ("Confidential document — professional secrecy",
                     "Document confidentiel — secret professionnel",
                     "Document confidențial — secret profesional"),
    "page": ("Page {page} / {pages}", "Page {page} / {pages}", "Pagina {page} / {pages}"),
    "none": ("Nothing recorded for this period.", "Rien d'enregistré sur la période.",
             "Nimic înregistrat în această perioadă."),
    "redaction_partner": (
        "Written for a partner institution: only what it needs to know. The names of third "
        "parties are replaced by their relation or role; private notes are left out.",
        "Rédigé pour une institution partenaire : seulement ce qu'elle a besoin de "
        "connaître. Les noms des tiers sont remplacés par leur lien ou leur rôle ; les notes "
        "privées sont exclues.",
        "Redactat pentru o instituție parteneră: doar ceea ce are nevoie să știe. Numele "
        "terților sunt înlocuite de relația sau rolul lor; notele private sunt excluse.",
    ),
    "redaction_client": (
        "Written for the person accompanied (right of access). The practitioner's private "
        "notes are left out.",
        "Rédigé pour la personne accompagnée (droit d'accès). Les notes privées du "
        "professionnel sont exclues.",
        "Redactat pentru persoana însoțită (dreptul de acces). Notele private ale "
        "profesionistului sunt excluse.",
    ),
    "redaction_internal": (
        "Full file, for the practitioner's records only: it includes private notes and "
        "third parties' names.",
        "Dossier complet, réservé aux archives du professionnel : il comprend les notes "
        "privées et les noms des tiers.",
        "Dosar complet, doar pentru arhiva profesionistului: include notele private și "
        "numele terților.",
    ),
    # sections
    "sec_identity": ("Identity", "Identité", "Identitate"),
    "sec_situation": ("Situation", "Situation", "Situație"),
    "sec_household": ("Household and people around", "Foyer et entourage",
                      "Familie și anturaj"),
    "sec_social_issues": ("Social issues", "Problématiques sociales", "Probleme sociale"),
    "sec_plan": ("Accompaniment plan", "Plan d'accompagnement", "Planul de însoțire"),
    "sec_appointments": ("Appointments", "Rendez-vous", "Întâlniri"),
    "sec_notes": ("Case notes", "Notes de suivi", "Note de caz"),
    "sec_demarches": ("Procedures and rights obtained", "Démarches et droits obtenus",
                      "Demersuri și drepturi obținute"),
    "sec_packages": ("Packages", "Forfaits", "Pachete"),
    # identity
    "name": ("Name", "Nom", "Nume"),
    "civility": ("Title", "Civilité", "Titlu"),
    "birth_date": ("Date of birth", "Date de naissance", "Data nașterii"),
    "gender": ("Gender", "Genre", "Gen"),
    "address": ("Address", "Adresse", "Adresă"),
    "city": ("Town", "Commune", "Localitate"),
    "phone": ("Phone", "Téléphone", "Telefon"),
    "email": ("E-mail", "Courriel", "E-mail"),
    "status": ("Status", "Statut", "Stare"),
    "intake_date": ("Accompanied since", "Accompagné(e) depuis le", "Însoțit(ă) din"),
    "closed_date": ("File closed on", "Dossier clos le", "Dosar închis la"),
    "referral_source": ("Referred by", "Orienté(e) par", "Îndrumat(ă) de"),
    # situation
    "housing": ("Housing", "Logement", "Locuință"),
    "resources": ("Resources", "Ressources", "Resurse"),
    "health": ("Health", "Santé", "Sănătate"),
    "employment": ("Employment", "Emploi", "Ocupare"),
    "family": ("Family", "Famille", "Familie"),
    "administrative": ("Administrative", "Administratif", "Administrativ"),
    # household
    "who": ("Who", "Qui", "Cine"),
    "relation": ("Relation or role", "Lien ou rôle", "Relație sau rol"),
    "born_year": ("Born in", "Né(e) en", "Născut(ă) în"),
    "details": ("Details", "Précisions", "Detalii"),
    "redacted_born": ("{who} (born {year})", "{who} (né(e) en {year})",
                      "{who} (născut(ă) în {year})"),
    "third_party": ("third party", "tiers", "terț"),
    "other_participant": ("participant", "participant(e)", "participant(ă)"),
    "household": ("household", "foyer", "gospodărie"),
    "relative": ("relative", "proche", "apropiat"),
    "professional": ("professional", "professionnel", "profesionist"),
    "partner": ("partner", "partenaire", "partener"),
    "main_issue": ("main issue", "problématique principale", "problema principală"),
    # plan
    "objective_status": ("Status", "Statut", "Stare"),
    "target": ("Target date: {date}", "Date visée : {date}", "Termen: {date}"),
    "closed_on": ("Closed on {date}", "Clos le {date}", "Închis la {date}"),
    "issue": ("Area", "Domaine", "Domeniu"),
    "actions": ("Planned steps", "Actions prévues", "Pași prevăzuți"),
    "evaluations": ("Evaluations in the period", "Évaluations sur la période",
                    "Evaluări în perioadă"),
    "by": ("by {date}", "avant le {date}", "până la {date}"),
    "done_action": ("done", "réalisée", "realizat"),
    "progress": ("{percent} %", "{percent} %", "{percent} %"),
    "open": ("in progress", "en cours", "în curs"),
    "achieved": ("achieved", "atteint", "atins"),
    "partial": ("partly achieved", "partiellement atteint", "parțial atins"),
    "abandoned": ("abandoned", "abandonné", "abandonat"),
    # appointments
    "appointments_summary": (
        "{total} appointment(s) in the period, {done} held ({hours} h).",
        "{total} rendez-vous sur la période, dont {done} réalisé(s) ({hours} h).",
        "{total} întâlnire(i) în perioadă, dintre care {done} realizate ({hours} h).",
    ),
    "kind": ("Kind", "Type", "Tip"),
    "total": ("Total", "Total", "Total"),
    "when": ("When", "Quand", "Când"),
    "what": ("What", "Objet", "Ce"),
    "group": ("group session", "séance collective", "sesiune de grup"),
    "others": ("with {names}", "avec {names}", "cu {names}"),
    "others_count": ("with {count} other participant(s)", "avec {count} autre(s) participant(s)",
                     "cu încă {count} participant(ți)"),
    "office": ("office interview", "entretien au bureau", "întâlnire la birou"),
    "home_visit": ("home visit", "visite à domicile", "vizită la domiciliu"),
    "video": ("video call", "visioconférence", "apel video"),
    "accompaniment": ("accompaniment outside", "accompagnement extérieur", "însoțire în exterior"),
    "partner_meeting": ("partner meeting", "réunion partenaire", "întâlnire cu partenerii"),
    "admin": ("administrative", "administratif", "administrativ"),
    "planned": ("planned", "prévu", "planificat"),
    "done": ("held", "réalisé", "realizat"),
    "cancelled": ("cancelled", "annulé", "anulat"),
    "late_cancelled": ("cancelled late", "annulé tardivement", "anulat târziu"),
    "no_show": ("no-show", "absent", "neprezentare"),
    # notes
    "private_note": ("private note", "note privée", "notă privată"),
    "signed": ("signed", "signée", "semnată"),
    "draft_note": ("draft, not final", "brouillon, non finalisée", "ciornă, nefinalizată"),
    "body_withheld": ("Content not passed on.", "Contenu non transmis.", "Conținut netransmis."),
    "notes_withheld": (
        "Only the notes chosen by the practitioner are passed on in full.",
        "Seules les notes choisies par le professionnel sont transmises en entier.",
        "Doar notele alese de profesionist sunt transmise integral.",
    ),
    # démarches
    "procedure": ("Procedure", "Démarche", "Demers"),
    "organization": ("Organisation", "Organisme", "Instituție"),
    "reference": ("Reference", "Référence", "Referință"),
    "submitted_date": ("Submitted on", "Déposée le", "Depus la"),
    "decision_date": ("Decision on", "Décision le", "Decizie la"),
    "next_action": ("Next step", "Prochaine étape", "Pasul următor"),
    "deadline": ("Deadline", "Échéance", "Termen limită"),
    "outcome": ("Outcome", "Résultat", "Rezultat"),
    "benefit": ("Monthly amount", "Montant mensuel", "Sumă lunară"),
    "notes": ("Notes", "Notes", "Note"),
    "rights_summary": (
        "{count} right(s) obtained in the period, {amount} a month in all.",
        "{count} droit(s) obtenu(s) sur la période, pour {amount} par mois au total.",
        "{count} drept(uri) obținut(e) în perioadă, în total {amount} pe lună.",
    ),
    "to_prepare": ("to prepare", "à préparer", "de pregătit"),
    "submitted": ("submitted", "déposée", "depus"),
    "awaiting_answer": ("awaiting answer", "en attente de réponse", "în așteptarea răspunsului"),
    "granted": ("granted", "accordée", "acordat"),
    "refused": ("refused", "refusée", "respins"),
    "appeal": ("appeal", "recours", "contestație"),
    # packages
    "package": ("Package", "Forfait", "Pachet"),
    "sold_date": ("Sold on", "Vendu le", "Vândut la"),
    "valid_until": ("Valid until", "Valable jusqu'au", "Valabil până la"),
    "units": ("Units", "Unités", "Unități"),
    "used_period": ("Used in the period", "Consommé sur la période", "Consumat în perioadă"),
    "remaining": ("Remaining", "Restant", "Rămas"),
    "price": ("Price", "Prix", "Preț"),
    "exhausted": ("used up", "épuisé", "epuizat"),
    "expired": ("expired", "expiré", "expirat"),
    "closed": ("closed", "clos", "închis"),
    # identity codes
    "female": ("female", "femme", "feminin"),
    "male": ("male", "homme", "masculin"),
    "other": ("other", "autre", "altul"),
    "undisclosed": ("not given", "non précisé", "nespecificat"),
    "intake": ("intake", "accueil", "primire"),
    "active": ("accompanied", "accompagné(e)", "însoțit(ă)"),
    "paused": ("paused", "en pause", "suspendat"),
    # signature
    "made_at": ("Made in {city}, on {date}.", "Fait à {city}, le {date}.",
                "Întocmit la {city}, la {date}."),
    "made_on": ("Made on {date}.", "Fait le {date}.", "Întocmit la {date}."),
    "signature_role": ("The social worker", "Le travailleur social", "Asistentul social"),
    "signature_hint": ("Signature", "Signature", "Semnătura"),
}  # fmt: skip


def report_words(language: str) -> Word:
    """``word(key, **params)`` in ``language``; a code without an entry is returned as
    it is (with spaces for underscores)."""
    word = words_in(WORDS, language, unknown_as_key=True)

    def lookup(key: str, /, **params: object) -> str:
        text = word(key, **params)
        return text.replace("_", " ") if key not in WORDS else text

    return lookup
