from django.db import models


class FormSubmission(models.Model):
    """One sent form instance (see core/once.py): its token is unique, so the same instance
    sent twice is taken once; the second gets the first's answer."""

    token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where the first submission sent the browser on (a path inside Navigator).
    redirect_to = models.CharField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return str(self.token)
