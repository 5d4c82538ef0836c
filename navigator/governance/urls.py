from django.urls import path

from navigator.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("retention/", views.retention, name="retention"),
    path("destruction/", views.destruction, name="destruction"),
    path("destruction/<int:pk>/", views.review, name="review"),
    path("subject-access/<int:pk>/", views.subject_access, name="subject_access"),
]
