from django.urls import path

from navigator.restrictions import views

app_name = "restrictions"
urlpatterns = [
    path("", views.restriction_list, name="list"),
    path("people/<int:pk>/", views.restriction_edit, name="edit"),
    path("people/<int:pk>/lift/", views.restriction_lift, name="lift"),
    path("people/<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/<int:pk>/", views.review, name="review"),
]
