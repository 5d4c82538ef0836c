"""Reads of the messaging app: how a person can be reached, and what was sent."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from navigator.contacts.models import Closure, ClosureReason
from navigator.core.timeline import TimelineEntry
from navigator.messaging.models import (
    Channel,
    Kind,
    Message,
    Status,
    TextOptOut,
    TextWording,
    language_key,
)
from navigator.people.models import ContactMethod, GPPractice, Person
from navigator.people.practices import secure_email_problem
from navigator.referrals.models import Referral
from navigator.restrictions.selectors import processing_restricted

MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


@dataclass(frozen=True)
class Route:
    channel: str
    recipient: str


def mobile_number(phone: str) -> str:
    """The number in international format if a text can reach it, else ""."""
    try:
        number = phonenumbers.parse(phone or "", "GB")
    except phonenumbers.NumberParseException:
        return ""
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def opted_out(phone: str) -> bool:
    return TextOptOut.objects.filter(phone=phone).exists()


def postal_address(name: str, *lines: str) -> str:
    """The address lines Notify needs (a name, at least one line, a postcode last), or ""
    when the address is too incomplete to post to."""
    kept = [line.strip() for line in lines if line and line.strip()]
    if len(kept) < 2:  # at least a street and a postcode
        return ""
    return "\n".join([name, *kept])


def _text(person: Person) -> Route | None:
    mobile = mobile_number(person.phone)
    if mobile and not opted_out(mobile):
        return Route(Channel.TEXT, mobile)
    return None


def _email(person: Person) -> Route | None:
    return Route(Channel.EMAIL, person.email) if person.email else None


def _letter(person: Person) -> Route | None:
    address = postal_address(
        person.full_name, person.address_line_1, person.address_line_2, person.town, person.postcode
    )
    return Route(Channel.LETTER, address) if address else None


WRITTEN: dict[str, Callable[[Person], Route | None]] = {
    ContactMethod.TEXT: _text,
    ContactMethod.EMAIL: _email,
    ContactMethod.LETTER: _letter,
}


def route_to(person: Person, *, agreed: bool = False, kind: str = "") -> Route | None:
    """How Navigator may write to the person: by the written way they prefer (a text to a
    mobile number that has not replied STOP, an e-mail or a letter). When they agreed to this
    message in particular (feedback requests) or staff send it now (a questionnaire link),
    `agreed` also allows an e-mail, then a text, when they prefer a call or a visit or their
    preferred way cannot reach them. A feedback request (`kind`) goes only the way the person
    chose to be asked for feedback, when they chose one. None otherwise, for a record merged
    into another, and for someone whose case was closed because they died, and for someone
    who asked us to restrict processing of their record."""
    if person.merged_into_id or processing_restricted(person.pk):
        return None
    if kind == Kind.FEEDBACK and person.feedback_channel:
        route = WRITTEN[person.feedback_channel](person)
    else:
        preferred = WRITTEN.get(person.preferred_contact_method)
        route = preferred(person) if preferred else None
        if route is None and agreed:
            route = _email(person) or _text(person)
    if route is None:
        return None
    died = Closure.objects.filter(referral__person=person, reason=ClosureReason.DIED).exists()
    return None if died else route


@dataclass(frozen=True)
class Destination:
    """Where the message back to the GP goes: the GP practice (by e-mail, or by NHS MESH to
    its ODS code when MESH is configured) or the referrer, by e-mail."""

    kind: str
    addressee: str
    route: Route
    # Why it cannot be sent ("" when it can): the page offers the download instead.
    refusal: str
    # The last one sent there, whatever became of it.
    latest: Message | None

    @property
    def can_send(self) -> bool:
        return not self.refusal and (self.latest is None or self.latest.status == Status.FAILED)


def _latest(referral: Referral, kind: str) -> Message | None:
    return Message.objects.filter(referral=referral, kind=kind).order_by("-created_at").first()


RESTRICTED = "They asked us to restrict processing of their record: nothing is sent"


def _address_refusal(email: str, missing: str) -> str:
    if not email:
        return missing
    return f"{email} is not a secure address" if secure_email_problem(email) else ""


def _practice_route(practice: GPPractice | None) -> tuple[Route, str]:
    """The practice's route and why it cannot be used ("" when it can)."""
    if practice is None:
        return Route(Channel.EMAIL, ""), "Their GP practice is not known"
    if mesh_configured():
        route = Route(Channel.MESH, practice.ods_code)
    else:
        route = Route(Channel.EMAIL, practice.email)
    if not practice.is_open:
        return route, f"The practice is {practice.get_status_display().lower()}"
    if route.channel == Channel.MESH:
        return route, ""
    return route, _address_refusal(practice.email, "The practice has no e-mail address on record")


def mesh_configured() -> bool:
    return bool(settings.MESH_URL and settings.MESH_MAILBOX and settings.MESH_WORKFLOW_ID)


def message_back_destinations(referral: Referral) -> list[Destination]:
    """The person's GP practice (where they are registered now, else as referred) and the
    referrer when the referral names one, each with its route or why it has none. Nothing may
    be sent for someone who asked us to restrict processing of their record."""
    person = referral.person
    restricted = bool(person and processing_restricted(person.pk))
    practice = (person.gp_practice if person else None) or referral.gp_practice
    gp_email = practice.email if practice else ""
    practice_route, practice_refusal = _practice_route(practice)
    found = [
        (
            Kind.GP_MESSAGE,
            str(practice) if practice else "Their GP practice",
            practice_route,
            practice_refusal,
        )
    ]
    email = referral.referrer_email
    # A referrer whose inbox is the practice's gets it once, as the practice.
    if (referral.referrer_name or email) and (not email or email.lower() != gp_email.lower()):
        who = ", ".join(filter(None, [referral.referrer_name, referral.referrer_organisation]))
        refusal = _address_refusal(email, "There is no e-mail address for the referrer")
        found.append(
            (Kind.REFERRER_MESSAGE, who or "The referrer", Route(Channel.EMAIL, email), refusal)
        )
    return [
        Destination(
            kind=kind,
            addressee=addressee,
            route=route,
            refusal=RESTRICTED if restricted else refusal,
            latest=_latest(referral, kind),
        )
        for kind, addressee, route, refusal in found
    ]


def due_reminders(
    *, tomorrow: datetime.date
) -> Iterator[tuple[str, Person | None, Referral | None, Any]]:
    """(kind, person, case, when) for tomorrow's planned contacts on open cases and
    tomorrow's accompaniment visits not yet held."""
    from navigator.activities.models import Accompaniment
    from navigator.contacts.models import Contact

    latest = Contact.objects.filter(referral=OuterRef("referral")).order_by("-when", "-pk")
    contacts = Contact.objects.filter(
        pk=Subquery(latest.values("pk")[:1]),
        next_contact_date=tomorrow,
        referral__closure__isnull=True,
        referral__person__isnull=False,
    ).select_related("referral__person__organisation")
    for contact in contacts:
        referral = contact.referral
        yield Kind.CONTACT_REMINDER, referral.person, referral, tomorrow
    visits = Accompaniment.objects.filter(meet_at__date=tomorrow, outcome="").select_related(
        "activity_referral__person__organisation", "activity_referral__case"
    )
    for visit in visits:
        when = timezone.localtime(visit.meet_at)
        yield (
            Kind.VISIT_REMINDER,
            visit.activity_referral.person,
            visit.activity_referral.case,
            when,
        )


def message_history(person: Person) -> Iterable[TimelineEntry]:
    """Each message sent to the person, or about their referral before they were on record
    (a self-referral's acknowledgement), with where it got to (timeline source)."""
    found = Message.objects.filter(Q(person=person) | Q(referral__person=person, person=None))
    for message in found.order_by("-created_at"):
        # A letter to an organisation is on the case: its whole wording is not repeated here.
        said = f"To {message.addressee}." if message.addressee else message.text
        yield TimelineEntry(
            at=message.created_at,
            title=f"{message.get_channel_display()}: {message.get_kind_display()}",
            description=f"{message.get_status_display()}. {said}",
            actor="Navigator",
        )


def wording_version(*, organisation_id: int, kind: str) -> int:
    """The version of the organisation's main wording of `kind`: 0 while it uses the default."""
    own = TextWording.objects.filter(
        organisation_id=organisation_id, kind=kind, language_key=""
    ).first()
    return own.version if own else 0


def language_wordings(*, organisation_id: int) -> QuerySet[TextWording]:
    """The organisation's wordings in languages other than its main one, by language."""
    return (
        TextWording.objects.filter(organisation_id=organisation_id)
        .exclude(language_key="")
        .order_by("language_key", "kind")
    )


def languages_recorded(*, organisation_id: int) -> list[str]:
    """The main languages recorded on the organisation's people, each once however its
    records spell it, to suggest when a wording in another language is added. Of a language's
    spellings the first in code point order is shown, so a capitalised one ("Polish" before
    "polish"), the same on every database. Names of languages only, no one's record: not
    audited as a view of anyone's."""
    names = (
        Person.objects.filter(organisation_id=organisation_id)
        .exclude(language="")
        .values_list("language", flat=True)
        .distinct()
    )
    found: dict[str, str] = {}
    for name in sorted({" ".join(name.split()) for name in names} - {""}):
        found.setdefault(language_key(name), name)
    return sorted(found.values(), key=language_key)


def outbox() -> QuerySet[Message]:
    """Every message of the organisation in scope, newest first."""
    return Message.objects.select_related("person").order_by("-created_at", "-pk")
