"""GDPR right of access: the export of everything about one person (JSON that follows its
own published schema, a readable PDF, copies of the attached files), written privately and
atomically, and audited without content — on real encrypted vaults."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.gdpr import EXPORT_SCHEMA, EXPORT_SCHEMA_VERSION
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.audit import recent_events
from socialdesk.services.gdpr import erase_client, export_client_data
from socialdesk.services.gdpr_data import collect_client_data
from socialdesk.services.gdpr_pdf import render_access_pdf
from socialdesk.services.profile import save_profile
from socialdesk.services.vault import Vault
from tests.pdf import pdf_text
from tests.services.gdpr_helpers import (
    HISTORY_ONLY,
    BuiltClient,
    bill_client,
    build_client,
    plan_with_history,
)

MARKER = "zqxmarkerwv"
SCHEMA = json.loads(
    files("socialdesk").joinpath("resources", "schemas", "gdpr-export-1.schema.json").read_text()
)
_TYPES = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
    "null": type(None),
}


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The subset of JSON Schema the export schema uses: type, const, properties,
    required, additionalProperties: false, items, format date / date-time."""
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, _TYPES[t]) and not (t == "integer" and isinstance(value, bool))
            for t in types
        )
        if not ok:
            return [f"{where}: {type(value).__name__} is not {types}"]
    if isinstance(value, str) and schema.get("format") == "date":
        date.fromisoformat(value)
    if isinstance(value, str) and schema.get("format") == "date-time":
        assert datetime.fromisoformat(value).utcoffset() is not None, where
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: unexpected {k}" for k in value if k not in properties]
        for key, item in value.items():
            if key in properties:
                errors += schema_errors(item, properties[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], f"{where}[{i}]")
    return errors


@pytest.fixture
def person(vault: Vault) -> BuiltClient:
    with vault.uow() as uow:
        save_profile(
            uow,
            PractitionerProfile(
                legal_name="Marie Martin",
                city="Lyon",
                email="marie.martin@example.fr",
                country="FR",
                vat_status="franchise",
            ),
        )
        built = build_client(uow.session, MARKER)
        bill_client(uow.session, built.client_id)
        return built


def _export(vault: Vault, client_id: int, out: Path) -> Any:
    with vault.uow() as uow:
        return export_client_data(uow, client_id, out)


def test_gdpr_export_writes_json_pdf_and_attachments_privately(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    # When the person's data is exported into a new folder
    out = tmp_path / "export"
    result = _export(vault, person.client_id, out)
    # Then the JSON, the PDF and a copy of each attached file are there, private
    assert result.json_path == out / f"gdpr-export-{person.file_number}.json"
    assert result.pdf_path == out / f"gdpr-export-{person.file_number}.pdf"
    assert len(result.attachment_paths) == 2
    for path in (result.json_path, result.pdf_path, *result.attachment_paths):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (out, out / "attachments"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert all(
        p.read_bytes().startswith(b"%PDF-1.4 scanned document of") for p in result.attachment_paths
    )
    assert result.pdf_path.read_bytes().startswith(b"%PDF")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_gdpr_export_json_follows_its_published_schema(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    result = _export(vault, person.client_id, tmp_path)
    document = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert schema_errors(document, SCHEMA) == []
    assert (document["schema"], document["schema_version"]) == (
        EXPORT_SCHEMA,
        EXPORT_SCHEMA_VERSION,
    )


def test_gdpr_export_json_is_complete(vault: Vault, person: BuiltClient, tmp_path: Path) -> None:
    document = json.loads(_export(vault, person.client_id, tmp_path).json_path.read_text())
    assert document["person"]["first_name"] == f"Élodie{MARKER}"
    assert document["controller"]["name"] == "Marie Martin"
    # Every note, the private one included, and every revision of the amended one
    notes = {n["id"]: n for n in document["notes"]}
    assert set(notes) == set(person.note_ids)
    assert any(n["is_private"] for n in notes.values())
    signed = notes[person.signed_note_id]
    assert [r["revision"] for r in signed["revisions"]] == [1, 2]
    assert signed["body"] == f"v2 {MARKER}" and signed["signed_by"] == "Marie Martin"
    # The rest of the file
    counts = {key: len(document[key]) for key in (
        "status_history", "social_issues", "household", "contacts", "consents",
        "appointments", "objectives", "demarches", "tasks", "referrals", "attachments",
        "packages", "billable_items", "invoices", "reports")}  # fmt: skip
    assert counts == {
        "status_history": 1, "social_issues": 1, "household": 1, "contacts": 1,
        "consents": 1, "appointments": 2, "objectives": 1, "demarches": 1, "tasks": 2,
        "referrals": 1, "attachments": 2, "packages": 1, "billable_items": 1, "invoices": 1,
        "reports": 1,
    }  # fmt: skip
    assert document["invoices"][0]["number"].startswith("F-2026-")
    assert document["objectives"][0]["evaluations"][0]["progress_percent"] == 40
    # A group session shows the person's attendance, never the other participants
    group = next(a for a in document["appointments"] if a["is_group"])
    assert set(group) >= {"attendance", "title"} and "participants" not in group
    files_listed = {a["file"] for a in document["attachments"]}
    assert files_listed == {
        str(p.relative_to(tmp_path)) for p in (tmp_path / "attachments").iterdir()
    }


def _pdf_text(path: Path) -> str:
    return pdf_text(path)


def test_gdpr_export_pdf_is_readable(vault: Vault, person: BuiltClient, tmp_path: Path) -> None:
    result = _export(vault, person.client_id, tmp_path)
    content = _pdf_text(result.pdf_path)
    assert "Vos données personnelles" in content
    assert f"Élodie{MARKER}" in content and f"Lefèvre{MARKER}" in content
    assert f"Premier entretien {MARKER}" in content  # a note title
    assert f"Țurcanu{MARKER}" in content  # Romanian letters print
    assert "Impression personnelle" in content  # the private note
    assert "Page 1 / " in content
    if shutil.which("pdffonts"):
        fonts = subprocess.run(
            ["pdffonts", str(result.pdf_path)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert fonts and all(" yes yes " in line for line in fonts), fonts  # embedded subsets


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Your personal data"), ("ro", "Datele dumneavoastră personale")],
)
def test_gdpr_export_pdf_follows_the_document_language(
    vault: Vault, person: BuiltClient, tmp_path: Path, language: str, title: str
) -> None:
    with vault.uow() as uow:
        save_profile(
            uow,
            PractitionerProfile(legal_name="Marie Martin", country="FR", vat_status="franchise",
                                document_language=language),
        )  # fmt: skip
    content = _pdf_text(_export(vault, person.client_id, tmp_path).pdf_path)
    assert title in content


def test_gdpr_export_is_audited_without_content(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    _export(vault, person.client_id, tmp_path)
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]
    assert (event.action, event.object_type, event.object_id) == (
        "export",
        "client",
        person.client_id,
    )
    assert event.details == {"formats": ["json", "pdf"]}


def test_gdpr_export_of_an_unknown_client_writes_nothing(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        export_client_data(uow, 999, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_gdpr_export_that_fails_half_way_leaves_nothing(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    # Given a folder where the PDF cannot be written (a folder has its name)
    out = tmp_path / "out"
    (out / f"gdpr-export-{person.file_number}.pdf").mkdir(parents=True)
    # When exporting, the error surfaces
    with pytest.raises(OSError), vault.uow() as uow:
        export_client_data(uow, person.client_id, out)
    # Then no file of the export is left (the attachments and JSON written first are
    # removed) and no export is recorded
    assert [p for p in out.rglob("*") if p.is_file()] == []
    with vault.uow() as uow:
        assert all(e.action != "export" for e in recent_events(uow))


def test_gdpr_export_after_erasure_holds_only_what_is_kept(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    with vault.uow() as uow:
        erase_client(uow, person.client_id)
    document = json.loads(_export(vault, person.client_id, tmp_path).json_path.read_text())
    assert schema_errors(document, SCHEMA) == []
    assert document["person"]["last_name"] == person.file_number
    assert document["person"]["pseudonymized_at"] is not None
    assert document["notes"] == [] and document["attachments"] == []
    assert len(document["invoices"]) == 1
    assert MARKER not in json.dumps(document, ensure_ascii=False)


def test_gdpr_export_holds_each_objective_history(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    # Given an objective whose earlier title and removed action are only in its history
    plan_with_history(vault, person.client_id)

    # When the person's data is exported
    result = _export(vault, person.client_id, tmp_path)

    # Then the JSON lists every change of every objective, and follows the schema
    document = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert schema_errors(document, SCHEMA) == []
    built, made = document["objectives"]
    assert [(h["field"], h["old"], h["new"]) for h in built["history"]] == [
        ("created", None, f"Se loger {MARKER}"),
        ("title", f"Se loger {MARKER}", f"Trouver un logement {MARKER}"),
        ("action_removed", f"Appeler le 115 {MARKER}", None),
    ]
    assert [(h["field"], h["old"], h["new"]) for h in made["history"]] == [
        ("created", None, f"Ancien titre {HISTORY_ONLY}"),
        ("title", f"Ancien titre {HISTORY_ONLY}", "Ouvrir les droits"),
        ("status", "open", "achieved"),
        ("action_added", None, f"Action retirée {HISTORY_ONLY}"),
        ("action_removed", f"Action retirée {HISTORY_ONLY}", None),
    ]
    assert all(datetime.fromisoformat(h["at"]).utcoffset() is not None for h in made["history"])

    # And the PDF shows the history in the document language (French here)
    content = pdf_text(result.pdf_path, squeeze=True)
    assert "Historique" in content
    assert f"Ancientitre{HISTORY_ONLY}" in content.replace(" ", "")
    assert f"Actionretirée{HISTORY_ONLY}" in content.replace(" ", "")
    assert "Statut:encours→atteint" in content.replace(" ", "")
    assert f"Appelerle115{MARKER}" in content.replace(" ", "")


def test_gdpr_export_without_history_still_renders(
    vault: Vault, person: BuiltClient, tmp_path: Path
) -> None:
    """An export document made before the history existed (no ``history`` key) still
    follows the schema and prints."""
    with vault.uow() as uow:
        document = collect_client_data(uow, person.client_id)
    for objective in document["objectives"]:
        del objective["history"]
    assert schema_errors(document, SCHEMA) == []
    assert render_access_pdf(document, language="en").startswith(b"%PDF")
