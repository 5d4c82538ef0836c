from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "navigator.feedback"
    label = "feedback"
    verbose_name = "Feedback from people and their family and friends"
