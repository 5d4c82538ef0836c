"""Reading the PDFs Navigator makes, in Python (pypdf), so the tests need no poppler-utils."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of whitespace made single spaces."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)
