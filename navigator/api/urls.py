from django.urls import path

from navigator.api import views

app_name = "api"
urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create, name="client_create"),
    path("<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
]
