from django.urls import include, path

from navigator.api import rest

urlpatterns = [
    path("", include("navigator.core.urls")),
    path("", include("navigator.accounts.urls")),
    path("people/", include("navigator.people.urls")),
    path("audit/", include("navigator.trail.urls")),
    path("referrals/", include("navigator.referrals.urls")),
    path("refer-yourself/", include("navigator.referrals.public_urls")),
    path("outreach/", include("navigator.outreach.urls")),
    path("", include("navigator.plans.urls")),
    path("directory/", include("navigator.directory.urls")),
    path("oruk/", include("navigator.directory.api_urls")),
    path("", include("navigator.contacts.urls")),
    path("activities/", include("navigator.activities.urls")),
    path("", include("navigator.outcomes.urls")),
    path("", include("navigator.feedback.urls")),
    path("messages/", include("navigator.messaging.urls")),
    # Short links in texts: the shortest path, as every character counts towards a text's length.
    path("l/", include("navigator.links.urls")),
    path("reports/", include("navigator.reports.urls")),
    path("api-clients/", include("navigator.api.urls")),
    path("fhir/", include("navigator.fhir.urls")),
    path("governance/", include("navigator.governance.urls")),
    path("restrictions/", include("navigator.restrictions.urls")),
    path("api/v1/", rest.urls()),
]

handler403 = "navigator.core.views.permission_denied"
handler404 = "navigator.core.views.page_not_found"
handler500 = "navigator.core.views.server_error"
