"""Demo directory: a few dozen Leeds and Calder Valley listings and a small postcode table.

`load_demo_directory(seed)` is idempotent: listings and postcodes have fixed ids and are
updated in place, so running it again adds nothing.
"""

import datetime
import itertools
import random
import uuid
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import Organisation
from navigator.directory import services
from navigator.directory.models import (
    DirectoryOrganisation,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

NAMESPACE = uuid.UUID("6f1c7c1e-5d53-4d43-9a52-6a0f2d0c0b7a")

# postcode: (latitude, longitude), roughly where these districts are.
POSTCODES = {
    "LS1 4AP": (53.7997, -1.5492),
    "LS2 8BH": (53.8040, -1.5480),
    "LS6 2AB": (53.8200, -1.5760),
    "LS7 3EF": (53.8270, -1.5310),
    "LS8 1AA": (53.8240, -1.5080),
    "LS9 8AB": (53.7980, -1.5130),
    "LS11 5PS": (53.7790, -1.5530),
    "LS12 1DJ": (53.7940, -1.5850),
    "LS17 6DH": (53.8560, -1.5240),
    "HX7 8AD": (53.7420, -2.0140),
    "HX7 5JS": (53.7300, -1.9860),
    "OL14 5PU": (53.7140, -2.0970),
    "HX1 1UJ": (53.7220, -1.8620),
}
CATEGORIES = [
    "Physical activity",
    "Arts and creativity",
    "Mental wellbeing",
    "Money and debt",
    "Social groups",
    "Nature and gardening",
    "Learning and skills",
    "Carers' support",
]
# name, organisation, category, keywords, postcode, weekday, opens, closes, free, accessibility
# (a listing gives its weekday and both times, or none of them)
LISTINGS: list[tuple[str, str, str, str, str, int | None, str | None, str | None, bool, str]] = [
    (
        "Woodhouse Moor walking group",
        "Leeds Walking Network",
        "Physical activity",
        "walking, park, outdoors",
        "LS6 2AB",
        1,
        "10:00",
        "11:30",
        True,
        "Flat paths; step-free meeting point",
    ),
    (
        "Roundhay Park health walk",
        "Leeds Walking Network",
        "Physical activity",
        "walking, park",
        "LS8 1AA",
        3,
        "10:30",
        "11:30",
        True,
        "Some slopes",
    ),
    (
        "Chair-based exercise",
        "Chapel Allerton Community Hub",
        "Physical activity",
        "exercise, seated, older people",
        "LS7 3EF",
        2,
        "14:00",
        "15:00",
        False,
        "Step-free access; accessible toilet",
    ),
    (
        "Men's shed",
        "Chapel Allerton Community Hub",
        "Social groups",
        "woodwork, men, making",
        "LS7 3EF",
        4,
        "10:00",
        "15:00",
        True,
        "Step-free access",
    ),
    (
        "Knit and natter",
        "Headingley Library Friends",
        "Social groups",
        "knitting, crafts, chat",
        "LS6 2AB",
        0,
        "13:30",
        "15:30",
        True,
        "Hearing loop; step-free access",
    ),
    (
        "Creative writing circle",
        "Headingley Library Friends",
        "Arts and creativity",
        "writing, poetry",
        "LS6 2AB",
        2,
        "18:00",
        "19:30",
        True,
        "Lift to first floor",
    ),
    (
        "Art for wellbeing",
        "Leeds Arts Collective",
        "Arts and creativity",
        "painting, drawing, art",
        "LS2 8BH",
        1,
        "13:00",
        "15:00",
        False,
        "Step-free access; accessible toilet",
    ),
    (
        "Community choir",
        "Leeds Arts Collective",
        "Arts and creativity",
        "singing, music",
        "LS9 8AB",
        3,
        "19:00",
        "20:30",
        False,
        "Hearing loop",
    ),
    (
        "Debt and money advice drop-in",
        "Leeds Citizens Advice",
        "Money and debt",
        "debt, benefits, bills, money",
        "LS1 4AP",
        0,
        "09:30",
        "12:30",
        True,
        "Step-free access; interpreters on request",
    ),
    (
        "Benefits check appointments",
        "Leeds Citizens Advice",
        "Money and debt",
        "benefits, universal credit",
        "LS11 5PS",
        2,
        "10:00",
        "16:00",
        True,
        "Step-free access",
    ),
    (
        "Talking therapies self-referral",
        "Leeds Mind",
        "Mental wellbeing",
        "anxiety, depression, talking",
        "LS2 8BH",
        None,
        None,
        None,
        True,
        "Phone and video available",
    ),
    (
        "Peer support group",
        "Leeds Mind",
        "Mental wellbeing",
        "peer support, mental health",
        "LS12 1DJ",
        3,
        "18:30",
        "20:00",
        True,
        "Step-free access",
    ),
    (
        "Mindfulness course",
        "Leeds Mind",
        "Mental wellbeing",
        "mindfulness, stress",
        "LS17 6DH",
        1,
        "18:00",
        "19:30",
        False,
        "Stairs only",
    ),
    (
        "Community allotment",
        "Grow Leeds",
        "Nature and gardening",
        "gardening, growing, outdoors",
        "LS9 8AB",
        5,
        "10:00",
        "13:00",
        True,
        "Raised beds; uneven ground",
    ),
    (
        "Green gym",
        "Grow Leeds",
        "Nature and gardening",
        "conservation, outdoors, exercise",
        "LS12 1DJ",
        2,
        "09:30",
        "12:30",
        True,
        "Uneven ground",
    ),
    (
        "English conversation club",
        "Leeds Learning Partnership",
        "Learning and skills",
        "ESOL, English, language",
        "LS11 5PS",
        4,
        "10:00",
        "12:00",
        True,
        "Step-free access",
    ),
    (
        "Computer skills for beginners",
        "Leeds Learning Partnership",
        "Learning and skills",
        "computers, digital, internet",
        "LS1 4AP",
        1,
        "14:00",
        "16:00",
        True,
        "Step-free access; large-print handouts",
    ),
    (
        "Carers' coffee morning",
        "Carers Leeds",
        "Carers' support",
        "carers, coffee, support",
        "LS17 6DH",
        4,
        "10:00",
        "12:00",
        True,
        "Step-free access",
    ),
    (
        "Bereavement support group",
        "Carers Leeds",
        "Mental wellbeing",
        "bereavement, grief, loss",
        "LS8 1AA",
        0,
        "14:00",
        "15:30",
        True,
        "Hearing loop",
    ),
    (
        "Walking football",
        "Leeds Community Sport",
        "Physical activity",
        "football, walking football, over 50s",
        "LS11 5PS",
        2,
        "11:00",
        "12:00",
        False,
        "Changing rooms step-free",
    ),
    (
        "Hebden Bridge riverside walk",
        "Calder Valley Walkers",
        "Physical activity",
        "walking, river, outdoors",
        "HX7 8AD",
        1,
        "10:00",
        "11:30",
        True,
        "Some steps",
    ),
    (
        "Todmorden incredible edible",
        "Todmorden Growers",
        "Nature and gardening",
        "gardening, food, growing",
        "OL14 5PU",
        5,
        "10:00",
        "12:00",
        True,
        "Uneven ground",
    ),
    (
        "Calder Valley community café",
        "Calder Valley Together",
        "Social groups",
        "café, lunch, chat",
        "HX7 5JS",
        3,
        "12:00",
        "14:00",
        False,
        "Step-free access; accessible toilet",
    ),
    (
        "Mytholmroyd art club",
        "Calder Valley Together",
        "Arts and creativity",
        "art, painting",
        "HX7 5JS",
        0,
        "13:30",
        "15:30",
        False,
        "Step-free access",
    ),
    (
        "Halifax money advice",
        "Calderdale Citizens Advice",
        "Money and debt",
        "debt, benefits",
        "HX1 1UJ",
        2,
        "09:30",
        "12:30",
        True,
        "Step-free access",
    ),
    (
        "Calder Valley carers' group",
        "Calderdale Carers",
        "Carers' support",
        "carers, support",
        "HX7 8AD",
        4,
        "13:00",
        "15:00",
        True,
        "Hearing loop",
    ),
    (
        "Leeds North Social Prescribing",
        "Leeds North Social Prescribing",
        "Mental wellbeing",
        "social prescribing, link worker",
        "LS7 3EF",
        None,
        None,
        None,
        True,
        "Home visits available",
    ),
    (
        "Calder Valley Social Prescribing",
        "Calder Valley Social Prescribing",
        "Mental wellbeing",
        "social prescribing, link worker",
        "HX7 8AD",
        None,
        None,
        None,
        True,
        "Home visits available",
    ),
]


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def _postcode_area(postcode: str) -> str:
    """The letters a postcode starts with (LS, HX)."""
    return "".join(itertools.takewhile(str.isalpha, postcode))


@transaction.atomic
def load_demo_directory(
    seed: int, owners: Sequence[tuple[Organisation, Sequence[str]]] = ()
) -> dict[str, int]:
    """Create or refresh the demo listings and postcode table; returns counts. `owners`: the
    demo organisations with the postcode districts they cover; each keeps the listings in
    its postcode areas up to date."""
    rng = random.Random(seed)
    owner_of_area = {
        _postcode_area(district): organisation
        for organisation, districts in owners
        for district in districts
    }
    services.load_postcodes([(p, lat, lon) for p, (lat, lon) in POSTCODES.items()])
    taxonomy, _ = Taxonomy.objects.get_or_create(name="Navigator categories")
    terms = {
        name: TaxonomyTerm.objects.update_or_create(
            id=_id("term", name), defaults={"taxonomy": taxonomy, "name": name}
        )[0]
        for name in CATEGORIES
    }
    today = timezone.localdate()
    for name, org_name, category, keywords, postcode, day, opens, closes, free, access in LISTINGS:
        organisation, _ = DirectoryOrganisation.objects.update_or_create(
            id=_id("organisation", org_name), defaults={"name": org_name}
        )
        # A few listings were last checked long ago, so the "needs checking" flag shows.
        checked = today - datetime.timedelta(days=rng.choice([3, 20, 60, 150, 400]))
        service, _ = Service.objects.update_or_create(
            id=_id("service", name),
            defaults={
                "organisation": organisation,
                "name": name,
                "description": f"{name}, run by {org_name}. Everyone welcome; come along or "
                "ask your link worker to introduce you.",
                "keywords": keywords,
                "is_free": free,
                "cost_description": "" if free else f"£{rng.choice([2, 3, 4, 5])} a session",
                "how_to_refer": "Call or e-mail the organiser, or just turn up.",
                "is_social_prescribing_service": "Social Prescribing" in name,
                # The demo services use this Navigator: onward referrals reach their triage.
                "navigator_organisation": Organisation.objects.filter(name=name).first()
                if "Social Prescribing" in name
                else None,
                "last_checked": checked,
                "owner": owner_of_area.get(_postcode_area(postcode)),
            },
        )
        service.categories.set([terms[category]])
        lat, lon = POSTCODES[postcode]
        location, _ = Location.objects.update_or_create(
            id=_id("location", name),
            defaults={
                "name": f"{org_name} venue",
                "address_1": "1 Community Street",
                "city": "Leeds" if postcode.startswith("LS") else "Calderdale",
                "postcode": postcode,
                "postcode_district": postcode.split()[0],
                "latitude": lat + rng.uniform(-0.003, 0.003),
                "longitude": lon + rng.uniform(-0.003, 0.003),
                "accessibility": access,
            },
        )
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
        service.schedules.all().delete()
        if day is not None and opens is not None and closes is not None:
            Schedule.objects.create(
                service=service,
                weekday=day,
                opens_at=datetime.time.fromisoformat(opens),
                closes_at=datetime.time.fromisoformat(closes),
                frequency="Every week",
            )
    return {"services": len(LISTINGS), "postcodes": len(POSTCODES)}
