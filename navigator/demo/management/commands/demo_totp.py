from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.services import current_code
from navigator.demo.synthetic import DEMO_TOTP_KEY, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the code the demo authenticator shows now, for a demo user who must use "
        "two-factor sign-in (the demo administrator, `admin`). Only the demo's published "
        "authenticator is read: a real one's code is never shown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default="admin")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username=username, key=DEMO_TOTP_KEY, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username} has no demo authenticator: `navigator demo` gives one to each "
                "demo user who must use two-factor sign-in."
            )
        self.stdout.write(current_code(device))
        self.stderr.write(
            f"A new code comes every 30 seconds. Or add the secret {DEMO_TOTP_SECRET} "
            "to an authenticator app."
        )
