"""Report figures by section (flow, work, dataset, outcomes, feedback), read from the
rollups of `tallies` or computed with aggregate queries in the database; `base.Report`
decides which organisations' rows a report reads, `statistics` holds what the sections
share."""

from collections.abc import Callable
from dataclasses import dataclass

from navigator.reports.figures import Figure
from navigator.reports.selectors.base import (
    Filters,
    Report,
    ReportedService,
    commissioned_organisation_ids,
    reported_organisations,
)
from navigator.reports.selectors.dataset import coded_events
from navigator.reports.selectors.feedback import (
    feedback_comments,
    fft_positive_and_negative,
    friends_and_family_test,
)
from navigator.reports.selectors.flow import (
    funnel,
    referrals_by_gp_practice,
    referrals_by_month,
    referrals_by_reason,
    referrals_by_source,
    waiting_list,
    waiting_times,
    why_stopped,
)
from navigator.reports.selectors.outcomes import outcomes_at_closure, outcomes_at_follow_up
from navigator.reports.selectors.statistics import confidence_interval
from navigator.reports.selectors.work import (
    accompaniments,
    activity_referrals_by_category,
    activity_referrals_by_provider,
    caseloads,
    contacts_by_mode_and_setting,
    length_of_support,
    onward_referrals,
)

# What the report views, exports and tests use, whichever section module it lives in.
__all__ = [
    "SECTIONS",
    "Filters",
    "Report",
    "ReportedService",
    "Section",
    "accompaniments",
    "activity_referrals_by_category",
    "activity_referrals_by_provider",
    "caseloads",
    "coded_events",
    "commissioned_organisation_ids",
    "confidence_interval",
    "contacts_by_mode_and_setting",
    "feedback_comments",
    "fft_positive_and_negative",
    "friends_and_family_test",
    "funnel",
    "length_of_support",
    "onward_referrals",
    "outcomes_at_closure",
    "outcomes_at_follow_up",
    "referrals_by_gp_practice",
    "referrals_by_month",
    "referrals_by_reason",
    "referrals_by_source",
    "reported_organisations",
    "waiting_list",
    "waiting_times",
    "why_stopped",
]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    figures: tuple[Callable[[Report], Figure], ...]
    # Figures with people's own words or row-level data: never built for commissioners.
    managers_only: tuple[Callable[[Report], Figure], ...] = ()

    @property
    def all_figures(self) -> tuple[Callable[[Report], Figure], ...]:
        return self.figures + self.managers_only


SECTIONS: dict[str, Section] = {
    section.slug: section
    for section in (
        Section(
            "flow",
            "Flow",
            "Referrals by source, reason, GP practice and month; from referral to the end of "
            "support; the waiting list and waiting times.",
            (
                referrals_by_source,
                referrals_by_reason,
                referrals_by_gp_practice,
                referrals_by_month,
                funnel,
                why_stopped,
                waiting_list,
                waiting_times,
            ),
        ),
        Section(
            "work",
            "Work",
            "Caseloads against target, contacts, length of support, accompaniments, activity "
            "referrals and onward referrals.",
            (
                caseloads,
                contacts_by_mode_and_setting,
                length_of_support,
                accompaniments,
                activity_referrals_by_category,
                activity_referrals_by_provider,
                onward_referrals,
            ),
        ),
        Section(
            "dataset",
            "Dataset and coding",
            "SNOMED CT coded events recorded, and for managers the PRSB social prescribing "
            "minimum dataset for the period.",
            (coded_events,),
        ),
        Section(
            "outcomes",
            "Outcomes",
            "For each outcome measure, goal and star area: the change from baseline to the "
            "end of support, and separately to follow-up.",
            (outcomes_at_closure, outcomes_at_follow_up),
        ),
        Section(
            "feedback",
            "Feedback",
            "Friends and Family Test answers and the share positive and negative; for "
            "managers, the comments.",
            (friends_and_family_test, fft_positive_and_negative),
            managers_only=(feedback_comments,),
        ),
    )
}
