"""The shared PDF layout: fonts embedded, diacritics read back, escaping, page furniture
("Page X / Y", header, confidentiality mention), tables and the signature block; and
the babel formatting of dates and amounts of documents."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.document_language import (
    format_amount,
    format_date_long,
    format_day,
    format_number,
    words_in,
)
from socialdesk.services.pdf_layout import (
    Heading,
    PageFurniture,
    Signer,
    data_table,
    field_table,
    para,
    practitioner_identity,
    render_pdf,
    signature_block,
    styles,
    text,
)
from tests.pdf import pdf_page_count, pdf_text

MENTION = "Document confidentiel — secret professionnel"


def _fonts(data: bytes) -> dict[str, bool]:
    """Every font used by a page → whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found


def _sample(pages_of_text: int = 1) -> tuple[bytes, int]:
    st = styles()
    story = [para("Rapport d'accompagnement", st["title"]), Heading("Identité", st["h1"])]
    table = field_table(
        [("Nom", "Ștefan Țurcanu"), ("Ville", "Brăila, Înșirat, Bâlea"), ("Vide", "")], st
    )
    assert table is not None
    story.append(table)
    rows = [[f"ligne {i}", "Françoise Lefèvre", "12"] for i in range(60 * pages_of_text)]
    grid = data_table(["Quand", "Qui", "Nombre"], rows, [2, 5, 1], st, right_columns=[2])
    assert grid is not None
    story.append(grid)
    story.append(para("<b>pas du gras</b> & Cie", st["body"]))
    story.append(
        signature_block(
            st, "Fait à Lille, le 3 mars 2026", [Signer("Le travailleur social", "F. L.")]
        )
    )
    furniture = PageFurniture(
        page_label=lambda page, pages: f"Page {page} / {pages}",
        footer_left="Dossier D-2026-0001",
        header_left="Françoise Lefèvre — Assistante sociale",
        header_right="D-2026-0001",
        confidentiality=MENTION,
    )
    out = render_pdf(story, furniture, title="Rapport", language="fr", author="F. L.")
    return out.pdf, out.pages


def test_layout_embeds_every_font_and_reads_back_diacritics() -> None:
    data, _pages = _sample()
    fonts = _fonts(data)
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVuSans" in name for name in fonts)  # no Helvetica fallback
    body = pdf_text(data, squeeze=True)
    assert "Ștefan Țurcanu" in body and "Brăila, Înșirat, Bâlea" in body
    assert "Françoise Lefèvre" in body
    assert "Vide" not in body  # an empty value drops its row


def test_layout_escapes_markup_in_plain_text() -> None:
    data, _pages = _sample()
    assert "<b>pas du gras</b> & Cie" in pdf_text(data, squeeze=True)
    assert text("a < b & c\nd") == "a &lt; b &amp; c<br/>d"
    assert text(None) == ""


def test_layout_numbers_pages_and_repeats_header_and_mention() -> None:
    data, pages = _sample(pages_of_text=3)
    assert pages == pdf_page_count(data) >= 3
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        page_text = " ".join((page.extract_text() or "").split())
        assert f"Page {number} / {pages}" in page_text
        assert MENTION in page_text
        assert "Françoise Lefèvre — Assistante sociale" in page_text
    last = " ".join((reader.pages[-1].extract_text() or "").split())
    assert "Fait à Lille, le 3 mars 2026" in last and "Le travailleur social" in last


def test_tables_are_none_when_empty() -> None:
    st = styles()
    assert field_table([("Nom", ""), ("Ville", None)], st) is None
    assert data_table(["a"], [], [1], st) is None


def test_practitioner_identity_joins_what_is_known() -> None:
    profile = PractitionerProfile(
        display_name="Françoise Lefèvre", profession_title="Assistante sociale", city="Lille"
    )
    assert practitioner_identity(profile) == "Françoise Lefèvre — Assistante sociale — Lille"
    assert practitioner_identity(PractitionerProfile()) == ""


def test_dates_and_amounts_follow_the_document_locale() -> None:
    day = date(2026, 3, 3)
    assert format_date_long(day, "fr") == "3 mars 2026"
    assert format_date_long(day, "ro") == "3 martie 2026"
    assert format_date_long(day, "en") == "3 March 2026"
    assert format_date_long(None, "fr") == ""
    assert format_amount(123450, "EUR", "fr") == "1\u202f234,50\u00a0€"
    assert format_amount(-5, "EUR", "en") == "-€0.05"
    assert format_amount(123450, "RON", "ro") == "1.234,50\u00a0RON"
    assert format_number(12345.5, "fr") == "12\u202f345,5"
    assert format_number(3, "ro") == "3"
    # The short form documents already used is unchanged.
    assert format_day(day, "fr") == "03/03/2026" and format_day(day, "ro") == "03.03.2026"


def test_words_in_falls_back_and_may_return_unknown_keys() -> None:
    words = {"hello": ("Hello", "Bonjour", "Bună ziua")}
    assert words_in(words, "ro")("hello") == "Bună ziua"
    assert words_in(words, "xx")("hello") == "Bonjour"
    assert words_in(words, "xx", fallback="en")("hello") == "Hello"
    assert words_in(words, "fr", unknown_as_key=True)("home_visit") == "home_visit"
