from django.core.management.base import BaseCommand

from navigator.accounts.permissions import matrix_markdown


class Command(BaseCommand):
    help = "Print the permission matrix as the Markdown table README.md shows."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(matrix_markdown())
