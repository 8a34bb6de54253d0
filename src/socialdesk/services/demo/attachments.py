"""A few attachments: small fictitious PDF letters (benefit statements, landlord letters…)
on some notes, so the attachments panel and the GDPR export have something to show.

Each PDF is drawn with ReportLab and says on its face that it is a fictitious demo
document. Deterministic: the notes are chosen by the run's random source.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from socialdesk.services.demo.context import table_of
from socialdesk.services.demo.facts import DemoState
from socialdesk.storage.orm import Attachment, AttachmentBlob, CaseNote, Client

# (file name, title, one line of content)
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("Attestation CAF.pdf", "Attestation de paiement", "Prestations versées au foyer ce mois-ci."),
    (
        "Avis d'imposition.pdf",
        "Avis d'impôt sur les revenus",
        "Revenu fiscal de référence du foyer.",
    ),
    ("Courrier bailleur.pdf", "Courrier du bailleur", "Rappel du montant des loyers impayés."),
    ("Notification MDPH.pdf", "Notification de décision", "Décision de la commission des droits."),
    ("Relevé France Travail.pdf", "Relevé de situation", "Situation et droits en cours."),
    ("Devis énergie.pdf", "Échéancier de paiement", "Proposition d'échéancier pour la facture."),
)
PER_HUNDRED_CLIENTS = 20


def _letter(title: str, line: str, person: str, day: date) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)  # invariant: same bytes each run
    canvas.setTitle(title)
    width, height = A4
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(72, height - 96, title)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, height - 130, f"Destinataire : {person}")
    canvas.drawString(72, height - 148, f"Date : {day.strftime('%d/%m/%Y')}")
    canvas.drawString(72, height - 184, line)
    canvas.setFont("Helvetica-Oblique", 9)
    canvas.drawString(72, 72, "Document fictif — données de démonstration SocialDesk.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_attachments(state: DemoState) -> None:
    connection = state.out.connection
    wanted = max(3, state.sizes.clients * PER_HUNDRED_CLIENTS // 100)
    rows = connection.execute(
        select(
            CaseNote.id,
            CaseNote.client_id,
            CaseNote.note_date,
            CaseNote.created_at,
            Client.first_name,
            Client.last_name,
        )
        .join(Client, Client.id == CaseNote.client_id)
        .where(CaseNote.is_draft.is_(False))
        .order_by(CaseNote.id)
    ).all()
    if not rows:
        return
    chosen = state.rng.sample(rows, min(wanted, len(rows)))
    attachments: list[dict[str, Any]] = []
    blobs: list[dict[str, Any]] = []
    for note_id, client_id, day, created, first, last in sorted(chosen):
        filename, title, line = state.rng.choice(DOCUMENTS)
        data = _letter(title, line, f"{first or ''} {last}".strip(), day)
        attachment_id = state.ids.take(table_of(Attachment))
        attachments.append(
            {
                "id": attachment_id,
                "client_id": client_id,
                "note_id": note_id,
                "demarche_id": None,
                "filename": filename,
                "mime": "application/pdf",
                "size_bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "description": None,
                "created_at": created,
                "updated_at": created,
            }
        )
        blobs.append(
            {
                "id": state.ids.take(table_of(AttachmentBlob)),
                "attachment_id": attachment_id,
                "data": data,
            }
        )
    state.out.insert(table_of(Attachment), attachments)
    state.out.insert(table_of(AttachmentBlob), blobs)
