import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.accounts.tests.helpers import verified_device_id
from navigator.demo.synthetic import DEMO_PASSWORD
from navigator.demo.tests.helpers import demo_run

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")
# As README's demo logins give it, to add to an authenticator app.
PUBLISHED_SECRET = "NAVIGATORDEMOADMINSECRETTOTPCODE"

demo = demo_run(people=10)


def demo_totp(username: str = "admin") -> str:
    output = StringIO()
    call_command("demo_totp", username, stdout=output, stderr=StringIO())
    return output.getvalue().strip()


def test_the_demo_administrator_signs_in_with_the_code_demo_totp_prints(client, demo) -> None:
    signed = client.post(
        reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD}
    )
    assert client.get(signed.url).url == f"{VERIFY}?next=%2F"
    response = client.post(VERIFY, {"token": demo_totp("admin"), "next": "/organisations/"})

    assert response.status_code == 302
    assert response.url == "/organisations/"
    assert verified_device_id(client) is not None
    assert client.get("/organisations/").status_code == 200


def test_the_code_is_the_one_an_app_given_the_published_secret_shows(demo) -> None:
    app = TOTP(base64.b32decode(PUBLISHED_SECRET))

    # Read before and after: a new code may come between the two.
    before = f"{app.token():06d}"
    printed = demo_totp("admin")
    after = f"{app.token():06d}"

    assert printed in {before, after}


def test_a_real_authenticator_s_code_is_never_printed() -> None:
    UserFactory(username="realadmin", organisation=None, role=Role.ADMINISTRATOR)

    with pytest.raises(CommandError, match="realadmin has no demo authenticator"):
        demo_totp("realadmin")
