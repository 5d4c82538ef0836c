"""Reading a referral sent as FHIR: parse and validate each resource with fhir.resources (R4B,
the closest to R4), then check what the library does not (code bindings, the social
prescribing code, NHS number check digits, UK postcodes and phone numbers) and turn it into
the data a referral typed into the form would have. Every problem found becomes one issue."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from pydantic import BaseModel, ValidationError

from navigator.core.validators import (
    normalise_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)
from navigator.fhir import codes
from navigator.fhir.outcomes import FhirError, Issue, issues_from_validation
from navigator.people.models import GPPractice
from navigator.referrals.models import SourceType, Urgency

ACCEPTED_CONTENT_TYPES = {"application/fhir+json", "application/json"}
URGENCY = {
    "routine": Urgency.ROUTINE,
    "urgent": Urgency.URGENT,
    "asap": Urgency.URGENT,
    "stat": Urgency.URGENT,
}


@dataclass
class IncomingReferral:
    """A referral as sent: the fields of `Referral` (what the form would give), the reasons'
    words, and what identifies it to the sender."""

    data: dict[str, Any]
    reason_names: list[str]
    identifier_system: str
    identifier_value: str
    requester_ods: str = ""
    requester_display: str = ""
    performer_ods: list[str] = field(default_factory=list)
    authored_on: datetime | None = None
    if_none_exist: str = ""


def read_json(request: HttpRequest) -> dict[str, Any]:
    content_type = request.content_type or ""
    if content_type not in ACCEPTED_CONTENT_TYPES:
        raise FhirError.one(
            415, "not-supported", "Send the resource as JSON, Content-Type application/fhir+json"
        )
    try:
        payload = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as error:
        raise FhirError.one(400, "structure", f"The body is not valid JSON: {error}") from error
    if not isinstance(payload, dict):
        raise FhirError.one(400, "structure", "The body must be one FHIR resource (a JSON object)")
    return payload


def _validated(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    resource_type = model.__name__
    if payload.get("resourceType") != resource_type:
        raise FhirError.one(
            400,
            "structure",
            f"Expected a {resource_type} resource, got {payload.get('resourceType')!r}",
            "resourceType",
        )
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise FhirError(400, issues_from_validation(error, resource_type)) from error


def _identifier(identifiers: Any, system: str) -> str:
    for identifier in identifiers or []:
        if identifier.system == system and identifier.value:
            return identifier.value
    return ""


def _reference_ods(reference: Any) -> str:
    if reference is None or reference.identifier is None:
        return ""
    return reference.identifier.value if reference.identifier.system == codes.ODS_CODE else ""


class _Checker:
    """Collects issues while reading; `done()` raises them all at once."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def problem(self, code: str, diagnostics: str, expression: str) -> None:
        self.issues.append(Issue(code, diagnostics, expression))

    def normalised(self, normalise: Any, value: str, expression: str) -> str:
        try:
            return normalise(value)
        except DjangoValidationError as error:
            self.problem("value", " ".join(error.messages), expression)
            return ""

    def done(self) -> None:
        if self.issues:
            raise FhirError(422, self.issues)


def _patient_data(patient: Patient, check: _Checker, at: str) -> dict[str, Any]:
    names = patient.name or []
    name = next((n for n in names if n.use == "official"), names[0] if names else None)
    # A name's parts may be null (FHIR puts what explains why in an extension beside them).
    given = ((name.given or [""])[0] or "") if name else ""
    family = (name.family or "") if name else ""
    if not given or not family:
        check.problem("required", "The patient needs a given name and a family name", f"{at}.name")
    if patient.birthDate is None:
        check.problem("required", "The patient needs a birth date", f"{at}.birthDate")
    data: dict[str, Any] = {
        "given_name": given[:100],
        "family_name": family[:100],
        "date_of_birth": patient.birthDate,
    }
    nhs_number = _identifier(patient.identifier, codes.NHS_NUMBER)
    if nhs_number:
        data["nhs_number"] = check.normalised(normalise_nhs_number, nhs_number, f"{at}.identifier")
    address = next(iter(patient.address or []), None)
    if address is not None:
        lines = [*(address.line or []), address.city or ""]
        data["address"] = "\n".join(line for line in lines if line)
        if address.postalCode:
            data["postcode"] = check.normalised(
                normalise_postcode, address.postalCode, f"{at}.address.postalCode"
            )
    for point in patient.telecom or []:
        if point.system == "phone" and point.value and "phone" not in data:
            data["phone"] = check.normalised(
                normalise_phone_number, point.value, f"{at}.telecom.value"
            )
        elif point.system == "email" and point.value and "email" not in data:
            data["email"] = point.value[:254]
    for practice in patient.generalPractitioner or []:
        ods = _reference_ods(practice)
        if ods:
            data["gp_practice"] = GPPractice.objects.filter(ods_code=ods.upper()).first()
            break
    return data


def _consent_data(consent: Consent | None) -> dict[str, Any]:
    """Consent to the referral: an active Consent that does not deny. How it was given is not
    said by FHIR's Consent, so the method stays empty, as the referrer's form allows."""
    if consent is None:
        return {}
    provision = consent.provision
    given = consent.status == "active" and not (provision and provision.type == "deny")
    if not given:
        return {"consent_given": False}
    performer = next(iter(consent.performer or []), None)
    return {
        "consent_given": True,
        "consent_given_at": consent.dateTime,
        "consent_recorded_by": (performer.display or "")[:200] if performer else "",
    }


def _service_request(
    request: ServiceRequest, check: _Checker, at: str = "ServiceRequest"
) -> IncomingReferral:
    if request.status != "active":
        check.problem("value", "A new referral's status must be 'active'", f"{at}.status")
    if request.intent != "order":
        check.problem("value", "A referral's intent must be 'order'", f"{at}.intent")
    coded = request.code and any(
        coding.system == codes.SNOMED and coding.code == codes.REFERRAL_TO_SOCIAL_PRESCRIBING
        for coding in request.code.coding or []
    )
    if not coded:
        check.problem(
            "value",
            f"The code must be SNOMED CT {codes.REFERRAL_TO_SOCIAL_PRESCRIBING} "
            f"({codes.REFERRAL_TO_SOCIAL_PRESCRIBING_DISPLAY})",
            f"{at}.code",
        )
    identifier = next((i for i in request.identifier or [] if i.system and i.value), None)
    if identifier is None:
        check.problem(
            "required",
            "The ServiceRequest needs an identifier with a system and a value, so that a "
            "retried request is recognised",
            f"{at}.identifier",
        )
    reasons = []
    for reason in request.reasonCode or []:
        words = reason.text or next(
            (coding.display for coding in reason.coding or [] if coding.display), ""
        )
        if words:
            reasons.append(words)
    notes = [note.text for note in request.note or [] if note.text]
    consent_referenced = any(
        info.type == "Consent" or (info.reference or "").startswith("Consent/")
        for info in request.supportingInfo or []
    )
    requester = request.requester
    requester_ods = _reference_ods(requester)
    requester_display = (requester.display or "") if requester else ""
    practice = (
        GPPractice.objects.filter(ods_code=requester_ods.upper()).first() if requester_ods else None
    )
    data: dict[str, Any] = {
        "source_type": SourceType.PRIMARY_CARE,
        "referrer_organisation": (
            requester_display or (practice.name if practice else requester_ods)
        )[:200],
        "reason_details": "\n\n".join(notes),
        "urgency": URGENCY.get(request.priority or "routine", Urgency.ROUTINE),
    }
    if consent_referenced:  # consent recorded in the sender's system, named as supporting info
        data["consent_given"] = True
    return IncomingReferral(
        data=data,
        reason_names=reasons,
        identifier_system=(identifier.system or "") if identifier else "",
        identifier_value=(identifier.value or "") if identifier else "",
        requester_ods=requester_ods,
        requester_display=requester_display,
        performer_ods=[ods for ods in map(_reference_ods, request.performer or []) if ods],
        authored_on=request.authoredOn,
    )


def _subject_id(request: ServiceRequest) -> str:
    return (request.subject.reference or "") if request.subject else ""


def from_service_request(payload: dict[str, Any]) -> IncomingReferral:
    """`POST /fhir/ServiceRequest`: the Patient (and any Consent) contained in it."""
    request = _validated(ServiceRequest, payload)
    check = _Checker()
    contained = {f"#{resource.id}": resource for resource in request.contained or []}
    patient = contained.get(_subject_id(request))
    if not isinstance(patient, Patient):
        raise FhirError.one(
            422,
            "required",
            "The ServiceRequest's subject must refer to a contained Patient ('#id')",
            "ServiceRequest.subject",
        )
    consent = next((r for r in contained.values() if isinstance(r, Consent)), None)
    incoming = _service_request(request, check)
    incoming.data |= _patient_data(patient, check, "ServiceRequest.contained") | _consent_data(
        consent
    )
    check.done()
    return incoming


def from_transaction(payload: dict[str, Any]) -> IncomingReferral:
    """`POST /fhir/Bundle`: a transaction of a Patient, a ServiceRequest and, if the person's
    consent is sent as a resource, a Consent. Other entries are accepted and not used."""
    bundle = _validated(Bundle, payload)
    if bundle.type != "transaction":
        raise FhirError.one(422, "value", "The Bundle's type must be 'transaction'", "Bundle.type")
    found: dict[str, list[tuple[int, Any]]] = {}
    for position, entry in enumerate(bundle.entry or []):
        if entry.resource is not None:
            found.setdefault(entry.resource.get_resource_type(), []).append((position, entry))
    check = _Checker()
    for needed in ("Patient", "ServiceRequest"):
        if len(found.get(needed, [])) != 1:
            check.problem(
                "required" if needed not in found else "value",
                f"The transaction must hold exactly one {needed}",
                "Bundle.entry",
            )
    check.done()
    ((patient_at, patient_entry),) = found["Patient"]
    ((request_at, request_entry),) = found["ServiceRequest"]
    request = request_entry.resource
    subject = _subject_id(request)
    if subject and patient_entry.fullUrl and subject != patient_entry.fullUrl:
        check.problem(
            "value",
            "The ServiceRequest's subject must refer to the Patient in the transaction "
            f"({patient_entry.fullUrl})",
            f"Bundle.entry[{request_at}].resource.subject",
        )
    incoming = _service_request(request, check, f"Bundle.entry[{request_at}].resource")
    consent = next((entry.resource for _, entry in found.get("Consent", [])), None)
    incoming.data |= _patient_data(
        patient_entry.resource, check, f"Bundle.entry[{patient_at}].resource"
    ) | _consent_data(consent)
    if request_entry.request is not None:
        incoming.if_none_exist = request_entry.request.ifNoneExist or ""
    check.done()
    return incoming
