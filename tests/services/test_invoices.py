"""Invoices on real encrypted vaults: drafts and totals (Decimal quantities, the rounding
rule), issue (number, due date, frozen snapshots, hash chain), immutability enforced by
the database, tampering found by the chain check, professional secrecy."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError

from socialdesk.domain.enums import InvoiceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    InvoiceLineInput,
    InvoiceNotDraft,
    InvoiceState,
    MissingMentions,
    compute_totals,
    line_net_cents,
    vat_cents,
)
from socialdesk.services.invoices import (
    check_mentions,
    delete_draft,
    due_date_for,
    get_invoice,
    issue_invoice,
    list_invoices,
    update_draft,
    verify_invoice_chain,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import BillableItem, Invoice, InvoiceSeries, Service

from .invoice_setup import (
    line,
    make_draft,
    new_client,
    new_org,
    org_draft,
    person_draft,
    set_profile,
)

ISSUE_DAY = date(2026, 4, 1)
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def issue(vault: Vault, invoice_id: int, day: date = ISSUE_DAY, now: datetime | None = None):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        view, changes = issue_invoice(uow, invoice_id, issue_date=day, now=now)
    assert changes.billing
    return view


# ---- totals (pure) ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        ("1", 6000, 6000),
        ("1.5", 4999, 7499),  # 7498.5 → half-up → 7499
        ("0.333", 100, 33),  # 33.3
        ("0.125", 100, 13),  # 12.5 → 13 (half-up, not banker's)
        ("2.5", 1, 3),  # 2.5 → 3
        ("-1", 1500, -1500),
    ],
)
def test_line_amount_is_rounded_half_up_to_the_cent(
    quantity: str, price: int, expected: int
) -> None:
    assert line_net_cents(Decimal(quantity), price) == expected


def test_vat_is_computed_per_rate_on_the_summed_bases() -> None:
    lines = [
        InvoiceLineInput("a", Decimal("1"), 105, vat_rate_bp=2000),  # 21.0
        InvoiceLineInput("b", Decimal("1"), 105, vat_rate_bp=2000),
        InvoiceLineInput("c", Decimal("1"), 102, vat_rate_bp=550),  # 5.61
        InvoiceLineInput("d", Decimal("1"), 1000, vat_exemption_reason="Art. 261-4-4° CGI"),
    ]
    totals = compute_totals(lines)

    assert [(b.rate_bp, b.base_cents, b.vat_cents) for b in totals.by_rate] == [
        (0, 1000, 0),
        (550, 102, 6),
        (2000, 210, 42),
    ]
    assert totals.net_cents == 1312
    assert totals.vat_cents == 48 == vat_cents(102, 550) + vat_cents(210, 2000)
    assert totals.gross_cents == 1360


def test_per_rate_vat_differs_from_summing_rounded_line_vat() -> None:
    """Three lines of 0.05 € at 10 %: 0.5 cent each rounds up to 1 cent per line (3),
    but the rule taxes the summed base: 15 cents × 10 % = 1.5 → 2 cents."""
    lines = [InvoiceLineInput(str(i), Decimal(1), 5, vat_rate_bp=1000) for i in range(3)]

    assert sum(vat_cents(5, 1000) for _ in lines) == 3
    assert compute_totals(lines).vat_cents == 2


# ---- drafts -------------------------------------------------------------------------------
def test_a_draft_stores_its_lines_and_totals_with_decimal_quantities(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    invoice_id = make_draft(
        vault, person_draft(client, line(quantity="1.5", price=4999), line(quantity="0.25"))
    )

    with vault.uow() as uow:
        view = get_invoice(uow, invoice_id, today=ISSUE_DAY)

    assert view.state == InvoiceState.DRAFT and view.number is None
    assert [ln.quantity for ln in view.lines] == [Decimal("1.5"), Decimal("0.25")]
    assert [ln.line_net_cents for ln in view.lines] == [7499, 1500]
    assert view.total_gross_cents == view.total_net_cents == 8999
    # Under the French franchise, a line without VAT gets the legal wording.
    assert {ln.vat_exemption_reason for ln in view.lines} == {
        "TVA non applicable, art. 293 B du CGI"
    }
    assert view.payer_name == "Mme Alice Durand"


@pytest.mark.parametrize(
    ("bad_line", "field"),
    [
        (line(quantity="0.0001"), "lines.1.quantity"),
        (line(quantity="0"), "lines.1.quantity"),
        (line(price=-1), "lines.1.unit_price_cents"),
        (line(description="  "), "lines.1.description"),
        (line(vat_rate_bp=10_001), "lines.1.vat_rate_bp"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_saved(
    vault: Vault, bad_line: InvoiceLineInput, field: str
) -> None:
    set_profile(vault)
    client = new_client(vault)

    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        from socialdesk.services.invoices import create_draft

        create_draft(uow, person_draft(client, bad_line), today=ISSUE_DAY)

    assert field in caught.value.errors
    with vault.uow() as uow:
        assert list_invoices(uow, today=ISSUE_DAY) == []


def test_updating_a_draft_replaces_its_lines_and_deleting_it_unbills_its_items(
    vault: Vault,
) -> None:
    set_profile(vault)
    client = new_client(vault)
    with vault.uow() as uow:
        service = Service(code="ENT", name="Entretien", unit="hour", unit_price_cents=6000)
        uow.session.add(service)
        uow.session.flush()
        item = BillableItem(
            client_id=client,
            service_id=service.id,
            item_date=date(2026, 3, 2),
            quantity_milli=1000,
            unit_price_cents=6000,
        )
        uow.session.add(item)
        uow.session.flush()
        item_id = item.id
    invoice_id = make_draft(vault, person_draft(client))

    with vault.uow() as uow:
        view, _ = update_draft(
            uow,
            invoice_id,
            person_draft(client, line(billable_item_id=item_id), line(price=1000)),
            today=ISSUE_DAY,
        )
    assert [ln.position for ln in view.lines] == [1, 2]
    assert view.total_gross_cents == 7000
    with vault.uow() as uow:
        assert uow.session.get(BillableItem, item_id).invoice_line_id == view.lines[0].id  # type: ignore[union-attr]

    with vault.uow() as uow:
        delete_draft(uow, invoice_id)
    with vault.uow() as uow:
        assert uow.session.get(BillableItem, item_id).invoice_line_id is None  # type: ignore[union-attr]
        assert uow.session.get(Invoice, invoice_id) is None


# ---- issue --------------------------------------------------------------------------------
def test_issue_numbers_dates_freezes_and_chains(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    first = make_draft(vault, person_draft(client))
    second = make_draft(vault, person_draft(client, line(price=4500)))

    a = issue(vault, first, now=NOW)
    b = issue(vault, second, now=NOW)

    assert (a.number, b.number) == ("F-2026-0001", "F-2026-0002")
    assert a.status == InvoiceStatus.ISSUED and a.state == InvoiceState.ISSUED
    assert a.issue_date == ISSUE_DAY and a.due_date == date(2026, 5, 1)  # 30 days
    with vault.uow() as uow:
        assert due_date_for(uow, ISSUE_DAY) == a.due_date
    assert a.seller is not None and a.seller["legal_name"] == "Camille Martin EI"
    assert a.payer is not None and a.payer["name"] == "Mme Alice Durand"
    assert a.previous_hash is None and b.previous_hash == a.hash
    assert b.issued_at is not None and a.issued_at is not None and b.issued_at > a.issued_at
    assert "TVA non applicable, art. 293 B du CGI" in a.mentions
    with vault.uow() as uow:
        series = uow.session.query(InvoiceSeries).filter_by(prefix="F-2026-").one()
        assert series.next_number == 3
        assert verify_invoice_chain(uow).ok


def test_the_payer_snapshot_stays_frozen_when_the_client_moves(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    issued = issue(vault, make_draft(vault, person_draft(client)))
    with vault.uow() as uow:
        uow.session.execute(
            text("UPDATE client SET address_line1 = '1 rue Neuve', last_name = 'X' WHERE id = :i"),
            {"i": client},
        )

    with vault.uow() as uow:
        again = get_invoice(uow, issued.id, today=ISSUE_DAY)

    assert again.payer == issued.payer and again.payer is not None
    assert again.payer["address_line1"] == "3 place du Marché"


def test_an_issued_invoice_cannot_be_edited_through_the_service(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    issued = issue(vault, make_draft(vault, person_draft(client)))

    with pytest.raises(InvoiceNotDraft), vault.uow() as uow:
        update_draft(uow, issued.id, person_draft(client, line(price=1)))
    with pytest.raises(InvoiceNotDraft), vault.uow() as uow:
        delete_draft(uow, issued.id)


def test_issue_refuses_with_every_missing_mention_and_changes_nothing(vault: Vault) -> None:
    set_profile(vault, legal_name="Camille Martin", siren=None, siret=None)
    org = new_org(vault, legal_id=None)
    invoice_id = make_draft(vault, org_draft(org))

    with pytest.raises(MissingMentions) as caught, vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=ISSUE_DAY)

    assert set(caught.value.errors) == {"seller_name_ei", "seller_siren", "payer_siren"}
    assert "Your SIREN (or SIRET) number in the profile." in str(caught.value)
    with vault.uow() as uow:
        assert (
            check_mentions(uow, invoice_id, issue_date=ISSUE_DAY).keys()
            == caught.value.errors.keys()
        )
        assert get_invoice(uow, invoice_id, today=ISSUE_DAY).number is None
        assert uow.session.query(InvoiceSeries).filter_by(prefix="F-2026-").one().next_number == 1


def test_the_refusal_list_is_translated(vault: Vault) -> None:
    from socialdesk.i18n import set_language

    set_profile(vault, siren=None, siret=None)
    invoice_id = make_draft(vault, person_draft(new_client(vault)))
    with pytest.raises(MissingMentions) as caught, vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=ISSUE_DAY)
    set_language("fr")
    try:
        message = str(caught.value)
    finally:
        set_language("en")
    assert "mentions obligatoires manquent" in message
    assert "• Votre numéro SIREN (ou SIRET) dans le profil." in message


def test_a_third_party_invoice_does_not_name_the_person_unless_chosen(vault: Vault) -> None:
    set_profile(vault)
    org = new_org(vault)
    client = new_client(vault, last_name="Lefebvre")
    with vault.uow() as uow:
        service = Service(code="ENT", name="Entretien", unit="hour", unit_price_cents=6000)
        uow.session.add(service)
        uow.session.flush()
        item = BillableItem(
            client_id=client, service_id=service.id, item_date=date(2026, 3, 2),
            quantity_milli=1000, unit_price_cents=6000, payer_organization_id=org,
        )  # fmt: skip
        uow.session.add(item)
        uow.session.flush()
        item_id = item.id
    named = line("Entretien — Mme Lefebvre", billable_item_id=item_id)
    invoice_id = make_draft(vault, org_draft(org, named))

    with pytest.raises(MissingMentions) as caught, vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=ISSUE_DAY)
    assert set(caught.value.errors) == {"persons_named"}

    with vault.uow() as uow:
        update_draft(uow, invoice_id, org_draft(org, named, name_persons=True))
    issued = issue(vault, invoice_id)
    assert issued.name_persons and issued.payer is not None
    assert issued.payer["kind"] == "organization" and "Lefebvre" not in json.dumps(issued.payer)


# ---- immutability and the chain -------------------------------------------------------------
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoice SET total_gross_cents = 1, total_net_cents = 1 WHERE id = :i",
        "UPDATE invoice SET payer_snapshot = '{}' WHERE id = :i",
        "UPDATE invoice SET status = 'draft' WHERE id = :i",
        "DELETE FROM invoice WHERE id = :i",
        "UPDATE invoice_line SET unit_price_cents = 1 WHERE invoice_id = :i",
        "DELETE FROM invoice_line WHERE invoice_id = :i",
        "INSERT INTO invoice_line (invoice_id, position, description, quantity_milli,"
        " unit_price_cents, vat_rate_bp, line_net_cents, line_vat_cents, created_at, updated_at)"
        " VALUES (:i, 99, 'x', 1000, 1, 0, 1, 0, '2026-01-01', '2026-01-01')",
    ],
)
def test_the_database_refuses_to_change_an_issued_invoice(vault: Vault, statement: str) -> None:
    set_profile(vault)
    issued = issue(vault, make_draft(vault, person_draft(new_client(vault))))

    with (
        pytest.raises((DatabaseError, IntegrityError), match="issued invoice is immutable"),
        vault.uow() as uow,
    ):
        uow.session.execute(text(statement), {"i": issued.id})


def test_the_chain_check_finds_an_edited_row(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    ids = [
        issue(vault, make_draft(vault, person_draft(client, line(price=p)))).id
        for p in (1000, 2000, 3000)
    ]
    with vault.uow() as uow:
        assert verify_invoice_chain(uow).checked == 3

    # Tampering behind the application's back: disable the trigger, edit, restore it.
    with vault.uow() as uow:
        session = uow.session
        trigger = "trg_invoice_issued_frozen"
        sql = session.execute(
            text("SELECT sql FROM sqlite_schema WHERE name = :n"), {"n": trigger}
        ).scalar_one()
        session.execute(text(f"DROP TRIGGER {trigger}"))
        session.execute(
            text("UPDATE invoice SET total_net_cents = 1, total_gross_cents = 1 WHERE id = :i"),
            {"i": ids[1]},
        )
        session.execute(text(sql))

    with vault.uow() as uow:
        report = verify_invoice_chain(uow)

    assert not report.ok and report.checked == 3
    assert [(b.invoice_id, b.reason) for b in report.breaks] == [(ids[1], "hash mismatch")]


def test_a_rewritten_hash_breaks_the_next_link(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    ids = [issue(vault, make_draft(vault, person_draft(client))).id for _ in range(2)]
    with vault.uow() as uow:
        session = uow.session
        sql = session.execute(
            text("SELECT sql FROM sqlite_schema WHERE name = 'trg_invoice_issued_frozen'")
        ).scalar_one()
        session.execute(text("DROP TRIGGER trg_invoice_issued_frozen"))
        session.execute(
            text("UPDATE invoice SET hash = :h WHERE id = :i"), {"h": "0" * 64, "i": ids[0]}
        )
        session.execute(text(sql))

    with vault.uow() as uow:
        reasons = {(b.invoice_id, b.reason) for b in verify_invoice_chain(uow).breaks}

    assert reasons == {(ids[0], "hash mismatch"), (ids[1], "previous hash mismatch")}


def test_numbers_follow_the_dates(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    issue(vault, make_draft(vault, person_draft(client)), day=date(2026, 4, 10))
    late = make_draft(vault, person_draft(client))

    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        issue_invoice(uow, late, issue_date=date(2026, 4, 9))

    assert list(caught.value.errors) == ["issue_date"]
    assert issue(vault, late, day=date(2026, 4, 10)).number == "F-2026-0002"


def test_an_item_is_billed_once(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    with vault.uow() as uow:
        service = Service(code="ENT", name="Entretien", unit="hour", unit_price_cents=6000)
        uow.session.add(service)
        uow.session.flush()
        item = BillableItem(
            client_id=client, service_id=service.id, item_date=date(2026, 3, 2),
            quantity_milli=1000, unit_price_cents=6000,
        )  # fmt: skip
        uow.session.add(item)
        uow.session.flush()
        item_id = item.id
    first = make_draft(vault, person_draft(client, line(billable_item_id=item_id)))

    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        from socialdesk.services.invoices import create_draft

        create_draft(uow, person_draft(client, line(billable_item_id=item_id)), today=ISSUE_DAY)
    assert list(caught.value.errors) == ["lines"]

    with vault.uow() as uow:  # saving the same draft again keeps its own item
        view, _ = update_draft(uow, first, person_draft(client, line(billable_item_id=item_id)))
        assert uow.session.get(BillableItem, item_id).invoice_line_id == view.lines[0].id  # type: ignore[union-attr]
