from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from navigator.audit.labels import remembering_labels
from navigator.demo.cases import create_demo_cases, demo_organisations
from navigator.demo.measures import create_demo_measures
from navigator.demo.synthetic import DEMO_PASSWORD, DemoSummary, create_demo_data
from navigator.directory.demo import load_demo_directory

PROGRESS_EVERY = 50_000


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic demo data: two organisations, a sign-in for every "
        "role, GP practices, people, directory listings and casework (referrals in every state, "
        "assessments, plans, contacts, closures, activity referrals, a call list, outcome "
        "measures and feedback) and a commissioning body funding both services. Running "
        "it again only tops the people and their bounded casework up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people", type=int, default=200, help="How many people the demo organisations hold"
        )
        parser.add_argument("--seed", type=int, default=7, help="The same seed gives the same data")
        parser.add_argument(
            "--demo-site",
            action="store_true",
            help="Run with DEBUG off: this site is a demonstration and holds no real data",
        )

    def handle(self, *args: Any, people: int, seed: int, demo_site: bool, **options: Any) -> None:
        # The demo's sign-ins, an administrator's among them, share a published password.
        if not (settings.DEBUG or demo_site):
            raise CommandError(
                "navigator demo makes a sign-in for every role, an administrator's too, with "
                f"the published password '{DEMO_PASSWORD}', so it runs only in development "
                "(NAVIGATOR_DEBUG=1, as `make run` sets) or on a demonstration site that holds "
                "no real data (--demo-site). Nothing was changed."
            )
        # One memory of related records' labels for the whole run, not one per step acting as
        # someone: the audit trail then loads each organisation, worker and person once.
        with remembering_labels():
            summary = create_demo_data(people=people, seed=seed, on_progress=self.show_progress)
            casework, listings, measures = self.fill(seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.people_created} people, "
                f"{summary.family_members_created} family members; "
                f"{summary.people_already_present} already present; "
                f"{listings['services']} directory listings; "
                f"{casework['cases']} cases, {casework['cohort_members']} people on call "
                f"lists, {measures['administrations']} outcome questionnaires and "
                f"{measures['feedback']} feedback responses made now"
            )
        )
        self.show_logins(summary)

    def fill(self, seed: int) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Directory listings, casework and measures: (casework, listings, measures) counts."""
        with scopes_disabled():
            organisations = demo_organisations()
            listings = load_demo_directory(seed, owners=organisations)
            casework = create_demo_cases(organisations, seed)
            measures = create_demo_measures(
                [organisation for organisation, _ in organisations], seed
            )
        return casework, listings, measures

    def show_progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 and done < total:
            self.stdout.write(f"  {done:,} of {total:,} people written")

    def show_logins(self, summary: DemoSummary) -> None:
        username_width = max(len(login.username) for login in summary.logins)
        role_width = max(len(login.role) for login in summary.logins)
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'Username':<{username_width}}  {'Role':<{role_width}}  Organisation")
        for login in summary.logins:
            self.stdout.write(
                f"  {login.username:<{username_width}}  {login.role:<{role_width}}  "
                f"{login.organisation}"
            )
