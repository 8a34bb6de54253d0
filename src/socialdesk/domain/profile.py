"""The practitioner's profile: legal identity printed on every invoice and report.

Validation uses python-stdnum for the legal ids (SIREN/SIRET in France, BCE/KBO enterprise
number in Belgium, CUI in Romania), the EU VAT number and the IBAN/BIC, so a typo is
caught when typed rather than on an invoice the accountant rejects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from stdnum import bic as std_bic
from stdnum import iban as std_iban
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.ro import cui as ro_cui

from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_

SUPPORTED_TIMEZONES = ("Europe/Paris", "Europe/Brussels", "Europe/Bucharest")
DOCUMENT_LANGUAGES = ("fr", "en", "ro")
LOGO_MAX_BYTES = 1_000_000


class PractitionerCountry(StrEnum):
    FR = "FR"
    BE = "BE"
    RO = "RO"


class VatRegime(StrEnum):
    FRANCHISE = "franchise"  # franchise en base / exempted small business
    REGISTERED = "registered"


DEFAULT_TIMEZONE = {"FR": "Europe/Paris", "BE": "Europe/Brussels", "RO": "Europe/Bucharest"}


@dataclass(frozen=True, slots=True)
class PractitionerProfile:
    country: str = "FR"
    vat_status: str = "franchise"
    display_name: str = ""
    legal_name: str = ""
    profession_title: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    siren: str = ""
    siret: str = ""
    bce_number: str = ""
    cui: str = ""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    invoice_prefix: str = "F"
    payment_terms_days: int = 30
    # Printed on invoices to business payers; empty: the statutory rate is stated.
    late_penalty_text: str = ""
    document_language: str = "fr"
    timezone: str = "Europe/Paris"
    logo: bytes | None = None
    logo_mime: str | None = None

    @property
    def is_complete_for_invoicing(self) -> bool:
        has_id = {"FR": bool(self.siret), "BE": bool(self.bce_number), "RO": bool(self.cui)}
        return bool(self.legal_name and self.address_line1 and self.city and has_id[self.country])


def _check(errors: dict[str, str], field: str, value: str, validate: object, message: str) -> str:
    """Validate and return the compact form; record ``message`` when invalid."""
    if not value:
        return ""
    try:
        return str(validate(value))  # type: ignore[operator]
    except StdnumError:
        errors[field] = message
        return value


LATE_PENALTY_MAX = 300


def normalize_profile(profile: PractitionerProfile) -> PractitionerProfile:
    """Return the profile with ids in compact form, or raise ValidationError listing every
    bad field (nothing is saved then)."""
    errors: dict[str, str] = {}
    p = replace(
        profile,
        **{
            f: getattr(profile, f).strip()
            for f in profile.__dataclass_fields__
            if isinstance(getattr(profile, f), str)
        },
    )
    if p.country not in PractitionerCountry.__members__:
        errors["country"] = N_("Choose France, Belgium or Romania.")
    if p.vat_status not in {v.value for v in VatRegime}:
        errors["vat_status"] = N_("Choose a VAT status.")
    if not p.display_name and not p.legal_name:
        errors["legal_name"] = N_("Enter your name or your business name.")
    siren = _check(
        errors,
        "siren",
        p.siren,
        fr_siren.validate,
        N_("The SIREN number is not valid (9 digits, checksum)."),
    )
    siret = _check(
        errors,
        "siret",
        p.siret,
        fr_siret.validate,
        N_("The SIRET number is not valid (14 digits, checksum)."),
    )
    if (
        siren
        and siret
        and "siren" not in errors
        and "siret" not in errors
        and not siret.startswith(siren)
    ):
        errors["siret"] = N_("The SIRET number must start with the SIREN number.")
    if siret and not siren and "siret" not in errors:
        siren = siret[:9]
    bce = _check(
        errors,
        "bce_number",
        p.bce_number,
        be_vat.validate,
        N_("The BCE/KBO enterprise number is not valid (10 digits, checksum)."),
    )
    cui = _check(
        errors,
        "cui",
        p.cui,
        ro_cui.validate,
        N_("The CUI is not valid (2 to 10 digits, checksum)."),
    )
    vat_number = _check(
        errors,
        "vat_number",
        p.vat_number.upper().replace(" ", ""),
        eu_vat.validate,
        N_("The VAT number is not valid."),
    )
    iban = _check(
        errors, "iban", p.iban, std_iban.validate, N_("The IBAN is not valid (check the digits).")
    )
    bic = _check(
        errors, "bic", p.bic, std_bic.validate, N_("The BIC is not valid (8 or 11 characters).")
    )
    if p.vat_status == VatRegime.REGISTERED and not vat_number and "vat_number" not in errors:
        errors["vat_number"] = N_("A VAT-registered practitioner needs a VAT number.")
    if p.email and ("@" not in p.email or "." not in p.email.rsplit("@", 1)[-1]):
        errors["email"] = N_("The email address is not valid.")
    if not 0 <= p.payment_terms_days <= 120:
        errors["payment_terms_days"] = N_("Payment terms must be between 0 and 120 days.")
    if len(p.late_penalty_text) > LATE_PENALTY_MAX:
        errors["late_penalty_text"] = N_(
            "The late-payment penalty text is too long (300 characters at most)."
        )
    if p.document_language not in DOCUMENT_LANGUAGES:
        errors["document_language"] = N_("Choose French, English or Romanian for documents.")
    if p.timezone not in SUPPORTED_TIMEZONES:
        errors["timezone"] = N_("Choose a supported time zone.")
    if p.logo is not None and len(p.logo) > LOGO_MAX_BYTES:
        errors["logo"] = N_("The logo must be smaller than 1 MB.")
    if p.logo is not None and p.logo_mime not in ("image/png", "image/jpeg"):
        errors["logo"] = N_("The logo must be a PNG or JPEG image.")
    if errors:
        raise ValidationError(errors)
    return replace(
        p,
        siren=siren,
        siret=siret,
        bce_number=bce,
        cui=cui,
        vat_number=vat_number,
        iban=iban,
        bic=bic,
    )
