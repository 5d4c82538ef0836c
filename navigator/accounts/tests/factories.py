import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role
from navigator.accounts.services import current_code
from navigator.core.tests.factories import FamilyName, PlainName

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Social Prescribing Service {n}")
    ods_code = factory.Sequence(lambda n: f"U{n:05d}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = PlainName("first_name")
    last_name = FamilyName()
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.LINK_WORKER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()

    @factory.post_generation
    def authenticator(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """An administrator must use two-factor sign-in, so gets a confirmed authenticator
        unless made with `authenticator=False`; anyone else gets one with `authenticator=True`."""
        wanted = self.role == Role.ADMINISTRATOR if extracted is None else extracted
        if create and wanted:
            TOTPDeviceFactory(user=self)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app; `totp_token(device)` is the code it shows now."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


# The code a device shows now, named as the tests use it.
totp_token = current_code
