from django.urls import path

from navigator.links import views

app_name = "links"

urlpatterns = [
    path("<str:token>/", views.short, name="short"),
]
