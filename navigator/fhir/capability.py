"""What the FHIR endpoint supports, in one table: the CapabilityStatement at /fhir/metadata is
built from it, and a test holds it equal to the routes that answer (urls.py)."""

from typing import Any

from django.utils import timezone

from navigator.fhir.outcomes import FHIR_JSON

# resource type -> its interactions and search parameters (name -> FHIR search type)
RESOURCES: dict[str, dict[str, Any]] = {
    "Bundle": {
        "interactions": ["create", "read"],
        "documentation": (
            "create: a transaction of a Patient, a ServiceRequest and optionally a Consent makes "
            "a referral (answers a transaction-response). read: Bundle/outcome-{id} is the "
            "message back to the GP of a closed referral, as a document."
        ),
        "search": {},
    },
    "ServiceRequest": {
        "interactions": ["create", "read", "search-type"],
        "documentation": (
            "create: a referral to social prescribing (SNOMED CT 871731000000106) with a "
            "contained Patient; conditional create on identifier with If-None-Exist."
        ),
        "conditionalCreate": True,
        "search": {"identifier": "token", "patient.identifier": "token", "_lastUpdated": "date"},
    },
    "Task": {
        "interactions": ["read", "search-type"],
        "documentation": "One per referral: its status follows the referral.",
        "search": {
            "focus": "reference",
            "identifier": "token",
            "status": "token",
            "_lastUpdated": "date",
        },
    },
}

OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"


def capability_statement(base: str) -> dict[str, Any]:
    resources = []
    for resource_type, spec in RESOURCES.items():
        resource: dict[str, Any] = {
            "type": resource_type,
            "documentation": spec["documentation"],
            "interaction": [{"code": code} for code in spec["interactions"]],
        }
        if spec.get("conditionalCreate"):
            resource["conditionalCreate"] = True
        if spec["search"]:
            resource["searchParam"] = [
                {"name": name, "type": kind} for name, kind in spec["search"].items()
            ]
        resources.append(resource)
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "kind": "instance",
        "software": {"name": "Navigator"},
        "implementation": {"description": "Navigator FHIR R4 API", "url": base},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "application/json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                }
                            ]
                        }
                    ],
                    "description": "OAuth 2.0 client credentials: POST to the token URL, then "
                    "send 'Authorization: Bearer <token>'.",
                    "extension": [
                        {
                            "url": OAUTH_URIS,
                            "extension": [{"url": "token", "valueUri": f"{base}/token"}],
                        }
                    ],
                },
                "resource": resources,
            }
        ],
    }
