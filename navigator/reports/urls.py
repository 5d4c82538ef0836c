from django.urls import path

from navigator.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("prsb-minimum-dataset.<str:file_format>", views.prsb_dataset, name="prsb_dataset"),
    path("commissioned/", views.commissioned_index, name="commissioned_index"),
    path("commissioned/<slug:slug>/", views.commissioned_section, name="commissioned_section"),
    path(
        "commissioned/<slug:slug>.<str:file_format>",
        views.commissioned_download,
        name="commissioned_download",
    ),
    path("<slug:slug>/", views.section, name="section"),
    path("<slug:slug>.<str:file_format>", views.download, name="download"),
]
