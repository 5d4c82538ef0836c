"""Report rollups: the report figures' counts, sums and histograms by organisation, day and
each dimension a report filters on, so a report reads the rows of its period instead of
every referral, contact and score behind them (`navigator.reports.rollups` keeps them)."""

from django.db import models


class Tally(models.Model):
    """What one measure counted for one organisation on one day, among the rows whose
    referral has one value of one dimension (a GP practice, a source or a link worker;
    `dimension` blank: every row, for measures that cannot be added up across values).
    Rows per day are bounded by the values of each dimension, not by the referrals: a
    report filtered on one dimension reads that dimension's rows; unfiltered, any one
    dimension's rows add up to every row. `key` is the measure's group: a source, a reason,
    a funnel outcome, or for a histogram the exact duration in microseconds. `total` and
    `squares` sum a value and its square, so means and confidence intervals come out exact.
    `until`, when set, is the first day of a period end the row no longer counts for (a
    later score superseded by a later one of the same kind)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    measure = models.CharField(max_length=40)
    key = models.CharField(max_length=300, blank=True)
    dimension = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=40, blank=True)
    until = models.DateField(null=True)
    count = models.BigIntegerField()
    total = models.FloatField(null=True)
    squares = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "measure", "dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.key} on {self.day}: {self.count}"


class Watermark(models.Model):
    """The last audit event whose change an organisation's tallies include: every write of
    personal data is audited in the same transaction, so the audit trail after this event
    says which people's days to count again."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Tallies of {self.organisation_id} up to event {self.last_event_id}"
