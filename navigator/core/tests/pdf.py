"""Reading the PDFs Navigator makes, in Python (pypdf), so the tests need no poppler-utils."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of whitespace made single spaces."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def pdf_tagging(content: bytes) -> tuple[bool, list[str], list[str | None]]:
    """Whether the PDF says it is tagged (a structure tree and MarkInfo Marked true), the
    structure types in its tree, and the alternative text of each Figure (None when missing)."""
    root = PdfReader(BytesIO(content)).trailer["/Root"]
    marked = bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root
    kinds: list[str] = []
    alts: list[str | None] = []
    pending = [root["/StructTreeRoot"]] if "/StructTreeRoot" in root else []
    while pending:
        node = pending.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            kinds.append(str(node["/S"]))
            if node["/S"] == "/Figure":
                alts.append(str(node["/Alt"]) if "/Alt" in node else None)
        children = node.get("/K")
        if isinstance(children, list):
            pending.extend(children)
        elif children is not None:
            pending.append(children)
    return marked, kinds, alts
