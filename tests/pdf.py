"""Reading a PDF back in tests: its text (pypdf, always installed with the test extras),
so no PDF test is skipped on a machine without poppler."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def pdf_text(source: Path | bytes, *, squeeze: bool = False) -> str:
    """The text of every page; ``squeeze`` folds runs of whitespace into one space."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()) if squeeze else text


def pdf_page_count(source: Path | bytes) -> int:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return len(PdfReader(io.BytesIO(data)).pages)
