"""Navigator's records as FHIR resources: a referral is a ServiceRequest and a Task whose status
follows the referral's state; a closed case's message back to the GP is a document Bundle."""

import uuid
from datetime import UTC, datetime
from html import escape
from typing import Any

from django.utils import timezone

from navigator.accounts.models import Organisation
from navigator.fhir import codes
from navigator.outcomes.views import measure_label
from navigator.referrals.models import Referral, Urgency
from navigator.referrals.states import State

# The Task's status for each state of the referral (HL7 Gravity closed-loop referral).
TASK_STATUS: dict[str, str] = {
    State.RECEIVED: "requested",
    State.INFO_REQUESTED: "requested",
    State.TRIAGED: "requested",
    State.ACCEPTED: "accepted",
    State.WAITING: "accepted",
    State.ALLOCATED: "accepted",
    State.FIRST_CONTACT: "in-progress",
    State.ASSESSED: "in-progress",
    State.ACTIVE: "in-progress",
    State.DECLINED: "rejected",
    State.CLOSED: "completed",
}
TASK_STATUSES = ("requested", "accepted", "rejected", "in-progress", "completed", "cancelled")
PRIORITY: dict[str, str] = {
    Urgency.ROUTINE: "routine",
    Urgency.SOON: "urgent",
    Urgency.URGENT: "asap",
}


def instant(value: datetime) -> str:
    return timezone.localtime(value, UTC).isoformat().replace("+00:00", "Z")


def task_status(referral: Referral) -> str:
    """Closed before anyone met the person (no first contact): the work was cancelled."""
    if referral.state == State.CLOSED and referral.first_contact_at is None:
        return "cancelled"
    return TASK_STATUS[referral.state]


def states_for_task_status(status: str) -> tuple[set[str], bool | None]:
    """The referral states a Task status stands for, and for closed cases whether it needs a
    first contact (completed) or none (cancelled); None when that does not matter."""
    if status == "completed":
        return {State.CLOSED}, True
    if status == "cancelled":
        return {State.CLOSED}, False
    return {state for state, task in TASK_STATUS.items() if task == status}, None


def _organisation_reference(organisation: Organisation) -> dict[str, Any]:
    reference: dict[str, Any] = {"type": "Organization", "display": organisation.name}
    if organisation.ods_code:
        reference["identifier"] = {"system": codes.ODS_CODE, "value": organisation.ods_code}
    return reference


def patient_reference(referral: Referral) -> dict[str, Any]:
    reference: dict[str, Any] = {"type": "Patient", "display": referral.full_name}
    if referral.nhs_number:
        reference["identifier"] = {"system": codes.NHS_NUMBER, "value": referral.nhs_number}
    return reference


def _submission(referral: Referral) -> Any:
    return getattr(referral, "fhir_submission", None)


def _requester(referral: Referral) -> dict[str, Any] | None:
    submission = _submission(referral)
    if submission and submission.requester_ods:
        reference = {
            "type": "Organization",
            "identifier": {"system": codes.ODS_CODE, "value": submission.requester_ods},
        }
        display = submission.requester_display or referral.referrer_organisation
        return reference | ({"display": display} if display else {})
    if referral.referrer_organisation:
        return {"display": referral.referrer_organisation}
    return None


def service_request(referral: Referral) -> dict[str, Any]:
    submission = _submission(referral)
    identifiers = [{"system": codes.NAVIGATOR_REFERENCE, "value": referral.reference}]
    if submission:
        identifiers.insert(
            0, {"system": submission.identifier_system, "value": submission.identifier_value}
        )
    statuses: dict[str, str] = {State.CLOSED: "completed", State.DECLINED: "revoked"}
    status = statuses.get(referral.state, "active")
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": referral.reference,
        "meta": {"lastUpdated": instant(referral.updated_at)},
        "identifier": identifiers,
        "status": status,
        "intent": "order",
        "priority": PRIORITY.get(referral.urgency, "routine"),
        "code": {
            "coding": [
                {
                    "system": codes.SNOMED,
                    "code": codes.REFERRAL_TO_SOCIAL_PRESCRIBING,
                    "display": codes.REFERRAL_TO_SOCIAL_PRESCRIBING_DISPLAY,
                }
            ]
        },
        "subject": patient_reference(referral),
        "authoredOn": instant(
            submission.authored_on
            if submission and submission.authored_on
            else referral.received_at
        ),
        "performer": [_organisation_reference(referral.organisation)],
    }
    requester = _requester(referral)
    if requester:
        resource["requester"] = requester
    reasons = [{"text": reason.name} for reason in referral.reasons.all()]
    if reasons:
        resource["reasonCode"] = reasons
    return resource


def task(referral: Referral) -> dict[str, Any]:
    status = task_status(referral)
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": referral.reference,
        "meta": {"lastUpdated": instant(referral.updated_at)},
        "identifier": [{"system": codes.NAVIGATOR_REFERENCE, "value": referral.reference}],
        "status": status,
        "businessStatus": {"text": State(referral.state).label},
        "intent": "order",
        "code": {
            "coding": [
                {
                    "system": codes.TASK_CODE,
                    "code": "fulfill",
                    "display": "Fulfill the focal request",
                }
            ]
        },
        "focus": {"reference": f"ServiceRequest/{referral.reference}"},
        "for": patient_reference(referral),
        "authoredOn": instant(referral.received_at),
        "lastModified": instant(referral.updated_at),
        "owner": _organisation_reference(referral.organisation),
    }
    requester = _requester(referral)
    if requester:
        resource["requester"] = requester
    if status == "rejected":
        resource["statusReason"] = {"text": referral.get_decline_reason_display()}
    if hasattr(referral, "gp_message"):
        resource["output"] = [
            {
                "type": {"text": "Message back to the GP (FHIR document)"},
                "valueReference": {"reference": f"Bundle/{outcome_document_id(referral)}"},
            }
        ]
    return resource


def outcome_document_id(referral: Referral) -> str:
    return f"outcome-{referral.reference}"


def _uuid(referral: Referral, *parts: Any) -> str:
    """Stable entry URLs, so reading the document twice gives the same document."""
    name = ":".join(str(part) for part in (referral.reference, *parts))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _narrative(paragraphs: list[str]) -> dict[str, str]:
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs if text) or "<p>None</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _score_name(score: Any) -> str:
    return f"{score.administration.instrument_name}: {measure_label(score.measure)}"


def outcome_document(referral: Referral, scores: list[Any]) -> dict[str, Any]:
    """The message back to the GP at closure as a FHIR document: a Composition, the case's
    coded events as SNOMED CT coded Observations and each outcome score as an Observation.
    When the person chose to share only codes, only the codes."""
    content = referral.gp_message.content
    created = instant(referral.gp_message.created_at)
    patient_url = _uuid(referral, "patient")
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"given": [referral.given_name], "family": referral.family_name}],
        "birthDate": referral.date_of_birth.isoformat(),
    }
    if referral.nhs_number:
        patient["identifier"] = [{"system": codes.NHS_NUMBER, "value": referral.nhs_number}]
    subject = {"reference": patient_url}
    events = [
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {
                "coding": [
                    {"system": codes.SNOMED, "code": event["code"], "display": event["display"]}
                ]
            },
            "subject": subject,
            "effectiveDateTime": event["at"],
        }
        for event in content.get("coded_events", [])
    ]
    codes_only = content.get("codes_only", False)
    observations: list[dict[str, Any]] = (
        []
        if codes_only
        else [
            {
                "resourceType": "Observation",
                "status": "final",
                "category": [
                    {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}
                ],
                "code": {"text": _score_name(score)},
                "subject": subject,
                "effectiveDateTime": instant(
                    score.administration.completed_at or score.administration.created_at
                ),
                "valueQuantity": {"value": float(score.value)},
                "note": [{"text": score.administration.get_time_point_display()}],
            }
            for score in scores
        ]
    )
    event_urls = [_uuid(referral, "event", n) for n in range(len(events))]
    score_urls = [_uuid(referral, "score", n) for n in range(len(observations))]
    sections = [
        {
            "title": "Coded events",
            "text": _narrative(
                [f"{e['code']} {e['display']}" for e in content.get("coded_events", [])]
            ),
            "entry": [{"reference": url} for url in event_urls],
        }
    ]
    if not codes_only:
        needs = content.get("needs_and_concerns", {})
        support = content.get("support_offered", {})
        sections += [
            {
                "title": "Needs and concerns",
                "text": _narrative(
                    [
                        ", ".join(needs.get("reasons", [])),
                        needs.get("details", ""),
                        needs.get("what_matters", ""),
                    ]
                ),
            },
            {
                "title": "Support offered",
                "text": _narrative(
                    [", ".join(support.get("activities", [])), support.get("onward_referrals", "")]
                ),
            },
            {
                "title": "Outcomes",
                "text": _narrative(
                    [
                        observation["code"]["text"] + f": {observation['valueQuantity']['value']:g}"
                        for observation in observations
                    ]
                ),
                "entry": [{"reference": url} for url in score_urls],
            },
            {"title": "Closing summary", "text": _narrative([content.get("closing_summary", "")])},
        ]
    for section in sections:
        if not section.get("entry"):
            section.pop("entry", None)
    composition = {
        "resourceType": "Composition",
        "status": "final",
        "type": {
            "coding": [
                {"system": codes.LOINC, "code": "34133-9", "display": "Summary of episode note"}
            ],
            "text": "Social prescribing: message back to the GP",
        },
        "subject": subject,
        "date": created,
        "author": [_organisation_reference(referral.organisation)],
        "title": f"Social prescribing: message back to the GP (referral {referral.reference})",
        "section": sections,
    }
    entries = [
        {"fullUrl": _uuid(referral, "composition"), "resource": composition},
        {"fullUrl": patient_url, "resource": patient},
        *({"fullUrl": url, "resource": r} for url, r in zip(event_urls, events, strict=True)),
        *({"fullUrl": url, "resource": r} for url, r in zip(score_urls, observations, strict=True)),
    ]
    return {
        "resourceType": "Bundle",
        "id": outcome_document_id(referral),
        "meta": {"lastUpdated": created},
        "identifier": {
            "system": f"{codes.NAVIGATOR_REFERENCE}/outcome",
            "value": referral.reference,
        },
        "type": "document",
        "timestamp": created,
        "entry": entries,
    }


def searchset(
    resources: list[dict[str, Any]], *, total: int, base: str, links: dict[str, str]
) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
        "entry": [
            {
                "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }
