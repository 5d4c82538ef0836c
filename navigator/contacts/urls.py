from django.urls import path

from navigator.contacts import views

app_name = "contacts"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/settings/", views.caseload_settings, name="settings"),
    path("caseload/team/", views.team, name="team"),
    path("caseload/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:pk>/cancel/", views.follow_up_cancel, name="follow_up_cancel"),
    path("cases/<int:pk>/follow-up/", views.follow_up_schedule, name="follow_up"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/contacts/new/", views.log_contact, name="log_contact"),
    path("cases/<int:pk>/cadence/", views.cadence_override, name="cadence"),
    path("cases/<int:pk>/close/", views.close_case, name="close"),
    path("cases/<int:pk>/reopen/", views.reopen_case, name="reopen"),
    path("cases/<int:pk>/gp-message/", views.gp_message, name="gp_message"),
    path("cases/<int:pk>/gp-message.pdf", views.gp_message_pdf, name="gp_message_pdf"),
    path("cases/<int:pk>/reallocate/", views.reallocate, name="reallocate"),
    path("people/<int:pk>/cases/", views.person_cases, name="person_cases"),
]
