"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the audit review. (The audit trails of one person or user have their rows there.)"""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row


def build_world(organisation) -> dict:
    return {}


ROWS: dict[str, Row] = {
    "trail:review": Row(Permission.REVIEW_AUDIT),
    "trail:review_export": Row(Permission.REVIEW_AUDIT),
}
