from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.reports.selectors.tallies import rebuild


class Command(BaseCommand):
    help = (
        "Count the report rollups again from nothing, for every organisation or those named: "
        "after records were loaded or changed without the services (an import, a restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisations", nargs="*", type=int, help="organisation ids")

    def handle(self, *args: Any, organisations: list[int], **options: Any) -> None:
        with scopes_disabled():
            ids = organisations or list(Organisation.objects.values_list("pk", flat=True))
        rebuild(ids)
        self.stdout.write(f"Counted the report rollups of {len(ids)} organisations again.")
