from django.urls import path

from navigator.directory import api_views

app_name = "oruk"
urlpatterns = [
    path("", api_views.index, name="index"),
    path("services", api_views.service_list, name="services"),
    path("services/<str:pk>", api_views.service_detail, name="service"),
]
