import contextlib
from collections.abc import Callable, Iterator
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from navigator.core.tests.shared_data import module_data


def run_demo(people: int = 100, seed: int = 7) -> str:
    output = StringIO()
    call_command("demo", people=people, seed=seed, demo_site=True, stdout=output)
    return output.getvalue()


def demo_run(people: int) -> Callable[..., Iterator[str]]:
    """A module-scoped fixture: one demo run of `people` (seed 7) that each test of the module
    reads in a savepoint rolled back after it, instead of running the whole demo again. Its
    value is what the command printed."""

    def build() -> str:
        return run_demo(people=people)

    build.__doc__ = f"What `navigator demo --people {people}` printed, run once for the module."
    return module_data(build)


class Undo(Exception):
    pass


@contextlib.contextmanager
def undone() -> Iterator[None]:
    """Run the block in a savepoint and roll it back: the demo as if it had never run (people
    cannot simply be deleted once casework refers to them)."""
    with contextlib.suppress(Undo), transaction.atomic():
        yield
        raise Undo
