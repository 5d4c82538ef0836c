"""Writes: switching measures, adding an organisation's own, starting, answering and
completing administrations, and sending a questionnaire link. Each in one transaction, audited.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.audit import services as audit
from navigator.core import messages
from navigator.core.messages import MessageKind
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import (
    IssuedLink,
    LinkRefused,
    revoke_links,
    spend_link,
)
from navigator.outcomes import instruments, selectors
from navigator.outcomes.models import (
    Administration,
    AnsweredHow,
    CustomInstrument,
    InstrumentChoice,
    Score,
    Status,
    TimePoint,
)
from navigator.people.models import Person
from navigator.referrals.models import Referral

LINK_VALID_FOR = datetime.timedelta(days=14)
SCORE_PLACES = Decimal("0.01")


class SwitchesChanged(Exception):
    """Another manager changed the switches after the form was opened; nothing was saved."""

    def __init__(self, *, now_on: frozenset[str], now_off: frozenset[str]) -> None:
        super().__init__("The measures were changed by someone else")
        self.now_on = now_on
        self.now_off = now_off


class AnswersRefused(Exception):
    """Nothing was stored; the message says why in plain words."""


def set_instrument_switches(
    *, organisation: Organisation, enabled: Mapping[str, bool], seen: frozenset[str]
) -> None:
    """Switch built-in instruments (by code) and the organisation's own measures on or off.
    `seen` is what was switched on when the form was opened: SwitchesChanged if that is no
    longer so."""
    with transaction.atomic():
        # One save of the switches at a time per organisation, so the check below holds.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
        saved = {
            entry.instrument.code for entry in selectors.library(organisation) if entry.enabled
        }
        if saved != seen:
            raise SwitchesChanged(now_on=frozenset(saved - seen), now_off=frozenset(seen - saved))
        for code, on in enabled.items():
            if code.startswith(instruments.CUSTOM_PREFIX):
                custom = CustomInstrument.objects.get(
                    organisation=organisation, code=code.removeprefix(instruments.CUSTOM_PREFIX)
                )
                if custom.enabled != on:
                    before = audit.snapshot(custom)
                    custom.enabled = on
                    custom.save(update_fields=["enabled"])
                    audit.record_change(custom, before=before, person_id=None)
                continue
            if code not in instruments.INSTRUMENTS:
                raise KeyError(code)
            choice, created = InstrumentChoice.objects.get_or_create(
                organisation=organisation, instrument_code=code, defaults={"enabled": on}
            )
            if created:
                audit.record_creation(choice, person_id=None)
            elif choice.enabled != on:
                before = audit.snapshot(choice)
                choice.enabled = on
                choice.save(update_fields=["enabled"])
                audit.record_change(choice, before=before, person_id=None)


def add_custom_instrument(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    items: list[str],
    minimum: int,
    maximum: int,
    higher_is_better: bool,
) -> CustomInstrument:
    if minimum >= maximum:
        raise ValueError("The lowest answer must be below the highest")
    with transaction.atomic():
        custom = CustomInstrument.objects.create(
            organisation=organisation,
            code=code,
            name=name,
            items=items,
            minimum=minimum,
            maximum=maximum,
            higher_is_better=higher_is_better,
        )
        audit.record_creation(custom, person_id=None)
    return custom


def _current_referral(person: Person) -> Referral | None:
    return Referral.objects.filter(person=person).order_by("-received_at", "-pk").first()


def start_administration(
    *,
    person: Person,
    instrument_code: str,
    time_point: TimePoint | str,
    answered_how: AnsweredHow | str = AnsweredHow.ALONE,
    started_by: User | None = None,
) -> Administration:
    """A new, empty administration with its questions fixed as they are asked today.
    Raises selectors.NotAvailable when the instrument cannot be used for this person."""
    chosen = selectors.instrument(person.organisation, instrument_code)
    items = selectors.items_for(chosen, person)
    with transaction.atomic():
        administration = Administration.objects.create(
            organisation=person.organisation,
            person=person,
            referral=_current_referral(person),
            instrument_code=chosen.code,
            instrument_name=chosen.name,
            items=[item.as_data() for item in items],
            answers={item.key: None for item in items},
            time_point=time_point,
            answered_how=answered_how,
            started_by=started_by,
        )
        audit.record_creation(administration, person_id=person.pk)
    return administration


def _checked(
    administration: Administration, answers: Mapping[str, Decimal | None]
) -> dict[str, str | None]:
    items = {item.key: item for item in selectors.questions(administration)}
    unknown = set(answers) - set(items)
    if unknown:
        raise AnswersRefused("The answers do not belong to this questionnaire")
    checked = {}
    for key, value in answers.items():
        if value is not None and not items[key].accepts(value):
            raise AnswersRefused(
                f"{items[key].text}: the answer must be between {items[key].minimum} and "
                f"{items[key].maximum}"
            )
        checked[key] = None if value is None else str(value)
    return checked


@transaction.atomic
def discard_administration(*, administration: Administration) -> None:
    """Discard a measure started and not finished (started by mistake, or the wrong one); its
    questionnaire link stops working. A completed measure is kept."""
    locked = Administration.objects.select_for_update().get(pk=administration.pk)
    if locked.is_complete:
        raise AnswersRefused("A completed measure is kept: it cannot be discarded")
    revoke_links(target=locked, purpose=Purpose.QUESTIONNAIRE)
    audit.record_deletion(locked, person_id=locked.person_id)
    locked.delete()


def save_answers(
    *,
    administration: Administration,
    answers: Mapping[str, Decimal | None],
    finish: bool,
    recorded_by: User | None = None,
    answered_how: AnsweredHow | str | None = None,
    link: SecureLink | None = None,
) -> Administration:
    """Store answers (a missing one is null, never zero); on `finish` compute and store the
    scores and, for a link, spend it. A finished administration cannot be changed: a second
    submission is refused and nothing stored changes."""
    checked = _checked(administration, answers)
    with transaction.atomic():
        locked = Administration.objects.select_for_update().get(pk=administration.pk)
        if locked.status == Status.COMPLETE:
            if link is not None:  # sent twice at once through the link: as every spent link
                raise LinkRefused("used")
            raise AnswersRefused("These answers have already been sent. Nothing was changed.")
        before = audit.snapshot(locked)
        locked.answers = {**locked.answers, **checked}
        if answered_how:
            locked.answered_how = answered_how
        locked.recorded_by = recorded_by
        if finish:
            if all(value is None for value in locked.answers.values()):
                raise AnswersRefused("Answer at least one question before finishing")
            if link is not None:
                spend_link(link=link)
            else:  # answered with staff: a link sent earlier must not reopen it
                revoke_links(target=locked, purpose=Purpose.QUESTIONNAIRE)
            _complete(locked)
        locked.version += 1
        locked.save()
        audit.record_change(locked, before=before, person_id=locked.person_id)
    return locked


def _complete(administration: Administration) -> None:
    chosen = selectors.instrument(administration.organisation, administration.instrument_code)
    scores = instruments.score(
        chosen, selectors.questions(administration), selectors.answers_of(administration)
    )
    rows = Score.objects.bulk_create(
        Score(
            organisation_id=administration.organisation_id,
            administration=administration,
            measure=measure,
            value=None if value is None else value.quantize(SCORE_PLACES),
        )
        for measure, value in scores.items()
    )
    audit.record_many(
        action="created",
        instances=rows,
        person_id=lambda score: administration.person_id,
        changes=lambda score: {"measure": [None, score.measure], "value": [None, str(score.value)]},
    )
    administration.status = Status.COMPLETE
    administration.completed_at = timezone.now()
    if administration.time_point == TimePoint.FOLLOW_UP:
        from navigator.contacts.services import complete_follow_ups_by_measure

        complete_follow_ups_by_measure(person_id=administration.person_id)


def send_questionnaire_link(
    *,
    administration: Administration,
    created_by: User | None,
) -> IssuedLink:
    """A new single-use link for the person (older ones are cancelled), sent through the
    task queue by e-mail or text when they can be written to (`messaging.selectors.route_to`)."""
    if administration.is_complete:
        raise AnswersRefused("This questionnaire is already complete")
    person = administration.person
    issued: IssuedLink  # what messaging's registered function returns, untyped in core
    with transaction.atomic():
        issued, _message = messages.send_link_to_person(
            person=person,
            kind=MessageKind.QUESTIONNAIRE,
            page="outcomes:questionnaire",
            email_subject_template="outcomes/email/questionnaire_link_subject.txt",
            email_body_template="outcomes/email/questionnaire_link.txt",
            context={"person": person, "administration": administration},
            purpose=Purpose.QUESTIONNAIRE,
            target=administration,
            valid_for=LINK_VALID_FOR,
            created_by=created_by,
            replace_earlier=True,
            agreed=True,
        )
        return issued
