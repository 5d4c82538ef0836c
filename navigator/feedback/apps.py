from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "navigator.feedback"
    label = "feedback"
    verbose_name = "Feedback from people and their family and friends"

    def ready(self) -> None:
        from navigator.core.daily import register_daily_job
        from navigator.core.timeline import register_timeline_source
        from navigator.feedback.selectors import feedback_history
        from navigator.feedback.tasks import FEEDBACK_JOB, enqueue_feedback_requests

        register_daily_job(FEEDBACK_JOB, enqueue_feedback_requests)
        register_timeline_source(feedback_history)
