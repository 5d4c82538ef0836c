"""The FHIR routes answer JSON, not pages: listed for the accessibility scan's completeness
check."""

PAGES: list = []


def build(world) -> dict:
    return {}


NOT_HTML = {
    "fhir:token": "OAuth 2.0 token endpoint (JSON)",
}
