"""Import an ORUK JSON feed or a CSV file into the directory, printing the report."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from navigator.directory import services


class Command(BaseCommand):
    help = "Import services from an ORUK JSON file (a feed page or a list) or a CSV file"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"No file {file}")
        run = services.import_directory(content=file.read_bytes(), file_name=file.name, by=None)
        if run.report.get("problem"):
            raise CommandError(run.report["problem"])
        for row in run.report["rows"]:
            if row["outcome"] == "skipped":
                self.stdout.write(f"{row['record']} ({row['name'] or 'no name'}): {row['reason']}")
        self.stdout.write(
            f"{run.created} created, {run.changed} changed, {run.unchanged} unchanged, "
            f"{run.skipped} skipped, {run.gone} gone from the feed"
        )
