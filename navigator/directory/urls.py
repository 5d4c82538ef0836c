from django.urls import path

from navigator.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<uuid:pk>/", views.service_detail, name="service"),
    path("services/<uuid:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<uuid:pk>/checked/", views.service_check, name="service_check"),
    path("services/<uuid:pk>/suggest/", views.suggest, name="suggest"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", views.suggestion_review, name="suggestion"),
    path("organisations/<uuid:pk>/providers/", views.organisation_providers, name="providers"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_report, name="import_report"),
    path("export/directory.json", views.export_json, name="export_json"),
    path("export/directory.csv", views.export_csv, name="export_csv"),
]
