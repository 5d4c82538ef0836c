from django.urls import path, re_path

from navigator.api import views as api_views
from navigator.fhir import views

app_name = "fhir"
urlpatterns = [
    path("token", api_views.token, name="token"),
    path("metadata", views.methods(GET=views.metadata), name="metadata"),
    path("Bundle", views.methods(POST=views.submit_bundle), name="bundle"),
    path("Bundle/<str:id>", views.methods(GET=views.read_bundle), name="bundle_read"),
    path(
        "ServiceRequest",
        views.methods(GET=views.search_service_requests, POST=views.submit_service_request),
        name="service_request",
    ),
    path(
        "ServiceRequest/<str:id>",
        views.methods(GET=views.read_service_request),
        name="service_request_read",
    ),
    path("Task", views.methods(GET=views.search_tasks), name="task"),
    path("Task/<str:id>", views.methods(GET=views.read_task), name="task_read"),
    # Anything else under /fhir/ answers an OperationOutcome, not an HTML page.
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
