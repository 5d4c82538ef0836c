"""Who may do what: the single permission matrix of Navigator.

Views ask `user.can(Permission.X)`; nothing else in the code decides by role. The matrix is
printed in README.md (`navigator permissions` prints it; a test keeps the two equal).
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    LINK_WORKER = "link_worker", "Link worker"
    MANAGER = "manager", "Service manager"
    VOLUNTEER = "volunteer", "Volunteer"
    REFERRER = "referrer", "Referrer"
    VCS_PROVIDER = "vcs_provider", "VCS provider"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


class Permission(StrEnum):
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    MERGE_PEOPLE = "merge_people"
    VIEW_AUDIT = "view_audit"
    GOVERN_RECORDS = "govern_records"
    REVIEW_AUDIT = "review_audit"
    MANAGE_RESTRICTIONS = "manage_restrictions"
    BREAK_GLASS = "break_glass"
    EDIT_PLANS = "edit_plans"
    WORK_CASELOAD = "work_caseload"
    MAKE_REFERRALS = "make_referrals"
    TRIAGE_REFERRALS = "triage_referrals"
    ALLOCATE_REFERRALS = "allocate_referrals"
    REFER_ONWARD = "refer_onward"
    MANAGE_OUTREACH = "manage_outreach"
    CALL_OUTREACH = "call_outreach"
    REFER_TO_ACTIVITIES = "refer_to_activities"
    RESPOND_TO_ACTIVITY_REFERRALS = "respond_to_activity_referrals"
    SEE_OWN_ASSIGNMENTS = "see_own_assignments"
    VIEW_DIRECTORY = "view_directory"
    MANAGE_DIRECTORY = "manage_directory"
    RECORD_OUTCOMES = "record_outcomes"
    MANAGE_MEASURES = "manage_measures"
    READ_FEEDBACK = "read_feedback"
    VIEW_REPORTS = "view_reports"
    VIEW_COMMISSIONED_REPORTS = "view_commissioned_reports"
    MANAGE_API_CLIENTS = "manage_api_clients"
    MANAGE_GP_PRACTICES = "manage_gp_practices"
    MANAGE_USERS = "manage_users"
    MANAGE_OWN_ORGANISATION = "manage_own_organisation"
    MANAGE_ALL_ORGANISATIONS = "manage_all_organisations"


PERMISSION_DESCRIPTIONS: dict[Permission, str] = {
    Permission.VIEW_PEOPLE: "See service users' records and timelines in their organisation",
    Permission.EDIT_PEOPLE: "Add and change service users' records, family and carers",
    Permission.MERGE_PEOPLE: "Merge two records of the same person",
    Permission.VIEW_AUDIT: "See and export the audit trail of their organisation",
    Permission.GOVERN_RECORDS: (
        "Answer subject access requests; set how long records are kept and approve destruction"
    ),
    Permission.REVIEW_AUDIT: (
        "Review the audit trail for unusual activity (administrators: across the deployment)"
    ),
    Permission.MANAGE_RESTRICTIONS: (
        "Restrict records to named staff; review emergency (break-glass) access"
    ),
    Permission.BREAK_GLASS: "See a restricted record in an emergency, giving a reason",
    Permission.EDIT_PLANS: "Record assessments and co-produce support plans",
    Permission.WORK_CASELOAD: "Keep a caseload: log contacts, close and reopen cases",
    Permission.MAKE_REFERRALS: "Refer someone to their social prescribing service",
    Permission.TRIAGE_REFERRALS: "Work the referral queue: triage, accept, decline, ask for more",
    Permission.ALLOCATE_REFERRALS: "Allocate referrals to link workers; manage the waiting list",
    Permission.REFER_ONWARD: "Refer a person onward to another social prescribing service",
    Permission.MANAGE_OUTREACH: "Upload cohorts for targeted outreach",
    Permission.CALL_OUTREACH: "Work the outreach call list and log calls",
    Permission.REFER_TO_ACTIVITIES: "Refer people to activities and arrange accompaniment",
    Permission.RESPOND_TO_ACTIVITY_REFERRALS: "Answer activity referrals to their own services",
    Permission.SEE_OWN_ASSIGNMENTS: "See their own accompaniment visits (the minimum needed)",
    Permission.VIEW_DIRECTORY: "Search the directory of community groups and activities",
    Permission.MANAGE_DIRECTORY: "Keep their directory listings up to date; review suggestions",
    Permission.RECORD_OUTCOMES: "Record outcome measures and feedback; send questionnaire links",
    Permission.MANAGE_MEASURES: "Switch outcome measures on or off; add the organisation's own",
    Permission.READ_FEEDBACK: "Read feedback comments (anonymous ones without names)",
    Permission.VIEW_REPORTS: "See and download reports on their own service",
    Permission.VIEW_COMMISSIONED_REPORTS: (
        "See aggregate figures (small numbers hidden) for services they fund"
    ),
    Permission.MANAGE_API_CLIENTS: "Register API clients (e.g. GP systems) and revoke them",
    Permission.MANAGE_GP_PRACTICES: (
        "Set GP practices' secure e-mail addresses (for the message back to the GP)"
    ),
    Permission.MANAGE_USERS: "Add users and change their roles",
    Permission.MANAGE_OWN_ORGANISATION: "Change their organisation's settings (e.g. require 2FA)",
    Permission.MANAGE_ALL_ORGANISATIONS: "Create organisations and manage every organisation",
}

MATRIX: dict[Permission, frozenset[Role]] = {
    # Volunteers see only their own visits (SEE_OWN_ASSIGNMENTS), never people's records.
    Permission.VIEW_PEOPLE: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.EDIT_PEOPLE: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.MERGE_PEOPLE: frozenset({Role.MANAGER}),
    Permission.VIEW_AUDIT: frozenset({Role.MANAGER}),
    Permission.GOVERN_RECORDS: frozenset({Role.MANAGER}),
    Permission.REVIEW_AUDIT: frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    Permission.MANAGE_RESTRICTIONS: frozenset({Role.MANAGER}),
    Permission.BREAK_GLASS: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.EDIT_PLANS: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.WORK_CASELOAD: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.MAKE_REFERRALS: frozenset({Role.REFERRER, Role.LINK_WORKER, Role.MANAGER}),
    Permission.TRIAGE_REFERRALS: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.ALLOCATE_REFERRALS: frozenset({Role.MANAGER}),
    Permission.REFER_ONWARD: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.MANAGE_OUTREACH: frozenset({Role.MANAGER}),
    Permission.CALL_OUTREACH: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.REFER_TO_ACTIVITIES: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.RESPOND_TO_ACTIVITY_REFERRALS: frozenset({Role.VCS_PROVIDER}),
    Permission.SEE_OWN_ASSIGNMENTS: frozenset({Role.VOLUNTEER}),
    Permission.VIEW_DIRECTORY: frozenset(
        {Role.LINK_WORKER, Role.MANAGER, Role.VOLUNTEER, Role.VCS_PROVIDER}
    ),
    Permission.MANAGE_DIRECTORY: frozenset({Role.MANAGER, Role.VCS_PROVIDER}),
    Permission.RECORD_OUTCOMES: frozenset({Role.LINK_WORKER, Role.MANAGER}),
    Permission.MANAGE_MEASURES: frozenset({Role.MANAGER}),
    Permission.READ_FEEDBACK: frozenset({Role.MANAGER}),
    Permission.VIEW_REPORTS: frozenset({Role.MANAGER}),
    Permission.VIEW_COMMISSIONED_REPORTS: frozenset({Role.COMMISSIONER}),
    Permission.MANAGE_API_CLIENTS: frozenset({Role.MANAGER}),
    Permission.MANAGE_GP_PRACTICES: frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    Permission.MANAGE_USERS: frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    Permission.MANAGE_OWN_ORGANISATION: frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    Permission.MANAGE_ALL_ORGANISATIONS: frozenset({Role.ADMINISTRATOR}),
}

# Staff roles work with personal data; an organisation can require two-factor sign-in for them.
STAFF_ROLES = frozenset({Role.LINK_WORKER, Role.MANAGER, Role.VOLUNTEER, Role.ADMINISTRATOR})


def role_has(role: str, permission: Permission) -> bool:
    return role in MATRIX[permission]


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table (the form README.md shows)."""
    roles = list(Role)
    header = "| Permission | " + " | ".join(role.label for role in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [
        f"| {PERMISSION_DESCRIPTIONS[permission]} | "
        + " | ".join("yes" if role in MATRIX[permission] else "–" for role in roles)
        + " |"
        for permission in Permission
    ]
    return "\n".join([header, rule, *rows])
