from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "navigator.contacts"
    label = "contacts"
    verbose_name = "Ongoing contact, caseloads and closure"

    def ready(self) -> None:
        from navigator.contacts.selectors import contact_history, on_person_page
        from navigator.contacts.services import plan_saved
        from navigator.contacts.tasks import REMINDER_JOB, enqueue_due_reminders
        from navigator.core.daily import register_daily_job
        from navigator.core.person_page import register_person_page_part
        from navigator.core.timeline import register_timeline_source
        from navigator.plans.services import register_plan_saved

        register_timeline_source(contact_history)
        register_person_page_part(on_person_page)
        register_daily_job(REMINDER_JOB, enqueue_due_reminders)
        register_plan_saved(plan_saved)
