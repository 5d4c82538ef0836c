import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from navigator.accounts.permissions import (
    MATRIX,
    PERMISSION_DESCRIPTIONS,
    STAFF_ROLES,
    Permission,
    Role,
    matrix_markdown,
)

README = Path(settings.BASE_DIR) / "README.md"
TABLE = re.compile(r"<!-- permission-matrix -->\n(.*?)\n<!-- /permission-matrix -->", re.S)


def readme_table() -> str:
    found = TABLE.search(README.read_text(encoding="utf-8"))
    assert found, "README.md has no <!-- permission-matrix --> section"
    return found.group(1).strip()


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def test_readme_shows_the_permission_matrix_of_the_code() -> None:
    assert readme_table() == matrix_markdown(), (
        "README.md's permission table differs from the code: paste `navigator permissions`"
    )


def test_every_permission_has_a_description_and_a_row() -> None:
    assert set(PERMISSION_DESCRIPTIONS) == set(Permission)
    assert set(MATRIX) == set(Permission)
    assert all(description.strip() for description in PERMISSION_DESCRIPTIONS.values())


def test_the_table_has_a_row_per_permission_and_a_column_per_role() -> None:
    header, rule, *rows = matrix_markdown().splitlines()

    assert cells(header) == ["Permission", *(role.label for role in Role)]
    assert rule.count("---") == len(Role) + 1
    assert len(rows) == len(Permission)
    assert [cells(row)[0] for row in rows] == [PERMISSION_DESCRIPTIONS[p] for p in Permission]
    assert all(set(cells(row)[1:]) <= {"yes", "–"} for row in rows)


def test_the_matrix_names_only_real_roles() -> None:
    assert all(roles <= set(Role) for roles in MATRIX.values())
    assert set(Role) >= STAFF_ROLES


def test_permissions_command_prints_the_matrix() -> None:
    out = StringIO()

    call_command("permissions", stdout=out)

    assert out.getvalue().strip() == matrix_markdown()
