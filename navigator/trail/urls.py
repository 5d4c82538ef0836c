from django.urls import path

from navigator.trail import views

app_name = "trail"
urlpatterns = [
    path("", views.review, name="review"),
    path("export/", views.review_export, name="review_export"),
    path("people/<int:pk>/", views.person_trail, name="person"),
    path("people/<int:pk>/export/", views.person_trail_export, name="person_export"),
    path("users/<int:pk>/", views.user_trail, name="user"),
    path("users/<int:pk>/export/", views.user_trail_export, name="user_export"),
]
