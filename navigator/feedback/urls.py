from django.urls import path

from navigator.feedback import views

app_name = "feedback"
urlpatterns = [
    path("feedback/", views.feedback_list, name="list"),
    path("feedback/cases/<int:pk>/record/", views.record_feedback, name="record"),
    path("feedback/cases/<int:pk>/send-link/", views.send_link, name="send_link"),
    path("people/<int:pk>/feedback/", views.person_feedback, name="person"),
    path("give-feedback/<str:token>/", views.give_feedback, name="give"),
]
