"""A person's timeline, assembled from every app that has something to say about them.

Each app registers a source: a function taking a person and returning `TimelineEntry`s in one
query. Later capabilities (referrals, plans, contacts…) add their own source in `AppConfig.ready`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    title: str
    description: str = ""
    actor: str = ""
    time_known: bool = True  # False: only the day is known, and no time is shown


TimelineSource = Callable[[Any], Iterable[TimelineEntry]]
_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    if source not in _sources:
        _sources.append(source)
    return source


def timeline_for(person: Any) -> list[TimelineEntry]:
    """Everything that happened to `person`, newest first."""
    entries = [entry for source in _sources for entry in source(person)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
