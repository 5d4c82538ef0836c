"""What the header and the home page offer each role, decided by the permission matrix."""

from typing import Any

from django.http import HttpRequest

from navigator.accounts.permissions import Permission
from navigator.core.navigation import Place

# In the order a link worker's day runs; each role sees the places its permissions open.
PLACES = (
    Place("Caseload", "contacts:caseload", Permission.WORK_CASELOAD, ("/caseload/", "/cases/")),
    Place("People", "people:list", Permission.VIEW_PEOPLE, ("/people/",)),
    Place("Referrals", "referrals:queue", Permission.TRIAGE_REFERRALS, ("/referrals/",)),
    Place(
        "Your referrals",
        "referrals:made",
        Permission.MAKE_REFERRALS,
        ("/referrals/",),
        unless=Permission.TRIAGE_REFERRALS,
    ),
    Place("Directory", "directory:search", Permission.VIEW_DIRECTORY, ("/directory/",)),
    Place(
        "Referrals to you",
        "activities:inbox",
        Permission.RESPOND_TO_ACTIVITY_REFERRALS,
        ("/activities/inbox/",),
    ),
    Place(
        "Your visits", "activities:visits", Permission.SEE_OWN_ASSIGNMENTS, ("/activities/visits/",)
    ),
    Place("Outreach", "outreach:call_list", Permission.CALL_OUTREACH, ("/outreach/",)),
    Place("Messages", "messaging:outbox", Permission.VIEW_PEOPLE, ("/messages/",)),
    Place("Reports", "reports:index", Permission.VIEW_REPORTS, ("/reports/",)),
    Place(
        "Reports",
        "reports:commissioned_index",
        Permission.VIEW_COMMISSIONED_REPORTS,
        ("/reports/",),
    ),
    Place("Team", "contacts:team", Permission.ALLOCATE_REFERRALS, ("/caseload/team/",)),
    Place("Feedback", "feedback:list", Permission.READ_FEEDBACK, ("/feedback/",)),
    Place("Users", "accounts:user_list", Permission.MANAGE_USERS, ("/users/",)),
    Place(
        "Organisations",
        "accounts:organisation_list",
        Permission.MANAGE_ALL_ORGANISATIONS,
        ("/organisations/",),
    ),
)


def home_context(request: HttpRequest) -> dict[str, Any]:
    """The home page shows each role the links its permissions open."""
    return {"Permission": Permission}
