"""Assessments, co-produced support plans and their revisions, outcome stars, life areas and
the tasks a safeguarding concern raises for a service manager."""

from django.conf import settings
from django.db import models

from navigator.core.formatting import format_date
from navigator.core.scoping import OrganisationScoped
from navigator.people.models import FamilyMember, Person

# Needs are rated 0-10: how much help the person wants with this area of life
# (0 = none, 10 = a great deal). The same 0-10 range as the goal ratings, so one scale to learn.
NEED_RATING_MAX = 10
GOAL_RATING_MAX = 10
MAX_GOALS = 3
MAX_ACTIVITIES = 4

DEFAULT_LIFE_AREAS = [
    "Social connection",
    "Mental wellbeing",
    "Physical activity",
    "Money",
    "Housing",
    "Work and learning",
    "Caring",
    "Health conditions",
    "Practical help at home",
]


class LifeArea(OrganisationScoped):
    """An area of life an assessment asks about; each organisation keeps its own list."""

    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class OutcomeStar(OrganisationScoped):
    """The star an organisation scores plans on: its areas and a 5- or 10-point scale.

    Navigator's own default wellbeing star has its own areas and wording. An organisation that
    holds a licence for a proprietary star records its scores as a score-only star: the areas
    it names and the numbers, with no wording shipped by Navigator.
    """

    class Kind(models.TextChoices):
        WORDED = "worded", "Our own star, with a label for each point"
        SCORE_ONLY = "score_only", "Score-only (a licensed star: areas and numbers only)"

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.WORDED)
    scale = models.PositiveSmallIntegerField(choices=[(5, "5 points"), (10, "10 points")])
    areas = models.JSONField(default=list)  # names, in order
    point_labels = models.JSONField(default=list)  # one per point (empty when score-only)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    def label_for(self, score: int | None) -> str:
        if score is None:
            return "Not scored"
        if self.kind == self.Kind.WORDED and 1 <= score <= len(self.point_labels):
            return f"{score}: {self.point_labels[score - 1]}"
        return str(score)


class Setting(models.TextChoices):
    HOME = "home", "The person's home"
    GP_SURGERY = "gp_surgery", "A GP surgery"
    PHARMACY = "pharmacy", "A community pharmacy"
    SERVICE = "service", "The social prescribing service's own setting"
    OTHER = "other", "Somewhere else"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remotely (phone or video)"


class Assessment(OrganisationScoped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField()
    setting = models.CharField(max_length=12, choices=Setting.choices)
    setting_other = models.CharField("The place", max_length=200, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    remote_reason = models.TextField("Why it was not in person", blank=True)
    person_present = models.BooleanField("The person", default=True)
    family_present = models.ManyToManyField(FamilyMember, blank=True, related_name="+")
    interpreter_present = models.BooleanField("An interpreter", default=False)
    interpreter_name = models.CharField(max_length=200, blank=True)
    other_professionals = models.TextField(blank=True)
    what_matters = models.TextField("What matters to me")
    risks = models.TextField("Risks", blank=True)
    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_details = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"Assessment of {self.person_id} on {format_date(self.assessed_at)}"

    @property
    def place(self) -> str:
        if self.setting == Setting.OTHER:
            return self.setting_other
        return self.get_setting_display()


class AssessmentNeed(OrganisationScoped):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    life_area = models.ForeignKey(LifeArea, on_delete=models.PROTECT, related_name="+")
    area_name = models.CharField(max_length=100)  # as named when assessed
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["life_area__position", "pk"]

    def __str__(self) -> str:
        return f"{self.area_name}: {self.rating}"


class LevelOfNeed(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# The contact each level of need implies (shown beside the choice and on the plan).
CONTACT_PLANS: dict[str, str] = {
    LevelOfNeed.HIGH: "Contact at least every week",
    LevelOfNeed.MEDIUM: "Contact every two weeks",
    LevelOfNeed.LOW: "Contact every month",
}


class AgreementMethod(models.TextChoices):
    VERBAL = "verbal", "Said so in person"
    WRITTEN = "written", "Signed a copy"
    PHONE = "phone", "Said so on the phone"
    ELECTRONIC = "electronic", "Agreed electronically"


class SupportPlan(OrganisationScoped):
    """The person's current support plan; every saved revision is kept in PlanRevision."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="support_plan")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_took_part = models.BooleanField(default=True)
    family_took_part = models.JSONField(default=list)  # names, as they were when saved
    others_took_part = models.TextField(blank=True)
    agreement_method = models.CharField(max_length=12, choices=AgreementMethod.choices)
    agreed_on = models.DateField()
    activities = models.JSONField(default=list)  # [{name, when, where, contact}]
    onward_referrals = models.TextField(blank=True)
    level_of_need = models.CharField(max_length=6, choices=LevelOfNeed.choices)
    review_date = models.DateField()
    star = models.ForeignKey(
        OutcomeStar, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    star_scores = models.JSONField(default=dict)  # {area name: score}
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Support plan of {self.person}"

    @property
    def contact_plan(self) -> str:
        return CONTACT_PLANS.get(self.level_of_need, "")


class Goal(OrganisationScoped):
    """One of the person's Top 3 Goals, in their own words."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    words = models.TextField("The goal, in the person's words")
    baseline_rating = models.PositiveSmallIntegerField()
    good_looks_like = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    who_helps = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plans_goal_position")
        ]

    def __str__(self) -> str:
        return self.words[:80]


class PlanRevision(OrganisationScoped):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    # Asked at each review, to work toward the person managing without the link worker.
    done_without_link_worker = models.TextField(
        "What does the person now do without the link worker?", blank=True
    )
    needed_before_ending = models.TextField(
        "What is still needed before support can end?", blank=True
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_revision_number")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of plan {self.plan_id}"

    @property
    def has_independence_answers(self) -> bool:
        return bool(self.done_without_link_worker or self.needed_before_ending)


class ManagerTask(OrganisationScoped):
    """Something a service manager must look at, such as a safeguarding concern."""

    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding concern"
        POSSIBLE_DUPLICATE = "possible_duplicate", "Possible duplicate record"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="manager_tasks")
    # A possible duplicate: the record the link worker thinks may be the same person.
    other_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    details = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.TextField("What was decided", blank=True)

    class Meta:
        ordering = ["done_at", "-raised_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"
