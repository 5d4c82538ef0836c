"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the reports. Managers' pages and downloads (which include the PRSB dataset of personal data)
need VIEW_REPORTS; commissioners reach only their own aggregate pages and downloads."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row
from navigator.reports.tests.helpers import referral


def build_world(organisation) -> dict:
    referral(organisation)
    return {}


MANAGERS = Permission.VIEW_REPORTS
COMMISSIONERS = Permission.VIEW_COMMISSIONED_REPORTS
FLOW = {"slug": "flow"}
ROWS: dict[str, Row] = {
    "reports:index": Row(MANAGERS),
    "reports:section": Row(MANAGERS, lambda world: FLOW),
    "reports:download": Row(MANAGERS, lambda world: {**FLOW, "file_format": "xlsx"}),
    "reports:prsb_dataset": Row(MANAGERS, lambda world: {"file_format": "csv"}),
    "reports:commissioned_index": Row(COMMISSIONERS),
    "reports:commissioned_section": Row(COMMISSIONERS, lambda world: FLOW),
    "reports:commissioned_download": Row(
        COMMISSIONERS, lambda world: {**FLOW, "file_format": "csv"}
    ),
}
