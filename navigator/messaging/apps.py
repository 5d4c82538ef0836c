from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "navigator.messaging"
    label = "messaging"
    verbose_name = "Messages to people: texts, e-mails and letters"

    def ready(self) -> None:
        from navigator.core.daily import register_daily_job
        from navigator.core.messages import register_messaging
        from navigator.core.timeline import register_timeline_source
        from navigator.messaging.selectors import message_history, route_to
        from navigator.messaging.services import acknowledge_self_referral, send_link_to_person
        from navigator.messaging.tasks import (
            REMINDERS_JOB,
            SWEEP_JOB,
            enqueue_reminders,
            enqueue_sweep,
        )

        register_timeline_source(message_history)
        register_messaging(
            route_to=route_to,
            send_link_to_person=send_link_to_person,
            acknowledge_self_referral=acknowledge_self_referral,
        )
        register_daily_job(SWEEP_JOB, enqueue_sweep)
        register_daily_job(REMINDERS_JOB, enqueue_reminders)
