"""FHIR answers: resources as `application/fhir+json`, and every error as an OperationOutcome
with one issue per problem."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from pydantic import ValidationError

from navigator.api.auth import Refusal

FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class Issue:
    code: str  # FHIR issue-type: invalid, required, value, not-found, business-rule, ...
    diagnostics: str
    expression: str = ""
    severity: str = "error"

    def as_json(self) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": self.diagnostics,
        }
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


@dataclass
class FhirError(Exception):
    """Raised anywhere behind a FHIR route; the route answers its OperationOutcome."""

    status: int
    issues: list[Issue] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def one(cls, status: int, code: str, diagnostics: str, expression: str = "") -> "FhirError":
        return cls(status, [Issue(code, diagnostics, expression)])


def issues_from_validation(error: ValidationError, resource_type: str) -> list[Issue]:
    """What the FHIR library found wrong, one issue per problem, at its FHIRPath."""
    issues = []
    for problem in error.errors():
        path = ".".join(str(part) for part in problem["loc"] if part != "__root__")
        issues.append(
            Issue(
                "structure" if problem["type"] == "extra_forbidden" else "invalid",
                problem["msg"],
                f"{resource_type}.{path}" if path else resource_type,
            )
        )
    return issues


def fhir_response(
    resource: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False), status=status, content_type=FHIR_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def outcome_response(error: FhirError) -> HttpResponse:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [issue.as_json() for issue in error.issues],
    }
    return fhir_response(body, error.status, error.headers)


def refusal_response(refusal: Refusal) -> HttpResponse:
    """The API door's refusals (no token, wrong scope, too many calls) in FHIR's words."""
    return outcome_response(
        FhirError(refusal.status, [Issue(refusal.code, refusal.message)], refusal.headers)
    )
