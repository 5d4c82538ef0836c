"""The FHIR routes answer JSON, not pages: listed for the accessibility scan's completeness
check."""

PAGES: list = []


def build(world) -> dict:
    return {}


NOT_HTML = {
    "fhir:token": "OAuth 2.0 token endpoint (JSON)",
    "fhir:metadata": "FHIR CapabilityStatement",
    "fhir:bundle": "FHIR API",
    "fhir:bundle_read": "FHIR API",
    "fhir:service_request": "FHIR API",
    "fhir:service_request_read": "FHIR API",
    "fhir:task": "FHIR API",
    "fhir:task_read": "FHIR API",
    "fhir:unknown": "FHIR API (OperationOutcome)",
}
