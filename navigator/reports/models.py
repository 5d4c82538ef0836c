"""Report rollups: the report figures' counts, sums and histograms by organisation, day (and
month) and each dimension a report filters on, so a report reads the rows of its period
instead of every referral, contact and score behind them (`navigator.reports.rollups` keeps
them)."""

from django.db import models
from django.db.models.functions import Cast

# The columns a report reads from a rollup row besides those it finds the row by, held in the
# indexes it finds them with (on PostgreSQL), so a report reads the index alone: a measure's
# rows of a period lie together there, where in the table they lie scattered among every
# other measure's rows of the same days, one table page each (measured at 100,000 referrals:
# 19,000 pages read for a national year's 72,000 funnel rows, 1,400 from the index).
READ = ["value", "until", "key", "count", "total", "squares"]
# A group of rollup rows summed, as counting and reading both sum them: count, total, squares.
SUMS = {"n": models.Sum("count"), "t": models.Sum("total"), "s": models.Sum("squares")}


class Sums(models.Model):
    """What one measure counted for one organisation over some days, among the rows whose
    referral has one value of one dimension (a GP practice, a source or a link worker;
    `dimension` blank: every row, for measures that cannot be added up across values, or
    that an unfiltered report reads in fewer rows that way, as every measure's month rows).
    `key` is the measure's group:
    a source, a reason, a funnel outcome, or for a histogram the exact duration in
    microseconds (waiting times are shown to a tenth of a day, so a coarser bucket would
    change the medians); each histogram also has rows of whole-day buckets under a measure
    of its own (`tallies.in_days`, by each dimension value and across every value), whose
    key is the bucket, so a report finds which buckets its percentiles fall in from those
    and reads the exact durations of those buckets only. `total` and `squares` sum a value
    and its square, so means and confidence intervals come out exact. `until`, when set, is
    the first day of a period end the row no longer counts for (a later score superseded
    by a later one of the same kind)."""

    # Not indexed on its own: every index of a rollup table starts with it, and each index
    # more slows the writing of millions of rows.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    measure = models.CharField(max_length=40)
    key = models.CharField(max_length=300, blank=True)
    dimension = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=40, blank=True)
    until = models.DateField(null=True)
    count = models.BigIntegerField()
    total = models.FloatField(null=True)
    squares = models.FloatField(null=True)

    class Meta:
        abstract = True


class Tally(Sums):
    """A measure's sums on one day. Rows per day are bounded by the values of each
    dimension, not by the referrals: a report filtered on one dimension reads that
    dimension's rows; unfiltered, any one dimension's rows add up to every row."""

    day = models.DateField()
    # A histogram's exact duration's whole-day bucket (the key of its row of whole days);
    # None for every other row.
    bucket = models.IntegerField(null=True)

    class Meta:
        indexes = [
            # Not covering, unlike the others: a report reads day rows only for the
            # part-months at its ends and under a GP practice, few, and the day rows are most
            # of the rollups (with their columns this index was 625 MB, not 150 MB, at
            # 100,000 referrals).
            models.Index(fields=["organisation", "measure", "dimension", "day"]),
            # A report reads the exact durations of a few buckets only.
            models.Index(
                fields=["organisation", "measure", "dimension", "bucket", "day"],
                include=["value", "until", "key", "count"],
                condition=models.Q(bucket__isnull=False),
                name="reports_tally_bucket_idx",
            ),
            # The same across organisations and in the order of the durations, for a report
            # of many (a national commissioner's 1,300 services): a bucket's durations of
            # every service come in order from one range here, so a percentile reads them
            # only up to its position, unsorted, where the index above is entered once per
            # service and its rows sorted (a national bucket holds 25,000).
            models.Index(
                "measure",
                "dimension",
                "bucket",
                Cast("key", models.BigIntegerField()),
                include=["organisation", "day", "value", "until", "key", "count"],
                condition=models.Q(bucket__isnull=False),
                name="tally_bucket_across_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.key} on {self.day}: {self.count}"


class MonthRows(Sums):
    """Sums over one calendar month."""

    month = models.DateField()  # its first day

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["organisation", "measure", "dimension", "month"],
                include=READ,
                name="%(class)s_read_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.key} in {self.month:%B %Y}: {self.count}"


class MonthTally(MonthRows):
    """A measure's day rows of one calendar month summed: a report reads these for the
    whole months of its period and day rows only for the part-months at its ends, so a
    year reads 12 rows per group where it read up to 365. Counted again from the day rows
    whenever a day of the month is. Histograms' exact durations have none, as a month would
    rarely share one (their whole-day buckets have); nor have GP practices, each of which
    refers a few people a month (a report filtered on one reads its day rows). Each measure
    has month rows across every value (`dimension` blank), which an unfiltered report reads:
    a national year's funnel is a third as many rows that way as by source. A figure about
    today (the caseloads, the waiting list), which a report reads from every month whatever
    its period, keeps one month row per group instead (`tallies.TODAY`)."""


class FundedMonthTally(MonthRows):
    """A measure's month rows across every value and by source, summed over every service
    one commissioning organisation funds (`organisation` is the funder). A commissioner's
    report covers whole months, so for one that reads every service it funds, filtered on
    nothing or on a source, these are all it reads: 12 rows a year per group however many
    services there are, where it read each service's (a national year's funnel: 217,000
    rows). Kept as the services' month rows change (`funded.journal`, `funded.compact`);
    counted from nothing when the funding changes (`funded.count`)."""


class FundedRollup(models.Model):
    """Which services a commissioning organisation's `FundedMonthTally` rows add up: a report
    reads them only while those are still the services it funds."""

    funder = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # A digest of the funded services' ids (`funded.digest`); blank until first counted.
    services = models.CharField(max_length=64, blank=True)
    # The services a count was last asked for: asked once per change of funding.
    requested = models.CharField(max_length=64, blank=True)
    # The last row summed into one per group: the rows after it are changes since, which the
    # worker sums in (`funded.compact`); a report sums them with the rest meanwhile.
    compacted_up_to = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Funded rollups of {self.funder_id}"


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
