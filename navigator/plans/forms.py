import datetime
from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone

from navigator.core.forms import DateField
from navigator.people.models import Person
from navigator.plans.models import (
    CONTACT_PLANS,
    GOAL_RATING_MAX,
    MAX_ACTIVITIES,
    MAX_GOALS,
    NEED_RATING_MAX,
    AgreementMethod,
    LevelOfNeed,
    LifeArea,
    Mode,
    OutcomeStar,
    PlanRevision,
    Setting,
    SupportPlan,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 2})


def _rating_field(label: str, low: int, high: int, hint: str = "") -> forms.IntegerField:
    message = f"{label} must be a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        help_text=hint or f"A number from {low} to {high}",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 2}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def _family_field(person: Person, label: str) -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        queryset=person.family_members.all(),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the family members and carers on their record",
    )
    field.choices = [
        (member.pk, f"{member.name} ({member.relationship}{', carer' if member.is_carer else ''})")
        for member in person.family_members.all()
    ]
    return field


def _verbose_name(model: type[models.Model], name: str) -> str:
    """The label of one of `model`'s own fields (not a relation from another model)."""
    return str(cast(models.Field, model._meta.get_field(name)).verbose_name)


class Sectioned(forms.Form):
    """A form laid out in titled sections; `sections()` gives the bound fields of each."""

    def section_names(self) -> list[tuple[str, list[str]]]:
        raise NotImplementedError

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.section_names()
        ]


class AssessmentForm(Sectioned):
    assessed_on = DateField(
        label="Date of the assessment",
        past_only=True,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the assessment"},
    )
    assessed_time = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="Use the 24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"width": 5}),
        error_messages={
            "required": "Enter the time of the assessment",
            "invalid": "Enter the time like 14:30",
        },
    )
    setting = forms.ChoiceField(
        label="Where it took place",
        choices=Setting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the assessment took place"},
    )
    setting_other = forms.CharField(
        label="If somewhere else, where?", required=False, max_length=200
    )
    mode = forms.ChoiceField(
        label="How it took place",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        initial=Mode.IN_PERSON,
        help_text="In person is the norm",
        error_messages={"required": "Select how the assessment took place"},
    )
    remote_reason = forms.CharField(
        label="If remotely, why not in person?", required=False, widget=SHORT_TEXTAREA
    )
    person_present = forms.BooleanField(label="The person was there", required=False)
    interpreter_present = forms.BooleanField(label="An interpreter was there", required=False)
    interpreter_name = forms.CharField(
        label="Interpreter's name (optional)", required=False, max_length=200
    )
    other_professionals = forms.CharField(
        label="Other professionals who were there (optional)",
        required=False,
        help_text="Names and roles",
        widget=SHORT_TEXTAREA,
    )
    what_matters = forms.CharField(
        label="What matters to me",
        help_text="In the person's own words",
        widget=TEXTAREA,
        error_messages={"required": "Enter what matters to the person, in their own words"},
    )
    risks = forms.CharField(label="Risks (optional)", required=False, widget=SHORT_TEXTAREA)
    safeguarding_concern = forms.BooleanField(
        label="There is a safeguarding concern",
        required=False,
        help_text="A service manager is told",
    )
    safeguarding_details = forms.CharField(
        label="The safeguarding concern", required=False, widget=SHORT_TEXTAREA
    )
    action_taken = forms.CharField(
        label="Action taken on risks or safeguarding", required=False, widget=SHORT_TEXTAREA
    )

    def __init__(self, *args: Any, person: Person, life_areas: list[LifeArea], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.life_areas = life_areas
        if person.family_members.exists():
            self.fields["family_present"] = _family_field(
                person, "Family members and carers who were there"
            )
        for area in life_areas:
            self.fields[f"need_{area.pk}_rating"] = _rating_field(
                f"{area.name}: rating",
                0,
                NEED_RATING_MAX,
                "How much help they want with this, from 0 (none) to 10 (a great deal). "
                "Leave empty if not discussed",
            )
            self.fields[f"need_{area.pk}_note"] = forms.CharField(
                label=f"{area.name}: note (optional)", required=False, widget=SHORT_TEXTAREA
            )

    def section_names(self) -> list[tuple[str, list[str]]]:
        return [
            ("When and where", ["assessed_on", "assessed_time", "setting", "setting_other"]),
            ("How", ["mode", "remote_reason"]),
            (
                "Who was there",
                [
                    "person_present",
                    "family_present",
                    "interpreter_present",
                    "interpreter_name",
                    "other_professionals",
                ],
            ),
            ("What matters to the person", ["what_matters"]),
        ]

    def need_sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (area.name, [self[f"need_{area.pk}_rating"], self[f"need_{area.pk}_note"]])
            for area in self.life_areas
        ]

    def risk_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("risks", "safeguarding_concern", "safeguarding_details", "action_taken")
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("setting") == Setting.OTHER and not data.get("setting_other"):
            self.add_error("setting_other", "Enter where the assessment took place")
        if data.get("mode") == Mode.REMOTE and not data.get("remote_reason"):
            self.add_error("remote_reason", "Enter why the assessment was not in person")
        day, time = data.get("assessed_on"), data.get("assessed_time")
        if day and time:
            moment = timezone.make_aware(datetime.datetime.combine(day, time))
            if moment > timezone.now():
                self.add_error("assessed_time", "The assessment must not be in the future")
            data["assessed_at"] = moment
        if data.get("safeguarding_concern"):
            if not data.get("safeguarding_details"):
                self.add_error("safeguarding_details", "Describe the safeguarding concern")
            if not data.get("action_taken"):
                self.add_error("action_taken", "Enter the action taken on the concern")
        if data.get("risks") and not data.get("action_taken"):
            self.add_error("action_taken", "Enter the action taken on the risks")
        return data

    def assessment_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = [
            "setting",
            "setting_other",
            "mode",
            "remote_reason",
            "person_present",
            "interpreter_present",
            "interpreter_name",
            "other_professionals",
            "what_matters",
            "risks",
            "safeguarding_concern",
            "safeguarding_details",
            "action_taken",
        ]
        values = {name: data[name] for name in fields}
        if values["setting"] != Setting.OTHER:
            values["setting_other"] = ""
        if values["mode"] != Mode.REMOTE:
            values["remote_reason"] = ""
        values["assessed_at"] = data["assessed_at"]
        return values

    def family_present(self) -> list:
        return list(self.cleaned_data.get("family_present") or [])

    def needs(self) -> list[dict[str, Any]]:
        return [
            {
                "life_area": area,
                "rating": self.cleaned_data.get(f"need_{area.pk}_rating"),
                "note": self.cleaned_data.get(f"need_{area.pk}_note", ""),
            }
            for area in self.life_areas
        ]


GOAL_PARTS = ("words", "baseline", "good", "steps", "helps")
ACTIVITY_PARTS = ("name", "when", "where", "contact")
INDEPENDENCE_QUESTIONS = ("done_without_link_worker", "needed_before_ending")


class PlanForm(Sectioned):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    person_took_part = forms.BooleanField(label="The person took part", required=False)
    others_took_part = forms.CharField(
        label="Others who took part (optional)",
        required=False,
        help_text="Names and roles, for example a support worker",
        widget=SHORT_TEXTAREA,
    )
    agreement_method = forms.ChoiceField(
        label="How the person agreed to the plan",
        choices=AgreementMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person agreed to the plan"},
    )
    agreed_on = DateField(
        label="When the person agreed",
        past_only=True,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the person agreed to the plan"},
    )
    onward_referrals = forms.CharField(
        label="Onward referrals (optional)",
        required=False,
        help_text="Services the person is referred on to, and why",
        widget=SHORT_TEXTAREA,
    )
    level_of_need = forms.ChoiceField(
        label="Level of need",
        choices=[
            (level.value, f"{level.label}: {CONTACT_PLANS[level].lower()}") for level in LevelOfNeed
        ],
        widget=forms.RadioSelect,
        help_text="The agreed level of need sets how often you keep in contact",
        error_messages={"required": "Select the level of need"},
    )
    review_date = DateField(
        label="Review date",
        help_text="When you will review the plan together. For example, 27 3 2027",
        error_messages={"required": "Enter the review date"},
    )

    def __init__(
        self,
        *args: Any,
        person: Person,
        star: OutcomeStar | None,
        reviewing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.star = star
        self.reviewing = reviewing
        if reviewing:
            # Each review works toward the person managing without the link worker.
            for name in INDEPENDENCE_QUESTIONS:
                self.fields[name] = forms.CharField(
                    label=_verbose_name(PlanRevision, name),
                    required=False,
                    widget=SHORT_TEXTAREA,
                )
        if person.family_members.exists():
            self.fields["took_part_family"] = forms.MultipleChoiceField(
                label="Family members and carers who took part",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (m.name, f"{m.name} ({m.relationship})") for m in person.family_members.all()
                ],
            )
        for number in range(1, MAX_GOALS + 1):
            optional = "" if number == 1 else " (optional)"
            self.fields[f"goal_{number}_words"] = forms.CharField(
                label=f"Goal {number}, in the person's own words{optional}",
                required=False,
                widget=SHORT_TEXTAREA,
            )
            self.fields[f"goal_{number}_baseline"] = _rating_field(
                f"Goal {number}: rating at the start"
                if reviewing
                else f"Goal {number}: rating now",
                0,
                GOAL_RATING_MAX,
                "A goal agreed before keeps its start rating: record progress as a Top 3 Goals "
                "measure. A new goal: from 0 (not started) to 10 (reached)"
                if reviewing
                else "From 0 (not started) to 10 (reached)",
            )
            self.fields[f"goal_{number}_good"] = forms.CharField(
                label=f"Goal {number}: what good looks like", required=False, widget=SHORT_TEXTAREA
            )
            self.fields[f"goal_{number}_steps"] = forms.CharField(
                label=f"Goal {number}: next steps", required=False, widget=SHORT_TEXTAREA
            )
            self.fields[f"goal_{number}_helps"] = forms.CharField(
                label=f"Goal {number}: who helps", required=False, max_length=500
            )
        if star:
            hint = (
                ", ".join(f"{i} {label}" for i, label in enumerate(star.point_labels, start=1))
                if star.kind == OutcomeStar.Kind.WORDED and star.point_labels
                else f"A score from 1 to {star.scale}"
            )
            for index, area in enumerate(star.areas):
                self.fields[f"star_{index}"] = _rating_field(f"{area}: score", 1, star.scale, hint)
        for number in range(1, MAX_ACTIVITIES + 1):
            self.fields[f"activity_{number}_name"] = forms.CharField(
                label=f"Activity {number}: what it is", required=False, max_length=200
            )
            self.fields[f"activity_{number}_when"] = forms.CharField(
                label=f"Activity {number}: when", required=False, max_length=200
            )
            self.fields[f"activity_{number}_where"] = forms.CharField(
                label=f"Activity {number}: where", required=False, max_length=200
            )
            self.fields[f"activity_{number}_contact"] = forms.CharField(
                label=f"Activity {number}: who to contact",
                required=False,
                max_length=200,
                help_text="Name and phone number or e-mail",
            )

    def section_names(self) -> list[tuple[str, list[str]]]:
        return [
            ("Who took part", ["person_took_part", "took_part_family", "others_took_part"]),
            ("The person's agreement", ["agreement_method", "agreed_on"]),
        ]

    def goal_sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (f"Goal {n}", [self[f"goal_{n}_{part}"] for part in GOAL_PARTS])
            for n in range(1, MAX_GOALS + 1)
        ]

    def star_fields(self) -> list[forms.BoundField]:
        return [self[f"star_{i}"] for i in range(len(self.star.areas))] if self.star else []

    def activity_sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (f"Activity {n}", [self[f"activity_{n}_{part}"] for part in ACTIVITY_PARTS])
            for n in range(1, MAX_ACTIVITIES + 1)
        ]

    def independence_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in INDEPENDENCE_QUESTIONS] if self.reviewing else []

    def independence(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in INDEPENDENCE_QUESTIONS}

    def later_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("onward_referrals", "level_of_need", "review_date")]

    def clean_review_date(self) -> datetime.date | None:
        date = self.cleaned_data.get("review_date")
        if date and date <= timezone.localdate():
            raise forms.ValidationError("The review date must be in the future")
        return date

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        goals = 0
        for n in range(1, MAX_GOALS + 1):
            words = data.get(f"goal_{n}_words")
            rest = [data.get(f"goal_{n}_{part}") for part in GOAL_PARTS[1:]]
            if words:
                goals += 1
                if data.get(f"goal_{n}_baseline") is None and not self.has_error(
                    f"goal_{n}_baseline"
                ):
                    self.add_error(
                        f"goal_{n}_baseline", f"Enter a rating for goal {n} from 0 to 10"
                    )
            elif any(value not in (None, "") for value in rest):
                self.add_error(f"goal_{n}_words", f"Enter goal {n} in the person's own words")
        if not goals and not self.has_error("goal_1_words"):
            self.add_error("goal_1_words", "Enter at least one goal, in the person's own words")
        for n in range(1, MAX_ACTIVITIES + 1):
            rest = [data.get(f"activity_{n}_{part}") for part in ACTIVITY_PARTS[1:]]
            if any(rest) and not data.get(f"activity_{n}_name"):
                self.add_error(f"activity_{n}_name", f"Enter what activity {n} is")
        return data

    def goals(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "words": data[f"goal_{n}_words"],
                "baseline_rating": data[f"goal_{n}_baseline"],
                "good_looks_like": data[f"goal_{n}_good"],
                "next_steps": data[f"goal_{n}_steps"],
                "who_helps": data[f"goal_{n}_helps"],
            }
            for n in range(1, MAX_GOALS + 1)
            if data.get(f"goal_{n}_words")
        ]

    def plan_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "person_took_part",
                "others_took_part",
                "agreement_method",
                "agreed_on",
                "onward_referrals",
                "level_of_need",
                "review_date",
            )
        }
        values["family_took_part"] = list(data.get("took_part_family") or [])
        values["activities"] = [
            {part: data[f"activity_{n}_{part}"] for part in ACTIVITY_PARTS}
            for n in range(1, MAX_ACTIVITIES + 1)
            if data.get(f"activity_{n}_name")
        ]
        values["star"] = self.star
        values["star_scores"] = (
            {
                area: data[f"star_{i}"]
                for i, area in enumerate(self.star.areas)
                if data.get(f"star_{i}") is not None
            }
            if self.star
            else {}
        )
        return values

    @staticmethod
    def initial_from(plan: SupportPlan | None, default_review: datetime.date) -> dict[str, Any]:
        if plan is None:
            return {
                "version": 0,
                "person_took_part": True,
                "agreed_on": timezone.localdate(),
                "review_date": default_review,
            }
        initial: dict[str, Any] = {
            "version": plan.version,
            "person_took_part": plan.person_took_part,
            "took_part_family": plan.family_took_part,
            "others_took_part": plan.others_took_part,
            "agreement_method": plan.agreement_method,
            "agreed_on": plan.agreed_on,
            "onward_referrals": plan.onward_referrals,
            "level_of_need": plan.level_of_need,
            "review_date": plan.review_date,
        }
        for goal in plan.goals.all():
            n = goal.position
            initial.update(
                {
                    f"goal_{n}_words": goal.words,
                    f"goal_{n}_baseline": goal.baseline_rating,
                    f"goal_{n}_good": goal.good_looks_like,
                    f"goal_{n}_steps": goal.next_steps,
                    f"goal_{n}_helps": goal.who_helps,
                }
            )
        for n, activity in enumerate(plan.activities, start=1):
            for part in ACTIVITY_PARTS:
                initial[f"activity_{n}_{part}"] = activity.get(part, "")
        if plan.star:
            for i, area in enumerate(plan.star.areas):
                initial[f"star_{i}"] = plan.star_scores.get(area)
        return initial


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LifeAreasForm(forms.Form):
    areas = forms.CharField(
        label="Life areas",
        help_text="One a line, in the order assessments ask about them",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter at least one life area"},
    )

    def clean_areas(self) -> list[str]:
        names = _lines(self.cleaned_data["areas"])
        if not names:
            raise forms.ValidationError("Enter at least one life area")
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError("Each life area must be 100 characters or fewer")
        if len({name.casefold() for name in names}) != len(names):
            raise forms.ValidationError("Each life area must appear only once")
        return names


class OutcomeStarForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    areas = forms.CharField(
        label="Areas",
        help_text="One a line, between 3 and 12 areas",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the star's areas"},
    )
    point_labels = forms.CharField(
        label="A label for each point of the scale",
        required=False,
        help_text="One a line, from the lowest point to the highest. Leave empty for a "
        "score-only star",
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    class Meta:
        model = OutcomeStar
        fields = ["name", "kind", "scale", "areas", "point_labels"]
        widgets = {"kind": forms.RadioSelect, "scale": forms.RadioSelect}
        labels = {"name": "Name of the star", "kind": "Kind of star", "scale": "Scale"}
        error_messages = {
            "name": {"required": "Enter a name for the star"},
            "kind": {"required": "Select the kind of star"},
            "scale": {"required": "Select a scale of 5 or 10 points"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = OutcomeStar.Kind.choices
        cast(forms.ChoiceField, self.fields["scale"]).choices = [(5, "5 points"), (10, "10 points")]
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["areas"] = "\n".join(self.instance.areas)
            self.initial["point_labels"] = "\n".join(self.instance.point_labels)

    def clean_areas(self) -> list[str]:
        areas = _lines(self.cleaned_data["areas"])
        if not 3 <= len(areas) <= 12:
            raise forms.ValidationError("Enter between 3 and 12 areas, one a line")
        if len({area.casefold() for area in areas}) != len(areas):
            raise forms.ValidationError("Each area must appear only once")
        return areas

    def clean_point_labels(self) -> list[str]:
        return _lines(self.cleaned_data.get("point_labels") or "")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        scale, labels = data.get("scale"), data.get("point_labels") or []
        if data.get("kind") == OutcomeStar.Kind.SCORE_ONLY:
            data["point_labels"] = []
        elif scale and len(labels) != int(scale):
            self.add_error("point_labels", f"Enter {scale} labels, one for each point of the scale")
        return data

    def model_changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class TaskDecisionForm(forms.Form):
    decision = forms.CharField(
        label="What was decided",
        help_text="For example, who was told and what happens next. It is kept with the task.",
        widget=TEXTAREA,
        error_messages={"required": "Say what was decided"},
    )
