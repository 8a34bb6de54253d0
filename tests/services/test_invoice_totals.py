"""The rounding rule, as properties (hypothesis, Decimal quantities): line nets rounded
half-up, VAT per rate on summed bases, gross = net + VAT; what a draft stores agrees with
the pure computation."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialdesk.domain.invoicing import InvoiceLineInput, compute_totals, line_net_cents, vat_cents
from socialdesk.services.invoices import create_draft, get_invoice
from socialdesk.services.vault import Vault

from .invoice_setup import new_client, person_draft, set_profile

quantities = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3, allow_nan=False
)
lines = st.lists(
    st.builds(
        InvoiceLineInput,
        description=st.just("Prestation"),
        quantity=quantities,
        unit_price_cents=st.integers(0, 500_000),
        vat_rate_bp=st.sampled_from([0, 550, 1000, 2000, 2100, 1900, 900]),
    ),
    min_size=1,
    max_size=12,
)


@given(quantities, st.integers(0, 10_000_000))
def test_a_line_is_the_exact_product_rounded_half_up(quantity: Decimal, price: int) -> None:
    exact = quantity * price
    cents = line_net_cents(quantity, price)
    assert abs(Decimal(cents) - exact) <= Decimal("0.5")
    assert cents == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(lines)
def test_totals_follow_the_rule(items: list[InvoiceLineInput]) -> None:
    totals = compute_totals(items)

    assert totals.net_cents == sum(line_net_cents(x.quantity, x.unit_price_cents) for x in items)
    assert totals.gross_cents == totals.net_cents + totals.vat_cents
    assert sum(b.base_cents for b in totals.by_rate) == totals.net_cents
    for breakdown in totals.by_rate:
        assert breakdown.vat_cents == vat_cents(breakdown.base_cents, breakdown.rate_bp)
    per_line = sum(
        vat_cents(line_net_cents(x.quantity, x.unit_price_cents), x.vat_rate_bp) for x in items
    )
    assert abs(per_line - totals.vat_cents) <= len(
        items
    )  # per-rate rounding: at most ½ cent a line


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=lines)
def test_a_draft_stores_the_computed_totals(vault: Vault, items: list[InvoiceLineInput]) -> None:
    set_profile(vault, vat_status="registered", vat_number="FR40732829320")
    client = new_client(vault)
    with vault.uow() as uow:
        view, _ = create_draft(uow, person_draft(client, *items), today=date(2026, 4, 1))
    with vault.uow() as uow:
        again = get_invoice(uow, view.id, today=date(2026, 4, 1))

    expected = compute_totals(items)
    assert (again.total_net_cents, again.total_vat_cents, again.total_gross_cents) == (
        expected.net_cents,
        expected.vat_cents,
        expected.gross_cents,
    )
    assert [ln.quantity for ln in again.lines] == [x.quantity for x in items]
