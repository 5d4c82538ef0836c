from django.apps import AppConfig


class TrailConfig(AppConfig):
    """The audit trail's pages: a person's and a user's trail, their downloads and the audit
    review. The trail itself (events, recording, labels) is `navigator.audit`, which every app
    records into; these pages read people and users, so they sit above both."""

    name = "navigator.trail"
    label = "trail"
    verbose_name = "Audit trail pages"
