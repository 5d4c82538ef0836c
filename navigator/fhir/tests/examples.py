"""Official-style examples of what a GP system sends: UK Core identifiers and SNOMED CT codes,
built fresh for each test so a test may change its copy."""

from typing import Any

from navigator.fhir import codes

NHS_NUMBER = "9434765919"  # valid check digit, 943 range (test numbers)
PRACTICE_ODS = "B86001"
IDENTIFIER_SYSTEM = "https://emis.example.nhs.uk/Id/referral"


def patient(**changes: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "patient",
        "identifier": [{"system": codes.NHS_NUMBER, "value": NHS_NUMBER}],
        "name": [{"use": "official", "given": ["Ada"], "family": "Okafor", "prefix": ["Mrs"]}],
        "birthDate": "1961-04-12",
        "gender": "female",
        "address": [
            {"use": "home", "line": ["12 Cliff Road"], "city": "Leeds", "postalCode": "ls6 2ab"}
        ],
        "telecom": [
            {"system": "phone", "value": "0113 496 0000", "use": "home"},
            {"system": "email", "value": "ada@example.org"},
        ],
        "generalPractitioner": [
            {
                "type": "Organization",
                "identifier": {"system": codes.ODS_CODE, "value": PRACTICE_ODS},
                "display": "Chapel Allerton Surgery",
            }
        ],
    } | changes


def service_request(
    *, identifier: str = "REF-0001", performer_ods: str = "", subject: str = "urn:uuid:patient"
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": identifier}],
        "status": "active",
        "intent": "order",
        "priority": "routine",
        "code": {
            "coding": [
                {
                    "system": codes.SNOMED,
                    "code": codes.REFERRAL_TO_SOCIAL_PRESCRIBING,
                    "display": codes.REFERRAL_TO_SOCIAL_PRESCRIBING_DISPLAY,
                }
            ]
        },
        "subject": {"reference": subject},
        "authoredOn": "2026-03-02T09:15:00+00:00",
        "requester": {
            "type": "Organization",
            "identifier": {"system": codes.ODS_CODE, "value": PRACTICE_ODS},
            "display": "Chapel Allerton Surgery",
        },
        "reasonCode": [{"text": "Loneliness or isolation"}, {"text": "Wants to garden"}],
        "note": [{"text": "Lives alone since her husband died."}],
    }
    if performer_ods:
        request["performer"] = [
            {
                "type": "Organization",
                "identifier": {"system": codes.ODS_CODE, "value": performer_ods},
            }
        ]
    return request


def consent(subject: str = "urn:uuid:patient") -> dict[str, Any]:
    return {
        "resourceType": "Consent",
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": {"reference": subject},
        "dateTime": "2026-03-02T09:10:00+00:00",
        "performer": [{"display": "Dr Priya Shah"}],
        "provision": {"type": "permit"},
    }


def transaction(
    *, identifier: str = "REF-0001", with_consent: bool = True, **kwargs: Any
) -> dict[str, Any]:
    entries = [
        {
            "fullUrl": "urn:uuid:patient",
            "resource": patient(),
            "request": {"method": "POST", "url": "Patient"},
        },
        {
            "fullUrl": "urn:uuid:request",
            "resource": service_request(identifier=identifier, **kwargs),
            "request": {"method": "POST", "url": "ServiceRequest"},
        },
    ]
    if with_consent:
        entries.append(
            {
                "fullUrl": "urn:uuid:consent",
                "resource": consent(),
                "request": {"method": "POST", "url": "Consent"},
            }
        )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def contained_service_request(*, identifier: str = "REF-0002") -> dict[str, Any]:
    request = service_request(identifier=identifier, subject="#patient")
    request["contained"] = [patient()]
    return request
