from django.urls import path

from navigator.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("outcomes/settings/", views.measure_settings, name="settings"),
    path("outcomes/settings/new/", views.custom_create, name="custom_create"),
    path("people/<int:pk>/outcomes/", views.person_outcomes, name="person"),
    path("people/<int:pk>/outcomes/new/", views.start, name="start"),
    path("outcomes/administrations/<int:pk>/", views.administration, name="administration"),
    path("outcomes/administrations/<int:pk>/link/", views.send_link, name="send_link"),
    path("questionnaire/<str:token>/", views.questionnaire, name="questionnaire"),
]
