from django.urls import path

from navigator.api import views as api_views

app_name = "fhir"
urlpatterns = [
    path("token", api_views.token, name="token"),
]
