from django.db import models

from navigator.core.scoping import OrganisationScoped


class Submission(OrganisationScoped):
    """A referral that arrived through the FHIR API: which client sent it, under which of the
    sender's identifiers (unique per organisation, which makes retried and concurrent POSTs of
    the same ServiceRequest create one referral), and the sender's organisations."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="fhir_submission"
    )
    client = models.ForeignKey(
        "api.ApiClient", on_delete=models.PROTECT, related_name="submissions"
    )
    identifier_system = models.CharField(max_length=200)
    identifier_value = models.CharField(max_length=200)
    requester_ods = models.CharField("Requester's ODS code", max_length=10, blank=True)
    requester_display = models.CharField(max_length=200, blank=True)
    authored_on = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier_system", "identifier_value"],
                name="fhir_one_referral_per_identifier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier_system}|{self.identifier_value}"
