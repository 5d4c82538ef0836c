from django.conf import settings
from django.db import models

from navigator.core.scoping import OrganisationScoped


class Scope(models.TextChoices):
    """What an API client may do (OAuth 2.0 scopes). A client holds only those it needs."""

    SUBMIT_REFERRALS = "submit-referrals", "Submit referrals"
    READ_STATUS = "read-status", "Read the status and outcome of the referrals it submitted"
    READ_RECORDS = (
        "read-records",
        (
            "Read the service's records: people, referrals, caseloads, contacts, "
            "activity referrals and outcome scores (the REST API)"
        ),
    )


class ApiClient(OrganisationScoped):
    """A system that calls Navigator's APIs for one organisation, e.g. a GP practice's clinical
    system. Only a digest of its secret is kept: the secret is shown once, when it is made."""

    name = models.CharField(max_length=100)
    client_id = models.CharField("Client ID", max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def allows(self, scope: str) -> bool:
        return self.revoked_at is None and scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [Scope(scope).label for scope in Scope if scope in self.scopes]


class AccessToken(OrganisationScoped):
    """A short-lived bearer token issued to a client (OAuth 2.0 client credentials grant).
    Only its digest is stored."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"Access token for {self.client}"
