"""Load postcode coordinates from a CSV in the ONS Postcode Directory layout (pcds, lat, long)."""

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from navigator.core.validators import normalise_postcode
from navigator.directory import services

BATCH = 5000


def read_postcodes(path: Path) -> tuple[list[tuple[str, float, float]], int]:
    """The rows with coordinates, and how many were skipped (terminated or not placed: the
    ONS file gives those no coordinates, or latitude 99.999999)."""
    rows: dict[str, tuple[str, float, float]] = {}
    skipped = 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"pcds", "lat", "long"} - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path} has no column {', '.join(sorted(missing))}")
        for row in reader:
            try:
                postcode = normalise_postcode(row["pcds"])
                latitude, longitude = float(row["lat"]), float(row["long"])
            except (ValidationError, ValueError, TypeError):
                skipped += 1
                continue
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                skipped += 1
                continue
            rows[postcode] = (postcode, latitude, longitude)
    return list(rows.values()), skipped


class Command(BaseCommand):
    help = "Load postcode coordinates from an ONS Postcode Directory CSV (columns pcds, lat, long)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"No file {file}")
        rows, skipped = read_postcodes(file)
        created = updated = 0
        for start in range(0, len(rows), BATCH):
            counts = services.load_postcodes(rows[start : start + BATCH])
            created += counts["created"]
            updated += counts["updated"]
        self.stdout.write(
            f"{created} postcodes added, {updated} updated, {skipped} rows skipped "
            "(no coordinates or not a postcode)"
        )
