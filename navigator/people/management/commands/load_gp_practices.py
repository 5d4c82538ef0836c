"""Load GP practices from NHS Digital's practice file (epraccur.csv; layout in
`navigator/people/practices.py`): new practices are added, known ones brought up to date."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from navigator.core.formatting import plural
from navigator.people import practices, services


class Command(BaseCommand):
    help = (
        "Load GP practices from NHS Digital's epraccur.csv (no header; an optional 28th "
        "column gives the practice's secure e-mail)"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No file {file}")
        # NHS Digital's files are Windows-1252 at times; UTF-8 first, as most are.
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = file.read_text(encoding="cp1252")
        parsed = practices.parse(text.splitlines())
        for line, problem in parsed.problems:
            self.stderr.write(f"Line {line}: {problem}")
        loaded = services.load_gp_practices(rows=parsed.rows)
        self.stdout.write(
            f"{plural(loaded.created, 'practice')} added, {loaded.updated} updated, "
            f"{loaded.unchanged} unchanged, {plural(len(parsed.problems), 'row')} not loaded"
        )
