from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from navigator.accounts.models import Organisation
from navigator.api import services
from navigator.api.models import Scope


class Command(BaseCommand):
    help = "Register an API client for an organisation and print its client ID and secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's name or ODS code")
        parser.add_argument("name", help="The client's name, e.g. the GP system it is")
        parser.add_argument(
            "--scope",
            action="append",
            choices=[scope.value for scope in Scope],
            help="What it may do (repeat for several); default: submit-referrals and read-status",
        )

    def handle(self, *args, **options) -> None:
        wanted = options["organisation"]
        organisation = Organisation.objects.filter(
            Q(name__iexact=wanted) | Q(ods_code__iexact=wanted)
        ).first()
        if organisation is None:
            raise CommandError(f"No organisation is called {wanted!r} or has that ODS code")
        scopes = options["scope"] or [Scope.SUBMIT_REFERRALS, Scope.READ_STATUS]
        new = services.create_client(organisation=organisation, name=options["name"], scopes=scopes)
        self.stdout.write(f"client_id: {new.client.client_id}")
        self.stdout.write(f"client_secret: {new.secret}")
        self.stdout.write("The secret is shown only this once.")
