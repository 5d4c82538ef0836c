from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "navigator.outreach"
    label = "outreach"
    verbose_name = "Targeted outreach: cohorts and call lists"
