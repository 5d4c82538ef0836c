import datetime

import factory
from django.utils import timezone

from navigator.directory.models import (
    DirectoryOrganisation,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class DirectoryOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryOrganisation

    name = factory.Sequence(lambda n: f"Community Group {n}")


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("name",)

    name = "Navigator categories"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(DirectoryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    description = "A friendly group"
    last_checked = factory.LazyFunction(timezone.localdate)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    address_1 = "1 Community Street"
    postcode = "LS6 2AB"
    postcode_district = factory.LazyAttribute(lambda location: location.postcode.split()[0])


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    weekday = 1
    opens_at = datetime.time(10, 0)
    closes_at = datetime.time(11, 30)


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = "LS6 2AB"
    latitude = 53.82
    longitude = -1.576


def service_at(postcode: str, lat: float | None, lon: float | None, **kwargs) -> Service:
    """A service with one location."""
    service = ServiceFactory(**kwargs)
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(postcode=postcode, latitude=lat, longitude=lon)
    )
    return service
