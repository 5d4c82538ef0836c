"""What the REST API answers, as pydantic schemas (django-ninja puts them in the OpenAPI
document). Free-text notes stay out: the API gives what an organisation's own tools count and
join on, and the pages remain the place to read a case."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class Problem(Schema):
    detail: str


class Invalid(Schema):
    """A parameter that is not valid: one item per problem."""

    detail: list[dict[str, Any]]


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: date
    nhs_number: str
    postcode: str
    gp_practice_ods: str
    created_at: datetime
    updated_at: datetime


class ReferralOut(Schema):
    id: int
    reference: str
    state: str
    state_label: str
    task_status: str  # the FHIR Task status the state stands for
    person_id: int | None
    received_at: datetime
    source_type: str
    urgency: str
    allocated_to: str
    closed_at: datetime | None
    updated_at: datetime


class TransitionOut(Schema):
    from_state: str
    to_state: str
    at: datetime


class ReferralDetailOut(ReferralOut):
    history: list[TransitionOut]


class CaseloadOut(Schema):
    link_worker_id: int
    link_worker: str
    open_cases: int


class ContactOut(Schema):
    id: int
    referral_id: int
    person_id: int
    when: datetime
    mode: str
    setting: str
    duration_minutes: int | None
    connected: bool


class ActivityReferralOut(Schema):
    id: int
    person_id: int
    service: str
    status: str
    requested_at: datetime | None
    status_changed_at: datetime
    planned_first_session: datetime | None


class ScoreOut(Schema):
    id: int
    person_id: int
    referral_id: int | None
    instrument: str
    measure: str
    value: Decimal | None
    time_point: str
    completed_at: datetime | None


class Page[T](Schema):
    count: int
    page: int
    page_size: int
    items: list[T]
