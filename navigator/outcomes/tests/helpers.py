"""Administrations in the states the tests need, made through the services."""

from decimal import Decimal

from navigator.audit.context import Actor, acting_as
from navigator.outcomes import services
from navigator.outcomes.models import Administration


def started(person, user, code: str = "ons4", time_point: str = "baseline") -> Administration:
    with acting_as(Actor(user=user)):
        return services.start_administration(
            person=person, instrument_code=code, time_point=time_point, started_by=user
        )


def completed(
    person, user, answers: dict[str, int | None], code: str = "ons4", time_point="baseline"
) -> Administration:
    administration = started(person, user, code, time_point)
    with acting_as(Actor(user=user)):
        return services.save_answers(
            administration=administration,
            answers={k: None if v is None else Decimal(v) for k, v in answers.items()},
            finish=True,
            recorded_by=user,
            answered_how="alone",
        )


ONS4_BASELINE = {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7}
ONS4_LATER = {"satisfied": 7, "worthwhile": 7, "happy": None, "anxious": 3}
