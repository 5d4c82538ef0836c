from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "navigator.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 API: referrals in, status and outcomes out"
