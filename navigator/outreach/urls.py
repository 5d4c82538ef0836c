from django.urls import path

from navigator.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("people/<int:pk>/", views.member_detail, name="member"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/upload/", views.cohort_upload, name="upload"),
    path("cohorts/<int:pk>/", views.cohort_report, name="cohort"),
    path("settings/", views.settings_edit, name="settings"),
]
