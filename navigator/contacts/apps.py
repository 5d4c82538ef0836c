from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "navigator.contacts"
    label = "contacts"
    verbose_name = "Ongoing contact, caseloads and closure"
